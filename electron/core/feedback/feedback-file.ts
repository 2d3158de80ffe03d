/**
 * ml_feedback.csv in the form spot-ml's reader actually accepts (feedback.md §3–§4) — unlike Spot 1.0's
 * comma-separated, appended, misaligned file (§6). UTF-8, TAB, `\n`, exactly one header line, no quoting,
 * tabs/newlines inside values replaced by a space. The file is regenerated whole from the audit log on every
 * push: one line per scored row, the latest score per row winning.
 *  - flow (9): sev tstart srcIP dstIP sport dport ipkt ibyt proto  (sev at 0; proto appended for a fixed reader)
 *  - dns (18): Spot's dns header; ip_sev = score if matched through the client IP, dns_sev = score if matched
 *    through the query (spot-ml reads dns_sev at 12). "IP scores also count for ML" also sets dns_sev.
 *  - proxy (26): results columns 0–19, 20 ml_score, 21 uri_rep, 22 uri_sev (analyst; spot-ml reads 22),
 *    23 respcode_name, 24 network_context, 25 hash = md5hex(clientip+fulluri)+HH (enrich/proxy-hash).
 */
import { FEEDBACK_COLUMNS, FEEDBACK_SEVERITY_INDEX, columnNames, type Pipeline } from '../../../shared/schema';
import type { Severity } from '../../../shared/schema';
import type { OaRow } from '../cache/types';
import { InputError } from '../errors';
import { proxyHash } from '../enrich/proxy-hash';
import { profileOf } from '../profiles/index';
import { matchRowsDetailed, rowKey, type MatchedBy, type ScoreCriteria } from './rules';
import { splitDay } from '../../../shared/spot-date';

export interface FeedbackEntry {
  score: Severity;
  /** The `<type>_scores` row as in shared/schema OA_TABLES. */
  row: OaRow;
  /** dns: how the score reached the row. Default 'both' (a score given on the row itself judges both). */
  matchedBy?: MatchedBy;
}

export interface FeedbackFileOptions {
  /** dns: an IP-only score also sets dns_sev, so it reaches ML (default false, as in Spot). */
  ipScoresCountForMl?: boolean;
}

function value(v: unknown): string {
  if (v === null || v === undefined) return '';
  return String(v).replace(/[\t\r\n]+/g, ' ');
}

/** A `<pipeline>_scores` row's cells, by column name. */
type CellOf = (column: string) => unknown;

/**
 * The row of `<pipeline>_scores` → the feedback line's cells, in FEEDBACK_COLUMNS order (dns: the severity given
 * through the client and through the query apart).
 */
const FEEDBACK_CELLS: Record<
  Pipeline,
  (r: CellOf, score: Severity, sev: { ip: number; dns: number }) => Array<unknown>
> = {
  flow: (r, score) => [
    score,
    r('tstart'),
    r('srcip'),
    r('dstip'),
    r('sport'),
    r('dport'),
    r('ipkt'),
    r('ibyt'),
    r('proto'),
  ],
  dns: (r, _score, sev) => [
    r('frame_time'),
    r('frame_len'),
    r('ip_dst'),
    r('dns_qry_name'),
    r('dns_qry_class'),
    r('dns_qry_type'),
    r('dns_qry_rcode'),
    r('ml_score'),
    r('tld'),
    r('query_rep'),
    r('hh'),
    sev.ip,
    sev.dns,
    r('dns_qry_class_name'),
    r('dns_qry_type_name'),
    r('dns_qry_rcode_name'),
    r('network_context'),
    r('unix_tstamp'),
  ],
  proxy: (r, score) => [
    r('tdate'),
    r('time'),
    r('clientip'),
    r('host'),
    r('reqmethod'),
    r('useragent'),
    r('resconttype'),
    r('duration'),
    r('username'),
    r('webcat'),
    r('referer'),
    r('respcode'),
    r('uriport'),
    r('uripath'),
    r('uriquery'),
    r('serverip'),
    r('scbytes'),
    r('csbytes'),
    r('fulluri'),
    r('word'),
    r('ml_score'),
    r('uri_rep'),
    score,
    r('respcode_name'),
    r('network_context'),
    proxyHash(String(r('clientip') ?? ''), String(r('fulluri') ?? ''), String(r('time') ?? '')),
  ],
};

function feedbackCells(
  pipeline: Pipeline,
  row: OaRow,
  score: Severity,
  sev: { ip: number; dns: number },
): Array<unknown> {
  return FEEDBACK_CELLS[pipeline]((c) => row[c], score, sev);
}

interface Merged {
  row: OaRow;
  score: Severity;
  /** dns: latest score given through the IP / through the query (0 = none). */
  ipSev: number;
  dnsSev: number;
}

/** The feedback entries of a day from its scoring audit log (oldest first): each logged score is matched
 * against the day's `<type>_scores` rows with Spot's rules, keeping how each dns row was reached. */
export function feedbackEntriesFromScores(
  pipeline: Pipeline,
  scores: ReadonlyArray<{ criteria: ScoreCriteria; score: Severity }>,
  rows: readonly OaRow[],
): FeedbackEntry[] {
  const entries: FeedbackEntry[] = [];
  for (const { criteria, score } of scores) {
    for (const match of matchRowsDetailed(pipeline, criteria, rows)) {
      entries.push({ score, row: rows[match.index]!, ...(match.matchedBy ? { matchedBy: match.matchedBy } : {}) });
    }
  }
  return entries;
}

/** Collapses entries to one per row (by rowKey), in first-seen order; later entries win. For dns the IP and
 * the query judgements are kept apart (latest of each), since they fill different columns. */
