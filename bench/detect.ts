/**
 * Detection benchmark: `npm run bench:detect [-- --data DIR] [--only ID]`.
 *
 * For every labelled day under DIR (default $SPOT_DETECT_DATA, else /work/detect-data; built by the scripts in
 * bench/detect/build/ from public labelled data, see bench/detect/README.md), as an analyst would:
 * 1. Score the raw day with the embedded scorer and import it (the `ml.score` operation, as "Score this day").
 * 2. Read the list exactly as the view shows it (`suspicious.list`, what `spot-desk list` prints), in the default
 *    (combined risk) order and in Spot's LDA order; match each row to the day's labels.
 * 3. Score the first 20 benign rows of the default list low risk (3), read the list again (labels apply at once),
 *    then run Score this day again (the model learns from them) and read it once more.
 * Reports precision@50/@250, and per attack family: rows in the day, in the list, in its first 250, and the
 * position of the family's first row, and the goal "every attack family with rows in the first 250" over the families
 * a record of the pipeline can show — families it cannot (detect/not-observable.ts) are listed apart with why, their
 * rows still counted in precision and their positions still printed. Then the bundled sample day's scenarios: the position of each scenario's
 * first row in the default list and in the LDA order (`--no-sample` skips it). Writes bench/results/detect.json and
 * prints Markdown tables.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse as parseCsv } from 'csv-parse/sync';
import type { JobState } from '../shared/api';
import type { SuspiciousList } from '../shared/ops/triage';
import type { Pipeline } from '../shared/schema';
import { createCore, type Core } from '../electron/core/api';
import { dispatch } from '../electron/core/dispatch';
import { SAMPLE_DATE, SAMPLE_SCENARIOS, rowMatches } from '../electron/core/sample/scenarios';
import { familyGoal, type FamilyGoal } from './detect/not-observable';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: { data: { type: 'string' }, only: { type: 'string' }, 'no-sample': { type: 'boolean' } },
});
const DATA = args.data ?? process.env.SPOT_DETECT_DATA ?? '/work/detect-data';
const LABELS = 20;

/** The label key of a list row (OA column names) and of a labels.csv line (raw column names), per pipeline. */
const KEYS: Record<Pipeline, { list: string[]; labels: string[] }> = {
  flow: {
    list: ['tstart', 'srcip', 'dstip', 'sport', 'dport', 'proto'],
    labels: ['treceived', 'sip', 'dip', 'sport', 'dport', 'proto'],
  },
  dns: {
    list: ['unix_tstamp', 'ip_dst', 'dns_qry_name', 'dns_qry_type'],
    labels: ['unix_tstamp', 'ip_dst', 'dns_qry_name', 'dns_qry_type'],
  },
  proxy: {
    list: ['tdate', 'time', 'clientip', 'host', 'fulluri'],
    labels: ['p_date', 'p_time', 'clientip', 'host', 'fulluri'],
  },
};

interface Meta {
  id: string;
  pipeline: Pipeline;
  date: string;
  rows: number;
  malicious: number;
  families: Record<string, { rows: number; description?: string }>;
}

interface OrderResult {
  p50: number;
  p250: number;
  listed: number;
  families: Record<string, { inList: number; in250: number; first: number | null }>;
}

async function call<T>(core: Core, name: string, request: unknown): Promise<T> {
  const result = await dispatch(core.handlers, name, request);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value as T;
}

async function scoreThisDay(core: Core, pipeline: Pipeline, date: string): Promise<number> {
  const started = performance.now();
  const job = await call<JobState>(core, 'ml.score', { pipeline, date });
  const final = await core.jobs.wait(job.id);
  if (final.status !== 'done') throw new Error(`ml.score ${pipeline} ${date}: ${final.error ?? final.message}`);
  return (performance.now() - started) / 1000;
}

function familiesOf(list: SuspiciousList, labels: Map<string, string>, pipeline: Pipeline): (string | null)[] {
  const at = KEYS[pipeline].list.map((c) => list.columns.indexOf(c));
  return list.rows.map((row) => labels.get(at.map((i) => String(row.values[i] ?? '')).join('\u0001')) ?? null);
}

function measure(list: SuspiciousList, families: (string | null)[], meta: Meta): OrderResult {
  const precision = (k: number): number =>
    families.slice(0, k).filter((f) => f !== null).length / Math.max(1, Math.min(k, families.length));
  const perFamily: OrderResult['families'] = {};
  for (const name of Object.keys(meta.families)) perFamily[name] = { inList: 0, in250: 0, first: null };
  families.forEach((family, position) => {
    if (family === null) return;
    const f = (perFamily[family] ??= { inList: 0, in250: 0, first: null });
    f.inList++;
    if (position < 250) f.in250++;
    f.first ??= position;
  });
  return { p50: precision(50), p250: precision(250), listed: list.rows.length, families: perFamily };
}

