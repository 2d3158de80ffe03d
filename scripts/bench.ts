/**
 * `npm run bench`: runs every benchmark and reliability script of the project, each beside its baseline measured in
 * the same run, and writes one report, bench/results/report.md and report.json, with each figure, its baseline,
 * the ratio and the goal.
 *
 *   npm run bench                         everything (about 30–60 minutes on 2 cores: 10M flow rows, sklearn LDA)
 *   npm run bench -- --only oa,ui         some of: oa ui lda enrich soak crash reliability
 *   npm run bench -- --report-only        rebuild the report from the last results in bench/results/
 * BENCH_OA_ROWS (default 10000000) sizes the OA day.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCrashSummary, parseSoakFigures } from './bench-capture';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = path.join(ROOT, 'bench', 'results');

interface Step {
  name: string;
  command: string[];
  /** For scripts that print their figures instead of writing JSON: turn stdout into the JSON to keep. */
  capture?: (stdout: string) => unknown;
}

const STEPS: Step[] = [
  { name: 'oa', command: ['npx', 'tsx', 'bench/oa.ts', '--rows', process.env.BENCH_OA_ROWS ?? '10000000'] },
  { name: 'ui', command: ['npx', 'tsx', 'bench/ui.ts'] },
  { name: 'lda', command: ['npx', 'tsx', 'bench/lda.ts'] },
  { name: 'enrich', command: [process.execPath, '--expose-gc', '--import', 'tsx', 'bench/enrich.ts'] },
  {
    name: 'soak',
    command: ['npx', 'tsx', 'scripts/feedback-soak.ts'],
    capture: parseSoakFigures,
  },
  {
    name: 'crash',
    command: ['npx', 'tsx', 'scripts/crash-test.ts'],
    capture: parseCrashSummary,
  },
  // The rest of `npm run bench:reliability` (crash and soak run above at full length); writes reliability.json.
  { name: 'reliability', command: ['npx', 'tsx', 'bench/reliability.ts', '--only', 'http,corpus,rows'] },
];

interface Figure {
  area: string;
  figure: string;
  value: number | null;
  unit: string;
  baseline: string;
  baselineValue: number | null;
  /** value / baseline (or baseline / value where smaller is better, so that > 1 always means "we are faster") */
  ratio: number | null;
  goal: string;
  met: boolean | null;
}

type Json = Record<string, unknown>;
const read = (name: string): Json | null => {
  const file = path.join(RESULTS, `${name}.json`);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Json) : null;
};
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const at = (obj: unknown, ...keys: Array<string | number>): unknown =>
  keys.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
const round = (n: number | null, digits = 2) => (n === null ? null : Number(n.toFixed(digits)));

