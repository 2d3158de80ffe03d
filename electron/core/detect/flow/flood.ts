/**
 * Floods (DoS/DDoS): a burst of flows at one target far above its usual rate — from one source (keys
 * {srcip, dstip}) or from several sources at one port of the target (keys {dstip, dport, proto}).
 *
 * A flood minute carries ≥ MIN_FLOWS_PER_MINUTE flows (5 a second); the peak minute is ≥ MIN_BURST × the target's
 * mean rate over the day's observed span — a steady high rate (Modbus or SNMP polling, a syslog collector, an app
 * server's connection-per-request database traffic) is load, not a flood; so is a rush of many clients sending a
 * few full flows each (many sources: mostly tiny flows, or ≥ MIN_FLOWS_PER_SOURCE a source a minute). A flood hammers the same ports (≥ 3 flows
 * a port in its flood minutes); a vertical scan, which visits each port once or twice, is the scan detector's. Background (broadcast and multicast,
 * infrastructure, the background UDP services: network.ts flowKnowledge) is not a target.
 *
 * Strength: 0.6 for a burst; + 0.2 when ≥ 80 % of its flows are tiny (≤ 3 packets from the source: SYN/UDP
 * floods) or unanswered; + 0.1 at ≥ 1500 flows a minute (25 a second).
 */
import { flowKnowledge } from '../network';
import type { Detector } from '../types';

export const MIN_FLOWS_PER_MINUTE = 300;
export const MIN_BURST = 5;
/** A flood hammers its ports: ≥ this many flows a port (a vertical scan visits each port once or twice). */
export const MIN_REPEATS = 3;
/**
 * A many-source flood's flows are mostly tiny (SYN/UDP floods, spoofed sources), or its sources each send at least
 * this many flows a flood minute (HTTP floods): a morning log-on rush of many clients a few flows each is load.
 */
export const MIN_FLOWS_PER_SOURCE = 20;
/** A many-source flood needs at least this many sources in its flood minutes. */
export const MIN_SOURCES = 3;

const TINY = `(ipkt <= 3 OR COALESCE(opkt, 0) = 0)`;

export const flood: Detector = {
  id: 'flow/flood',
  pipeline: 'flow',
  name: 'flood',
  description: 'bursts of flows at one target far above its usual rate, from one or many sources',
  sql: ({ network, dayTables }) => `
    WITH ${flowKnowledge(network, 'TRUE', dayTables)},
    span AS (SELECT greatest(1, (max(ts) - min(ts)) / 60) AS minutes FROM fe),
    cand AS (
      SELECT sip, dip, dport, proto, floor(ts / 60) AS minute, count(*) AS n,
        sum(CASE WHEN ${TINY} THEN 1 ELSE 0 END) AS tiny
      FROM flows WHERE NOT background AND NOT excluded AND ts IS NOT NULL
      GROUP BY sip, dip, dport, proto, floor(ts / 60)
    ),
    hot AS (SELECT DISTINCT dip FROM (SELECT dip FROM cand GROUP BY dip, minute HAVING sum(n) >= ${MIN_FLOWS_PER_MINUTE}) h),
    hc AS (SELECT cand.* FROM cand JOIN hot ON cand.dip = hot.dip),
    pm AS (
      SELECT sip, dip, minute, sum(n) AS n, sum(tiny) AS tiny, count(DISTINCT dport) AS ports
      FROM hc GROUP BY sip, dip, minute
    ),
    single AS (
      SELECT 'single' AS kind, sip, dip, CAST(NULL AS INTEGER) AS dport, CAST(NULL AS VARCHAR) AS proto,
        max(n) AS peak, sum(n) AS total, sum(CASE WHEN n >= ${MIN_FLOWS_PER_MINUTE} THEN n ELSE 0 END) AS flood_flows,
        sum(CASE WHEN n >= ${MIN_FLOWS_PER_MINUTE} THEN tiny ELSE 0 END) AS flood_tiny,
        sum(CASE WHEN n >= ${MIN_FLOWS_PER_MINUTE} THEN 1 ELSE 0 END) AS flood_minutes, 1 AS sources
      FROM pm GROUP BY sip, dip
      HAVING max(n) >= ${MIN_FLOWS_PER_MINUTE}
        AND sum(CASE WHEN n >= ${MIN_FLOWS_PER_MINUTE} THEN n ELSE 0 END)
          >= ${MIN_REPEATS} * sum(CASE WHEN n >= ${MIN_FLOWS_PER_MINUTE} THEN ports ELSE 0 END)
    ),
    tm AS (
      SELECT dip, dport, proto, minute, sum(n) AS n, sum(tiny) AS tiny, count(DISTINCT sip) AS sources
      FROM hc GROUP BY dip, dport, proto, minute
    ),
    many AS (
      SELECT 'many' AS kind, CAST(NULL AS VARCHAR) AS sip, dip, dport, proto,
        max(n) AS peak, sum(n) AS total, sum(CASE WHEN n >= ${MIN_FLOWS_PER_MINUTE} THEN n ELSE 0 END) AS flood_flows,
        sum(CASE WHEN n >= ${MIN_FLOWS_PER_MINUTE} THEN tiny ELSE 0 END) AS flood_tiny,
        sum(CASE WHEN n >= ${MIN_FLOWS_PER_MINUTE} THEN 1 ELSE 0 END) AS flood_minutes,
        max(CASE WHEN n >= ${MIN_FLOWS_PER_MINUTE} THEN sources ELSE 0 END) AS sources,
        sum(CASE WHEN n >= ${MIN_FLOWS_PER_MINUTE} THEN sources ELSE 0 END) AS source_minutes
      FROM tm GROUP BY dip, dport, proto HAVING max(n) >= ${MIN_FLOWS_PER_MINUTE}
    ),
    found AS (
      SELECT * FROM single
      UNION ALL
      SELECT kind, sip, dip, dport, proto, peak, total, flood_flows, flood_tiny, flood_minutes, sources FROM many
      WHERE sources >= ${MIN_SOURCES}
        AND (flood_tiny >= 0.5 * flood_flows OR flood_flows >= ${MIN_FLOWS_PER_SOURCE} * source_minutes)
    )
    SELECT found.*, span.minutes,
      0.6 + CASE WHEN flood_tiny >= 0.8 * flood_flows THEN 0.2 ELSE 0 END
        + CASE WHEN peak >= 1500 THEN 0.1 ELSE 0 END AS strength
    FROM found CROSS JOIN span
    WHERE peak >= ${MIN_BURST} * total / span.minutes
    ORDER BY strength DESC, flood_flows DESC LIMIT 200`,
  toFinding: (row) => {
    const single = row.kind === 'single';
    const floodFlows = Number(row.flood_flows);
    const tiny = Math.round((100 * Number(row.flood_tiny)) / Math.max(1, floodFlows));
    const mean = Number(row.total) / Number(row.minutes);
    const who = single
      ? `${row.sip} → ${row.dip}`
      : `${row.sources} sources → ${row.dip} port ${row.dport}/${row.proto}`;
    return {
      strength: Number(row.strength),
      evidence:
        `Flood ${who}: ${floodFlows} flows in ${row.flood_minutes} minute(s) of ≥ ${MIN_FLOWS_PER_MINUTE} flows, ` +
        `peak ${row.peak} a minute (the day's mean ${mean.toFixed(1)} a minute); ${tiny} % tiny or unanswered`,
      keys: single
        ? { srcip: String(row.sip), dstip: String(row.dip) }
        : { dstip: String(row.dip), dport: Number(row.dport), proto: String(row.proto) },
      events: Number(row.total),
    };
  },
};
