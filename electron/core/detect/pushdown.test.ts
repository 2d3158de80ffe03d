// The partition predicate every pushed-down statement carries: the day's partitions in the table's own typing, and
// a day that is not on the calendar refused before any SQL is written.
import { describe, expect, it } from 'vitest';
import { partitionPredicate } from './pushdown';

describe('partition predicate', () => {
  it("writes flow and dns partitions as numbers and proxy's as zero-padded text", () => {
    expect(partitionPredicate('flow', '2026-03-07')).toBe('y = 2026 AND m = 3 AND d = 7');
    expect(partitionPredicate('dns', '2026-11-24')).toBe('y = 2026 AND m = 11 AND d = 24');
    expect(partitionPredicate('proxy', '2026-03-07')).toBe("y = '2026' AND m = '03' AND d = '07'");
  });

  it('refuses a day that is not YYYY-MM-DD or not on the calendar, naming it', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '2026-3-7', "2026-03-07' OR 1=1 --", ''])
      expect(() => partitionPredicate('proxy', bad), bad).toThrow(`bad date "${bad}" (expected YYYY-MM-DD)`);
  });
});