function figures(): Figure[] {
  const out: Figure[] = [];
  const add = (f: Omit<Figure, 'ratio'> & { ratio?: number | null }) =>
    out.push({
      ...f,
      value: round(f.value, 3),
      baselineValue: round(f.baselineValue, 3),
      ratio: round(f.ratio ?? null, 2),
    });

  const oa = read('oa');
  for (const format of ['parquet', 'csv'] as const) {
    const r = at(oa, format);
    if (!r) continue;
    const seconds = num(at(r, 'pipelineSeconds'));
    const limit = format === 'parquet' ? 3 : 8;
    const hand = Math.min(
      num(at(r, 'handSqlNaiveSeconds')) ?? Infinity,
      num(at(r, 'handSqlSingleScanSeconds')) ?? Infinity,
    );
    add({
      area: 'OA flow pipeline',
      figure: `top 3000 of ${num(at(oa, 'rows'))} raw rows, ${format}`,
      value: seconds,
      unit: 's',
      baseline: 'best hand-written DuckDB SQL, same run',
      baselineValue: Number.isFinite(hand) ? hand : null,
      ratio: seconds && Number.isFinite(hand) ? seconds / hand : null,
      goal: `≤ ${limit} s and ≤ 1.5× the hand SQL`,
      met: seconds !== null && Number.isFinite(hand) ? seconds <= limit && seconds / hand <= 1.5 : null,
    });
    const perRow = num(at(r, 'perRowExtrapolatedSeconds'));
    add({
      area: 'OA flow pipeline',
      figure: `speed-up over Spot's one query per suspicious row, ${format}`,
      value: seconds,
      unit: 's',
      baseline: 'one query per row (sampled, extrapolated to 3000)',
      baselineValue: perRow,
      ratio: seconds && perRow ? perRow / seconds : null,
      goal: '≥ 100× faster',
      met: seconds && perRow ? perRow / seconds >= 100 : null,
    });
  }

  const ui = read('ui');
  if (ui) {
    const paint = num(at(ui, 'table', 'app_first_paint_ms', 'median'));
    const plain = num(at(ui, 'table', 'plain_dom_table_ms', 'median'));
    add({
      area: 'Suspicious view',
      figure: 'choose a day → first paint of the 3000-row table (median)',
      value: paint,
      unit: 'ms',
      baseline: 'plain DOM table of the same rows',
      baselineValue: plain,
      ratio: paint && plain ? plain / paint : null,
      goal: '< 300 ms',
      met: paint !== null ? paint < 300 : null,
    });
    const sizes = (at(ui, 'graph', 'sizes') as Json[] | undefined) ?? [];
    for (const size of sizes) {
      const fps = num(size.canvas_fps);
      const svg = num(size.svg_d3_fps);
      add({
        area: 'Suspicious view',
        figure: `pan/zoom 2000 nodes / 5000 edges, canvas ${String(size.canvas_px)}`,
        value: fps,
        unit: 'fps',
        baseline: 'plain SVG d3 rendering, same graph',
        baselineValue: svg,
        ratio: fps && svg ? fps / svg : null,
        goal: '≥ 30 fps',
        met: fps !== null ? fps >= 30 : null,
      });
    }
  }

  const lda = read('lda');
  if (lda) {
    const ours = num(at(lda, 'ours', 'seconds'));
    const runs = (at(lda, 'sklearn', 'runs') as Json[] | undefined) ?? [];
    for (const run of runs) {
      const theirs = num(run.seconds);
      add({
        area: 'Embedded LDA',
        figure: `${num(at(lda, 'events'))} flow events, K=20, 20 iterations: time (sklearn ${String(run.setting)})`,
        value: ours,
        unit: 's',
        baseline: 'scikit-learn LatentDirichletAllocation, same corpus',
        baselineValue: theirs,
        ratio: ours && theirs ? theirs / ours : null,
        goal: '≤ 1× sklearn time',
        met: ours && theirs ? ours <= theirs : null,
      });
      const p = num(at(lda, 'ours', 'perplexity'));
      const q = num(run.perplexity);
      add({
        area: 'Embedded LDA',
        figure: `perplexity (sklearn ${String(run.setting)})`,
        value: p,
        unit: '',
        baseline: 'scikit-learn perplexity, same corpus',
        baselineValue: q,
        ratio: p && q ? p / q : null,
        goal: 'within 5 % (lower is better)',
        met: p && q ? p / q <= 1.05 : null,
      });
    }
  }

  const enrich = read('enrich');
  if (enrich) {
    add({
      area: 'Enrichment',
      figure: `iploc lookups (${num(enrich.rows)}-range file)`,
      value: num(enrich.iplocLookupsPerSecond),
      unit: 'lookups/s',
      baseline: '—',
      baselineValue: null,
      goal: 'informational',
      met: null,
    });
  }

  const soak = read('soak');
  if (soak) {
    for (const key of ['duplicates', 'losses'] as const) {
      add({
        area: 'Feedback push soak',
        figure: `${key} over ${num(soak.pushes)} pushes, ${num(soak.sshdRestarts)} sshd restarts`,
        value: num(soak[key]),
        unit: 'rows',
        baseline: `${num(soak.rowsScored)} rows scored, ${num(soak.rowsOnNode)} on the node`,
        baselineValue: null,
        goal: '0',
        met: soak[key] === 0,
      });
    }
  }

  const crash = read('crash');
  if (crash) {
    for (const key of ['corrupted', 'halfWritten'] as const) {
      add({
        area: 'Crash test',
        figure: `${key === 'corrupted' ? 'corrupted caches' : 'half-written days'} after ${num(crash.runs)} SIGKILLs`,
        value: num(crash[key]),
        unit: '',
        baseline: `${num(crash.committed)} imports committed before their kill`,
        baselineValue: null,
        goal: '0',
        met: crash[key] === 0,
      });
    }
  }
  const reliability = read('reliability');
  for (const r of (at(reliability, 'summary') as Json[] | undefined) ?? []) {
    const value = num(Number(r.value));
    add({
      area: String(r.part),
      figure: value === null ? `${String(r.figure)}: ${String(r.value)}` : String(r.figure),
      value,
      unit: '',
      baseline: '—',
      baselineValue: null,
      goal: String(r.goal),
      met: typeof r.met === 'boolean' ? r.met : null,
    });
  }
  return out;
}

