import { basename } from 'node:path';
import type { DayFindings } from '../../../shared/api';
import type { Pipeline } from '../../../shared/schema';
import { OA_OUTPUT_TABLES, OA_TABLES, columnNames } from '../../../shared/schema';
import type { DayImport, OaRow } from '../cache/types';
import { detectionsFromSource } from '../detect/at-source';
import { DETECTORS } from '../detect/registry';
import { CancelledError, InputError } from '../errors';
import { addExplanations, type DnsWordContext } from '../detect/explanations';
import { parseDetectionsFile, type StoredDetection } from '../parse/detections';
import { parseTopicsFile } from '../parse/topics';
import { describeRejections, type RowAccount } from '../parse/raw-lines';
import { readResults } from '../parse/results';
import type { ResultsRow } from '../parse/results';
import { describeTransfer, transferFraction, type TransferOptions } from '../sources/transfer';
import type { DaySource } from '../sources/types';
import { Duck } from './duck';
import type { DuckSettings } from './duck';
import { OA_STEPS } from './steps';
import { asInputError, createRawView } from './raw-view';
import type { ScanMode } from './scan';
import type { Enrichment, StepContext, Tables } from './types';

export type { Enrichment } from './types';
export type { ScanMode } from './scan';

export interface RunPipelineArgs {
  source: DaySource;
  pipeline: Pipeline;
  /** YYYY-MM-DD */
  date: string;
  /** How many of the most suspicious results rows to import (Spot's `-l N`). */
  top: number;
  enrichment: Enrichment;
  onProgress?: (fraction: number, message: string) => void;
  signal?: AbortSignal;
  /** DuckDB limits; defaults: 1GB memory, 2 threads. */
  duck?: DuckSettings;
  /** How the raw day is read (scan.ts); default `single`. */
  scan?: ScanMode;
  /** What DNS rows' LDA words are rebuilt with for "Why suspicious" (explanations.ts); none = not rebuilt. */
  dnsWords?: DnsWordContext;
}

// Progress bands: results+enrichment up to 0.25, locating the raw day to 0.3, DuckDB work to 0.97.
const RAW_START = 0.3;
const RAW_END = 0.97;

function checkAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new CancelledError();
}

/** Orders a row's keys as shared/schema.ts lists the table's columns (and checks none is missing). */
function inSchemaOrder(table: keyof typeof OA_TABLES, rows: OaRow[]): OaRow[] {
  const names = columnNames(OA_TABLES[table]);
  return rows.map((row) => {
    const ordered: OaRow = {};
    for (const name of names) {
      if (!(name in row)) throw new Error(`${table}: row lacks column ${name}`);
      ordered[name] = row[name] ?? null;
    }
    return ordered;
  });
}

/** The account of a day's computed findings: how many, from how many of the detectors asked, and where. */
function computedFindings(
  origin: string,
  findings: number,
  asked: number,
  failed: readonly { detector: string; error: string }[],
): DayFindings {
  const missing = failed.map((f) => ({ detector: f.detector, why: f.error }));
  return { computed: true, origin, findings, detectorsRun: asked - failed.length, detectorsAsked: asked, missing };
}

/**
 * The day's named detections and where they were computed: the embedded scorer's detections file for these
 * results when there is one, else the detectors run where the raw day lives (Spot's ML node writes none), else
 * none (the day is ranked by its LDA scores, reputation and labels only), each saying so.
 */
async function readDetections(
  source: DaySource,
  pipeline: Pipeline,
  date: string,
  notes: string[],
  signal?: AbortSignal,
  onTransfer?: TransferOptions['onTransfer'],
): Promise<{ detections: StoredDetection[]; findings: DayFindings }> {
  const file = await source.openDetections?.(pipeline, date);
  const content = file ? parseDetectionsFile(pipeline, file.name, file.text, file.resultsSha256) : null;
  if (file && content?.stale)
    notes.push(`${file.name} was computed for another results file; its detections are left out`);
  if (file && content && !content.stale) {
    const origin = `the embedded scorer's ${basename(file.name)}`;
    const findings = computedFindings(origin, content.detections.length, DETECTORS[pipeline].length, content.failed);
    return { detections: content.detections, findings };
  }
  if (source.detectAtSource) {
    // No scorer's file (Spot's ML node writes none): the detectors run where the raw day lives, their rows are
    // the ML node's results rows they cover.
    const found = await source.detectAtSource(pipeline, date, signal, onTransfer);
    const results = readResults(pipeline, await source.openResults(pipeline, date), {
      limit: Number.MAX_SAFE_INTEGER,
      signal,
    });
    const joined = await detectionsFromSource(pipeline, found, results);
    notes.push(...joined.notes);
    const findings = computedFindings(found.origin, found.findings.length, found.detectors, found.failed);
    return { detections: joined.detections, findings };
  }
  const why = content?.stale
    ? `${basename(file!.name)} was computed for another results file, and this source cannot run the detectors`
    : `the results come without a detections file, and this source cannot run the detectors where the raw day lives`;
  return { detections: [], findings: { computed: false, why } };
}

