/**
 * Long connections: a pair of hosts holding flows open for an hour or more (C2 sessions, tunnels, exfiltration).
 * Background (network.ts flowKnowledge: broadcast and multicast peers, configured or discovered infrastructure,
 * SSDP, mDNS and the other background services, excluded subnets) makes no finding.
 * Strength: 0.5 at the threshold, rising to 1 at seven hours.
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
    WHERE NOT background AND NOT excluded
    GROUP BY sip, dip ORDER BY longest DESC LIMIT 200`,
  toFinding: (row) => {
    const longest = Number(row.longest);
    return {
      strength: 0.5 + (0.5 * (longest - LONG_CONNECTION_SECONDS)) / (6 * 3600),
      evidence: `${row.flows} connection(s) ${row.sip} → ${row.dip} lasting ≥ 1 h; longest ${(longest / 3600).toFixed(1)} h`,
      keys: { srcip: String(row.sip), dstip: String(row.dip) },
      events: Number(row.flows),
    };
  },
};