interface DayResult {
  id: string;
  pipeline: Pipeline;
  date: string;
  rows: number;
  baseRate: number;
  scoreSeconds: number;
  rescoreSeconds: number;
  risk: OrderResult;
  lda: OrderResult;
  labelsAtOnce: OrderResult;
  labelsRescored: OrderResult;
  familyRows: Record<string, number>;
  /** In the default order. */
  familyGoal: FamilyGoal;
  top10: string[];
}

async function benchDay(dir: string): Promise<DayResult> {
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as Meta;
  const { pipeline, date } = meta;
  const keyColumns = KEYS[pipeline].labels;
  const labelRows = parseCsv(readFileSync(join(dir, 'labels.csv')), { columns: true }) as Record<string, string>[];
  const labels = new Map(labelRows.map((r) => [keyColumns.map((c) => r[c] ?? '').join('\u0001'), r.family ?? '?']));
  const work = mkdtempSync(join(tmpdir(), 'spot-detect-'));
  const core = createCore({ dataDir: join(work, 'data'), mode: 'browser', version: 'bench' });
  try {
    const settings = await call<Record<string, unknown>>(core, 'settings.get', {});
    const local = { ...(settings.local as object), root: join(work, 'tree'), rawRoot: dir };
    await call(core, 'settings.save', { settings: { ...settings, local } });
    const scoreSeconds = await scoreThisDay(core, pipeline, date);
    const list = (order: 'risk' | 'lda') => call<SuspiciousList>(core, 'suspicious.list', { pipeline, date, order });
    const risk = await list('risk');
    const riskFamilies = familiesOf(risk, labels, pipeline);
    const lda = await list('lda');
    const benign = risk.rows.filter((_, i) => riskFamilies[i] === null).slice(0, LABELS);
    await call(core, 'scores.apply', {
      pipeline,
      date,
      target: { rows: benign.map((r) => r.index) },
      score: 3,
      note: 'bench: benign',
    });
    const atOnce = await list('risk');
    const rescoreSeconds = await scoreThisDay(core, pipeline, date);
    const rescored = await list('risk');
    const riskResult = measure(risk, riskFamilies, meta);
    const result: DayResult = {
      id: meta.id,
      pipeline,
      date,
      rows: meta.rows,
      baseRate: meta.malicious / Math.max(1, meta.rows),
      scoreSeconds,
      rescoreSeconds,
      risk: riskResult,
      lda: measure(lda, familiesOf(lda, labels, pipeline), meta),
      labelsAtOnce: measure(atOnce, familiesOf(atOnce, labels, pipeline), meta),
      labelsRescored: measure(rescored, familiesOf(rescored, labels, pipeline), meta),
      familyRows: Object.fromEntries(Object.entries(meta.families).map(([k, v]) => [k, v.rows])),
      familyGoal: familyGoal(
        pipeline,
        Object.fromEntries(Object.entries(riskResult.families).map(([k, v]) => [k, v.in250])),
      ),
      top10: risk.rows.slice(0, 10).map((r, i) => `${riskFamilies[i] ?? 'benign'}: ${r.finding || 'LDA'}`),
    };
    return result;
  } finally {
    await core.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/** OA scores columns that carry a results column under another name (the scenario selectors use results names). */
const RESULTS_NAMES: Record<string, string> = { srcip: 'sip', dstip: 'dip', tstart: 'treceived' };

/** The sample day as the app generates and imports it; each scenario's first position in both orders. */
async function benchSample(): Promise<
  { scenario: string; pipeline: Pipeline; risk: number | null; lda: number | null }[]
> {
  const work = mkdtempSync(join(tmpdir(), 'spot-detect-sample-'));
  const core = createCore({ dataDir: join(work, 'data'), mode: 'browser', version: 'bench' });
  try {
    const job = await call<JobState>(core, 'sample.load', {});
    const final = await core.jobs.wait(job.id);
    if (final.status !== 'done') throw new Error(`sample.load: ${final.error ?? final.message}`);
    const out: { scenario: string; pipeline: Pipeline; risk: number | null; lda: number | null }[] = [];
    for (const scenario of SAMPLE_SCENARIOS) {
      for (const selector of scenario.rows) {
        const { pipeline } = selector;
        const first = async (order: 'risk' | 'lda'): Promise<number | null> => {
          const list = await call<SuspiciousList>(core, 'suspicious.list', { pipeline, date: SAMPLE_DATE, order });
          const at = list.rows.findIndex((row) => {
            const record: Record<string, string | null> = {};
            list.columns.forEach((c, i) => {
              const v = row.values[i];
              record[pipeline === 'flow' ? (RESULTS_NAMES[c] ?? c) : c] =
                v === null || v === undefined ? null : String(v);
            });
            return rowMatches(selector, record);
          });
          return at < 0 ? null : at;
        };
        out.push({ scenario: scenario.id, pipeline, risk: await first('risk'), lda: await first('lda') });
      }
    }
    return out;
  } finally {
    await core.close();
    rmSync(work, { recursive: true, force: true });
  }
}

const pct = (x: number): string => x.toFixed(2);

async function main(): Promise<void> {
  if (!existsSync(DATA)) {
    console.error(
      `no labelled days at ${DATA}: build them with the scripts in bench/detect/build/ (bench/detect/README.md)`,
    );
    process.exit(2);
  }
  const days = readdirSync(DATA)
    .filter((d) => existsSync(join(DATA, d, 'meta.json')) && (!args.only || d === args.only))
    .sort();
  const results: (DayResult | { id: string; error: string })[] = [];
  for (const day of days) {
    process.stderr.write(`${day} …\n`);
    try {
      results.push(await benchDay(join(DATA, day)));
    } catch (error) {
      results.push({ id: day, error: (error as Error).message });
      process.stderr.write(`  failed: ${(error as Error).message}\n`);
    }
  }
  const sample = args['no-sample'] ? [] : await benchSample();
  writeFileSync(
    join(here, 'results', 'detect.json'),
    `${JSON.stringify({ when: new Date().toISOString(), results, sample }, null, 1)}\n`,
  );
  const lines = [
    '| day | type | base rate | p@50 risk | p@250 risk | p@50 LDA | p@250 LDA | p@250 after 20 labels (at once / re-scored) | families in first 250 (risk) | score s |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  const families = [
    '',
    '| day | family | rows | in list | in first 250 (risk / LDA) | first position (risk / LDA) |',
    '|---|---|---|---|---|---|',
  ];
  const unobservable = [
    '',
    '| day | family not observable in the record (apart from the every-family goal) | rows | in first 250 (risk / LDA) | first position (risk / LDA) | why |',
    '|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    if ('error' in r) {
      lines.push(`| ${r.id} | failed: ${r.error} |`);
      continue;
    }
    const goal = r.familyGoal;
    const apart = Object.keys(goal.notObservable).length;
    const goalText =
      `${goal.met} of ${goal.of}${goal.missing.length ? ` (missing ${goal.missing.join(', ')})` : ''}` +
      (apart ? `; ${apart} not observable in ${r.pipeline}` : '');
    lines.push(
      `| ${r.id} | ${r.pipeline} | ${pct(r.baseRate)} | ${pct(r.risk.p50)} | ${pct(r.risk.p250)} | ${pct(r.lda.p50)} | ${pct(r.lda.p250)} | ${pct(r.labelsAtOnce.p250)} / ${pct(r.labelsRescored.p250)} | ${goalText} | ${r.scoreSeconds.toFixed(1)} |`,
    );
    for (const [family, rows] of Object.entries(r.familyRows)) {
      const none = { inList: 0, in250: 0, first: null };
      const a = r.risk.families[family] ?? none;
      const b = r.lda.families[family] ?? none;
      families.push(
        `| ${r.id} | ${family} | ${rows} | ${a.inList} | ${a.in250} / ${b.in250} | ${a.first ?? '—'} / ${b.first ?? '—'} |`,
      );
      const why = goal.notObservable[family];
      if (why !== undefined)
        unobservable.push(
          `| ${r.id} | ${family} | ${rows} | ${a.in250} / ${b.in250} | ${a.first ?? '—'} / ${b.first ?? '—'} | ${why} |`,
        );
    }
  }
  const scenarios = ['', '| sample scenario | type | first position (risk / LDA) |', '|---|---|---|'];
  for (const s of sample) scenarios.push(`| ${s.scenario} | ${s.pipeline} | ${s.risk ?? '—'} / ${s.lda ?? '—'} |`);
  console.log(
    [...lines, ...families, ...(unobservable.length > 3 ? unobservable : []), ...(sample.length ? scenarios : [])].join(
      '\n',
    ),
  );
}

await main();
