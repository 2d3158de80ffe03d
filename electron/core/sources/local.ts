import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readFile, readdir, stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { RAW_COLUMNS, RAW_FLOW_SEED_COLUMNS, columnNames } from '../../../shared/schema';
import type { Pipeline } from '../../../shared/schema';
import { InputError } from '../errors';
import type { DaySource, DetectionsFile, RawDayRef, ResultsFile } from './types';

/** `YYYY-MM-DD` → its parts, or an error naming the bad date. */
export function splitDate(date: string): { y: number; m: number; d: number; compact: string } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new InputError('date', null, null, `bad date "${date}" (expected YYYY-MM-DD)`);
  const [, y, m, d] = match as unknown as [string, string, string, string];
  return { y: Number(y), m: Number(m), d: Number(d), compact: `${y}${m}${d}` };
}

export function resultsPath(root: string, pipeline: Pipeline, date: string): string {
  const { compact } = splitDate(date);
  return join(root, pipeline, 'scored_results', compact, 'scores', `${pipeline}_results.csv`);
}

/** The raw day folder, unpadded as Spot's partitions are: `<root>/<type>/hive/y=2026/m=1/d=5`. */
export function rawDayDir(root: string, pipeline: Pipeline, date: string): string {
  const { y, m, d } = splitDate(date);
  return join(root, pipeline, 'hive', `y=${y}`, `m=${m}`, `d=${d}`);
}

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Every file below `dir` (recursively), as absolute paths. */
async function listFilesDeep(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/** Reads the first line of a file (its header) without reading the rest. */
export async function readFirstLine(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, bytesRead).toString('utf8');
    const end = text.search(/\r?\n/);
    return end === -1 ? text : text.slice(0, end);
  } finally {
    await handle.close();
  }
}

/** The raw CSV header names a pipeline accepts: flow has Spot 1.0's 28 columns or the seed's 27. */
export function acceptedRawHeaders(pipeline: Pipeline): string[][] {
  if (pipeline === 'flow') return [columnNames(RAW_COLUMNS.flow), columnNames(RAW_FLOW_SEED_COLUMNS)];
  return [columnNames(RAW_COLUMNS[pipeline])];
}

/** Checks a raw CSV header against Spot's column names; the error names the first column that differs. */
export function checkRawCsvHeader(pipeline: Pipeline, file: string, headerLine: string): void {
  const names = headerLine.split(',').map((name) => name.trim().replace(/^"(.*)"$/, '$1'));
  const accepted = acceptedRawHeaders(pipeline);
  if (accepted.some((expected) => expected.length === names.length && expected.every((n, i) => n === names[i]))) {
    return;
  }
  const closest = accepted.find((expected) => expected.length === names.length) ?? accepted[0]!;
  if (closest.length !== names.length) {
    const counts = accepted.map((a) => a.length).join(' or ');
    throw new InputError(file, 1, null, `raw ${pipeline} CSV header has ${names.length} columns, expected ${counts}`);
  }
  const index = closest.findIndex((n, i) => n !== names[i]);
  throw new InputError(file, 1, closest[index] ?? null, `raw ${pipeline} CSV header names "${names[index]}" here`);
}

/**
 * A local folder laid out like Spot's HDFS tree (docs/CONVENTIONS.md): results under
 * `<type>/scored_results/YYYYMMDD/scores/`, raw days under `<type>/hive/y=/m=/d=/[h=/]` as Parquet or CSV.
 * A local raw day is always whole, so the ingest summary is computed from it (no `ingestCounts`).
 */
