/**
 * DGA: a client asking for many distinct base domains that do not exist (NXDomain), most of them random-looking —
 * malware trying its generated rendezvous names until one resolves. Counted per base domain, so a search suffix
 * appended to every name (`host.corp.example.com`), a typo'd host or many names under one zone count once; background
 * names (single labels such as Chrome's random start-up probes, reverse lookups without PTR, .local) and service zones
 * (DNS block lists answer NXDomain for clean addresses) never count; resolvers forwarding others' queries and mail
 * servers (checking spam senders' made-up domains; common.ts mailServers) make no finding.
 * Fires on ≥ MIN_RANDOM random-looking NXDomain base domains that are ≥ RANDOM_SHARE of the client's NXDomain base
 * domains, or (short, pronounceable and dictionary DGAs) on ≥ MIN_NX_BASES NXDomain base domains that are ≥ NX_SHARE
 * of every base domain the client asked for and ≥ 5× the median share of the network's clients (those with ≥ 20 base
 * domains, when there are ≥ 5 of them; a DNS firewall answering
 * NXDomain for blocked ad domains raises every client's share alike). Strength 0.55–0.95 with the number and share of
 * random-looking names.
 * Keys: {clientip, rcode: 3}.
 */
import { ranked, type QuantileStyle } from '../quantiles';
import type { Detector } from '../types';
import { dnsQueries, isServiceZone, mailServers, resolvers } from './common';

/** Clients with ≥ 20 base domains and their share of NXDomain bases: the network's usual share is the median. */
const busyClients = (style: QuantileStyle | undefined) =>
  ranked(style, { table: 'clients', where: 'bases >= 20', partition: [], values: { share: 'nx_bases * 1.0 / bases' } });

export const MIN_RANDOM = 10;
export const MIN_NX_BASES = 50;
/** Random-looking share of the client's NXDomain base domains (a busy benign client's dead domains: ~10 %). */
export const RANDOM_SHARE = 0.25;
/** NXDomain share of all the client's base domains, at least (and ≥ 5× the network's median client's). */
export const NX_SHARE = 0.1;

/**
 * SQL: the registrable label `label` (the base domain's first label) looks machine-generated: ≥ 8 characters and a
 * run of five consonants, a letter–digit–letter and digit–letter–digit mix, a long hex string, or few vowels.
 */
export function looksRandom(label: string): string {
  const vowels = `(length(${label}) - length(translate(${label}, 'aeiouy', '')))`;
  return `(length(${label}) >= 8 AND (
      regexp_matches(${label}, '[bcdfghjklmnpqrstvwxz]{5,}')
      OR (regexp_matches(${label}, '[a-z][0-9]+[a-z]') AND regexp_matches(${label}, '[0-9][a-z]+[0-9]'))
      OR regexp_matches(${label}, '^[0-9a-f]{12,}$')
      OR ${vowels} < 0.2 * length(${label})))`;
}

export const dga: Detector = {
  id: 'dns/dga',
  pipeline: 'dns',
  name: 'dga',
  description: 'a client getting NXDomain for many distinct random-looking base domains',
  sql: ({ network, dayTables, quantiles }) => `
    WITH q AS (${dnsQueries(network, dayTables)}),
    rs AS (${resolvers(network, dayTables)}),
    ms AS (${mailServers()}),
    bases AS (
      SELECT client, base, min(CASE WHEN rcode = 3 THEN 1 ELSE 0 END) AS nx, sum(CASE WHEN rcode = 3 THEN 1 ELSE 0 END) AS nx_queries,
        min(qname) AS example
      FROM q WHERE NOT background AND NOT ${isServiceZone('base', 'qname', network)} AND client NOT IN (SELECT ip FROM rs) AND client NOT IN (SELECT ip FROM ms)
      GROUP BY client, base
    ),
    labelled AS (
      SELECT client, base, nx, nx_queries, example,
        CASE WHEN nx = 1 AND ${looksRandom("split_part(base, '.', 1)")} THEN 1 ELSE 0 END AS random
      FROM bases
    ),
    clients AS (
      SELECT client, count(*) AS bases, sum(nx) AS nx_bases, sum(random) AS random_bases, sum(nx_queries) AS nx_queries,
        min(CASE WHEN random = 1 THEN example END) AS example_a, max(CASE WHEN random = 1 THEN example END) AS example_b
      FROM labelled GROUP BY client
    ),
    network_level AS (
      SELECT CASE WHEN count(*) >= 5 THEN ${busyClients(quantiles).median('share')} ELSE 0 END AS nx_share
      FROM ${busyClients(quantiles).from}
    ),
    scored AS (
      SELECT c.*, n.nx_share AS usual_share,
        CASE WHEN random_bases >= ${MIN_RANDOM} AND random_bases >= ${RANDOM_SHARE} * nx_bases THEN 1 ELSE 0 END AS random_path,
        CASE WHEN nx_bases >= ${MIN_NX_BASES} AND nx_bases >= greatest(${NX_SHARE}, 5 * n.nx_share) * bases
          THEN 1 ELSE 0 END AS share_path
      FROM clients c CROSS JOIN network_level n
    )
    SELECT client, bases, nx_bases, random_bases, nx_queries, example_a, example_b, usual_share,
      least(0.95, CASE WHEN random_path = 1
        THEN 0.65 + 0.2 * least(1.0, ln(greatest(1.0, random_bases / ${MIN_RANDOM}.0)) / ln(30.0)) + 0.1 * random_bases / nx_bases
        ELSE 0.55 + 0.1 * least(1.0, ln(greatest(1.0, nx_bases / ${MIN_NX_BASES}.0)) / ln(20.0)) END) AS strength
    FROM scored WHERE random_path = 1 OR share_path = 1
    ORDER BY strength DESC, nx_queries DESC LIMIT 200`,
  toFinding: (row) => ({
    strength: Number(row.strength),
    evidence:
      `${row.client} got NXDomain for ${row.nx_bases} distinct base domains (${row.nx_queries} queries), ` +
      `${row.random_bases} of them random-looking (e.g. ${row.example_a ?? '-'}, ${row.example_b ?? '-'}); ` +
      `${Math.round((100 * Number(row.nx_bases)) / Number(row.bases))} % of the ${row.bases} base domains it asked for ` +
      `do not exist (a typical client: ${Math.round(100 * Number(row.usual_share ?? 0))} %)`,
    keys: { clientip: String(row.client), rcode: 3 },
    events: Number(row.nx_queries),
  }),
};
