import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Duck } from './duck';
import { parquetFacts } from './raw-view';
import { sqlString } from './sql-text';

let dir: string;
let duck: Duck;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parquet-facts-'));
  duck = await Duck.open({ threads: 1 });
});
afterAll(() => {
  duck.close();
  rmSync(dir, { recursive: true, force: true });
});

async function write(name: string, select: string): Promise<string> {
  const file = join(dir, name);
  await duck.run(`COPY (${select}) TO ${sqlString(file)} (FORMAT parquet, ROW_GROUP_SIZE 2048)`);
  return file;
}

describe('what Parquet statistics prove (parquetFacts)', () => {
  it('proves a column non-null only when no row group of any file holds a null, and constant when one value', async () => {
    const one = await write(
      'one.parquet',
      `SELECT 'x' || i AS full, CASE WHEN i = 4000 THEN NULL ELSE i END AS holed, 2026 AS year,
         CASE WHEN i = 10 THEN 2025 ELSE 2026 END AS mixed FROM range(5000) t(i)`,
    );
    const facts = await parquetFacts(duck, [one]);
    expect([...facts.nonNull].sort()).toEqual(['full', 'mixed', 'year']);
    expect(facts.constant.get('year')).toBe('2026');
    expect(facts.constant.has('mixed')).toBe(false);
    expect(facts.constant.has('holed')).toBe(false);
  });

  it('proves nothing about a column one of the files lacks (its rows read as nulls)', async () => {
    const a = await write('a.parquet', `SELECT i AS kept, i AS partial FROM range(10) t(i)`);
    const b = await write('b.parquet', `SELECT i AS kept FROM range(10) t(i)`);
    const facts = await parquetFacts(duck, [a, b]);
    expect(facts.nonNull.has('kept')).toBe(true);
    expect(facts.nonNull.has('partial')).toBe(false);
  });
});