export function createLocalSource(root: string, options: { rawRoot?: string } = {}): DaySource {
  // Raw days may live in a tree of their own (settings local.rawRoot); results always under root.
  const rawTree = options.rawRoot ?? root;
  return {
    async listDates(pipeline) {
      const dir = join(root, pipeline, 'scored_results');
      let names: string[];
      try {
        names = await readdir(dir);
      } catch {
        return [];
      }
      const dates: string[] = [];
      for (const name of names) {
        if (!/^\d{8}$/.test(name)) continue;
        const date = `${name.slice(0, 4)}-${name.slice(4, 6)}-${name.slice(6, 8)}`;
        if (await isFile(resultsPath(root, pipeline, date))) dates.push(date);
      }
      return dates.sort().reverse();
    },

    async listRawDates(pipeline) {
      // <root>/<type>/hive/y=YYYY/m=M/d=D with at least one .csv or .parquet file below it.
      const dates: string[] = [];
      const base = join(rawTree, pipeline, 'hive');
      const numbered = async (dir: string, key: string): Promise<number[]> => {
        const names = await readdir(dir).catch(() => [] as string[]);
        return names
          .map((name) => new RegExp(`^${key}=(\\d{1,4})$`).exec(name)?.[1])
          .filter((n): n is string => n !== undefined)
          .map(Number);
      };
      for (const y of await numbered(base, 'y')) {
        for (const m of await numbered(join(base, `y=${y}`), 'm')) {
          for (const d of await numbered(join(base, `y=${y}`, `m=${m}`), 'd')) {
            const date = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
            // A real calendar day only (no m=13, no Feb 30).
            if (new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10) !== date) continue;
            const files = await listFilesDeep(rawDayDir(rawTree, pipeline, date)).catch(() => [] as string[]);
            if (files.some((f) => f.endsWith('.csv') || f.endsWith('.parquet'))) dates.push(date);
          }
        }
      }
      return dates.sort().reverse();
    },

    async openResults(pipeline, date): Promise<ResultsFile> {
      const path = resultsPath(root, pipeline, date);
      if (!(await isFile(path))) throw new InputError(path, null, null, `no ${pipeline} results file for ${date}`);
      return { name: path, stream: createReadStream(path) };
    },

    async openDetections(pipeline, date): Promise<DetectionsFile | null> {
      const results = resultsPath(root, pipeline, date);
      const path = join(dirname(results), `${pipeline}_detections.json`);
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw new InputError(path, null, null, `cannot read: ${(error as Error).message}`);
      }
      return { name: path, text, resultsSha256: await sha256OfFile(results) };
    },

    async rawDay(pipeline, date): Promise<RawDayRef> {
      const dir = rawDayDir(rawTree, pipeline, date);
      let files: string[];
      try {
        files = await listFilesDeep(dir);
      } catch {
        throw new InputError(dir, null, null, `no raw ${pipeline} data for ${date} (folder missing)`);
      }
      const parquet = files.filter((f) => f.endsWith('.parquet'));
      const csv = files.filter((f) => f.endsWith('.csv'));
      if (parquet.length > 0 && csv.length > 0) {
        throw new InputError(dir, null, null, 'raw day holds both .parquet and .csv files; keep one format per day');
      }
      if (parquet.length === 0 && csv.length === 0) {
        throw new InputError(dir, null, null, `no raw ${pipeline} data for ${date} (no .parquet or .csv files)`);
      }
      if (csv.length > 0) {
        // Every file of the day must share one header form, or DuckDB would misalign the columns.
        let firstHeader: string | null = null;
        for (const file of csv.sort()) {
          const header = await readFirstLine(file);
          checkRawCsvHeader(pipeline, file, header);
          if (firstHeader === null) firstHeader = header;
          else if (header !== firstHeader) {
            throw new InputError(file, 1, null, `header differs from ${relative(dir, csv[0]!)} of the same day`);
          }
        }
      }
      // Files directly in d=D/ and in h=H/ are both listed; the list, not a glob, goes to DuckDB.
      const format = parquet.length > 0 ? 'parquet' : 'csv';
      return { files: (format === 'parquet' ? parquet : csv).sort(), name: dir, format, wholeDay: true };
    },
  };
}
