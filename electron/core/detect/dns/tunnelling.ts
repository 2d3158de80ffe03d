/**
 * DNS tunnelling: one client sending data to one base domain inside the query names — many distinct, long,
 * encoded-looking subdomains (hex, base32/base64 shapes, letter–digit mixes, long consonant runs), often with
 * TXT/NULL/CNAME/MX/KEY queries and large answers (iodine, dnscat2, dns2tcp, OzymanDNS, DNSExfiltrator, Cobalt
 * Strike DNS). A tunnel needs an authoritative server the attacker runs, so:
 *   - background names (reverse lookups, mDNS/.local, `_service._proto` names, single labels) never count;
 *   - service zones (DNS block lists, antivirus cloud look-ups, CDN and cloud zones: common.ts) never count;
 *   - the volume is per client: a CDN host name seen by many clients is not data one client sends.
 * A finding needs ≥ MIN_ENCODED distinct encoded subdomains from the client and ≥ MIN_CHARS characters of distinct
 * subdomain text (the data moved), or ≥ MIN_VARIETY distinct subdomains each asked about once or twice, mostly
 * answered (short-label tunnels: dns2tcp, iodine's pings) — not reversed-IP names (block-list style), not mostly
 * NXDomain (brute-forcing: nxdomain_burst), not under a base domain most clients query (an internal zone); or,
 * low and slow (DNS C2 such as Saitama: A queries a minute or more apart, each name new), ≥ MIN_SLOW_NAMES distinct
 * names each asked at most twice, ≥ 80 % of them one random-looking letter–digit label, spread over ≥ an hour, to a
 * base domain at most two clients query.
 * The tunnel's zone: a tool is given a delegated zone and writes its data below it, so when ≥ MIN_ENCODED of the
 * client's names sit below one plain label under the base domain (`*.sshdns.example.tk`, `*.t.example.com`), that
 * label and the base domain are the zone, and two tools of one client under two zones are two findings.
 * Strength 0.5–1: more distinct names, a larger encoded share, longer names and TXT/NULL-type use raise it; a base
 * domain most clients of the network query (≥ 5 and ≥ 25 % of them) lowers it by 0.3.
 * One tool, one finding: a tunnel tool asks its own record types (dns2tcp KEY/TXT, iodine NULL or whichever type it
 * settled on, dnscat2 CNAME/MX/TXT), so when one client runs several tools under one zone, the record type tells
 * them apart. The zone is judged as a whole (thresholds over all its types); each record type of it is a finding
 * with its own strength and rows, so one tool's thousands of rows cannot hide another's.
 * Keys: {domain (the zone), clientip, qtype}; {domain, qtype} when the client is a resolver forwarding others' queries.
 */
import type { Detector } from '../types';
import { dnsQueries, isServiceZone, resolvers } from './common';

export const MIN_ENCODED = 20;
export const MIN_CHARS = 600;
/** Or this many distinct subdomains, each asked about once or twice (short-label tunnels such as dns2tcp). */
export const MIN_VARIETY = 200;
/** Query types tunnels favour for their larger answers: CNAME, NULL, MX, TXT, KEY (AAAA is too common to count). */
export const TUNNEL_QTYPES = [5, 10, 15, 16, 25] as const;
/** Or this many distinct names, each asked at most twice, mostly random letter–digit labels, spread over at least
 * MIN_SLOW_SPAN_S, to a base domain at most two clients query (low-and-slow DNS C2 such as Saitama). */
export const MIN_SLOW_NAMES = 20;
export const MIN_SLOW_SPAN_S = 3600;

/**
 * SQL: `sub` is one label of 8–40 letters and digits with both kinds in it — an encoded or counter-carrying label
 * (Saitama's base36 labels with a counter), not a word, a number or a hyphenated host name.
 */
export function looksRandomLabel(sub: string): string {
  return `(regexp_matches(${sub}, '^[a-z0-9]{8,40}$') AND regexp_matches(${sub}, '[0-9]') AND regexp_matches(${sub}, '[a-z].*[0-9].*[a-z]|[0-9].*[a-z].*[0-9]'))`;
}

/**
 * SQL: `sub` (lower case) looks encoded — long enough, and hex, letter–digit mixed, or consonant-run shaped — and is
 * not a content hash: a label of exactly an MD5, SHA-1 or SHA-256 in hex is a look-up (file and URL reputation,
 * hash-named hosting), not a chunk of data.
 */
