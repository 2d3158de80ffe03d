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
 * Keys: {domain (the zone), clientip}; {domain} when the client is a resolver forwarding others' queries.
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
        l.sub, count(*) AS queries, max(l.frame_len) AS frame_len, min(l.ts) AS first_ts, max(l.ts) AS last_ts,
        max(CASE WHEN l.qtype IN (${TUNNEL_QTYPES.join(', ')}) THEN 1 ELSE 0 END) AS odd_type,
        min(CASE WHEN l.rcode = 3 THEN 1 ELSE 0 END) AS nx,
        CASE WHEN regexp_matches(l.sub, '^[0-9]{1,3}[.][0-9]{1,3}[.][0-9]{1,3}[.][0-9]{1,3}([.]|$)') THEN 1 ELSE 0 END AS ip_shaped,
        CASE WHEN ${looksRandomLabel('l.sub')} THEN 1 ELSE 0 END AS random_label
      FROM labelled l LEFT JOIN zone_labels z ON z.base = l.base AND z.client = l.client AND z.zone_label = l.zone_label
      GROUP BY l.base, l.client, zone, l.sub
    ),
    pairs AS (
      SELECT base, zone, client, count(*) AS subs, sum(queries) AS queries,
        sum(CASE WHEN ${looksEncoded('sub')} THEN 1 ELSE 0 END) AS encoded,
        sum(length(sub)) AS chars, avg(length(sub)) AS mean_len, max(length(sub)) AS max_len,
        avg(odd_type) AS odd_share, avg(frame_len) AS mean_frame, avg(nx) AS nx_share, sum(ip_shaped) AS ip_shaped,
        max(queries) AS max_queries, sum(random_label) AS random_labels, max(last_ts) - min(first_ts) AS span
      FROM names GROUP BY base, zone, client
    )
    SELECT p.base, p.zone, p.client, p.subs, p.queries, p.encoded, p.chars, p.mean_len, p.max_len, p.odd_share,
      p.mean_frame, p.random_labels, p.span, v.clients, c.n AS all_clients,
      CASE WHEN r.ip IS NULL THEN 0 ELSE 1 END AS resolver,
      CASE WHEN p.encoded >= ${MIN_ENCODED} AND p.chars >= ${MIN_CHARS} AND p.encoded >= 0.2 * p.subs THEN 0 ELSE 1 END
        AS slow,
      least(1.0, 0.5
        + 0.15 * least(1.0, ln(greatest(1.0, p.subs / ${MIN_ENCODED}.0)) / ln(100.0))
        + 0.15 * p.encoded / p.subs
        + 0.1 * least(1.0, p.mean_len / 50.0)
        + 0.1 * p.odd_share
        - CASE WHEN v.clients >= 5 AND v.clients >= 0.25 * c.n THEN 0.3 ELSE 0 END) AS strength
    FROM pairs p JOIN prevalence v ON v.base = p.base CROSS JOIN nclients c LEFT JOIN rs r ON r.ip = p.client
    WHERE (p.encoded >= ${MIN_ENCODED} AND p.chars >= ${MIN_CHARS} AND p.encoded >= 0.2 * p.subs)
      OR (p.subs - p.ip_shaped >= ${MIN_VARIETY} AND p.queries <= 1.5 * p.subs AND p.nx_share < 0.5
        AND NOT (v.clients >= 5 AND v.clients >= 0.25 * c.n))
      OR (p.subs >= ${MIN_SLOW_NAMES} AND p.max_queries <= 2 AND p.random_labels >= 0.8 * p.subs
        AND p.span >= ${MIN_SLOW_SPAN_S} AND p.nx_share < 0.5 AND v.clients <= 2)
    ORDER BY strength DESC, p.queries DESC LIMIT 200`,
  toFinding: (row) => {
    const resolver = Number(row.resolver) === 1;
    const pct = (x: number): string => `${Math.round(100 * x)} %`;
    const who = resolver ? `resolver ${row.client} (forwarding)` : String(row.client);
    const zone = String(row.zone);
    const slow =
      Number(row.slow) === 1
        ? `; low and slow: every name asked at most twice, ${row.random_labels} random-looking (letters and digits), ` +
          `over ${(Number(row.span) / 3600).toFixed(1)} h`
        : '';
    return {
      strength: Number(row.strength),
      evidence:
        `${who} sent ${row.queries} queries for ${row.subs} distinct subdomains of ${zone}, ` +
        `${row.encoded} of them encoded-looking (hex/base32/base64 shapes); mean length ${Number(row.mean_len).toFixed(0)}, ` +
        `longest ${row.max_len} characters, ${row.chars} characters of distinct names; ` +
        `${pct(Number(row.odd_share))} TXT/NULL/CNAME/MX/KEY; mean response ${Number(row.mean_frame).toFixed(0)} bytes; ` +
        `${row.clients} of ${row.all_clients} clients query ${row.base}${slow}`,
      keys: resolver ? { domain: zone } : { domain: zone, clientip: String(row.client) },
      events: Number(row.queries),
    };
  },
};
