/**
 * The bundled sample day: generates a deterministic enterprise day (raw flow, DNS and proxy telemetry with
 * injected attack scenarios), scores it with the embedded scorer (spot-ml's LDA plus the named detections,
 * electron/core/ml) and writes the context files, as a local data tree. See docs/sample-day.md.
 */
import { access, mkdir, open, readFile, rename, rm, readdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { PIPELINES, RAW_COLUMNS, columnNames, type Column, type Pipeline } from '../../../shared/schema';
import { CancelledError } from '../errors';
import { scoreDay, type ScoreDayOptions, type ScoreDayResult } from '../ml/score-day';
import { csvLine } from '../csv-writer';
import { ipRangesCsv, networkContextCsv, reputationCsv } from './context-files';
import { iplocCsv } from './geo-ranges';
import { dayClock } from './day-clock';
import { createDnsSource } from './dns-traffic';
import { createFlowSource, type MinuteSource, type TrafficArgs } from './flow-traffic';
import { Prng } from './prng';
import { createProxySource } from './proxy-traffic';
import { csvColumnsSql, Duck, fileListSql, sqlString } from '../pipeline/duck';
import { rawDayDir, resultsPath } from '../sources/local';
import { scenarioSchedule } from './scenario-events';
import { SAMPLE_DATE, SAMPLE_ORG, SAMPLE_SCENARIOS, type SampleScenario } from './scenarios';
import { buildTopology } from './topology';
import { compactDay } from '../../../shared/spot-date';

/** Bump when the generator's output changes, so ensureSampleDay regenerates old trees (4: the detector registry's
 * findings and the detections file with every covered row). */
export const SAMPLE_VERSION = 4;
export const SAMPLE_MANIFEST_FILE = 'sample-manifest.json';
export const SAMPLE_MAX_RESULTS = 5000;

/**
 * How the sample is scored: the embedded scorer's defaults (20 topics, 20 iterations, seed 1, the bundled
 * top-domains list) with the organisation's USER_DOMAIN, TOL 1 (Spot's 1e-6 keeps nothing on a day this size,
 * docs/ml.md §6) and at most SAMPLE_MAX_RESULTS rows. "Score this day" on the sample uses the same, so with no
 * feedback it reproduces the shipped results byte for byte.
 */
export const SAMPLE_ML = {
  userDomain: SAMPLE_ORG.userDomainLabel,
  tol: 1,
  maxResults: SAMPLE_MAX_RESULTS,
} as const satisfies Partial<ScoreDayOptions>;

/** The scorer the generator calls: in-process by default; the app passes one that runs in a worker thread. */
export type SampleScorer = (opts: ScoreDayOptions) => Promise<ScoreDayResult>;

export interface SampleManifest {
  version: number;
  date: string;
  scale: number;
  format: 'csv' | 'parquet';
  org: typeof SAMPLE_ORG;
  /** Relative paths (from root) of every file of the tree, except this manifest. */
  files: string[];
  rows: Record<Pipeline, { total: number; perHour: number[] }>;
  results: Record<
    Pipeline,
    { path: string; detectionsPath: string; events: number; rowsKept: number; detections: string[] }
  >;
  context: { ipranges: string; networkContext: string; reputation: string; iploc: string };
  scenarios: readonly SampleScenario[];
}

export interface GenerateSampleOptions {
  /** The tree's directory: created, or replaced when it holds an older sample. */
  root: string;
  /** Multiplies the background volume (1 ≈ 300k flow, 150k DNS, 100k proxy rows). Scenarios do not scale. */
  scale?: number;
  format?: 'csv' | 'parquet';
  onProgress?: (fraction: number, message: string) => void;
  signal?: AbortSignal;
  /** Default: ml/score-day in this thread. */
  score?: SampleScorer;
}

/** The sample's Parquet keeps Hive's narrow types (int, float), as Spot's tables declare them. */
const SAMPLE_PARQUET_TYPES: Record<Column['type'], string> = {
  string: 'VARCHAR',
  int: 'INTEGER',
  bigint: 'BIGINT',
  float: 'FLOAT',
};

async function csvToParquet(duck: Duck, pipeline: Pipeline, csv: string, parquet: string) {
  const columns = csvColumnsSql(RAW_COLUMNS[pipeline], SAMPLE_PARQUET_TYPES);
  await duck.run(
    `COPY (SELECT * FROM read_csv(${fileListSql([csv])}, header=true, auto_detect=false, delim=',', quote='"', ` +
      `escape='"', columns=${columns})) TO ${sqlString(parquet)} (FORMAT parquet, COMPRESSION zstd)`,
  );
}

/** Each type's synthetic traffic (one source per type; the args are the same for all). */
export const TRAFFIC: Record<Pipeline, (args: TrafficArgs) => MinuteSource> = {
  flow: createFlowSource,
  dns: createDnsSource,
  proxy: createProxySource,
};

/**
 * Writes one hour of a traffic source as a raw CSV file: the `header` line, then each minute's rows in time order.
 * Returns how many rows it wrote.
 */
export async function writeHourCsv(path: string, header: string, source: MinuteSource, hour: number): Promise<number> {
  const out = await open(path, 'w');
  let count = 0;
  try {
    await out.write(header);
    for (let minute = hour * 60; minute < hour * 60 + 60; minute++) {
      // Stable sort: rows of the same instant keep generation order, so output is deterministic.
      const minuteRows = source.rowsForMinute(minute).sort((a, b) => a.t - b.t);
      count += minuteRows.length;
      await out.write(minuteRows.map((r) => csvLine(r.values)).join(''));
    }
  } finally {
    await out.close();
  }
  return count;
}

let runCounter = 0;
const WEIGHTS: Record<Pipeline, number> = { flow: 0.4, dns: 0.18, proxy: 0.12 };
const SCORE_WEIGHT = 0.3;

export async function generateSampleDay(opts: GenerateSampleOptions): Promise<SampleManifest> {
  const scale = opts.scale ?? 1;
  const format = opts.format ?? 'parquet';
  if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`scale must be a positive number, got ${scale}`);
  const progress = opts.onProgress ?? (() => {});
  const checkAbort = (): void => {
    if (opts.signal?.aborted) throw new CancelledError();
  };
  const root = opts.root;
  await assertReplaceable(root);
  await mkdir(dirname(root), { recursive: true });
  // Unique per run, so two runs in one process never share a work directory.
  const work = join(dirname(root), `.${basename(root)}.partial-${process.pid}-${++runCounter}`);
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });

  let manifest: SampleManifest;
  try {
    manifest = await buildTree(work, scale, format, progress, checkAbort, opts.signal, opts.score ?? scoreDay);
  } catch (error) {
    await rm(work, { recursive: true, force: true });
    throw error;
  }
  await replaceDirectory(work, root);
  progress(1, `sample day ready in ${root}`);
  return manifest;
}

