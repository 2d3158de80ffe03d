/**
 * High query rate: one client asking about one base domain far more often than any ordinary client–domain pair of
 * the network (≥ MIN_QUERIES in the day and ≥ RATIO × the network's 99th percentile pair) — DNS C2 polling, a data
 * channel, a misbehaving implant ignoring TTLs. Not for popular domains (queried by ≥ 5 clients and ≥ 5 % of the
 * network's clients: prevalence, as RITA uses it), service zones, background names, or resolvers forwarding others'
 * queries.
 * The rate alone is a weak signal (a mail server asking for one MX record all day, OCSP, a busy update check): a
 * pair repeating a few names (< MIN_NAME_SHARE distinct names per query) fires only with ≥ MIN_REPEATED queries to a
 * domain no other client queries, at strength 0.35. Many distinct names (data in the names) make it 0.45–0.75,
 * higher with the share of distinct names and a rate far above the threshold.
 * Keys: {domain, clientip}.
 */
import { ranked, type QuantileStyle } from '../quantiles';
import type { Detector } from '../types';
import { dnsQueries, isServiceZone, resolvers } from './common';

/** Queries per (client, base domain) over the whole network: the usual rate is their 99th percentile. */
const pairQueries = (style: QuantileStyle | undefined) =>
  ranked(style, { table: 'pairs', partition: [], values: { queries: 'queries' } });

export const MIN_QUERIES = 300;
export const RATIO = 10;
/** Distinct names per query from which the names themselves look like data (a channel, not a poller). */
export const MIN_NAME_SHARE = 0.25;
/** A poller repeating a few names fires only at this volume and when no other client queries the domain. */
export const MIN_REPEATED = 1000;

export const highQueryRate: Detector = {
  id: 'dns/high_query_rate',
  pipeline: 'dns',
  name: 'high_query_rate',
  description: 'one client querying one rarely used base domain far more often than the network’s usual',
  sql: ({ network, dayTables, quantiles }) => `
    WITH q AS (${dnsQueries(network, dayTables)}),
    rs AS (${resolvers(network, dayTables)}),
    pairs AS (
      SELECT client, base, count(*) AS queries, count(DISTINCT qname) AS names, min(ts) AS first, max(ts) AS last
      FROM q WHERE NOT background AND client NOT IN (SELECT ip FROM rs)
      GROUP BY client, base
    ),
    prevalence AS (SELECT base, count(*) AS clients FROM pairs GROUP BY base),
    network_level AS (
      SELECT ${pairQueries(quantiles).quantile('queries', 0.99)} AS p99, count(DISTINCT client) AS clients
      FROM ${pairQueries(quantiles).from}
    ),
    client_level AS (SELECT client, sum(queries) AS total FROM pairs GROUP BY client)
    SELECT p.client, p.base, p.queries, p.names, p.first, p.last, v.clients, n.p99, n.clients AS all_clients, c.total,
      CASE WHEN p.names >= ${MIN_NAME_SHARE} * p.queries
        THEN least(0.75, 0.4 + 0.25 * p.names / p.queries
          + 0.1 * least(1.0, ln(greatest(1.0, p.queries / (${RATIO} * greatest(n.p99, 1.0)))) / ln(10.0)))
        ELSE 0.35 END AS strength
    FROM pairs p JOIN prevalence v ON v.base = p.base CROSS JOIN network_level n JOIN client_level c ON c.client = p.client
    WHERE p.queries >= ${MIN_QUERIES} AND p.queries >= ${RATIO} * n.p99
      AND NOT (v.clients >= 5 AND v.clients >= 0.05 * n.clients)
      AND NOT ${isServiceZone('p.base', 'p.base', network)}
      AND (p.names >= ${MIN_NAME_SHARE} * p.queries OR (p.queries >= ${MIN_REPEATED} AND v.clients = 1))
    ORDER BY strength DESC, p.queries DESC LIMIT 200`,
  toFinding: (row) => {
    const hours = Math.max(1 / 60, (Number(row.last) - Number(row.first)) / 3600);
    return {
      strength: Number(row.strength),
      evidence:
        `${row.client} sent ${row.queries} queries (${row.names} distinct names) for ${row.base} over ` +
        `${hours.toFixed(1)} h — ${Math.round((100 * Number(row.queries)) / Number(row.total))} % of its queries; ` +
        `the network's 99th percentile client–domain pair has ${Number(row.p99).toFixed(0)}; ` +
        `${row.clients} of ${row.all_clients} clients query ${row.base}`,
      keys: { domain: String(row.base), clientip: String(row.client) },
      events: Number(row.queries),
    };
  },
};
