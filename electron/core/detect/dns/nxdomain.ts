/**
 * NXDomain bursts: in a short window (WINDOW_SECONDS) one client gets NXDomain for many distinct names — far more
 * than it does in its ordinary windows and more than a typical client of the network does (DGA bursts, subdomain
 * brute-forcing, a tool walking a word list). Background names (single labels such as Chrome's random start-up
 * probes, reverse lookups without PTR, .local), service zones (DNS block lists answer NXDomain for clean
 * addresses), resolvers forwarding others' queries and mail servers make no finding. A search suffix appended to a
 * failing name multiplies names but not bursts: a burst needs MIN_NAMES distinct names in one window.
 * Fires when the client's busiest window has ≥ MIN_NAMES distinct NXDomain names, ≥ 5× its other windows' mean and
 * ≥ 3× the busiest window of a typical client (the median over clients with NXDomain answers, when there are ≥ 5).
 * Strength 0.5–0.75, higher with more names and a larger NXDomain share of the window.
 * Keys: {clientip, rcode: 3}.
 */
import { ranked, type QuantileStyle } from '../quantiles';
import type { Detector } from '../types';
import { dnsQueries, isServiceZone, mailServers, resolvers } from './common';

/** Each client's busiest window's NXDomain names: the network's typical peak is their median. */
const clientPeaks = (style: QuantileStyle | undefined) =>
  ranked(style, { table: 'per_client', where: 'peak > 0', partition: [], values: { peak: 'peak' } });

export const WINDOW_SECONDS = 300;
export const MIN_NAMES = 30;

export const nxdomainBurst: Detector = {
  id: 'dns/nxdomain_burst',
  pipeline: 'dns',
  name: 'nxdomain_burst',
  description:
    'a client getting NXDomain for many distinct names within minutes, far above its and the network’s usual',
  sql: ({ network, dayTables, quantiles }) => `
    WITH q AS (${dnsQueries(network, dayTables)}),
    rs AS (${resolvers(network, dayTables)}),
    ms AS (${mailServers()}),
    windows AS (
      SELECT client, floor(ts / ${WINDOW_SECONDS}) AS w, count(*) AS queries,
        count(DISTINCT CASE WHEN rcode = 3 THEN qname END) AS nx_names,
        sum(CASE WHEN rcode = 3 THEN 1 ELSE 0 END) AS nx_queries,
        count(DISTINCT CASE WHEN rcode = 3 THEN base END) AS nx_bases
      FROM q WHERE NOT background AND NOT ${isServiceZone('base', 'qname', network)} AND ts IS NOT NULL
        AND client NOT IN (SELECT ip FROM rs) AND client NOT IN (SELECT ip FROM ms)
      GROUP BY client, floor(ts / ${WINDOW_SECONDS})
    ),
    per_client AS (
      SELECT client, max(nx_names) AS peak, sum(nx_queries) AS nx_queries, count(*) AS active,
        (sum(nx_names) - max(nx_names)) / greatest(1, count(*) - 1) AS usual
      FROM windows GROUP BY client
    ),
    network_level AS (
      SELECT CASE WHEN count(*) >= 5 THEN ${clientPeaks(quantiles).median('peak')} ELSE 0 END AS typical
      FROM ${clientPeaks(quantiles).from}
    ),
    peaks AS (
      SELECT w.client, w.w, w.nx_names, w.nx_queries AS peak_queries, w.queries, w.nx_bases,
        row_number() OVER (PARTITION BY w.client ORDER BY w.nx_names DESC, w.w) AS rank
      FROM windows w JOIN per_client c ON c.client = w.client WHERE w.nx_names = c.peak
    )
    SELECT p.client, p.w * ${WINDOW_SECONDS} AS window_start, p.nx_names, p.peak_queries, p.queries, p.nx_bases,
      c.usual, c.nx_queries, c.active, n.typical,
      least(0.75, 0.5 + 0.15 * least(1.0, ln(greatest(1.0, p.nx_names / ${MIN_NAMES}.0)) / ln(10.0))
        + 0.1 * p.peak_queries / p.queries) AS strength
    FROM peaks p JOIN per_client c ON c.client = p.client CROSS JOIN network_level n
    WHERE p.rank = 1 AND p.nx_names >= ${MIN_NAMES} AND p.nx_names >= 5 * c.usual AND p.nx_names >= 3 * n.typical
    ORDER BY strength DESC, p.nx_names DESC LIMIT 200`,
  toFinding: (row) => {
    const start = new Date(Number(row.window_start) * 1000).toISOString().slice(11, 16);
    return {
      strength: Number(row.strength),
      evidence:
        `${row.client} got NXDomain for ${row.nx_names} distinct names under ${row.nx_bases} base domains in ` +
        `${WINDOW_SECONDS / 60} minutes from ${start} UTC (${row.peak_queries} of its ${row.queries} queries then); ` +
        `its usual window has ${Number(row.usual).toFixed(0)}, a typical client's busiest ${Number(row.typical).toFixed(0)}; ` +
        `${row.nx_queries} NXDomain answers all day`,
      keys: { clientip: String(row.client), rcode: 3 },
      events: Number(row.nx_queries),
    };
  },
};
