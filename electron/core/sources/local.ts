import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { Pipeline } from '../../../shared/schema';
import { dayFromCompact, splitDay } from '../../../shared/spot-date';
import { InputError } from '../errors';
import { rawSchemaOfHeader, readFirstLine } from '../parse/raw-header';
import type { DaySource, DetectionsFile, RawDayRef, ResultsFile } from './types';

export function resultsPath(root: string, pipeline: Pipeline, date: string): string {
  const { compact } = splitDay(date);
  return join(root, pipeline, 'scored_results', compact, 'scores', `${pipeline}_results.csv`);
}

/** The raw day folder, unpadded as Spot's partitions are: `<root>/<type>/hive/y=2026/m=1/d=5`. */
export function rawDayDir(root: string, pipeline: Pipeline, date: string): string {
  const { y, m, d } = splitDay(date);
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
        const date = dayFromCompact(name);
        if (date && (await isFile(resultsPath(root, pipeline, date)))) dates.push(date);
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

    openDetections: (pipeline, date) => scorerFile(resultsPath(root, pipeline, date), `${pipeline}_detections.json`),
    openTopics: (pipeline, date) => scorerFile(resultsPath(root, pipeline, date), `${pipeline}_topics.json`),

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
          rawSchemaOfHeader(pipeline, file, header);
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

/** A file the embedded scorer wrote beside the results file, with the results file's hash; null when absent. */
async function scorerFile(results: string, name: string): Promise<DetectionsFile | null> {
  const path = join(dirname(results), name);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new InputError(path, null, null, `cannot read: ${(error as Error).message}`);
  }
  return { name: path, text, resultsSha256: await sha256OfFile(results) };
}
