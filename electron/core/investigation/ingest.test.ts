import { describe, expect, it } from 'vitest';
import { ingestRange, ingestSeries, padMinute } from './ingest';

describe('ingest summary', () => {
  it('defaults to the last 7 days up to the newest day, ±7 for one side, swapped when reversed', () => {
    expect(ingestRange(undefined, undefined, '2026-11-24')).toEqual(['2026-11-18', '2026-11-24']);
    expect(ingestRange('2026-11-01', undefined, 'x')).toEqual(['2026-11-01', '2026-11-07']);
    expect(ingestRange(undefined, '2026-03-02', 'x')).toEqual(['2026-02-24', '2026-03-02']);
    expect(ingestRange('2026-11-24', '2026-11-20', 'x')).toEqual(['2026-11-20', '2026-11-24']);
  });
  it("pads flow's unpadded minutes and sums per minute across months in time order", () => {
    expect(padMinute('2026-1-5 3:7')).toBe('2026-01-05 03:07');
    expect(padMinute('garbage')).toBeNull();
    expect(
      ingestSeries([
        { tdate: '2026-12-1 0:0', total: 3 },
        { tdate: '2026-11-30 23:59', total: 2 },
        { tdate: '2026-12-01 00:00', total: 4 },
        { tdate: 'bad', total: 9 },
      ]),
    ).toEqual([
      { minute: '2026-11-30 23:59', total: 2 },
      { minute: '2026-12-01 00:00', total: 7 },
    ]);
  });
});
