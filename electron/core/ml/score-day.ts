/**
 * scoreDay: spot-ml's suspicious-connects run for one day of the local data tree (ml.md §1), in-process.
 * Pass 0 scans and counts the raw lines (DuckDB's count is checked against the scan in pass 1), then the named
 * detections run (before the scorer's arrays exist, so the peak memory is the larger of the two, not their sum;
 * they read the rows pass 0 accounted for, not a scan of their own), pass 1 builds documents/words (typed arrays
 * per event), then feedback, LDA, scoring, the TOL/MAXRESULTS cut, and pass 2
 * reads back only the kept rows and the rows filed under a finding (a CSV file's lines picked by index, not the day
 * parsed again) to write the kept rows in spot-ml's results format (TAB, no header, ascending score, ties by
 * input order) plus the named detections as JSON.
 */
import { createHash } from 'node:crypto';
import { totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { RESULTS_COLUMNS, columnNames, type Pipeline } from '../../../shared/schema';
import { CancelledError, InputError } from '../errors';
import { compactDay } from '../../../shared/spot-date';
import { rawDayDir, resultsPath } from '../sources/local';
import { writeFileAtomicSync } from '../write-file-atomic';
import { FILED_COLUMNS, FindingIndex, type CoverRow } from '../detect/cover';
import { detectDay } from '../detect/day';
import type { Finding, NetworkSettings } from '../detect/types';
import { createLocalSource } from '../sources/local';
import { scoreCapacity } from './capacity';
import { readFeedbackFile } from './feedback';
import { field, scalaDouble } from './format';
import { keptOrder as keptEvents } from './kept-order';
import { fitLdaInThreads, LDA_DEFAULTS, type SparseCorpus } from './lda';
import { createPipelineState, OUTPUT_COLUMNS, outputValue, PASS1_COLUMNS } from './pipelines';
import type { RowAccess } from './records';
import { listRawFiles, RawDayReader } from './raw-day';
import { checkSomeRows, type RowAccount } from '../parse/raw-lines';
import { loadTopDomains } from './top-domains';
import { TopicMixCollector } from './topic-mix';
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
  /** What the detectors know of the network (defaults: detect/network.ts). */
  network?: Partial<NetworkSettings>;
  /** Threads of the LDA sweep (default min(2, cores)); the model is the same for every count. */
  ldaThreads?: number;
  /** The LDA worker entry in a bundled build (default: lda-worker.ts beside lda.ts, run through tsx). */
  ldaWorkerPath?: string;
  /** The machine's memory the capacity check weighs the day against (default: os.totalmem()). */
  memoryBytes?: number;
  onProgress?: (fraction: number, message: string) => void;
  signal?: AbortSignal;
}

/** A finding as the detections file publishes it: the events of the day it covers, and the rows kept of them. */
export interface ScoredFinding extends Finding {
  /** Events of the day the finding's keys cover. */
  covered: number;
  /** Of those, the rows written to the detections file (the lowest LDA scores first). */
  examples: Record<string, string>[];
}

export interface ScoreDayResult {
  resultsPath: string;
  detectionsPath: string;
  /** `<type>_topics.json`: the kept rows' topic mix (ml/topic-mix.ts). */
  topicsPath: string;
  /** Raw rows read. */
  events: number;
  /** Every raw line accounted for: read = accepted + rejected, per file, with the first rejected lines. */
  rows: RowAccount;
  /** Rows that passed the validity rules. */
  valid: number;
  /** Rows written to the results file. */
  kept: number;
  /** Benign feedback rows used (before DUPFACTOR). */
  feedbackRows: number;
  detections: ScoredFinding[];
  /** Detectors that failed (the others' findings are kept). */
  failedDetectors: { detector: string; error: string }[];
}

/**
 * Rows written per finding (its lowest-LDA-score covered events), and in all: every row of a finding is in the
 * file up to these bounds, so the import can rank them all; each finding keeps at least MIN_ROWS_PER_FINDING.
 */
export const ROWS_PER_FINDING = 1000;
export const ROWS_IN_ALL = 20_000;
const MIN_ROWS_PER_FINDING = 5;

