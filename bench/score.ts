/**
 * Scoring speed benchmark (issue #15: "1M events whole scoreDay ≤ 20 s on this machine; report the ratio to today"):
 *   npm run bench:score [-- events]           (default 1,000,000 events per pipeline)
 * Env: PIPELINES=flow,dns,proxy (default all three), ROUNDS=2, BASELINE=e1f8938 (the scorer before the detector
 * work), KEEP_BASELINE=1 keeps the baseline checkout (in the temp dir, reused next time), KEEP_DAY=<dir> writes the
 * generated days there and keeps them (a later run with the same KEEP_DAY reuses them; WRITE_ONLY=1 stops there).
 *
 * 1. Generates one day per pipeline as raw CSV in Spot's layout (<type>/hive/y=/m=/d=/h=/), from the sample
 *    day's generators (electron/core/sample) scaled to `events` rows: an enterprise's background traffic plus the
 *    sample's attack scenarios (C&C beacon, scans, DNS tunnel, DGA, exfiltration…), so the detectors have work.
 * 2. Checks the baseline commit out as a detached git worktree in the temp dir (node_modules symlinked).
 * 3. Per pipeline and round: scoreDay() of the baseline, then of the current tree (and in the first round
 *    detectDay() alone of the current tree), each in a child process of its own (bench/score-run.ts) on the same files; wall and CPU
 *    seconds, peak RSS, the 1-minute load average before each run.
 * 4. Writes bench/results/score.json and prints a Markdown table (medians over rounds; ratio = current/baseline).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RAW_COLUMNS, columnNames, type Pipeline } from '../shared/schema';
import { csvLine } from '../electron/core/csv-writer';
import { dayClock } from '../electron/core/sample/day-clock';
import { TRAFFIC, writeHourCsv } from '../electron/core/sample/generate';
import { Prng } from '../electron/core/sample/prng';
import { scenarioSchedule } from '../electron/core/sample/scenario-events';
import { SAMPLE_DATE, SAMPLE_ORG } from '../electron/core/sample/scenarios';
import { buildTopology } from '../electron/core/sample/topology';
import { rawDayDir } from '../electron/core/sources/local';

const here = dirname(fileURLToPath(import.meta.url));
const tree = dirname(here);
const EVENTS = Number(process.argv[2] ?? 1_000_000);
const PIPELINES = (process.env.PIPELINES ?? 'flow,dns,proxy').split(',') as Pipeline[];
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const BASELINE = process.env.BASELINE ?? 'e1f8938';
const DATE = SAMPLE_DATE;
/** Background rows of the sample generators at scale 1 (generate.ts); scenarios add a few thousand. */
const ROWS_AT_SCALE_1: Record<Pipeline, number> = { flow: 300_000, dns: 150_000, proxy: 100_000 };
/** What Score this day passes with the default settings (tol 1, at most 5,000 rows), as the sample does. */
const SCORE_OPTIONS = { tol: 1, maxResults: 5000, userDomain: SAMPLE_ORG.userDomainLabel, seed: 7 };

interface Run {
  seconds: number;
  cpuSeconds: number;
  peakRssMB: number;
  load1: number;
  phases: Record<string, number>;
  summary: Record<string, unknown>;
}

