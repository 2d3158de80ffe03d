/**
 * scoreDay: spot-ml's suspicious-connects run for one day of the local data tree (ml.md §1), in-process.
 * Pass 0 counts rows, pass 1 builds documents/words (typed arrays per event), then feedback, LDA, scoring,
 * the TOL/MAXRESULTS cut, and pass 2 re-reads the day to write the kept rows in spot-ml's results format
 * (TAB, no header, ascending score, ties by input order) plus the named detections as JSON.
 */
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { RESULTS_COLUMNS, columnNames, type Pipeline } from '../../../shared/schema';
import { CancelledError } from '../errors';
import { rawDayDir, resultsPath, splitDate } from '../sources/local';
import { writeFileAtomicSync } from '../write-file-atomic';
import type { Detection } from './detections';
import { readFeedbackFile } from './feedback';
import { field, scalaDouble } from './format';
import { fitLda, LDA_DEFAULTS } from './lda';
import { createPipelineState, OUTPUT_COLUMNS, outputValue, PASS1_COLUMNS } from './pipelines';
import type { RowAccess } from './records';
import { listRawFiles, RawDayReader } from './rawDay';
import { loadTopDomains } from './topDomains';
import { SPOT_PROXY_SAFE_DOMAINS } from './words';

export interface ScoreDayOptions {
  /** The local data tree root: results (and feedback) under `<root>/<type>/scored_results/`. */
  root: string;
  /** Where the raw day is read (`<rawRoot>/<type>/hive/y=/m=/d=/`); default `root`. */
  rawRoot?: string;
  pipeline: Pipeline;
  /** YYYY-MM-DD. */
  date: string;
  topics?: number;
  iterations?: number;
  alpha?: number;
  beta?: number;
  seed?: number;
  /** Keep rows with score ≤ tol (spot.conf TOL; default 1e-6). */
  tol?: number;
  /** Keep at most this many rows when > 0 (default -1 = all). */
  maxResults?: number;
  /** Copies of each severity-3 feedback row (default 1000, spot.conf DUPFACTOR). */
  dupFactor?: number;
  /** Default `<root>/<type>/scored_results/YYYYMMDD/feedback/ml_feedback.csv`; a missing file = no feedback. */
  feedbackPath?: string;
  /** USER_DOMAIN, the bare label (e.g. "intel"); DNS topDomain = 2. Default "". */
  userDomain?: string;
  /** Proxy topDomain = 2 domains (bare labels). Default ["intel"] as spot-ml hard-codes. */
  proxySafeDomains?: string[];
  /** Top-domains list (default resources/top-domains.txt). */
  topDomainsPath?: string;
  onProgress?: (fraction: number, message: string) => void;
  signal?: AbortSignal;
}

export interface ScoreDayResult {
  resultsPath: string;
  detectionsPath: string;
  /** Raw rows read. */
  events: number;
  /** Rows that passed the validity rules. */
  valid: number;
  /** Rows written to the results file. */
  kept: number;
  /** Benign feedback rows used (before DUPFACTOR). */
  feedbackRows: number;
  detections: Detection[];
}

/** Example rows kept per detection in the JSON (its lowest-LDA-score events). */
export const EXAMPLES_PER_DETECTION = 5;

export const SCORE_DEFAULTS = { ...LDA_DEFAULTS, tol: 1e-6, maxResults: -1, dupFactor: 1000 } as const;

export function scoredDir(root: string, pipeline: Pipeline, date: string): string {
  return join(root, pipeline, 'scored_results', splitDate(date).compact);
}