/** Each results row's topic mix (`topicMix`), when the scorer wrote `<type>_topics.json` for these results. */
async function addTopicMix(
  source: DaySource,
  pipeline: Pipeline,
  date: string,
  results: readonly ResultsRow[],
  explanations: Array<Record<string, unknown>>,
  notes: string[],
): Promise<void> {
  const file = await source.openTopics?.(pipeline, date);
  if (!file) return;
  const lines = results.reduce((most, { line }) => Math.max(most, line ?? 0), 0);
  const content = parseTopicsFile(pipeline, file.name, file.text, file.resultsSha256, lines);
  if (content.stale) notes.push(`${file.name} was computed for another results file; its topic mix is left out`);
  results.forEach(({ line }, index) => {
    const fact = line === null ? undefined : content.byLine.get(line);
    if (fact) explanations[index]!.topicMix = fact;
  });
}

/**
 * The findings' rows that are not among the top N results rows, strongest finding first. LDA ranks a behaviour low
 * when a host does it a lot (a beacon, a tunnel, a scan, a flood), so its rows are often outside the top N; the
 * scorer writes every covered row (up to its bounds, ml/score-day.ts ROWS_PER_FINDING / ROWS_IN_ALL) so the
 * combined order ranks them all. Rows with equal columns are one row unless the detections file names them as
 * distinct events (`event`): a flood of identical packets is that many rows, less the copies already in the top N.
 */
function examplesOutside(results: readonly ResultsRow[], detections: readonly StoredDetection[]): ResultsRow[] {
  const contentOf = (r: ResultsRow): string => JSON.stringify(r.row);
  const copies = new Map<string, number>();
  for (const r of results) copies.set(contentOf(r), (copies.get(contentOf(r)) ?? 0) + 1);
  const seenEvents = new Set<number>();
  const extra: ResultsRow[] = [];
  // Per content: the distinct events the findings name so far; a row is added once they outnumber the copies.
  const named = new Map<string, number>();
  for (const detection of [...detections].sort((a, b) => b.strength - a.strength)) {
    for (const example of detection.examples) {
      if (example.event !== undefined) {
        if (seenEvents.has(example.event)) continue;
        seenEvents.add(example.event);
      }
      const key = contentOf(example);
      const count = example.event === undefined ? Math.max(1, named.get(key) ?? 0) : (named.get(key) ?? 0) + 1;
      named.set(key, count);
      if (count <= (copies.get(key) ?? 0)) continue;
      copies.set(key, count);
      extra.push(example);
    }
  }
  return extra;
}

/**
 * Runs the OA of one day for one pipeline: reads the `top` most suspicious results rows (plus the named
 * detections' example rows that are not among them), enriches them
 * (enrichment.md §2–§6) and builds every OA output table of the pipeline from the raw day with one
 * set-based DuckDB query per table (§7–§8). Nothing is written: the caller stores the DayImport.
 */
