/**
 * Long connections: a pair of hosts holding flows open for an hour or more (C2 sessions, tunnels, exfiltration).
 * Background (network.ts flowKnowledge: broadcast and multicast peers, configured or discovered infrastructure,
 * SSDP, mDNS and the other background services, excluded subnets) makes no finding.
 * As in RITA (which filters internal-to-internal and external-to-internal connections), only a host of the network
 * holding a connection to an outside host counts (network.ts: local_src, external_dst): long inbound and internal
 * sessions (remote shells, file shares) are how servers are used.
 * Strength, on RITA's duration thresholds (1, 4, 8, 12 h): 0.4 at one hour, 0.5 at four, 0.6 at eight, 0.7 from
 * twelve — a long connection alone is suspicious, not malicious.
 */
import { flowKnowledge } from '../network';
import type { Detector } from '../types';

export const LONG_CONNECTION_SECONDS = 3600;

export const longConnection: Detector = {
  id: 'flow/long_connection',
  pipeline: 'flow',
  name: 'long_connection',
  description: 'pairs of hosts with flows lasting an hour or more',
  sql: ({ network }) => `
    WITH ${flowKnowledge(network, `tdur >= ${LONG_CONNECTION_SECONDS}`)}
    SELECT sip, dip, count(*) AS flows, max(tdur) AS longest FROM flows
    WHERE NOT background AND NOT excluded AND local_src AND external_dst
    GROUP BY sip, dip ORDER BY longest DESC LIMIT 200`,
  toFinding: (row) => {
    const longest = Number(row.longest);
    return {
      strength: Math.min(
        0.7,
        longest < 4 * 3600
          ? 0.4 + (0.1 * (longest - 3600)) / (3 * 3600)
          : 0.5 + (0.1 * (longest - 4 * 3600)) / (4 * 3600),
      ),
      evidence: `${row.flows} connection(s) ${row.sip} → ${row.dip} lasting ≥ 1 h; longest ${(longest / 3600).toFixed(1)} h`,
      keys: { srcip: String(row.sip), dstip: String(row.dip) },
      events: Number(row.flows),
    };
  },
};
