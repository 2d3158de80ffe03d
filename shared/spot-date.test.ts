import { describe, expect, it } from 'vitest';
import { compactDay, dayFromCompact, parseDay, splitDay } from './spot-date';

describe('spot dates', () => {
  it('splits a day into unpadded parts and its YYYYMMDD form', () => {
    expect(splitDay('2026-01-05')).toEqual({ y: 2026, m: 1, d: 5, compact: '20260105' });
    expect(compactDay('2026-11-24')).toBe('20261124');
  });

  it('refuses what is not a calendar day, naming it', () => {
    for (const bad of ['20261124', '2026-02-30', '2026-13-01', '2026-1-5', ' 2026-01-05', '']) {
      expect(parseDay(bad)).toBeNull();
      expect(() => splitDay(bad)).toThrow(`bad date "${bad}" (expected YYYY-MM-DD)`);
    }
    expect(parseDay('2024-02-29')).not.toBeNull();
  });

  it('reads a YYYYMMDD folder name back, or null', () => {
    expect(dayFromCompact('20261124')).toBe('2026-11-24');
    expect(dayFromCompact('20260230')).toBeNull();
    expect(dayFromCompact('2026112')).toBeNull();
    expect(dayFromCompact('latest')).toBeNull();
  });
});
