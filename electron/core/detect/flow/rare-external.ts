/**
 * Rare external contact: a host of the network returning again and again to an outside host that (almost) no other
 * host of the network contacts, on a port that is not one of the ordinary services — botnet C&C keep-alives and
 * backdoors on odd ports. Keys {srcip, dstip, dport, proto}.
 *
 * Rare: ≤ RARE_MAX_CLIENTS of the network's hosts contact the destination, or ≤ 2 % of them (RITA v5's prevalence
 * increase threshold), and it is not common. Repeated: ≥ MIN_CONNECTIONS connections over ≥ MIN_SLICES of the 24
 * slices of the day's span — or a retry loop inside one slice: ≥ MIN_RETRIES attempts of which ≥ RETRY_FAILED_SHARE
 * failed (TCP: no answer, or refused by a reset, without data), as a RAT or bot does while its C&C is down or refuses
 * it (a short busy session that works is no loop). Background (network.ts flowKnowledge), the ordinary client
 * services (USUAL_PORTS) and VPN/NAT traversal (VPN_TRAVERSAL_PORTS) make no finding.
 *
 * Strength is moderate — a rare host on an odd port alone is a weak signal (0.3) — and grows as signals combine:
 * + 0.1 repeated (≥ 6 of 24 slices, or a retry loop), + 0.1 small keep-alive sized (median ≤ 1 KB a connection),
 * + 0.1 many (≥ 50 connections), + 0.05 failing (≥ 30 % of connections unanswered: a C&C that is down or sinkholed).
 */
import { VPN_TRAVERSAL_PORTS, flowKnowledge } from '../network';
import { ranked, type QuantileStyle } from '../quantiles';
import type { Detector } from '../types';
import { formatBytes } from '../../../../shared/format';

const candidateBytes = (style: QuantileStyle | undefined) =>
  ranked(style, { table: 'cand', partition: ['sip', 'dip', 'dport', 'proto'], values: { bytes: 'bytes' } });

/**
 * Ordinary client services: file transfer, SSH, mail, DNS and DNS over TLS, time (TIME 37, NTP 123), ident, web and
 * its alternates, push notifications, real-time media. Anything else — telnet, SMB, RDP, IRC, a high port — is
 * unusual for a host of the network to keep contacting outside.
 */
export const USUAL_PORTS: readonly number[] = [
  20, 21, 22, 25, 37, 53, 80, 110, 113, 123, 143, 443, 465, 587, 853, 993, 995, 5223, 5228, 8080, 8443, 19302,
];

export const RARE_MAX_CLIENTS = 1;
export const MIN_CONNECTIONS = 10;
export const MIN_SLICES = 3;
/** A retry loop: at least this many attempts, of which at least RETRY_FAILED_SHARE failed. */
export const MIN_RETRIES = 30;
export const RETRY_FAILED_SHARE = 0.8;

/**
 * An attempt that failed: a TCP connection that never pushed data, nothing but header-sized packets, and no answer
 * or a reset. UDP cannot fail this way: a datagram without an answer in its flow is a one-way protocol (or a
 * one-way exporter), not a refused connection.
 */
const FAILED = `(proto = 'TCP' AND ipkt > 0 AND COALESCE(flag, '') NOT LIKE '%P%' AND COALESCE(ibyt, 0) <= 120 * ipkt
  AND COALESCE(obyt, 0) <= 120 * COALESCE(opkt, 0) AND (COALESCE(opkt, 0) = 0 OR COALESCE(flag, '') LIKE '%R%'))`;
const LOOP = `(n >= ${MIN_RETRIES} AND failed >= ${RETRY_FAILED_SHARE} * n)`;

export const rareExternal: Detector = {
  id: 'flow/rare_external',
  pipeline: 'flow',
  name: 'rare_external_contact',
  description: 'repeated contact with an outside host few of the network’s hosts contact, on an unusual port',
  sql: ({ network, dayTables, quantiles }) => `
    WITH ${flowKnowledge(network, 'TRUE', dayTables)},
    span AS (SELECT min(ts) AS t0, greatest(max(ts) - min(ts), 24) AS len FROM fe),
    cand AS (
      SELECT sip, dip, dport, proto, ts, COALESCE(ibyt, 0) + COALESCE(obyt, 0) AS bytes,
        CASE WHEN ipkt > 0 AND COALESCE(opkt, 0) = 0 THEN 1 ELSE 0 END AS unanswered,
        CASE WHEN ${FAILED} THEN 1 ELSE 0 END AS failed,
        CASE WHEN ${FAILED} AND COALESCE(opkt, 0) > 0 THEN 1 ELSE 0 END AS refused, prevalence, dst_clients
      FROM flows
      WHERE NOT background AND NOT excluded AND NOT common AND local_src AND external_dst AND dport IS NOT NULL
        AND dport NOT IN (${[...USUAL_PORTS, ...VPN_TRAVERSAL_PORTS].join(', ')}) AND proto IN ('TCP', 'UDP')
        AND (dst_clients <= ${RARE_MAX_CLIENTS} OR prevalence <= 0.02)
        AND NOT (sport < 1024 AND dport >= 1024)
    ),
    g AS (
      SELECT sip, dip, dport, proto, count(*) AS n, count(DISTINCT least(23, CAST(floor((ts - span.t0) / (span.len / 24)) AS INTEGER))) AS slices,
        ${candidateBytes(quantiles).median('bytes')} AS bytes, sum(unanswered) AS unanswered, sum(failed) AS failed, sum(refused) AS refused, min(ts) AS first_ts, max(ts) AS last_ts,
        max(dst_clients) AS clients, max(prevalence) AS prevalence
      FROM ${candidateBytes(quantiles).from} CROSS JOIN span GROUP BY sip, dip, dport, proto
    )
    SELECT *, CASE WHEN ${LOOP} THEN 1 ELSE 0 END AS loop,
      0.3 + CASE WHEN slices >= 6 OR ${LOOP} THEN 0.1 ELSE 0 END + CASE WHEN bytes <= 1024 THEN 0.1 ELSE 0 END
      + CASE WHEN n >= 50 THEN 0.1 ELSE 0 END + CASE WHEN unanswered >= 0.3 * n THEN 0.05 ELSE 0 END AS strength
    FROM g WHERE n >= ${MIN_CONNECTIONS} AND (slices >= ${MIN_SLICES} OR ${LOOP})
    ORDER BY strength DESC, n DESC LIMIT 200`,
  toFinding: (row) => {
    const n = Number(row.n);
    const clients = Number(row.clients);
    const unanswered = Math.round((100 * Number(row.unanswered)) / Math.max(1, n));
    const minutes = Math.max(1, Math.round((Number(row.last_ts) - Number(row.first_ts)) / 60));
    const loop =
      Number(row.loop) === 1
        ? `; retry loop: ${row.failed} of ${n} attempts failed in ${minutes} min (${Number(row.failed) - Number(row.refused)} unanswered, ${row.refused} refused by a reset)`
        : '';
    return {
      strength: Number(row.strength),
      evidence:
        `${n} connections ${row.sip} → ${row.dip} port ${row.dport}/${row.proto} (not an ordinary client service) in ` +
        `${row.slices} of 24 slices of the day; ${clients <= 1 ? 'no other host of the network contacts it' : `${clients} hosts of the network contact it`}; ` +
        `median ${formatBytes(Number(row.bytes))} a connection, ${unanswered} % unanswered${loop}`,
      keys: { srcip: String(row.sip), dstip: String(row.dip), dport: Number(row.dport), proto: String(row.proto) },
      events: n,
    };
  },
};