async function writeDays(rawRoot: string, pipelines: Pipeline[]): Promise<Partial<Record<Pipeline, number>>> {
  const clock = dayClock(DATE);
  const master = new Prng(`spot-desk-sample-${DATE}`);
  const topology = buildTopology(master.fork('topology'));
  const schedule = scenarioSchedule(master.fork('scenarios'));
  const rows: Partial<Record<Pipeline, number>> = {};
  for (const pipeline of pipelines) {
    const args = { topology, clock, rng: master.fork(pipeline), scale: EVENTS / ROWS_AT_SCALE_1[pipeline], schedule };
    const source = TRAFFIC[pipeline](args);
    const header = csvLine(columnNames(RAW_COLUMNS[pipeline]));
    let count = 0;
    for (let hour = 0; hour < 24; hour++) {
      const dir = join(rawDayDir(rawRoot, pipeline, DATE), `h=${hour}`);
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${pipeline}-${DATE.replace(/-/g, '')}-${String(hour).padStart(2, '0')}.csv`);
      count += await writeHourCsv(file, header, source, hour);
    }
    rows[pipeline] = count;
    console.log(`  ${pipeline}: ${count.toLocaleString()} rows`);
  }
  return rows;
}

/** A detached worktree of the baseline commit, its node_modules a link to this tree's (reused if there). */
function baselineTree(): string {
  const dir = join(tmpdir(), `spot-desk-baseline-${BASELINE}`);
  if (existsSync(join(dir, 'node_modules'))) return dir;
  execFileSync('git', ['-C', tree, 'worktree', 'add', '--detach', '--quiet', dir, BASELINE], { stdio: 'inherit' });
  symlinkSync(realpathSync(join(tree, 'node_modules')), join(dir, 'node_modules'));
  return dir;
}

function runChild(source: string, mode: 'score' | 'detect', pipeline: Pipeline, rawRoot: string, outRoot: string): Run {
  const load1 = loadavg()[0] as number;
  const spec = { tree: source, mode, root: outRoot, rawRoot, pipeline, date: DATE, options: SCORE_OPTIONS };
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'score-run.ts'), JSON.stringify(spec)], {
    cwd: source,
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });
  if (child.status !== 0) throw new Error(`${mode} ${pipeline} in ${source} failed:\n${child.stderr}`);
  const last = child.stdout.trim().split('\n').pop() ?? '';
  return { ...(JSON.parse(last) as Omit<Run, 'load1'>), load1 };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

async function main(): Promise<void> {
  const started = Date.now();
  const work = mkdtempSync(join(tmpdir(), 'spot-desk-score-bench-'));
  const rawRoot = process.env.KEEP_DAY ?? join(work, 'raw');
  const uptime = (): string => execFileSync('uptime', { encoding: 'utf8' }).trim();
  console.log(`load before: ${uptime()}`);
  let base = '';
  try {
    console.log(`writing ${EVENTS.toLocaleString()}-event days (${PIPELINES.join(', ')}) as raw CSV in ${rawRoot}…`);
    const genStart = Date.now();
    // KEEP_DAY: a folder already holding the days is reused as it is.
    const done = join(rawRoot, `.complete-${EVENTS}`);
    const kept = existsSync(done) ? (JSON.parse(readFileSync(done, 'utf8')) as Partial<Record<Pipeline, number>>) : {};
    const rows = {
      ...kept,
      ...(await writeDays(
        rawRoot,
        PIPELINES.filter((p) => kept[p] === undefined),
      )),
    };
    if (process.env.KEEP_DAY) writeFileSync(done, JSON.stringify(rows));
    if (process.env.WRITE_ONLY) return; // KEEP_DAY=<dir> WRITE_ONLY=1: only write the days (for profiling).
    console.log(`  (${((Date.now() - genStart) / 1000).toFixed(1)} s)`);
    base = baselineTree();
    const baseCommit = execFileSync('git', ['-C', base, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    const currentCommit = execFileSync('git', ['-C', tree, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['-C', tree, 'status', '--porcelain', '--untracked-files=no'], {
      encoding: 'utf8',
    }).trim();

    const runs: Record<string, { baseline: Run[]; current: Run[]; detect: Run[] }> = {};
    for (const pipeline of PIPELINES) {
      const r = (runs[pipeline] = { baseline: [] as Run[], current: [] as Run[], detect: [] as Run[] });
      for (let round = 1; round <= ROUNDS; round++) {
        // detectDay alone once per pipeline (its share of scoreDay), the scorers every round.
        for (const [name, source, mode] of [
          ['baseline', base, 'score'],
          ['current', tree, 'score'],
          ...(round === 1 ? ([['detect', tree, 'detect']] as const) : []),
        ] as const) {
          const out = mkdtempSync(join(work, 'out-'));
          const run = runChild(source, mode, pipeline, rawRoot, out);
          rmSync(out, { recursive: true, force: true });
          r[name].push(run);
          console.log(
            `${pipeline} round ${round} ${name.padEnd(8)} ${run.seconds.toFixed(2)} s wall, ${run.cpuSeconds.toFixed(2)} s cpu, ` +
              `${run.peakRssMB.toFixed(0)} MB peak rss (load ${run.load1.toFixed(2)})  ${JSON.stringify(run.summary)}`,
          );
        }
      }
    }

    const table = PIPELINES.map((pipeline) => {
      const r = runs[pipeline]!;
      const m = (list: Run[], f: (x: Run) => number) => median(list.map(f));
      const row = {
        pipeline,
        events: rows[pipeline] ?? 0,
        baseline: {
          seconds: m(r.baseline, (x) => x.seconds),
          cpuSeconds: m(r.baseline, (x) => x.cpuSeconds),
          peakRssMB: m(r.baseline, (x) => x.peakRssMB),
        },
        current: {
          seconds: m(r.current, (x) => x.seconds),
          cpuSeconds: m(r.current, (x) => x.cpuSeconds),
          peakRssMB: m(r.current, (x) => x.peakRssMB),
        },
        detectDay: {
          seconds: m(r.detect, (x) => x.seconds),
          cpuSeconds: m(r.detect, (x) => x.cpuSeconds),
          peakRssMB: m(r.detect, (x) => x.peakRssMB),
        },
      };
      return {
        ...row,
        ratio: {
          seconds: row.current.seconds / row.baseline.seconds,
          cpuSeconds: row.current.cpuSeconds / row.baseline.cpuSeconds,
          peakRssMB: row.current.peakRssMB / row.baseline.peakRssMB,
        },
        detectShare: row.detectDay.seconds / row.current.seconds,
        within20s: row.current.seconds <= 20,
      };
    });

    const result = {
      date: new Date().toISOString(),
      machine: { node: process.version, cpus: cpus().length, loadAtEnd: loadavg(), uptimeAtEnd: uptime() },
      baseline: { commit: baseCommit, ref: BASELINE },
      current: { commit: currentCommit, uncommittedChanges: dirty !== '' },
      eventsRequested: EVENTS,
      rounds: ROUNDS,
      scoreOptions: SCORE_OPTIONS,
      method:
        'Each run is a child process (node --import tsx bench/score-run.ts) importing scoreDay/detectDay from its tree; ' +
        'baseline and current alternate on the same raw CSV files. seconds = wall of the call, cpuSeconds = process ' +
        'CPU (main thread + DuckDB threads) during the call, peakRssMB = the process maxRSS. Table = medians.',
      table,
      runs,
      benchSeconds: (Date.now() - started) / 1000,
    };
    mkdirSync(join(here, 'results'), { recursive: true });
    writeFileSync(join(here, 'results', 'score.json'), `${JSON.stringify(result, null, 2)}\n`);

    const f = (x: number, d = 1) => x.toFixed(d);
    console.log(
      `\nscoreDay, median of ${ROUNDS} round(s); baseline ${BASELINE} vs current ${currentCommit.slice(0, 7)}`,
    );
    console.log(
      '| pipeline | events | baseline wall / CPU / RSS | current wall / CPU / RSS | ratio wall / CPU / RSS | detectDay wall (share) |',
    );
    console.log('|---|---|---|---|---|---|');
    for (const t of table)
      console.log(
        `| ${t.pipeline} | ${t.events.toLocaleString()} | ${f(t.baseline.seconds)} s / ${f(t.baseline.cpuSeconds)} s / ${f(t.baseline.peakRssMB, 0)} MB ` +
          `| ${f(t.current.seconds)} s / ${f(t.current.cpuSeconds)} s / ${f(t.current.peakRssMB, 0)} MB ` +
          `| ${f(t.ratio.seconds, 2)} / ${f(t.ratio.cpuSeconds, 2)} / ${f(t.ratio.peakRssMB, 2)} ` +
          `| ${f(t.detectDay.seconds)} s (${f(100 * t.detectShare, 0)} %) |`,
      );
    console.log(`\nload after: ${uptime()}; bench ${f(result.benchSeconds, 0)} s; wrote bench/results/score.json`);
  } finally {
    if (base && !process.env.KEEP_BASELINE)
      execFileSync('git', ['-C', tree, 'worktree', 'remove', '--force', base], { stdio: 'inherit' });
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