export function looksEncoded(sub: string): string {
  return `(length(${sub}) >= 16
    AND NOT regexp_matches(${sub}, '(^|[.])([0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64})([.]|$)') AND (
      regexp_matches(${sub}, '[0-9a-f]{16,}')
      OR (regexp_matches(${sub}, '[a-z][0-9]+[a-z]') AND regexp_matches(${sub}, '[0-9][a-z]+[0-9]'))
      OR regexp_matches(${sub}, '[bcdfghjklmnpqrstvwxz]{6,}')
      OR regexp_matches(${sub}, '[^.]{40,}')
      OR regexp_matches(${sub}, '[^a-z0-9.-]')))`;
}

const QTYPE_NAMES: Record<number, string> = {
  1: 'A',
  5: 'CNAME',
  10: 'NULL',
  15: 'MX',
  16: 'TXT',
  25: 'KEY',
  28: 'AAAA',
  33: 'SRV',
};
const qtypeName = (qtype: number): string => QTYPE_NAMES[qtype] ?? `type ${qtype}`;

/** SQL over `pairs p`: the zone carries the data of an encoding tunnel (enough encoded names and characters). */
const ENCODED_ZONE = `(p.zone_encoded >= ${MIN_ENCODED} AND p.zone_chars >= ${MIN_CHARS} AND p.zone_encoded >= 0.2 * p.zone_subs)`;

