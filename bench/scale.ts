/**
 * Scaling curve (a benchmark, not a test): `npm run bench:scale [-- --sizes 1000000,10000000,100000000]
 * [--score-max 10000000] [--pushdown-max 10000000] [--pushdown-memory 8GB] [--only oa|score|pushdown] [--data DIR]`.
 * Generates flow days of each size as Parquet (and the 10M day also as CSV) in Spot's local tree layout, then in
 * a child process per measurement (bench/scale-run.ts, so each peak RSS is its own):
 *  - OA import (runPipeline, top 3000) time and peak RSS, per size and format;
 *  - scoreDay (embedded LDA + detectors) time and peak RSS up to --score-max events, after the capacity check
 *    (ml/capacity.ts) that refuses, before starting, a day this machine cannot score;
 *  - the pushed-down detector SQL (detect/pushdown.ts) run by DuckDB over the Parquet day as Spot's partitioned
 *    table, as a stand-in for the cluster engine, up to --pushdown-max rows, with --pushdown-memory for DuckDB (a
 *    cluster engine's share, default 8GB: with the laptop import's 1GB the 10M-row statements spill to disk and
 *    their cost grows ~20× per 10× rows, with 6GB ~9×: the growth measured is then the SQL's, not the spill's);
 * with the growth factor per 10× rows. Goals (issue #19): 100M-row OA import ≤ 20 s at ≤ 1.5 GB peak RSS;
 * 10M-event scoreDay ≤ 3 min at ≤ 2 GB; costs growing at most linearly. Writes bench/results/scale.json.
 * `--data DIR` keeps the generated days and reuses them (same sizes) on the next run. `--only oa` measures the
 * OA import alone. Measurements of an earlier run that this one does not repeat stay in the results file (each
 * with its own time and load average), so one size can be re-measured without re-running the hours of the others.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scoreCapacity } from '../electron/core/ml/capacity';
import { FLOW_DAY_DIR as DAY_DIR, generateFlowDay } from './flow-day';

const here = dirname(fileURLToPath(import.meta.url));
const tree = join(here, '..');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
}
const SIZES = (arg('sizes') ?? '1000000,10000000,100000000').split(',').map(Number);
const SCORE_MAX = Number(arg('score-max') ?? 10_000_000);
const PUSHDOWN_MAX = Number(arg('pushdown-max') ?? 10_000_000);
const PUSHDOWN_MEMORY = arg('pushdown-memory') ?? '8GB';
const ONLY = arg('only') as 'oa' | 'score' | 'pushdown' | undefined;
const runs = (mode: 'oa' | 'score' | 'pushdown'): boolean => ONLY === undefined || ONLY === mode;
const CSV_SIZE = 10_000_000;
const DATE = '2026-11-24';
const keep = arg('data');
const work = keep ?? mkdtempSync(join(tmpdir(), 'bench-scale-'));

/** The benchmarks' flow day of `rows` rows (bench/flow-day.ts) as Parquet, and CSV when asked; reused when kept. */
async function generate(rows: number, withCsv: boolean): Promise<{ parquet: string; csv?: string }> {
  const base = join(work, `n${rows}`);
  const parquet = join(base, 'parquet');
  const csv = join(base, 'csv');
  const parquetFile = join(parquet, DAY_DIR, 'part-0.parquet');
  const csvFile = join(csv, DAY_DIR, 'part-0.csv');
  const done = existsSync(parquetFile) && (!withCsv || existsSync(csvFile));
  if (done) return { parquet, ...(withCsv ? { csv } : {}) };
  await generateFlowDay(rows, parquet, withCsv ? csv : undefined);
  return { parquet, ...(withCsv ? { csv } : {}) };
}

interface Measure {
  /** When the measurement started, and the 1/5/15-minute load averages then and at its end (2 shared cores). */
  when: string;
  loadBefore: number[];
  loadAfter: number[];
  seconds: number;
  cpuSeconds: number;
  peakRssMB: number;
  summary: Record<string, unknown>;
}

