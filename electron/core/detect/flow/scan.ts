/**
 * Port scans, inbound or outbound, at modest scale too: one source probing one port on many hosts (horizontal, a
 * sweep; keys {srcip, dport, proto}) or many ports on one host (vertical; keys {srcip, dstip}), so the covered rows
 * are the probes.
 *
 * A probe carries no conversation: ≤ 3 packets from the prober, at most 2 back (nothing, a SYN-ACK, a RST), no
 * pushed data, ≤ 120 bytes a packet (where the day has no packet counts — session lists — a flow of ≤ 2 s). A TCP/UDP answer of a server to a client (source port < 1024, destination ≥ 1024)
 * is not a probe, nor is background (broadcast and multicast, infrastructure, the background UDP services:
 * network.ts flowKnowledge). A scan touches each target (each port) a few times: a source returning to the same
 * hosts all day (monitoring, polling: > MAX_PROBES_PER_TARGET probes a target) is not one; and most of what it
 * sends to that port (that host) is probes. A host calling back its own clients (ident lookups, FTP data, a server
 * checking who connected to one of its services below 1024) is not sweeping them: a sweep's targets are hosts that
 * did not contact the prober's services.
 *
 * Where the day has no ports at all (sport = dport = 0, some flow exports), ≥ MIN_PORTS TCP connection attempts
 * without data (SYN, or refused by RST) between two hosts are a scan whose direction the flows do not tell (keys
 * {srcip, dstip} as written; strength at most 0.75), whatever else the pair exchanged.
 *
 * Only the flows of a possible scan are grouped in full: a (source, port, protocol) whose probes reach ≥ MIN_HOSTS
 * hosts, a (source, destination) whose probes reach ≥ MIN_PORTS ports or with ≥ MIN_PORTS portless attempts (the
 * thresholds below, applied to a superset first); grouping every flow of the day by its four keys cost more than
 * the rest of the detector, and grew worse than the day.
 *
 * Strength: clear scans are nearly always hostile or unwanted — 0.55 at the threshold (10 hosts; 15 ports), rising
 * with the number of targets to 0.9, and up by 0.05 when ≥ 80 % of the probes went unanswered.
 */
import { flowKnowledge } from '../network';
import type { Detector } from '../types';

export const MIN_HOSTS = 10;
export const MIN_PORTS = 15;
export const MAX_PROBES_PER_TARGET = 5;
/** Share of the source's flows to that port (host) that must be probes. */
export const MIN_PROBE_SHARE = 0.5;

/** A TCP connection attempt without data (SYN, or refused by RST) where the day has no ports (both 0). */
export const ATTEMPT = `(proto = 'TCP' AND sport = 0 AND dport = 0 AND flag NOT LIKE '%P%'
  AND (flag LIKE '%S%' OR flag LIKE '%R%'))`;

/** A flow that carries no conversation (see above). */
export const PROBE = `((ipkt BETWEEN 1 AND 3 AND COALESCE(opkt, 0) <= 2 AND flag NOT LIKE '%P%'
    AND COALESCE(ibyt, 0) <= 120 * ipkt
    OR COALESCE(ipkt, 0) = 0 AND COALESCE(ibyt, 0) = 0 AND COALESCE(opkt, 0) = 0 AND COALESCE(tdur, 0) <= 2)
  AND NOT (proto IN ('TCP', 'UDP') AND sport < 1024 AND dport >= 1024))`;

