/**
 * Unusual record types in volume — the query types tunnels and reconnaissance use and ordinary clients barely do:
 *   - to one base domain: ≥ MIN_DOMAIN_QUERIES TXT, NULL, ANY, KEY, CNAME or MX queries for ≥ MIN_DOMAIN_NAMES
 *     distinct names under it (a data channel answered in TXT/NULL/CNAME/MX/KEY records). Mail servers' SPF, DKIM and
 *     DMARC look-ups spread over many domains, one or two names each, and `_dmarc`, `._domainkey`,
 *     `_acme-challenge` and AD's SRV names are background names (common.ts); service zones never count.
 *     Keys {domain, qtype}.
 *   - from one client: ≥ MIN_CLIENT_QUERIES NULL or ANY (or private-use type) queries, or ≥ MIN_ZONE_TRANSFERS
 *     zone transfers (AXFR 252, IXFR 251) — never the resolvers' (forwarding, secondary transfers). Keys
 *     {clientip, qtype}. A client whose queries of the type all go to one base domain found above makes no second
 *     finding.
 * Strength: NULL 0.8 (nearly always a tunnel), zone transfers 0.6, TXT/ANY/KEY 0.55, CNAME/MX 0.5, + up to 0.15 with
 * volume. Below the tunnelling detector's, which reads the names themselves.
 */
import type { Detector } from '../types';
import { dnsQueries, isServiceZone, resolvers } from './common';

export const MIN_DOMAIN_QUERIES = 50;
export const MIN_DOMAIN_NAMES = 20;
export const MIN_CLIENT_QUERIES = 20;
export const MIN_ZONE_TRANSFERS = 5;

export const QTYPE_NAMES: Readonly<Record<number, string>> = {
  5: 'CNAME',
  10: 'NULL',
  15: 'MX',
  16: 'TXT',
  25: 'KEY',
  251: 'IXFR',
  252: 'AXFR',
  255: 'ANY',
};

const DOMAIN_TYPES = [5, 10, 15, 16, 25, 255];
const base = (qtype: string): string =>
  `CASE WHEN ${qtype} = 10 THEN 0.8 WHEN ${qtype} IN (251, 252) THEN 0.6 WHEN ${qtype} IN (16, 25, 255) THEN 0.55 ELSE 0.5 END`;

export const unusualRecordTypes: Detector = {
  id: 'dns/unusual_record_type',
  pipeline: 'dns',
  name: 'unusual_record_type',
  description:
    'TXT, NULL, ANY, KEY, CNAME or MX queries in volume to one domain; NULL, ANY or zone transfers from one client',
  sql: ({ network, dayTables }) => `
    WITH q AS (${dnsQueries(network, dayTables)}),
    rs AS (${resolvers(network, dayTables)}),
    domains AS (
      SELECT 'domain' AS scope, base AS actor, qtype, count(*) AS queries, count(DISTINCT qname) AS names,
        count(DISTINCT client) AS clients, max(client) AS top
      FROM q
      WHERE qtype IN (${DOMAIN_TYPES.join(', ')}) AND NOT background AND NOT ${isServiceZone('base', 'qname', network)}
      GROUP BY base, qtype
      HAVING count(*) >= ${MIN_DOMAIN_QUERIES} AND count(DISTINCT qname) >= ${MIN_DOMAIN_NAMES}
    ),
    clients AS (
      SELECT 'client' AS scope, client AS actor, qtype, count(*) AS queries, count(DISTINCT qname) AS names,
        count(DISTINCT base) AS clients, max(base) AS top
      FROM q
      WHERE (qtype IN (10, 255, 251, 252) OR qtype >= 65280) AND client NOT IN (SELECT ip FROM rs)
        AND NOT background AND NOT ${isServiceZone('base', 'qname', network)}
      GROUP BY client, qtype
      HAVING count(*) >= CASE WHEN qtype IN (251, 252) THEN ${MIN_ZONE_TRANSFERS} ELSE ${MIN_CLIENT_QUERIES} END
    ),
    found AS (
      SELECT * FROM domains
      UNION ALL
      SELECT * FROM clients c
      WHERE NOT (c.clients = 1 AND EXISTS (SELECT 1 FROM domains d WHERE d.actor = c.top AND d.qtype = c.qtype))
    )
    SELECT scope, actor, qtype, queries, names, clients, top,
      least(0.95, ${base('qtype')} + 0.15 * least(1.0, ln(greatest(1.0, queries / 20.0)) / ln(100.0))) AS strength
    FROM found ORDER BY strength DESC, queries DESC LIMIT 200`,
  toFinding: (row) => {
    const qtype = Number(row.qtype);
    const type = QTYPE_NAMES[qtype] ?? `type ${qtype}`;
    const domain = row.scope === 'domain';
    return {
      strength: Number(row.strength),
      evidence: domain
        ? `${row.queries} ${type} queries for ${row.names} distinct names under ${row.actor} from ${row.clients} client(s)` +
          (Number(row.clients) === 1 ? ` (${row.top})` : '')
        : `${row.actor} sent ${row.queries} ${type} queries for ${row.names} distinct names under ${row.clients} base domain(s)` +
          (Number(row.clients) === 1 ? ` (${row.top})` : ''),
      keys: domain ? { domain: String(row.actor), qtype } : { clientip: String(row.actor), qtype },
      events: Number(row.queries),
    };
  },
};