/** The `limit` lowest-scored events offered, each with its row (built only when it enters). */
class LowestScored {
  readonly entries: { score: number; event: number; row: Record<string, string> }[] = [];
  private worst = -Infinity;
  constructor(private readonly limit: number) {}

  wants(score: number): boolean {
    return this.entries.length < this.limit || score < this.worst;
  }

  add(score: number, event: number, row: Record<string, string>): void {
    if (this.entries.length >= this.limit) {
      const at = this.entries.findIndex((e) => e.score === this.worst);
      this.entries.splice(at, 1);
    }
    this.entries.push({ score, event, row });
    this.worst = this.entries.reduce((w, e) => Math.max(w, e.score), -Infinity);
  }
}

export const SCORE_DEFAULTS = { ...LDA_DEFAULTS, tol: 1e-6, maxResults: -1, dupFactor: 1000 } as const;

export function scoredDir(root: string, pipeline: Pipeline, date: string): string {
  return join(root, pipeline, 'scored_results', compactDay(date));
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
    const fileRows: number[] = [];
    for (const file of files) {
      fileRows.push(await reader.countRows(file, signal));
      total += fileRows.at(-1)!;
    }
    const rows = reader.account();
    checkSomeRows(rawDayDir(opts.rawRoot ?? root, pipeline, date), rows);
    // Said before the passes that need the memory: a day this machine cannot score points to the cluster path.
    const capacity = scoreCapacity({ pipeline, events: total, totalMemBytes: opts.memoryBytes ?? totalmem() });
    if (!capacity.ok)
      throw new InputError(rawDayDir(opts.rawRoot ?? root, pipeline, date), null, null, capacity.message);

    // The scorer's own column check first (it names the missing field), then the named detections: their DuckDB has closed before the scorer's arrays grow. They read the lines pass
    // 0 accounted for (the reader's scans), so each raw line is judged once and both account for it alike.
    for (const file of files) await reader.selectList(file, pass1, signal);
    progress(0.02, 'named detections');
    const raw = await createLocalSource(opts.rawRoot ?? root).rawDay(pipeline, date, {});
    const detected = await detectDay({ pipeline, date, raw, network: opts.network, signal, scans: reader.scans() });
    const findings = detected.findings;
    check();

    // Pass 1: documents, words, detection features; and the events some finding is filed under (cover.ts), from
    // the columns this pass decodes anyway, so pass 2 tests and decodes only those rows, not every row of the day.
    const findingIndex = new FindingIndex(findings.map((f) => f.keys));
    const filedEvents: number[] = [];
    const filedColumns = FILED_COLUMNS.filter((c) => COVER_COLUMNS[pipeline].includes(c));
    // A filed column this pass does not read as text: every event is tested in pass 2 (as correct, slower).
    const filedInPass1 = filedColumns.every((c) => pass1.some((spec) => spec.name === c && spec.kind === 'text'));
    let seen = 0;
    for (const file of files) {
      for await (const chunk of reader.stream(file, pass1, signal, { packText: true })) {
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
        const filedRow: CoverRow = Object.defineProperties(
          {},
          Object.fromEntries(filedColumns.map((c) => [c, { enumerable: true, get: () => access.text(c) }])),
        );
        for (row = 0; row < chunk.rows; row++) {
          state.addRow(access);
          if (findings.length > 0 && (!filedInPass1 || findingIndex.candidates(filedRow).length > 0))
            filedEvents.push(seen + row);
        }
        seen += chunk.rows;
        progress(0.1 + 0.3 * (seen / Math.max(1, total)), `read ${seen} of ${total} rows`);
        check();
      }
    }

    const feedbackPath = opts.feedbackPath ?? join(scoredDir(root, pipeline, date), 'feedback', 'ml_feedback.csv');
    const feedback = await readFeedbackFile(feedbackPath, pipeline);
    state.addFeedback(feedback.benign, dupFactor);

    progress(0.4, 'building the corpus');
    // Released once the model is fitted (at 10M events it is hundreds of MB the later steps do not need).
    let corpus: SparseCorpus | null = state.corpus();
    check();
    const iterations = opts.iterations ?? SCORE_DEFAULTS.iterations;
    const model = await fitLdaInThreads(corpus, {
      topics: opts.topics ?? SCORE_DEFAULTS.topics,
      iterations,
      alpha: opts.alpha ?? SCORE_DEFAULTS.alpha,
      beta: opts.beta ?? SCORE_DEFAULTS.beta,
      seed: opts.seed ?? SCORE_DEFAULTS.seed,
      ...(opts.ldaThreads !== undefined ? { threads: opts.ldaThreads } : {}),
      ...(opts.ldaWorkerPath ? { workerPath: opts.ldaWorkerPath } : {}),
      signal,
      onIteration: (done) => progress(0.4 + 0.4 * (done / iterations), `LDA iteration ${done} of ${iterations}`),
    });
    corpus = null;

    progress(0.8, 'scoring');
    const scores = state.score(model);
    progress(0.86, 'ranking');

    // Keep -1 < score ≤ tol, ascending, ties by input order, at most maxResults.
    const keptOrder = keptEvents(scores, tol, maxResults);
    const rankOf = new Int32Array(scores.length).fill(-1);
    keptOrder.forEach((event, rank) => (rankOf[event] = rank));
    // Every event a finding covers is counted; its lowest-LDA-score rows are kept (NaN = invalid rows, last).
    const covered = new Int32Array(findings.length);
    const best = findings.map(() => new LowestScored(ROWS_PER_FINDING));
    // Events come in input order, so a strict `<` keeps the earlier of two equal scores.
    const sortScore = (event: number): number =>
      Number.isNaN(scores[event] as number) ? Infinity : (scores[event] as number);

    // Pass 2: the kept rows' lines, and the rows each finding covers. Only those rows are read: the kept ones and
    // the ones pass 1 found filed under some finding (every other row is neither written nor covered).
    progress(0.88, "collecting the kept rows and the findings' rows");
    const lines: string[] = new Array<string>(keptOrder.length);
    const outputIndex = new Map(output.map((c, i) => [c.name, i]));
    const keyColumns = COVER_COLUMNS[pipeline].filter((c) => outputIndex.has(c));
    // One key record for every row, its values read only when the cover test asks for them (a proxy row's user
    // agent and URI only when a finding filed under its client or host needs them).
    const at = { value: null as null | ((column: number) => string | number | null) };
    const keys: CoverRow = Object.defineProperties(
      {},
      Object.fromEntries(
        keyColumns.map((c) => {
          const index = outputIndex.get(c) as number;
          return [c, { enumerable: true, get: () => at.value!(index) }];
        }),
      ),
    );
    const none: number[] = [];
    let nextFiled = 0;
    const topicMix = new TopicMixCollector(model, state);
    const wantedEvents = mergeAscending(filedEvents, Int32Array.from(keptOrder).sort());
    let nextWanted = 0;
    let firstEvent = 0;
    for (const [f, file] of files.entries()) {
      const endEvent = firstEvent + (fileRows[f] as number);
      const rowsHere: number[] = [];
      for (; nextWanted < wantedEvents.length && wantedEvents[nextWanted]! < endEvent; nextWanted++)
        rowsHere.push(wantedEvents[nextWanted]! - firstEvent);
      for await (const picked of reader.rowsAt(file, output, rowsHere, signal)) {
        const event = firstEvent + picked.row;
        at.value = picked.value;
        const rank = rankOf[event] as number;
        let hits = none;
        if (filedEvents[nextFiled] === event) {
          nextFiled++;
          hits = findingIndex.covering(keys);
        }
        const wanted = hits.length === 0 ? none : hits.filter((h) => best[h]!.wants(sortScore(event)));
        for (const h of hits) covered[h]! += 1;
        if (rank < 0 && wanted.length === 0) continue;
        const values = outColumns.map((column) => {
          if (column === 'word') return state.wordOf?.(event) ?? '';
          const value = picked.value(outputIndex.get(column) as number) as string | null;
          return outputValue(pipeline, column, value);
        });
        const score = scalaDouble(scores[event] as number);
        if (rank >= 0) {
          lines[rank] = `${[...values.map(field), score].join('\t')}\n`;
          topicMix.add(rank, event);
        }
        if (wanted.length > 0) {
          const record: Record<string, string> = {};
          outColumns.forEach((column, i) => (record[column] = values[i] ?? ''));
          record.score = score;
          for (const h of wanted) best[h]!.add(sortScore(event), event, record);
        }
      }
      firstEvent = endEvent;
      check();
    }
    progress(0.95, 'writing results');
    const resultsFile = resultsPath(root, pipeline, date);
    const resultsText = lines.join('');
    writeFileAtomicSync(resultsFile, resultsText);
    const detectionsPath = join(dirname(resultsFile), `${pipeline}_detections.json`);
    const published = publishFindings(findings, covered, best);
    // The import uses the detections only with the results file they were computed with (a results file copied
    // in from the cluster later must not inherit them).
    const resultsSha256 = createHash('sha256').update(resultsText).digest('hex');
    writeFileAtomicSync(detectionsPath, detectionsDocument(pipeline, date, resultsSha256, published, detected.failed));
    const topicsPath = join(dirname(resultsFile), `${pipeline}_topics.json`);
    writeFileAtomicSync(topicsPath, `${JSON.stringify(topicMix.document(pipeline, date, resultsSha256))}\n`);
    progress(1, `kept ${keptOrder.length} of ${state.events} rows`);
    return {
      resultsPath: resultsFile,
      detectionsPath,
      topicsPath,
      events: state.events,
      rows,
      valid: state.valid,
      kept: keptOrder.length,
      feedbackRows: feedback.benign.length,
      detections: published,
      failedDetectors: detected.failed,
    };
  } finally {
    reader.close();
  }
}