export const scan: Detector = {
  id: 'flow/scan',
  pipeline: 'flow',
  name: 'port_scan',
  description: 'one source probing one port on many hosts, or many ports on one host, with tiny unanswered flows',
  sql: ({ network, dayTables }) => `
    WITH ${flowKnowledge(network, 'TRUE', dayTables)},
    scannable AS (SELECT * FROM flows WHERE NOT background AND NOT excluded AND dport IS NOT NULL),
    hkeys AS (
      SELECT sip, dport, proto FROM scannable WHERE ${PROBE}
      GROUP BY sip, dport, proto HAVING count(DISTINCT dip) >= ${MIN_HOSTS}
    ),
    vkeys AS (
      SELECT sip, dip FROM scannable WHERE ${PROBE} GROUP BY sip, dip HAVING count(DISTINCT dport) >= ${MIN_PORTS}
      UNION
      SELECT sip, dip FROM scannable WHERE dport = 0 AND ${ATTEMPT} GROUP BY sip, dip HAVING count(*) >= ${MIN_PORTS}
    ),
    keyed AS (
      SELECT s.* FROM scannable s
      LEFT JOIN hkeys h ON s.sip = h.sip AND s.dport = h.dport AND s.proto = h.proto
      LEFT JOIN vkeys v ON s.sip = v.sip AND s.dip = v.dip
      WHERE h.sip IS NOT NULL OR v.sip IS NOT NULL
    ),
    cand AS (
      SELECT sip, dip, dport, proto, count(*) AS flows, sum(CASE WHEN ${PROBE} THEN 1 ELSE 0 END) AS probes,
        sum(CASE WHEN ${PROBE} AND ipkt > 0 AND COALESCE(opkt, 0) = 0 THEN 1 ELSE 0 END) AS unanswered,
        min(CASE WHEN ${PROBE} THEN ts END) AS first_ts, max(CASE WHEN ${PROBE} THEN ts END) AS last_ts,
        sum(CASE WHEN ${ATTEMPT} THEN 1 ELSE 0 END) AS attempts,
        min(CASE WHEN ${ATTEMPT} THEN ts END) AS first_attempt, max(CASE WHEN ${ATTEMPT} THEN ts END) AS last_attempt
      FROM keyed
      GROUP BY sip, dip, dport, proto
    ),
    clients AS (
      SELECT DISTINCT fe.sip AS client, fe.dip AS server FROM fe JOIN (SELECT DISTINCT sip FROM hkeys) hs ON fe.dip = hs.sip
      WHERE fe.proto IN ('TCP', 'UDP') AND fe.sport >= 1024 AND fe.dport < 1024
    ),
    hcand AS (
      SELECT cand.* FROM cand LEFT JOIN clients c ON cand.dip = c.client AND cand.sip = c.server
      WHERE c.client IS NULL
    ),
    horizontal AS (
      SELECT 'horizontal' AS kind, sip, CAST(NULL AS VARCHAR) AS dip, dport, proto,
        count(DISTINCT CASE WHEN probes > 0 THEN dip END) AS targets, sum(probes) AS probes, sum(flows) AS flows,
        sum(unanswered) AS unanswered, min(first_ts) AS first_ts, max(last_ts) AS last_ts,
        CAST(NULL AS VARCHAR) AS ports_seen
      FROM hcand GROUP BY sip, dport, proto
    ),
    vertical AS (
      SELECT 'vertical' AS kind, sip, dip, CAST(NULL AS INTEGER) AS dport, CAST(NULL AS VARCHAR) AS proto,
        count(DISTINCT CASE WHEN probes > 0 THEN dport END) AS targets, sum(probes) AS probes, sum(flows) AS flows,
        sum(unanswered) AS unanswered, min(first_ts) AS first_ts, max(last_ts) AS last_ts,
        string_agg(DISTINCT proto, '/') AS ports_seen
      FROM cand GROUP BY sip, dip
    ),
    portless AS (
      SELECT 'portless' AS kind, sip, dip, CAST(NULL AS INTEGER) AS dport, CAST(NULL AS VARCHAR) AS proto,
        sum(attempts) AS targets, sum(attempts) AS probes, sum(flows) AS flows, 0 AS unanswered,
        min(first_attempt) AS first_ts, max(last_attempt) AS last_ts, CAST(NULL AS VARCHAR) AS ports_seen
      FROM cand WHERE dport = 0 GROUP BY sip, dip
    ),
    found AS (
      SELECT * FROM horizontal WHERE targets >= ${MIN_HOSTS}
      UNION ALL
      SELECT * FROM vertical WHERE targets >= ${MIN_PORTS}
      UNION ALL
      SELECT * FROM portless WHERE targets >= ${MIN_PORTS}
    )
    SELECT *,
      least(CASE WHEN kind = 'portless' THEN 0.75 ELSE 0.9 END,
        0.55 + 0.35 * ln(targets / (CASE WHEN kind = 'horizontal' THEN ${MIN_HOSTS} ELSE ${MIN_PORTS} END)) / ln(100))
        + CASE WHEN unanswered >= 0.8 * probes THEN 0.05 ELSE 0 END AS strength
    FROM found
    WHERE (kind = 'portless' OR probes >= ${MIN_PROBE_SHARE} * flows) AND probes <= ${MAX_PROBES_PER_TARGET} * targets
    ORDER BY strength DESC, probes DESC LIMIT 200`,
  toFinding: (row) => {
    const targets = Number(row.targets);
    const probes = Number(row.probes);
    const unanswered = Math.round((100 * Number(row.unanswered)) / Math.max(1, probes));
    const minutes = Math.max(1, Math.round((Number(row.last_ts) - Number(row.first_ts)) / 60));
    const horizontal = row.kind === 'horizontal';
    if (row.kind === 'portless')
      return {
        strength: Number(row.strength),
        evidence:
          `Scan (the flows have no ports): ${targets} TCP connection attempts without data (SYN, refused by RST) ` +
          `between ${row.sip} and ${row.dip} in ${minutes} min; ${row.flows} flows in all`,
        keys: { srcip: String(row.sip), dstip: String(row.dip) },
        events: Number(row.flows),
      };
    const what = horizontal
      ? `${row.sip} probed ${targets} hosts on ${row.dport}/${row.proto}`
      : `${row.sip} probed ${targets} ports (${row.ports_seen}) on ${row.dip}`;
    return {
      strength: Number(row.strength),
      evidence:
        `${horizontal ? 'Horizontal' : 'Vertical'} scan: ${what} — ${probes} probes of ≤ 3 packets without data ` +
        `(${unanswered} % unanswered) in ${minutes} min; ${row.flows} flows in all`,
      keys: horizontal
        ? { srcip: String(row.sip), dport: Number(row.dport), proto: String(row.proto) }
        : { srcip: String(row.sip), dstip: String(row.dip) },
      events: Number(row.flows),
    };
  },
};