export function dedupeFeedback(
  pipeline: Pipeline,
  entries: readonly FeedbackEntry[],
  opts: FeedbackFileOptions = {},
): Merged[] {
  const byKey = new Map<string, Merged>();
  for (const entry of entries) {
    if (entry.score !== 1 && entry.score !== 2 && entry.score !== 3) {
      throw new Error(`feedback: score must be 1, 2 or 3, got ${String(entry.score)}`);
    }
    const key = rowKey(pipeline, entry.row);
    const merged = byKey.get(key) ?? { row: entry.row, score: entry.score, ipSev: 0, dnsSev: 0 };
    merged.row = entry.row;
    merged.score = entry.score;
    if (profileOf(pipeline).keysJudgedApart) {
      const by = entry.matchedBy ?? 'both';
      if (by === 'ip' || by === 'both') merged.ipSev = entry.score;
      if (by === 'query' || by === 'both' || opts.ipScoresCountForMl) merged.dnsSev = entry.score;
    }
    byKey.set(key, merged);
  }
  return [...byKey.values()];
}

/** The whole ml_feedback.csv for `entries` (oldest first; the latest score per row wins). */
export function buildFeedbackFile(
  pipeline: Pipeline,
  entries: readonly FeedbackEntry[],
  opts: FeedbackFileOptions = {},
): string {
  const header = columnNames(FEEDBACK_COLUMNS[pipeline]).join('\t');
  const lines = [header];
  for (const m of dedupeFeedback(pipeline, entries, opts)) {
    const cells = feedbackCells(pipeline, m.row, m.score, { ip: m.ipSev, dns: m.dnsSev });
    lines.push(cells.map(value).join('\t'));
  }
  return lines.map((l) => `${l}\n`).join('');
}

/** Days whose feedback goes into the file for `targetDate` when "include feedback from the last K days" is
 * set: targetDate and the K days before it (K = 0 is Spot's per-day behaviour). Dates are YYYY-MM-DD. */
export function feedbackWindow(targetDate: string, days: number): string[] {
  const { y, m, d } = splitDay(targetDate);
  const start = Date.UTC(y, m - 1, d);
  if (!Number.isInteger(days) || days < 0) throw new Error(`feedback window: days must be >= 0, got ${days}`);
  const out: string[] = [];
  for (let k = days; k >= 0; k--) out.push(new Date(start - k * 86_400_000).toISOString().slice(0, 10));
  return out;
}

/** The entries for the file of `targetDate` from the per-day audit entries, oldest day first so that the
 * dedupe in buildFeedbackFile keeps the latest judgement of a row seen on several days. */
export function mergeFeedbackDays(
  targetDate: string,
  days: number,
  perDay: ReadonlyArray<{ date: string; entries: readonly FeedbackEntry[] }>,
): FeedbackEntry[] {
  const window = feedbackWindow(targetDate, days);
  const order = new Map(window.map((d, i) => [d, i]));
  return perDay
    .filter((d) => order.has(d.date))
    .sort((a, b) => order.get(a.date)! - order.get(b.date)!)
    .flatMap((d) => d.entries);
}

/** The highest column index spot-ml reads from a kept row (flow tstart..ibyt, dns unix_tstamp, proxy uri_sev). */
const SPOT_ML_LAST_USED_INDEX: Record<Pipeline, number> = { flow: 7, dns: 17, proxy: 22 };

export interface SpotMlFeedbackRow {
  /** 1-based line in the file. */
  line: number;
  /** The fields as spot-ml's `split("\t")` gives them (trailing empty fields dropped, as Java does). */
  fields: string[];
  severity: number;
}

/**
 * Reads a feedback file with spot-ml's exact rules (FlowFeedback/DNSFeedback/ProxyFeedback.scala): the first
 * line is the header and every line equal to it is dropped; the rest are split on TAB; the severity column
 * (flow 0, dns 12, proxy 22), trimmed and parsed as an int, must equal 3 for the row to be kept. Where spot-ml
 * would crash (a non-integer severity, a row too short) this throws an InputError naming the line.
 */
export function readFeedbackFileAsSpotMl(
  pipeline: Pipeline,
  text: string,
  file = 'ml_feedback.csv',
): SpotMlFeedbackRow[] {
  // Hadoop's line reader splits on \n, \r or \r\n and yields no empty last line for a trailing newline
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const header = lines[0];
  if (header === undefined) return [];
  const severityIndex = FEEDBACK_SEVERITY_INDEX[pipeline];
  const lastUsed = SPOT_ML_LAST_USED_INDEX[pipeline];
  const kept: SpotMlFeedbackRow[] = [];
  lines.forEach((line, index) => {
    if (line === header) return;
    const fields = line.split('\t');
    while (fields.length > 0 && fields[fields.length - 1] === '') fields.pop();
    const sevText = fields[severityIndex];
    if (sevText === undefined) {
      throw new InputError(file, index + 1, String(severityIndex), `row has ${fields.length} fields; spot-ml fails`);
    }
    const trimmed = sevText.trim();
    if (!/^[+-]?\d+$/.test(trimmed)) {
      throw new InputError(file, index + 1, String(severityIndex), `severity "${sevText}" is not an integer`);
    }
    const severity = Number(trimmed);
    if (severity !== 3) return;
    if (fields.length <= lastUsed) {
      throw new InputError(file, index + 1, String(lastUsed), `row has ${fields.length} fields; spot-ml fails`);
    }
    kept.push({ line: index + 1, fields, severity });
  });
  return kept;
}
