import type { CellValue, OaRow } from '../cache/types';
import { registeredDomain } from '../enrich/domain';
import { dnsClassName, dnsRcodeName, dnsTypeName } from '../enrich/iana';
import { frameTimeHour } from '../parse/frame-time';
import type { ResultsRow } from '../parse/results';
import type { SuspiciousKeys } from '../sources/types';
import { loadKeyTable } from './keys';
import { prepareDay } from './scan';
import { dnsProfile } from '../profiles/dns';
import type { Enrichment, StepContext, Tables } from './types';

/** A code's IANA name (a miss gives `Unknown (<key>)`); a raw row with no code at all gets no name. */
function nameOf(code: CellValue, name: (code: string | number) => string): string {
  return code === null || code === '' ? '' : name(code);
}

/** IANA names of class/type/rcode. */
function ianaNames(row: OaRow): OaRow {
  return {
    dns_qry_class_name: nameOf(row.dns_qry_class ?? null, dnsClassName),
    dns_qry_type_name: nameOf(row.dns_qry_type ?? null, dnsTypeName),
    dns_qry_rcode_name: nameOf(row.dns_qry_rcode ?? null, dnsRcodeName),
  };
}

/**
 * dns_scores (enrichment.md §1 dns): results columns, tld (registered domain), query_rep looked up by the query
 * name (Spot 1.0 looks up column 4's index and always stores None), hh, IANA names, network_context(ip_dst).
 */
export async function dnsScores(results: ResultsRow[], enrichment: Enrichment): Promise<OaRow[]> {
  const names = [...new Set(results.map(({ row }) => String(row.dns_qry_name)))];
  const reputation = await enrichment.reputation.lookup(names, 'domain');
  return results.map(({ row }) => {
    const name = String(row.dns_qry_name);
    const scores: OaRow = {
      frame_time: row.frame_time as string,
      unix_tstamp: row.unix_tstamp as number,
      frame_len: row.frame_len as number,
      ip_dst: row.ip_dst as string,
      dns_qry_name: name,
      dns_qry_class: row.dns_qry_class as string,
      dns_qry_type: row.dns_qry_type as number,
      dns_qry_rcode: row.dns_qry_rcode as number,
      ml_score: row.score as number,
      tld: registeredDomain(name),
      query_rep: reputation.get(name) ?? '',
      // Spot's dns `hh`; the results parser has already refused a frame_time without one.
      hh: frameTimeHour(String(row.frame_time)),
    };
    Object.assign(scores, ianaNames(scores));
    scores.network_context = enrichment.context.label(String(row.ip_dst));
    return scores;
  });
}

export function dnsKeys(scores: OaRow[]): SuspiciousKeys {
  return {
    dnsNames: [...new Set(scores.map((row) => String(row.dns_qry_name)))],
    clients: [...new Set(scores.map((row) => String(row.ip_dst)))],
  };
}

/** Spot's per-row LIMIT 250 of details, kept per key (deterministically ordered here). */
export const DETAIL_LIMIT = 250;

/**
 * dns_edge: raw rows in the same UTC hour (from unix_tstamp) with exactly the suspicious query name, at most
 * 250 per (hour, name); `hh` is the suspicious row's hh, which is what the details view looks them up by. Spot 1.0 imports `LIKE '%name%'` but its API reads the exact name, so the substring
 * rows were stored and never shown; the exact match is also a hash join instead of a scan per row.
 */
export const DNS_EDGE_SQL = `
  WITH keys AS (SELECT DISTINCT unix_tstamp // 3600 AS hour_slot, dns_qry_name AS name, hh FROM sus),
  hits AS (
    SELECT r.*, k.hour_slot, k.hh AS key_hh,
      row_number() OVER (PARTITION BY k.hour_slot, k.name, k.hh
        ORDER BY r.unix_tstamp, r.ip_dst, r.ip_src, r.dns_a, r.frame_len) AS n
    FROM raw r JOIN keys k ON r.dns_qry_name = k.name AND r.unix_tstamp // 3600 = k.hour_slot
  )
  SELECT CAST(unix_tstamp AS BIGINT) AS unix_tstamp, CAST(frame_len AS BIGINT) AS frame_len, ip_dst, ip_src,
    dns_qry_name, CAST(dns_qry_class AS VARCHAR) AS dns_qry_class, CAST(dns_qry_type AS INTEGER) AS dns_qry_type,
    CAST(dns_qry_rcode AS INTEGER) AS dns_qry_rcode, dns_a, CAST(key_hh AS INTEGER) AS hh
  FROM hits WHERE n <= ${DETAIL_LIMIT}
  ORDER BY hour_slot, dns_qry_name, n`;

/**
 * dns_dendro: per suspicious client (ip_dst), its day's (unix_tstamp, dns_a, query) groups, at most 250 per
 * client. Spot limits 250 raw rows before grouping and repeats the query per suspicious row; grouping first
 * keeps 250 distinct entries and each client appears once.
 */
export const DNS_DENDRO_SQL = `
  WITH clients AS (SELECT DISTINCT ip_dst FROM sus),
  grouped AS (
    SELECT r.unix_tstamp, r.dns_a, r.dns_qry_name, r.ip_dst FROM raw r JOIN clients c ON r.ip_dst = c.ip_dst
    GROUP BY ALL
  ),
  ranked AS (
    SELECT *, row_number() OVER (PARTITION BY ip_dst ORDER BY unix_tstamp, dns_qry_name, dns_a) AS n FROM grouped
  )
  SELECT CAST(unix_tstamp AS BIGINT) AS unix_tstamp, dns_a, dns_qry_name, ip_dst FROM ranked
  WHERE n <= ${DETAIL_LIMIT}
  ORDER BY ip_dst, n`;

export async function dnsDetails(ctx: StepContext, scores: OaRow[], wholeDay: boolean): Promise<Tables> {
  const { duck, signal, enrichment } = ctx;
  await loadKeyTable(
    duck,
    'sus',
    [
      ['unix_tstamp', 'BIGINT'],
      ['dns_qry_name', 'VARCHAR'],
      ['ip_dst', 'VARCHAR'],
      ['hh', 'BIGINT'],
    ],
    scores.map((row) => [
      row.unix_tstamp as number,
      row.dns_qry_name as string,
      row.ip_dst as string,
      row.hh as number,
    ]),
  );
  ctx.progress(0, 'reading the raw dns day');
  const ingest = await prepareDay(
    duck,
    ctx.scanMode,
    dnsProfile.scanPlan({ date: ctx.date, hasUnixTstamp: true }),
    wholeDay,
    ctx.raw.facts,
    signal,
  );
  ctx.progress(0.6, 'dns details (edge)');
  const dnsEdge: OaRow[] = [];
  for await (const row of duck.rows(DNS_EDGE_SQL, signal)) {
    Object.assign(row, ianaNames(row));
    row.network_context = enrichment.context.label(String(row.ip_dst ?? ''));
    dnsEdge.push(row);
  }
  ctx.progress(0.8, 'dns dendrogram');
  const dnsDendro = await duck.all(DNS_DENDRO_SQL, signal);
  return { dns_edge: dnsEdge, dns_dendro: dnsDendro, dns_ingest_summary: ingest };
}