export const dnsTunnelling: Detector = {
  id: 'dns/tunnelling',
  pipeline: 'dns',
  name: 'dns_tunnelling',
  description: 'one client sending many distinct long, encoded-looking subdomains to one base domain',
  sql: ({ network, dayTables }) => `
    WITH q AS (${dnsQueries(network, dayTables)}),
    rs AS (${resolvers(network, dayTables)}),
    nclients AS (SELECT count(DISTINCT client) AS n FROM q),
    prevalence AS (SELECT base, count(DISTINCT client) AS clients FROM q GROUP BY base),
    labelled AS (
      SELECT base, client, sub, ts, qtype, rcode, frame_len,
        CASE WHEN sub LIKE '%.%' THEN regexp_extract(sub, '[^.]+$', 0) ELSE '' END AS zone_label
      FROM q WHERE NOT background AND sub <> '' AND NOT ${isServiceZone('base', 'qname', network)}
    ),
    zone_labels AS (
      SELECT base, client, zone_label FROM labelled
      WHERE zone_label <> '' AND regexp_matches(zone_label, '^[a-z0-9][a-z0-9-]{0,14}$')
      GROUP BY base, client, zone_label HAVING count(DISTINCT sub) >= ${MIN_ENCODED}
    ),
    names AS (
      SELECT l.base, l.client, CASE WHEN z.zone_label IS NULL THEN l.base ELSE z.zone_label || '.' || l.base END AS zone,
        l.qtype, l.sub, count(*) AS queries, max(l.frame_len) AS frame_len, min(l.ts) AS first_ts, max(l.ts) AS last_ts,
        CASE WHEN l.qtype IN (${TUNNEL_QTYPES.join(', ')}) THEN 1 ELSE 0 END AS odd_type,
        min(CASE WHEN l.rcode = 3 THEN 1 ELSE 0 END) AS nx,
        CASE WHEN regexp_matches(l.sub, '^[0-9]{1,3}[.][0-9]{1,3}[.][0-9]{1,3}[.][0-9]{1,3}([.]|$)') THEN 1 ELSE 0 END AS ip_shaped,
        CASE WHEN ${looksRandomLabel('l.sub')} THEN 1 ELSE 0 END AS random_label
      FROM labelled l LEFT JOIN zone_labels z ON z.base = l.base AND z.client = l.client AND z.zone_label = l.zone_label
      GROUP BY l.base, l.client, zone, l.qtype, l.sub
    ),
    typed AS (
      SELECT base, zone, client, qtype, count(*) AS subs, sum(queries) AS queries,
        sum(CASE WHEN ${looksEncoded('sub')} THEN 1 ELSE 0 END) AS encoded,
        sum(length(sub)) AS chars, avg(length(sub)) AS mean_len, max(length(sub)) AS max_len,
        avg(odd_type) AS odd_share, avg(frame_len) AS mean_frame, sum(nx) AS nx, sum(ip_shaped) AS ip_shaped,
        max(queries) AS max_queries, sum(random_label) AS random_labels, min(first_ts) AS first_ts, max(last_ts) AS last_ts
      FROM names GROUP BY base, zone, client, qtype
    ),
    pairs AS (
      SELECT *,
        sum(subs) OVER (PARTITION BY base, zone, client) AS zone_subs, sum(queries) OVER (PARTITION BY base, zone, client) AS zone_queries, sum(encoded) OVER (PARTITION BY base, zone, client) AS zone_encoded,
        sum(chars) OVER (PARTITION BY base, zone, client) AS zone_chars, sum(nx) OVER (PARTITION BY base, zone, client) / sum(subs) OVER (PARTITION BY base, zone, client) AS zone_nx_share,
        sum(ip_shaped) OVER (PARTITION BY base, zone, client) AS zone_ip_shaped, max(max_queries) OVER (PARTITION BY base, zone, client) AS zone_max_queries,
        sum(random_labels) OVER (PARTITION BY base, zone, client) AS zone_random_labels, max(last_ts) OVER (PARTITION BY base, zone, client) - min(first_ts) OVER (PARTITION BY base, zone, client) AS span
      FROM typed
    )
    SELECT p.base, p.zone, p.client, p.qtype, p.subs, p.queries, p.encoded, p.chars, p.mean_len, p.max_len,
      p.odd_share, p.mean_frame, p.random_labels, p.span, p.zone_subs, v.clients, c.n AS all_clients,
      CASE WHEN r.ip IS NULL THEN 0 ELSE 1 END AS resolver,
      CASE WHEN ${ENCODED_ZONE} THEN 0 ELSE 1 END AS slow,
      least(1.0, 0.5
        + 0.15 * least(1.0, ln(greatest(1.0, p.subs / ${MIN_ENCODED}.0)) / ln(100.0))
        + 0.15 * p.encoded / p.subs
        + 0.1 * least(1.0, p.mean_len / 50.0)
        + 0.1 * p.odd_share
        - CASE WHEN v.clients >= 5 AND v.clients >= 0.25 * c.n THEN 0.3 ELSE 0 END) AS strength
    FROM pairs p JOIN prevalence v ON v.base = p.base CROSS JOIN nclients c LEFT JOIN rs r ON r.ip = p.client
    WHERE ${ENCODED_ZONE}
      OR (p.zone_subs - p.zone_ip_shaped >= ${MIN_VARIETY} AND p.zone_queries <= 1.5 * p.zone_subs
        AND p.zone_nx_share < 0.5 AND NOT (v.clients >= 5 AND v.clients >= 0.25 * c.n))
      OR (p.zone_subs >= ${MIN_SLOW_NAMES} AND p.zone_max_queries <= 2 AND p.zone_random_labels >= 0.8 * p.zone_subs
        AND p.span >= ${MIN_SLOW_SPAN_S} AND p.zone_nx_share < 0.5 AND v.clients <= 2)
    ORDER BY strength DESC, p.queries DESC LIMIT 200`,
  toFinding: (row) => {
    const resolver = Number(row.resolver) === 1;
    const who = resolver ? `resolver ${row.client} (forwarding)` : String(row.client);
    const zone = String(row.zone);
    const qtype = Number(row.qtype);
    const split =
      Number(row.subs) < Number(row.zone_subs) ? ` (${row.zone_subs} in the zone over all record types)` : '';
    const slow =
      Number(row.slow) === 1
        ? `; low and slow: every name asked at most twice, ${row.random_labels} random-looking (letters and digits), ` +
          `over ${(Number(row.span) / 3600).toFixed(1)} h`
        : '';
    return {
      strength: Number(row.strength),
      evidence:
        `${who} sent ${row.queries} ${qtypeName(qtype)} queries for ${row.subs} distinct subdomains of ${zone}${split}, ` +
        `${row.encoded} of them encoded-looking (hex/base32/base64 shapes); mean length ${Number(row.mean_len).toFixed(0)}, ` +
        `longest ${row.max_len} characters, ${row.chars} characters of distinct names; ` +
        `${Number(row.odd_share) > 0 ? 'a record type tunnels favour' : 'an ordinary record type'}; mean response ${Number(row.mean_frame).toFixed(0)} bytes; ` +
        `${row.clients} of ${row.all_clients} clients query ${row.base}${slow}`,
      keys: resolver ? { domain: zone, qtype } : { domain: zone, clientip: String(row.client), qtype },
      events: Number(row.queries),
    };
  },
};
