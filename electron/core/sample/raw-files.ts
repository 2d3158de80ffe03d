/** Finding the raw files of a day in a local data tree (docs/CONVENTIONS.md "Local data tree"). */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pipeline } from '../../../shared/schema';

/** `<root>/<type>/hive/y=Y/m=M/d=D` with Spot's unpadded numbers. */
export function rawDayDir(root: string, pipeline: Pipeline, date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return join(root, pipeline, 'hive', `y=${y}`, `m=${m}`, `d=${d}`);
}

export function resultsPath(root: string, pipeline: Pipeline, date: string): string {
  return join(root, pipeline, 'scored_results', date.replace(/-/g, ''), 'scores', `${pipeline}_results.csv`);
}

export interface RawFile {
  path: string;
  format: 'csv' | 'parquet';
}

/** The day's raw files in reading order: `h=` folders by hour number, then file names. Missing day → []. */
export async function listRawFiles(root: string, pipeline: Pipeline, date: string): Promise<RawFile[]> {
  const found: { path: string; hour: number; format: 'csv' | 'parquet' }[] = [];
  const walk = async (dir: string, hour: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        const h = /^h=(\d+)$/.exec(entry.name);
        await walk(path, h ? Number(h[1]) : hour);
      } else if (/\.(csv|parquet)$/.test(entry.name)) {
        found.push({ path, hour, format: entry.name.endsWith('.csv') ? 'csv' : 'parquet' });
      }
    }
  };
  await walk(rawDayDir(root, pipeline, date), -1);
  found.sort((a, b) => a.hour - b.hour || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return found.map(({ path, format }) => ({ path, format }));
}

/** SQL string literal. */
export function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
