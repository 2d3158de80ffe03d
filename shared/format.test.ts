import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatBytes, formatCell, formatCount, formatTime, formatTimeIso, parseUtcTime, zoneLabel } from './format';

describe('formatCount', () => {
  it('groups thousands and leaves non-numbers empty', () => {
    expect(formatCount(15214441)).toBe('15,214,441');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1000)).toBe('1,000');
    expect(formatCount(-1234567)).toBe('-1,234,567');
    expect(formatCount(0)).toBe('0');
    expect(formatCount(null)).toBe('');
    expect(formatCount(Number.NaN)).toBe('');
  });
  it('reads back as the same integer', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (n) => {
        expect(Number(formatCount(n).replaceAll(',', ''))).toBe(n);
      }),
    );
  });
});

describe('formatBytes', () => {
  it('uses decimal units with one decimal below 100', () => {
    expect(formatBytes(980)).toBe('980 B');
    expect(formatBytes(31570)).toBe('31.6 kB');
    expect(formatBytes(15214441)).toBe('15.2 MB');
    expect(formatBytes(320_000_000)).toBe('320 MB');
    expect(formatBytes(999_960)).toBe('1.0 MB');
    expect(formatBytes(3.2e12)).toBe('3.2 TB');
    expect(formatBytes(null)).toBe('');
  });
});

describe('formatTime and parseUtcTime', () => {
  it('reads every time text of the OA tables as UTC', () => {
    const at = Date.UTC(2026, 10, 24, 8, 20, 2);
    expect(parseUtcTime('2026-11-24 08:20:02')).toBe(at);
    expect(parseUtcTime('2026-11-24T08:20:02Z')).toBe(at);
    expect(parseUtcTime('Nov 24, 2026 08:20:02.227657000 UTC')).toBe(at + 227);
    expect(parseUtcTime('2026-11-24')).toBe(Date.UTC(2026, 10, 24));
    expect(parseUtcTime('yesterday')).toBeNull();
    expect(parseUtcTime('Foo 24, 2026 08:20:02')).toBeNull();
  });
  it('writes one sortable format, in UTC or local time', () => {
    const at = Date.UTC(2026, 10, 24, 8, 20, 2);
    expect(formatTime(at, 'utc')).toBe('2026-11-24 08:20:02');
    const local = new Date(at);
    expect(formatTime(at, 'local')).toBe(
      `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, '0')}-${String(local.getDate()).padStart(2, '0')} ` +
        `${String(local.getHours()).padStart(2, '0')}:${String(local.getMinutes()).padStart(2, '0')}:02`,
    );
    expect(formatTime(null, 'utc')).toBe('');
    expect(zoneLabel('utc')).toBe('UTC');
    expect(zoneLabel('local')).toMatch(/^local, UTC/);
  });
  it('round-trips any instant to the second', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800 }), (seconds) => {
        expect(parseUtcTime(formatTime(seconds * 1000, 'utc'))).toBe(seconds * 1000);
      }),
    );
  });
});

describe('formatCell', () => {
  it('writes each format and keeps what does not parse', () => {
    expect(formatCell('bytes', 15214441, 'utc')).toBe('15.2 MB');
    expect(formatCell('count', '16905', 'utc')).toBe('16,905');
    expect(formatCell('time', 1795498820, 'utc')).toBe('2026-11-24 05:40:20');
    expect(formatCell('time', 'Nov 24, 2026 05:40:20.227657000 UTC', 'utc')).toBe('2026-11-24 05:40:20');
    expect(formatCell('time', 'not a time', 'utc')).toBe('not a time');
    expect(formatCell('count', 'n/a', 'utc')).toBe('n/a');
    expect(formatCell('score', 4.0523e-6, 'utc')).toBe('4.052e-6');
    expect(formatCell('text', 443, 'utc')).toBe('443');
    expect(formatCell('bytes', null, 'utc')).toBe('');
  });
});

describe('formatTimeIso', () => {
  it('writes UTC with Z and local time with its offset, the same instant either way', () => {
    const at = Date.UTC(2026, 10, 24, 10, 5, 11);
    expect(formatTimeIso(at, 'utc')).toBe('2026-11-24T10:05:11Z');
    const local = formatTimeIso(at, 'local');
    expect(local).toMatch(/^2026-11-2\dT\d\d:\d\d:11[+-]\d\d:\d\d$/);
    expect(Date.parse(local)).toBe(at);
    expect(formatTimeIso(null, 'utc')).toBe('');
  });

  it('round-trips any instant through Date.parse in both zones', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800 }), (seconds) => {
        const ms = seconds * 1000;
        expect(Date.parse(formatTimeIso(ms, 'utc'))).toBe(ms);
        expect(Date.parse(formatTimeIso(ms, 'local'))).toBe(ms);
      }),
    );
  });
});