export async function scoreDay(opts: ScoreDayOptions): Promise<ScoreDayResult> {
  const { root, pipeline, date, signal } = opts;
  const progress = opts.onProgress ?? (() => undefined);
  const check = (): void => {
    if (signal?.aborted) throw new CancelledError();
  };
  const tol = opts.tol ?? SCORE_DEFAULTS.tol;
  const maxResults = opts.maxResults ?? SCORE_DEFAULTS.maxResults;
  const dupFactor = opts.dupFactor ?? SCORE_DEFAULTS.dupFactor;
  const files = listRawFiles(rawDayDir(opts.rawRoot ?? root, pipeline, date));
  const pass1 = PASS1_COLUMNS[pipeline];
  const pass1Index = new Map(pass1.map((c, i) => [c.name, i]));
  const output = OUTPUT_COLUMNS[pipeline];
  const outColumns = columnNames(RESULTS_COLUMNS[pipeline]).filter((c) => c !== 'score');
  const state = createPipelineState(pipeline, {
    topDomains: loadTopDomains(opts.topDomainsPath),
    userDomain: opts.userDomain ?? '',
    proxySafeDomains: new Set(opts.proxySafeDomains ?? SPOT_PROXY_SAFE_DOMAINS),
  });

  const reader = await RawDayReader.open();
  try {
    progress(0, `counting rows of ${files.length} file(s)`);
    let total = 0;
    for (const file of files) total += await reader.countRows(file, signal);

    // Pass 1: documents, words, detection features.
    let seen = 0;
    for (const file of files) {
      for await (const chunk of reader.stream(file, pass1, signal)) {
        let row = 0;
        const at = (column: string): string | number | null => {
          const c = pass1Index.get(column);
          return c === undefined ? null : chunk.value(c, row);
        };
        const access: RowAccess = {
          text: (column) => at(column) as string | null,
          num: (column) => at(column) as number | null,
          has: (column) => at(column) !== null,
        };
        for (row = 0; row < chunk.rows; row++) state.addRow(access);
        seen += chunk.rows;
        progress(0.05 + 0.35 * (seen / Math.max(1, total)), `read ${seen} of ${total} rows`);
        check();
      }
    }

    const feedbackPath = opts.feedbackPath ?? join(scoredDir(root, pipeline, date), 'feedback', 'ml_feedback.csv');
    const feedback = await readFeedbackFile(feedbackPath, pipeline);
    state.addFeedback(feedback.benign, dupFactor);

    progress(0.4, 'building the corpus');
    const corpus = state.corpus();
    check();
    const iterations = opts.iterations ?? SCORE_DEFAULTS.iterations;
    const model = fitLda(corpus, {
      topics: opts.topics ?? SCORE_DEFAULTS.topics,
      iterations,
      alpha: opts.alpha ?? SCORE_DEFAULTS.alpha,
      beta: opts.beta ?? SCORE_DEFAULTS.beta,
      seed: opts.seed ?? SCORE_DEFAULTS.seed,
      signal,
      onIteration: (done) => progress(0.4 + 0.4 * (done / iterations), `LDA iteration ${done} of ${iterations}`),
    });

    progress(0.8, 'scoring');
    const scores = state.score(model);
    progress(0.82, 'named detections');
    const detections = state.detections();
    check();
    progress(0.86, 'ranking');

    // Keep -1 < score ≤ tol, ascending, ties by input order, at most maxResults.
    let kept = 0;
    for (let i = 0; i < scores.length; i++) if ((scores[i] as number) > -1 && (scores[i] as number) <= tol) kept++;
    const order = new Int32Array(kept);
    for (let i = 0, k = 0; i < scores.length; i++)
      if ((scores[i] as number) > -1 && (scores[i] as number) <= tol) order[k++] = i;
    order.sort((a, b) => (scores[a] as number) - (scores[b] as number) || a - b);
    const keptOrder = maxResults > 0 && order.length > maxResults ? order.subarray(0, maxResults) : order;
    const rankOf = new Int32Array(scores.length).fill(-1);
    keptOrder.forEach((event, rank) => (rankOf[event] = rank));
    // Each detection shows its most suspicious events by LDA (lowest score, then input order).
    const exampleOf = new Map<number, Detection[]>();
    const byScore = (a: number, b: number): number =>
      (Number.isNaN(scores[a] as number) ? Infinity : (scores[a] as number)) -
        (Number.isNaN(scores[b] as number) ? Infinity : (scores[b] as number)) || a - b;
    for (const d of detections) {
      const best = [...(d.exampleEvents ?? [])].sort(byScore).slice(0, EXAMPLES_PER_DETECTION);
      for (const event of best) exampleOf.set(event, [...(exampleOf.get(event) ?? []), d]);
    }

    // Pass 2: the kept rows' lines, and the detections' example rows.
    progress(0.88, 'collecting the kept rows');
    const lines: string[] = new Array<string>(keptOrder.length);
    let event = 0;
    const outputIndex = new Map(output.map((c, i) => [c.name, i]));
    for (const file of files) {
      for await (const chunk of reader.stream(file, output, signal)) {
        for (let row = 0; row < chunk.rows; row++, event++) {
          const rank = rankOf[event] as number;
          const exampleFor = exampleOf.get(event);
          if (rank < 0 && exampleFor === undefined) continue;
          const values = outColumns.map((column) => {
            if (column === 'word') return state.wordOf?.(event) ?? '';
            const value = chunk.value(outputIndex.get(column) as number, row) as string | null;
            return outputValue(pipeline, column, value);
          });
          const score = scalaDouble(scores[event] as number);
          if (rank >= 0) lines[rank] = `${[...values.map(field), score].join('\t')}\n`;
          if (exampleFor) {
            const record: Record<string, string> = {};
            outColumns.forEach((column, i) => (record[column] = values[i] ?? ''));
            record.score = score;
            for (const d of exampleFor) (d.examples ??= []).push(record);
          }
        }
        check();
      }
    }
    progress(0.95, 'writing results');
    const resultsFile = resultsPath(root, pipeline, date);
    const resultsText = lines.join('');
    writeFileAtomicSync(resultsFile, resultsText);
    const detectionsPath = join(dirname(resultsFile), `${pipeline}_detections.json`);
    const published = detections.map(({ exampleEvents: _ignored, ...rest }) => rest);
    // The import uses the detections only with the results file they were computed with (a results file copied
    // in from the cluster later must not inherit them).
    const resultsSha256 = createHash('sha256').update(resultsText).digest('hex');
    const document = { pipeline, date, resultsSha256, detections: published };
    writeFileAtomicSync(detectionsPath, `${JSON.stringify(document, null, 1)}\n`);
    progress(1, `kept ${keptOrder.length} of ${state.events} rows`);
    return {
      resultsPath: resultsFile,
      detectionsPath,
      events: state.events,
      valid: state.valid,
      kept: keptOrder.length,
      feedbackRows: feedback.benign.length,
      detections: published,
    };
  } finally {
    reader.close();
  }
}
