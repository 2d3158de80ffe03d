import { describe, expect, it, vi } from 'vitest';
import {
  countTick,
  daysWithoutData,
  ingestTick,
  periodDate,
  periodRange,
  seriesTotal,
  visibleMax,
} from './ingest-chart';

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
  it('writes ticks in local time when the tables do', () => {
    vi.stubEnv('TZ', 'Asia/Kolkata'); // UTC+05:30, no daylight saving
    try {
      expect(ingestTick(at('2026-11-24T03:05:00Z'), 'local')).toBe('11-24 08:35');
      expect(ingestTick(at('2026-11-24T20:00:00Z'), 'local')).toBe('11-25 01:30');
      expect(ingestTick(at('2026-11-24T20:00:00Z'), 'utc')).toBe('11-24 20:00');
    } finally {
      vi.unstubAllEnvs();
    }
  });
  it('reads period dates as YYYY-MM-DD only', () => {
    expect(periodDate('Period start', ' 2026-11-24 ')).toEqual({ day: '2026-11-24' });
    expect(periodDate('Period start', '')).toEqual({ day: '' });
    for (const text of ['11/24/2026', '24.11.2026', '2026-02-30', '2026-1-5'])
      expect(periodDate('Period end', text)).toEqual({
        problem: `Period end: “${text}” is not a day; write it as YYYY-MM-DD (e.g. 2026-11-24).`,
      });
  });
});

describe('periodRange', () => {
  it('asks only for the days typed; the server fills the others', () => {
    expect(periodRange('', '')).toEqual({ range: {} });
    expect(periodRange(' 2026-11-20', '')).toEqual({ range: { start: '2026-11-20' } });
    expect(periodRange('', '2026-11-24 ')).toEqual({ range: { end: '2026-11-24' } });
    expect(periodRange('2026-11-20', '2026-11-24')).toEqual({ range: { start: '2026-11-20', end: '2026-11-24' } });
  });

  it("names the start's problem first, then the end's", () => {
    expect(periodRange('11/20/2026', '24.11.2026')).toEqual({
      problem: 'Period start: “11/20/2026” is not a day; write it as YYYY-MM-DD (e.g. 2026-11-24).',
    });
    expect(periodRange('2026-11-20', '24.11.2026')).toEqual({
      problem: 'Period end: “24.11.2026” is not a day; write it as YYYY-MM-DD (e.g. 2026-11-24).',
    });
  });
});

describe('seriesTotal', () => {
  it('adds the records of every minute; no series is none', () => {
    expect(seriesTotal(lines[0])).toBe(710);
    expect(seriesTotal({ points: [] })).toBe(0);
    expect(seriesTotal(undefined)).toBe(0);
  });
});
