// A data folder is read as named, whatever characters its path holds (issue #20): DuckDB reads a path with
// `[`, `]`, `*` or `?` as a glob, so a folder named `data [x]*?` was not found, and a sibling that the pattern
// matches (`data xx`) was read in its place.
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pipeline } from '../../../shared/schema';
import { runExpandedSearch } from '../investigation/search';
import { createLocalSource, rawDayDir } from '../sources/local';
import { runPipeline } from './index';
import { csvToParquet, fixtureEnrichment, FIXTURES } from './test-days';
import type { Enrichment } from './types';
import { RAW_COLUMNS } from '../../../shared/schema';

const DATE = '2026-11-24';
let base: string;
let enrichment: Enrichment;

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'spot-literal-'));
  enrichment = await fixtureEnrichment();
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** The fixture day under `<base>/<format>/<folder>/`, and a decoy `<…>/data xx/` that the glob would match,
 * holding the same results but a raw day of header-only files. */
async function layout(fixture: string, pipeline: Pipeline, format: 'csv' | 'parquet') {
  const parent = join(base, `${fixture}-${format}`);
  const plain = join(parent, 'plain');
  const odd = join(parent, 'data [x]*?');
  const decoy = join(parent, 'data xx');
  for (const root of [plain, odd, decoy]) cpSync(join(FIXTURES, fixture), root, { recursive: true });
  const decoyDay = rawDayDir(decoy, pipeline, DATE);
  for (const file of readdirSync(decoyDay, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.csv'))) {
    const path = join(decoyDay, file);
    writeFileSync(path, `${RAW_COLUMNS[pipeline].map((c) => c.name).join(',')}\n`);
  }
  if (format === 'parquet') {
    for (const root of [plain, odd, decoy]) await csvToParquet(join(root, pipeline, 'hive'), RAW_COLUMNS[pipeline]);
  }
  return { plain, odd };
}

describe('source paths are literal', () => {
  for (const [fixture, pipeline, format] of [
    ['flow28', 'flow', 'csv'],
    ['dns', 'dns', 'parquet'],
    ['proxy', 'proxy', 'csv'],
  ] as const) {
    it(`${pipeline} (${format}): a day under "data [x]*?" imports exactly as under a plain folder`, async () => {
      const { plain, odd } = await layout(fixture, pipeline, format);
      const run = (root: string) =>
        runPipeline({ source: createLocalSource(root), pipeline, date: DATE, top: 4, enrichment });
      const expected = await run(plain);
      expect(expected.tables[`${pipeline}_scores`]?.length).toBeGreaterThan(0);
      const actual = await run(odd);
      expect(actual.tables).toEqual(expected.tables);
    });
  }

  it('the cross-day search reads the raw day under "data [x]*?" too', async () => {
    const { plain, odd } = await layout('flow28', 'flow', 'csv');
    const search = (root: string) =>
      runExpandedSearch(
        [createLocalSource(root)],
        { pipeline: 'flow', anchor: '10.0.0.1', start: DATE, end: DATE },
        { signal: new AbortController().signal, progress: () => undefined },
      );
    const expected = await search(plain);
    expect(expected.rows.length).toBeGreaterThan(0);
    expect((await search(odd)).rows).toEqual(expected.rows);
  });
});
