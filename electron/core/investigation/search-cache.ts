/**
 * Expanded searches cached per (pipeline, date range, anchor) as JSON files under `<dataDir>/investigation/`,
 * written atomically (temp file + rename). Spot 1.0 re-queried every time; the Seed kept ir-<ip>.csv files.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExpandedSearch } from '../../../shared/ops/investigation';
import type { Pipeline } from '../../../shared/schema';

export interface SearchKey {
  pipeline: Pipeline;
  start: string;
  end: string;
  anchor: string;
}

/** The anchor is hashed: it may hold any character (URIs), none of which may reach the file system. */
export function searchFile(root: string, key: SearchKey): string {
  const hash = createHash('sha256').update(key.anchor).digest('hex').slice(0, 40);
  return join(root, key.pipeline, `${key.start}_${key.end}`, `${hash}.json`);
}

export class SearchCache {
  constructor(private readonly root: string) {}

  async get(key: SearchKey): Promise<ExpandedSearch | null> {
    try {
      const parsed = JSON.parse(await readFile(searchFile(this.root, key), 'utf8')) as ExpandedSearch;
      // A hash collision (or a hand-edited file) must not answer for another anchor.
      return parsed.anchor === key.anchor ? parsed : null;
    } catch {
      return null;
    }
  }

  async put(key: SearchKey, search: ExpandedSearch): Promise<void> {
    const file = searchFile(this.root, key);
    await mkdir(join(file, '..'), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(search));
    await rename(temp, file);
  }

  async remove(key: SearchKey): Promise<void> {
    await rm(searchFile(this.root, key), { force: true });
  }
}

/** Which search range a saved threat was built from, so the storyboard re-reads the same search. */
export class SavedRanges {
  constructor(private readonly root: string) {}

  private file(pipeline: Pipeline, date: string, anchor: string): string {
    return searchFile(join(this.root, 'saved'), { pipeline, start: date, end: date, anchor });
  }

  async get(pipeline: Pipeline, date: string, anchor: string): Promise<{ start: string; end: string } | null> {
    try {
      const parsed = JSON.parse(await readFile(this.file(pipeline, date, anchor), 'utf8')) as {
        anchor: string;
        start: string;
        end: string;
      };
      return parsed.anchor === anchor ? { start: parsed.start, end: parsed.end } : null;
    } catch {
      return null;
    }
  }

  async put(pipeline: Pipeline, date: string, anchor: string, range: { start: string; end: string }): Promise<void> {
    const file = this.file(pipeline, date, anchor);
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, JSON.stringify({ anchor, ...range }));
  }
}