function measure(mode: 'oa' | 'score' | 'pushdown', root: string, memoryLimit?: string): Measure {
  const when = new Date().toISOString();
  const loadBefore = loadavg();
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', join(here, 'scale-run.ts'), JSON.stringify({ mode, root, date: DATE, top: 3000, memoryLimit })],
    { cwd: tree, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const line = out.trim().split('\n').pop() ?? '';
  return {
    when,
    loadBefore,
    ...(JSON.parse(line) as Omit<Measure, 'when' | 'loadBefore' | 'loadAfter'>),
    loadAfter: loadavg(),
  };
}

const f = (x: number, digits = 1): string => x.toFixed(digits);
const log = (text: string): void => void process.stderr.write(`${text}\n`);

const report: Record<string, unknown> = {
  when: new Date().toISOString(),
  machine: { cpus: 2, totalMemMB: Math.round(totalmem() / 2 ** 20), loadAtStart: loadavg() },
  goals: {
    oaImport100M: '≤ 20 s, peak RSS ≤ 1.5 GB',
    scoreDay10M: '≤ 180 s, peak RSS ≤ 2 GB',
    growth: 'at most linear (≤ 10× per 10× rows)',
  },
  method:
    'Each measurement is a child process (node --import tsx bench/scale-run.ts): seconds = wall of the call, ' +
    'cpuSeconds = process CPU (all threads), peakRssMB = the process maxRSS. One run each (2 shared cores).',
};
const resultsFile = join(here, 'results', 'scale.json');
/** The previous run's measurements: kept unless this run measures the same thing again. */
const previous = (existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : {}) as {
  when?: string;
  machine?: { loadAtStart?: number[] };
  oa?: Record<string, Measure & { rows: number; format: string; rawMB: number }>;
  score?: Record<string, (Measure & { rows: number }) | { rows: number; refused: string }>;
  pushdown?: Record<string, Measure & { rows: number; memoryLimit?: string }>;
};
/** Older entries carry no time of their own: the run's. */
const dated = <T extends object>(entries: Record<string, T> = {}): Record<string, T> =>
  Object.fromEntries(
    Object.entries(entries).map(([k, v]) => [
      k,
      'when' in v ? v : { when: previous.when, ...v, loadRunStart: previous.machine?.loadAtStart },
    ]),
  );
const oa = dated(previous.oa);
const score = dated(previous.score);
const pushdown = dated(previous.pushdown);

/** Growth per 10× rows of a measure between consecutive sizes 10× apart. */
function growth<T extends { rows: number; seconds?: number; cpuSeconds?: number; peakRssMB?: number }>(entries: T[]) {
  const out: Array<{ from: number; to: number; seconds: number; cpuSeconds?: number; peakRssMB: number }> = [];
  for (const a of entries)
    for (const b of entries)
      if (b.rows === a.rows * 10 && a.seconds && b.seconds && a.peakRssMB && b.peakRssMB)
        out.push({
          from: a.rows,
          to: b.rows,
          seconds: b.seconds / a.seconds,
          // CPU is the steadier figure on shared cores (wall carries the other processes' load).
          ...(a.cpuSeconds && b.cpuSeconds ? { cpuSeconds: b.cpuSeconds / a.cpuSeconds } : {}),
          peakRssMB: b.peakRssMB / a.peakRssMB,
        });
  return out;
}

/** Written after every measurement, so a long run that stops part-way keeps what it measured. */
function save(): void {
  Object.assign(report, {
    sizes: [
      ...new Set([...Object.values(oa), ...Object.values(score), ...Object.values(pushdown)].map((m) => m.rows)),
    ].sort((a, b) => a - b),
    oa,
    score,
    pushdown,
    growth: {
      oaParquet: growth(Object.values(oa).filter((m) => m.format === 'parquet')),
      score: growth(Object.values(score).filter((m): m is Measure & { rows: number } => 'seconds' in m)),
      pushdown: growth(Object.values(pushdown)),
    },
    loadAtEnd: loadavg(),
  });
  writeFileSync(resultsFile, `${JSON.stringify(report, null, 2)}\n`);
}

for (const rows of SIZES) {
  log(`generating ${rows} rows …`);
  const at = performance.now();
  const day = await generate(rows, rows === CSV_SIZE);
  log(`  ready in ${f((performance.now() - at) / 1000)} s`);
  for (const [format, root] of runs('oa') ? Object.entries(day) : []) {
    const rawMB = statSync(join(root, DAY_DIR, `part-0.${format}`)).size / 2 ** 20;
    const m = measure('oa', root);
    oa[`${format} ${rows}`] = { rows, format, rawMB, ...m };
    save();
    log(`  OA import ${format} ${rows}: ${f(m.seconds)} s, CPU ${f(m.cpuSeconds)} s, peak RSS ${f(m.peakRssMB, 0)} MB`);
  }
  if (runs('pushdown') && rows <= PUSHDOWN_MAX) {
    const m = measure('pushdown', day.parquet, PUSHDOWN_MEMORY);
    pushdown[rows] = { rows, memoryLimit: PUSHDOWN_MEMORY, ...m };
    save();
    log(`  pushed-down detectors (DuckDB) ${rows}: ${f(m.seconds)} s, peak RSS ${f(m.peakRssMB, 0)} MB`);
  }
  // Said before starting: a day this machine cannot score is refused with the way to the cluster.
  const capacity = scoreCapacity({ pipeline: 'flow', events: rows, totalMemBytes: totalmem() });
  if (!runs('score')) {
    // not asked for in this run
  } else if (!capacity.ok) {
    score[rows] = { rows, refused: capacity.message };
    log(`  scoreDay ${rows}: refused before starting — ${capacity.message}`);
  } else if (rows <= SCORE_MAX) {
    const m = measure('score', day.parquet);
    score[rows] = { rows, ...m };
    save();
    log(`  scoreDay ${rows}: ${f(m.seconds)} s, CPU ${f(m.cpuSeconds)} s, peak RSS ${f(m.peakRssMB, 0)} MB`);
  }
}

save();
log(`written ${resultsFile}`);
log(JSON.stringify(report.growth));
if (!keep) rmSync(work, { recursive: true, force: true });