/** Writes the whole tree into `work` and returns its manifest. */
async function buildTree(
  work: string,
  scale: number,
  format: 'csv' | 'parquet',
  progress: (fraction: number, message: string) => void,
  checkAbort: () => void,
  signal: AbortSignal | undefined,
  score: SampleScorer,
): Promise<SampleManifest> {
  const clock = dayClock(SAMPLE_DATE);
  const master = new Prng(`spot-desk-sample-${SAMPLE_DATE}`);
  const topology = buildTopology(master.fork('topology'));
  const schedule = scenarioSchedule(master.fork('scenarios'));
  const compact = compactDay(SAMPLE_DATE);
  const files: string[] = [];
  const rows = {} as SampleManifest['rows'];
  const duck = await Duck.open();
  let done = 0;
  try {
    for (const pipeline of PIPELINES) {
      const rng = master.fork(pipeline);
      const args = { topology, clock, rng, scale, schedule };
      const source: MinuteSource = TRAFFIC[pipeline](args);
      const header = csvLine(columnNames(RAW_COLUMNS[pipeline]));
      const perHour: number[] = [];
      for (let hour = 0; hour < 24; hour++) {
        checkAbort();
        const dir = join(rawDayDir(work, pipeline, SAMPLE_DATE), `h=${hour}`);
        await mkdir(dir, { recursive: true });
        const name = `${pipeline}-${compact}-${String(hour).padStart(2, '0')}`;
        const csvPath = join(dir, `${name}.csv`);
        const count = await writeHourCsv(csvPath, header, source, hour);
        if (format === 'parquet') {
          await csvToParquet(duck, pipeline, csvPath, join(dir, `${name}.parquet`));
          await rm(csvPath);
        }
        files.push(join(dir, `${name}.${format}`).slice(work.length + 1));
        perHour.push(count);
        done += WEIGHTS[pipeline] / 24;
        progress(done, `${pipeline}: hour ${hour} (${count} rows)`);
      }
      rows[pipeline] = { total: perHour.reduce((a, b) => a + b, 0), perHour };
    }
  } finally {
    duck.close();
  }

  const results = {} as SampleManifest['results'];
  for (const pipeline of ['flow', 'dns', 'proxy'] as const) {
    checkAbort();
    const base = done;
    const result = await score({
      root: work,
      date: SAMPLE_DATE,
      pipeline,
      ...SAMPLE_ML,
      signal,
      onProgress: (f, message) => progress(base + (f * SCORE_WEIGHT) / 3, `scoring ${pipeline}: ${message}`),
    });
    done = base + SCORE_WEIGHT / 3;
    const path = resultsPath(work, pipeline, SAMPLE_DATE).slice(work.length + 1);
    const detectionsPath = result.detectionsPath.slice(work.length + 1);
    files.push(path, detectionsPath);
    results[pipeline] = {
      path,
      detectionsPath,
      events: result.events,
      rowsKept: result.kept,
      detections: result.detections.map((d) => `${d.name} ${JSON.stringify(d.keys)} ${d.strength}`),
    };
  }

  const context = {
    ipranges: 'context/ipranges.csv',
    networkContext: 'context/networkcontext.csv',
    reputation: 'context/reputation.csv',
    iploc: 'context/iploc.csv',
  };
  await mkdir(join(work, 'context'), { recursive: true });
  await writeFile(join(work, context.ipranges), ipRangesCsv());
  await writeFile(join(work, context.networkContext), networkContextCsv());
  await writeFile(join(work, context.reputation), reputationCsv());
  await writeFile(join(work, context.iploc), iplocCsv());
  files.push(context.ipranges, context.networkContext, context.reputation, context.iploc);

  const manifest: SampleManifest = {
    version: SAMPLE_VERSION,
    date: SAMPLE_DATE,
    scale,
    format,
    org: SAMPLE_ORG,
    files,
    rows,
    results,
    context,
    scenarios: SAMPLE_SCENARIOS,
  };
  await writeFile(join(work, SAMPLE_MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
  checkAbort();
  return manifest;
}

/** The entries of root, or null when it does not exist. */
async function entriesOf(root: string): Promise<string[] | null> {
  try {
    return await readdir(root);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return null;
  }
}

/** A sample root may be missing, empty, or an earlier sample tree; anything else is someone's data. */
async function assertReplaceable(root: string): Promise<void> {
  const existing = await entriesOf(root);
  if (existing === null || existing.length === 0 || existing.includes(SAMPLE_MANIFEST_FILE)) return;
  if (existing.every((e) => SAMPLE_DIRS.has(e))) return;
  throw new Error(`${root} exists and is not a sample day tree; refusing to replace it`);
}

/** Moves the finished tree into place, replacing an earlier sample at root. */
async function replaceDirectory(work: string, root: string): Promise<void> {
  try {
    await assertReplaceable(root);
  } catch (error) {
    await rm(work, { recursive: true, force: true });
    throw error;
  }
  if ((await entriesOf(root)) === null) {
    await rename(work, root);
    return;
  }
  const old = `${work}.old`;
  await rename(root, old);
  await rename(work, root);
  await rm(old, { recursive: true, force: true });
}

const SAMPLE_DIRS = new Set(['flow', 'dns', 'proxy', 'context', SAMPLE_MANIFEST_FILE]);

/** The manifest of a complete sample tree at root, or null when it is missing, old or incomplete. */
export async function readSampleManifest(root: string): Promise<SampleManifest | null> {
  let manifest: SampleManifest;
  try {
    manifest = JSON.parse(await readFile(join(root, SAMPLE_MANIFEST_FILE), 'utf8')) as SampleManifest;
  } catch {
    return null;
  }
  if (manifest.version !== SAMPLE_VERSION || manifest.date !== SAMPLE_DATE || !Array.isArray(manifest.files))
    return null;
  try {
    await Promise.all(manifest.files.map((f) => access(join(root, f))));
  } catch {
    return null;
  }
  return manifest;
}

const pending = new Map<string, Promise<SampleManifest>>();

/** Generates the default sample at root unless a complete one is already there. Concurrent calls share one run. */
export async function ensureSampleDay(
  root: string,
  onProgress?: (fraction: number, message: string) => void,
  score?: SampleScorer,
): Promise<SampleManifest> {
  const existing = await readSampleManifest(root);
  if (existing) return existing;
  let run = pending.get(root);
  if (!run) {
    run = generateSampleDay({ root, onProgress, ...(score ? { score } : {}) }).finally(() => pending.delete(root));
    pending.set(root, run);
  }
  return run;
}