function writeReport(ran: string[]): void {
  const list = figures();
  const when = new Date().toISOString();
  const machine = `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join('/')}`;
  fs.writeFileSync(
    path.join(RESULTS, 'report.json'),
    `${JSON.stringify({ at: when, machine, ran, figures: list }, null, 2)}\n`,
  );
  const cell = (v: number | null) => (v === null ? '—' : String(v));
  const lines = [
    '# Spot Desk benchmark report',
    '',
    `${when} · ${machine} · ran: ${ran.length ? ran.join(', ') : 'none (report from earlier results)'}`,
    '',
    'Every figure stands beside its baseline measured in the same run. Ratio > 1 means Spot Desk is faster (or',
    'better) than the baseline. Reproduce with `npm run bench` (see README).',
    '',
    '| area | figure | value | baseline | baseline value | ratio | goal | met |',
    '|---|---|---|---|---|---|---|---|',
    ...list.map(
      (f) =>
        `| ${f.area} | ${f.figure} | ${cell(f.value)} ${f.unit} | ${f.baseline} | ${cell(f.baselineValue)} | ${cell(f.ratio)} | ${f.goal} | ${
          f.met === null ? '—' : f.met ? 'yes' : '**no**'
        } |`,
    ),
    '',
  ];
  fs.writeFileSync(path.join(RESULTS, 'report.md'), lines.join('\n'));
  process.stdout.write(`${lines.join('\n')}\nwrote bench/results/report.md and report.json\n`);
}

function main(): void {
  fs.mkdirSync(RESULTS, { recursive: true });
  const onlyIndex = process.argv.indexOf('--only');
  const only = onlyIndex >= 0 ? new Set((process.argv[onlyIndex + 1] ?? '').split(',')) : null;
  const ran: string[] = [];
  let failed = false;
  if (!process.argv.includes('--report-only')) {
    for (const step of STEPS.filter((s) => !only || only.has(s.name))) {
      process.stderr.write(`\n=== bench ${step.name}: ${step.command.join(' ')}\n`);
      const result = spawnSync(step.command[0]!, step.command.slice(1), {
        cwd: ROOT,
        stdio: ['ignore', step.capture ? 'pipe' : 'inherit', 'inherit'],
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      if (step.capture && result.stdout) {
        process.stdout.write(result.stdout);
        try {
          fs.writeFileSync(
            path.join(RESULTS, `${step.name}.json`),
            `${JSON.stringify(step.capture(result.stdout), null, 2)}\n`,
          );
        } catch (err) {
          process.stderr.write(`bench ${step.name}: could not read its figures (${(err as Error).message})\n`);
        }
      }
      if (result.status !== 0) {
        failed = true;
        process.stderr.write(`bench ${step.name} exited with ${result.status}\n`);
      }
      ran.push(step.name);
    }
  }
  writeReport(ran);
  process.exit(failed ? 1 : 0);
}

main();
