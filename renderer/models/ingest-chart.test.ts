import { describe, expect, it } from 'vitest';
import { countTick, daysWithoutData, ingestTick, visibleMax } from './ingest-chart';

const at = (iso: string) => new Date(iso);
const lines = [
  {
    pipeline: 'flow',
    points: [
      { time: at('2026-11-22T10:00:00Z'), total: 500 },
      { time: at('2026-11-24T03:00:00Z'), total: 90 },
      { time: at('2026-11-24T23:59:00Z'), total: 120 },
    ],
  },
  { pipeline: 'dns', points: [{ time: at('2026-11-24T05:00:00Z'), total: 40 }] },
];

describe('ingest chart', () => {
  it('marks the days of the range without any point', () => {
    expect(daysWithoutData('2026-11-21', '2026-11-25', lines)).toEqual(['2026-11-21', '2026-11-23', '2026-11-25']);
    expect(daysWithoutData('2026-11-25', '2026-11-21', lines)).toEqual([]);
  });
  it('rescales to the points in view', () => {
    expect(visibleMax(lines, at('2026-11-21T00:00:00Z'), at('2026-11-26T00:00:00Z'))).toBe(500);
    expect(visibleMax(lines, at('2026-11-24T00:00:00Z'), at('2026-11-25T00:00:00Z'))).toBe(120);
    expect(visibleMax(lines, at('2026-11-23T00:00:00Z'), at('2026-11-23T12:00:00Z'))).toBe(1);
  });
  it('writes every tick the same way', () => {
    expect(ingestTick(at('2026-11-24T03:05:00Z'))).toBe('11-24 03:05');
    expect(ingestTick(at('2026-11-24T00:00:00Z'))).toBe('11-24 00:00');
    expect(countTick(12000)).toBe('12,000');
    expect(countTick(2.5)).toBe('');
  });
});
