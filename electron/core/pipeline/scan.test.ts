import { describe, expect, it } from 'vitest';
import { validSql, type ScanPlan } from './scan';

const plan: ScanPlan = {
  touch: 'true',
  columns: ['sip'],
  bucketKeys: ['trhour'],
  bucket: 'k0',
  required: ['sip', 'dport'],
  equals: { tryear: 2026 },
  valid: 'try_cast(treceived AS TIMESTAMP) IS NOT NULL',
};

describe("Spot's validity filter (validSql)", () => {
  it('checks every required column, the run year and the condition when nothing is proven', () => {
    expect(validSql(plan)).toBe(
      '"sip" IS NOT NULL AND "dport" IS NOT NULL AND "tryear" = 2026 AND (try_cast(treceived AS TIMESTAMP) IS NOT NULL)',
    );
  });

  it('leaves out only what the statistics prove: no nulls, one value equal to the run year', () => {
    const facts = { nonNull: new Set(['sip', 'tryear']), constant: new Map([['tryear', '2026']]) };
    expect(validSql(plan, facts)).toBe('"dport" IS NOT NULL AND (try_cast(treceived AS TIMESTAMP) IS NOT NULL)');
    // Another year in every row, or one value with nulls beside it, proves nothing.
    expect(validSql(plan, { nonNull: new Set(['tryear']), constant: new Map([['tryear', '2025']]) })).toContain(
      '"tryear" = 2026',
    );
    expect(validSql(plan, { nonNull: new Set(), constant: new Map([['tryear', '2026']]) })).toContain(
      '"tryear" = 2026',
    );
  });

  it('is true when every check is proven and no condition is left', () => {
    const bare: ScanPlan = { ...plan, equals: undefined, valid: undefined };
    expect(validSql(bare, { nonNull: new Set(['sip', 'dport']), constant: new Map() })).toBe('true');
  });
});
