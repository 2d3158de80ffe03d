import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RangeTable, type RangeEntry } from './range-table';

/** The definition: the narrowest entry covering the point; on equal width the later entry. */
function bruteForce(entries: RangeEntry<number>[], family: 4 | 6, point: bigint): number | undefined {
  let best: { size: bigint; order: number; value: number } | undefined;
  entries.forEach((entry, order) => {
    if (entry.family !== family || point < entry.start || point > entry.end) return;
    const size = entry.end - entry.start;
    if (best === undefined || size < best.size || (size === best.size && order > best.order))
      best = { size, order, value: entry.value };
  });
  return best?.value;
}

describe('RangeTable', () => {
  it('matches the brute-force definition on random overlapping ranges (both families)', () => {
    const entry = fc
      .record({
        family: fc.constantFrom<4 | 6>(4, 6),
        a: fc.integer({ min: 0, max: 200 }),
        len: fc.integer({ min: 0, max: 60 }),
      })
      .map(({ family, a, len }) => ({ family, start: BigInt(a), end: BigInt(a + len) }));
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 30 }), (spans) => {
        const entries = spans.map((span, i) => ({ ...span, value: i }));
        const table = new RangeTable(entries);
        for (const family of [4, 6] as const) {
          for (let p = 0n; p <= 262n; p++) {
            expect(table.lookup({ family, value: p })).toBe(bruteForce(entries, family, p));
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('keeps IPv4 and IPv6 apart and handles the ends of the address space', () => {
    const table = new RangeTable([
      { family: 4, start: 0n, end: 0xffffffffn, value: 'all v4' },
      { family: 4, start: 0xffffffffn, end: 0xffffffffn, value: 'broadcast' },
      { family: 6, start: 0n, end: (1n << 128n) - 1n, value: 'all v6' },
    ]);
    expect(table.lookup({ family: 4, value: 0n })).toBe('all v4');
    expect(table.lookup({ family: 4, value: 0xffffffffn })).toBe('broadcast');
    expect(table.lookup({ family: 6, value: (1n << 128n) - 1n })).toBe('all v6');
    expect(new RangeTable([]).lookup({ family: 4, value: 1n })).toBeUndefined();
  });
});