/** The ascending union of two ascending lists of event indexes. */
function mergeAscending(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? (a[i] as number) : Infinity;
    const y = j < b.length ? (b[j] as number) : Infinity;
    const next = Math.min(x, y);
    if (x === next) i++;
    if (y === next) j++;
    out.push(next);
  }
  return out;
}

/** The columns a finding's keys are tested on (cover.ts), per pipeline, in results-file names. */
const COVER_COLUMNS: Record<Pipeline, readonly string[]> = {
  flow: ['sip', 'dip', 'dport', 'proto'],
  dns: ['ip_dst', 'dns_qry_name', 'dns_qry_type', 'dns_qry_rcode'],
  proxy: ['clientip', 'host', 'useragent', 'fulluri'],
};

/**
 * Each finding with its covered count and rows: strongest finding first, each takes its lowest-scored rows until
 * ROWS_IN_ALL distinct rows are kept (every finding keeps at least MIN_ROWS_PER_FINDING).
 */
function publishFindings(
  findings: readonly Finding[],
  covered: Int32Array,
  best: readonly LowestScored[],
): ScoredFinding[] {
  const taken = new Set<number>();
  return findings.map((finding, i) => {
    const entries = [...best[i]!.entries].sort((a, b) => a.score - b.score);
    const examples: Record<string, string>[] = [];
    for (const entry of entries) {
      if (taken.size >= ROWS_IN_ALL && examples.length >= MIN_ROWS_PER_FINDING && !taken.has(entry.event)) break;
      taken.add(entry.event);
      examples.push(entry.row);
    }
    return { ...finding, covered: covered[i] ?? 0, examples };
  });
}

/**
 * The detections file (docs/ml.md §5): rows once in `rows`, each detection naming its rows by index there.
 */
function detectionsDocument(
  pipeline: Pipeline,
  date: string,
  resultsSha256: string,
  findings: readonly ScoredFinding[],
  failed: readonly { detector: string; error: string }[],
): string {
  const rows: Record<string, string>[] = [];
  const indexOf = new Map<Record<string, string>, number>();
  const detections = findings.map(({ examples, ...finding }) => ({
    ...finding,
    rows: examples.map((row) => {
      let at = indexOf.get(row);
      if (at === undefined) {
        at = rows.length;
        rows.push(row);
        indexOf.set(row, at);
      }
      return at;
    }),
  }));
  const lines = [
    `{"pipeline":${JSON.stringify(pipeline)},"date":${JSON.stringify(date)},"resultsSha256":${JSON.stringify(resultsSha256)},`,
    `"failedDetectors":${JSON.stringify(failed)},`,
    `"detections":[`,
    detections.map((d) => JSON.stringify(d)).join(',\n'),
    `],"rows":[`,
    rows.map((r) => JSON.stringify(r)).join(',\n'),
    `]}`,
  ];
  return `${lines.join('\n')}\n`;
}
