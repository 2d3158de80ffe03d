import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Duck } from '../pipeline/duck';
import { ranked, type QuantileStyle } from './quantiles';

let duck: Duck;
beforeAll(async () => {
  duck = await Duck.open({ threads: 1, memoryLimit: '256MB' });
});
afterAll(() => duck?.close());

type Row = { g: number; x: number | null; y: number | null };

async function load(rows: readonly Row[]): Promise<void> {
  await duck.run('CREATE OR REPLACE TABLE t (g INTEGER, x BIGINT, y DOUBLE)');
  if (rows.length > 0)
    await duck.run(
      `INSERT INTO t VALUES ${rows.map((r) => `(${r.g}, ${r.x ?? 'NULL'}, ${r.y ?? 'NULL'})`).join(', ')}`,
    );
}

/** The quantiles both styles compute over `t`, per group (or overall), in one fixed order. */
async function quantiles(style: QuantileStyle, grouped: boolean): Promise<Record<string, unknown>[]> {
  const q = ranked(style, {
    table: 't',
    where: 'g <> 7',
    partition: grouped ? ['g'] : [],
    values: { x: 'x', dev: 'abs(y - 1.5)' },
  });
  const keys = grouped ? 'g, ' : '';
  return duck.all(
    `SELECT ${keys}count(*) AS rows, ${q.quantile('x', 0.25)} AS x25, ${q.median('x')} AS x50, ` +
      `${q.quantile('x', 0.75)} AS x75, ${q.quantile('x', 0.99)} AS x99, ${q.quantile('x', 0)} AS x0, ` +
      `${q.quantile('x', 1)} AS x100, ${q.median('dev')} AS dev50, ${q.quantile('dev', 0.1)} AS dev10 ` +
      `FROM ${q.from}${grouped ? ' GROUP BY g ORDER BY g' : ''}`,
  );
}

const rowArbitrary = fc.record({
  g: fc.integer({ min: 0, max: 8 }),
  x: fc.option(fc.integer({ min: -1000, max: 100_000 }), { freq: 6 }),
  y: fc.option(
    fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? 0 : v)),
    { freq: 6 },
  ),
});

describe('ranked quantiles (the analytic-function form Impala runs)', () => {
  it('equal DuckDB’s quantile_cont and median exactly, per group and overall, NULLs and filtered rows left out', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(rowArbitrary, { maxLength: 80 }), async (rows) => {
        await load(rows);
        for (const grouped of [true, false]) {
          const aggregate = await quantiles('aggregate', grouped);
          expect(await quantiles('ranked', grouped)).toEqual(aggregate);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('gives the interpolated quantile on a known group and NULL for a group without values', async () => {
    await load([
      { g: 1, x: 10, y: null },
      { g: 1, x: 20, y: null },
      { g: 1, x: 40, y: null },
      { g: 1, x: null, y: null },
      { g: 1, x: 80, y: null },
      { g: 2, x: null, y: 3 },
    ]);
    const rows = await quantiles('ranked', true);
    // x of group 1 sorted: 10 20 40 80 — (n − 1)·0.25 = 0.75 → 10 + 0.75·10; median (20 + 40) / 2.
    expect(rows[0]).toMatchObject({ g: 1, rows: 5, x25: 17.5, x50: 30, x75: 50, x0: 10, x100: 80, dev50: null });
    expect(rows[1]).toMatchObject({ g: 2, rows: 1, x25: null, x50: null, dev50: 1.5 });
  });

  it('refuses a probability outside 0–1 and a value it was not given', () => {
    const q = ranked('ranked', { table: 't', partition: [], values: { x: 'x' } });
    expect(() => q.quantile('x', 1.5)).toThrow(/not between 0 and 1/);
    expect(() => q.median('y')).toThrow(/no value "y"/);
  });
});
