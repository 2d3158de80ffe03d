import type { OaRow } from '../cache/types';
import { httpStatusName } from '../enrich/iana';
import { proxyHash } from '../enrich/proxy-hash';
import type { ResultsRow } from '../parse/results';
import type { SuspiciousKeys } from '../sources/types';
import { DETAIL_LIMIT } from './dns';
import { loadKeyTable } from './keys';
import { prepareDay } from './scan';
import { proxyProfile } from '../profiles/proxy';
import type { Enrichment, StepContext, Tables } from './types';

/** proxy_scores types respcode and uriport as INT; a non-numeric text (e.g. `-`) is stored as null. */
function intOrNull(value: unknown): number | null {
  const text = String(value ?? '').trim();
  return /^-?\d+$/.test(text) ? Number(text) : null;
}

export interface ProxyScores {
  rows: OaRow[];
  /** Per row: `md5hex(clientip + fulluri) + HH`, the key Spot's feedback and details used. */
  hashes: string[];
}

/**
 * proxy_scores (enrichment.md §1 proxy): results columns renamed (p_date → tdate, p_time → time, score →
 * ml_score), uri_rep (every service merged with `::`), respcode_name (IANA), network_context(clientip).
 */
export async function proxyScores(results: ResultsRow[], enrichment: Enrichment): Promise<ProxyScores> {
  const uris = [...new Set(results.map(({ row }) => String(row.fulluri)))];
  const reputation = await enrichment.reputation.lookup(uris, 'url');
  const hashes: string[] = [];
  const rows = results.map(({ row }) => {
    const clientip = String(row.clientip);
    const fulluri = String(row.fulluri);
    hashes.push(proxyHash(clientip, fulluri, String(row.p_time)));
    return {
      tdate: row.p_date as string,
      time: row.p_time as string,
      clientip,
      host: row.host as string,
      reqmethod: row.reqmethod as string,
      useragent: row.useragent as string,
      resconttype: row.resconttype as string,
      duration: row.duration as number,
      username: row.username as string,
      webcat: row.webcat as string,
      referer: row.referer as string,
      respcode: intOrNull(row.respcode),
      uriport: intOrNull(row.uriport),
      uripath: row.uripath as string,
      uriquery: row.uriquery as string,
      serverip: row.serverip as string,
      scbytes: row.scbytes as number,
      csbytes: row.csbytes as number,
      fulluri,
      word: row.word as string,
      ml_score: row.score as number,
      uri_rep: reputation.get(fulluri) ?? '',
      respcode_name: httpStatusName(String(row.respcode)),
      network_context: enrichment.context.label(clientip),
    };
  });
  return { rows, hashes };
}

export function proxyKeys(scores: OaRow[]): SuspiciousKeys {
  return {
    uris: [...new Set(scores.map((row) => String(row.fulluri)))],
    clients: [...new Set(scores.map((row) => String(row.clientip)))],
  };
}

/**
 * proxy_edge: raw rows with the same fulluri and clientip in the same hour (HH of p_time) as a suspicious row,
 * at most 250 per key, ordered by time (Spot: one query per row, LIMIT 250 in no set order).
 */
export const PROXY_EDGE_SQL = `
  WITH keys AS (SELECT DISTINCT hh, fulluri, clientip FROM sus),
  hits AS (
    SELECT r.*, k.hh,
      row_number() OVER (PARTITION BY k.hh, k.fulluri, k.clientip
        ORDER BY r.p_time, r.p_date, r.host, r.referer, r.useragent, r.respcode, r.scbytes, r.csbytes) AS n
    FROM raw r JOIN keys k
      ON r.fulluri = k.fulluri AND r.clientip = k.clientip AND try_cast(substr(r.p_time, 1, 2) AS BIGINT) = k.hh
  )
  SELECT CAST(p_date AS VARCHAR) AS tdate, CAST(p_time AS VARCHAR) AS time, clientip, host, webcat,
    CAST(respcode AS VARCHAR) AS respcode, reqmethod, useragent, resconttype, referer,
    CAST(uriport AS VARCHAR) AS uriport, serverip, CAST(scbytes AS INTEGER) AS scbytes,
    CAST(csbytes AS INTEGER) AS csbytes, fulluri, CAST(hh AS INTEGER) AS hh
  FROM hits WHERE n <= ${DETAIL_LIMIT}
  ORDER BY hh, fulluri, clientip, n`;

export async function proxyDetails(ctx: StepContext, scores: OaRow[], wholeDay: boolean): Promise<Tables> {
  const { duck, signal } = ctx;
  await loadKeyTable(
    duck,
    'sus',
    [
      ['hh', 'BIGINT'],
      ['fulluri', 'VARCHAR'],
      ['clientip', 'VARCHAR'],
    ],
    scores.map((row) => [Number(String(row.time).slice(0, 2)), row.fulluri as string, row.clientip as string]),
  );
  ctx.progress(0, 'reading the raw proxy day');
  const ingest = await prepareDay(
    duck,
    ctx.scanMode,
    proxyProfile.scanPlan({ date: ctx.date, hasUnixTstamp: true }),
    wholeDay,
    ctx.raw.facts,
    signal,
  );
  ctx.progress(0.6, 'proxy details (edge)');
  const proxyEdge: OaRow[] = [];
  for await (const row of duck.rows(PROXY_EDGE_SQL, signal)) {
    row.respcode_name = row.respcode === null ? '' : httpStatusName(String(row.respcode));
    proxyEdge.push(row);
  }
  return { proxy_edge: proxyEdge, proxy_ingest_summary: ingest };
}
