/**
 * Long connections: a pair of hosts holding flows open for an hour or more (C2 sessions, tunnels, exfiltration).
 * Background (broadcast and multicast peers, infrastructure hosts, excluded subnets) makes no finding.
 * Strength: 0.5 at the threshold, rising to 1 at seven hours.
 */
import { ipv4Number, isBroadcastOrMulticast, isExcluded, isInfrastructure } from '../network';
import type { Detector } from '../types';

export const LONG_CONNECTION_SECONDS = 3600;

export const longConnection: Detector = {
  id: 'flow/long_connection',
  pipeline: 'flow',
  name: 'long_connection',
  description: 'pairs of hosts with flows lasting an hour or more',
  sql: ({ network }) => `
    WITH e AS (
      SELECT sip, dip, tdur, ${ipv4Number('sip')} AS s4, ${ipv4Number('dip')} AS d4
      FROM events WHERE tdur >= ${LONG_CONNECTION_SECONDS} AND sip IS NOT NULL AND dip IS NOT NULL
    )
    SELECT sip, dip, count(*) AS flows, max(tdur) AS longest FROM e
    WHERE NOT ${isBroadcastOrMulticast('dip', 'd4')} AND NOT ${isBroadcastOrMulticast('sip', 's4')}
      AND NOT ${isInfrastructure('dip', 'd4', network)} AND NOT ${isInfrastructure('sip', 's4', network)}
      AND NOT ${isExcluded('sip', 's4', network)} AND NOT ${isExcluded('dip', 'd4', network)}
    GROUP BY sip, dip`,
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