export async function runPipeline(args: RunPipelineArgs): Promise<DayImport> {
  const { source, pipeline, date, top, enrichment, signal } = args;
  // Progress never goes back: a raw day streamed while the detections are read (SSH) takes the band up to the
  // raw-day step, and the steps after it then stay where it left the bar.
  const report = args.onProgress ?? (() => undefined);
  let reached = 0;
  const progress = (fraction: number, message: string): void => {
    reached = Math.max(reached, fraction);
    report(reached, message);
  };
  if (!Number.isInteger(top) || top <= 0)
    throw new InputError('top', null, null, `top must be a positive integer, got ${top}`);

  // A remote source's transfers (results file, raw day over SSH) show in the job with their bytes; the job's
  // cancellation stops them.
  const transferIn = (from: number, to: number): TransferOptions => ({
    signal,
    onTransfer: (t) => progress(transferFraction(t, from, to), describeTransfer(t)),
  });
  progress(0, `reading ${pipeline} results for ${date}`);
  const file = await source.openResults(pipeline, date, transferIn(0, 0.02));
  const results: ResultsRow[] = [];
  for await (const result of readResults(pipeline, file, { limit: top, signal })) results.push(result);
  checkAborted(signal);
  const topCount = results.length;
  const notes: string[] = [];
  const { detections, findings } = await readDetections(
    source,
    pipeline,
    date,
    notes,
    signal,
    transferIn(0.02, 0.24).onTransfer,
  );
  results.push(...examplesOutside(results, detections));

  progress(0.1, `enriching ${results.length} suspicious ${pipeline} rows`);
  const steps = OA_STEPS[pipeline];
  const explanations: Array<Record<string, unknown>> = results.map(({ line }, index) => ({ rank: index, line }));
  const scored = await steps.scores(results, enrichment);
  const scoresTable = scored.rows;
  scored.explanationFacts?.forEach((facts, index) => Object.assign(explanations[index]!, facts));
  const keys = steps.keys(scoresTable);
  checkAborted(signal);

  progress(0.25, `locating the raw ${pipeline} day`);
  const rawRef = await source.rawDay(pipeline, date, keys, transferIn(0.25, 0.29));
  checkAborted(signal);

  const duck = await Duck.open(args.duck);
  let details: Tables;
  let rawRows: RowAccount;
  try {
    progress(RAW_START, `opening the raw ${pipeline} day`);
    const raw = await createRawView(duck, pipeline, rawRef, signal);
    rawRows = raw.rows;
    const rejected = describeRejections(pipeline, raw.rows);
    if (rejected) notes.push(rejected);
    const ctx: StepContext = {
      date,
      results,
      enrichment,
      duck,
      raw,
      rawRef,
      // Parquet reads columns apart: two narrow passes; a CSV day is parsed once.
      scanMode: args.scan ?? (rawRef.format === 'parquet' ? 'columnar' : 'single'),
      signal,
      progress: (fraction, message) => progress(RAW_START + (RAW_END - RAW_START) * fraction, message),
    };
    details = await steps.details(ctx, scoresTable, rawRef.wholeDay).catch((err: unknown) => {
      throw asInputError(err, rawRef.name);
    });
  } finally {
    duck.close();
  }
  checkAborted(signal);

  const summaryTable = `${pipeline}_ingest_summary` as const;
  if (!rawRef.wholeDay) {
    if (!source.ingestCounts) {
      throw new InputError(rawRef.name, null, null, 'partial raw day and the source gives no ingest counts');
    }
    progress(RAW_END, `counting the ${pipeline} day's records per minute at the source`);
    details[summaryTable] = (await source.ingestCounts(pipeline, date, signal)).map((c) => ({
      tdate: c.minute,
      total: c.total,
    }));
  }

  const tables: DayImport['tables'] = {};
  for (const table of OA_OUTPUT_TABLES[pipeline]) {
    const rows = table === `${pipeline}_scores` ? scoresTable : details[table];
    if (!rows) throw new Error(`pipeline ${pipeline} produced no ${table}`);
    tables[table] = inSchemaOrder(table, rows);
  }
  addExplanations(pipeline, scoresTable, explanations, detections, topCount, args.dnsWords);
  await addTopicMix(source, pipeline, date, results.slice(0, topCount), explanations, notes);
  // Rows past topCount are detection examples outside the results file's top N: "Why suspicious" says so
  // (after the detections, which it lists first).
  for (let index = topCount; index < explanations.length; index++) explanations[index]!.outsideTop = topCount;
  progress(1, `${pipeline} ${date}: ${scoresTable.length} suspicious rows`);
  return {
    pipeline,
    date,
    tables,
    source: file.name,
    explanations,
    rawRows,
    findings,
    ...(notes.length ? { notes } : {}),
  };
}
