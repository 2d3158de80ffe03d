import { describe, expect, it } from 'vitest';
import { DEFAULT_ROUTE, formatRoute, parseRoute } from './route';

describe('route', () => {
  it('round-trips pipeline, view, date and filter', () => {
    const route = { pipeline: 'dns', view: 'storyboard', date: '2026-11-24', filter: 'evil.example.com' } as const;
    expect(parseRoute(formatRoute(route))).toEqual(route);
    expect(formatRoute(route)).toBe('#/dns/storyboard?date=2026-11-24&filter=evil.example.com');
  });

  it('falls back to the default for unknown or empty parts', () => {
    expect(parseRoute('')).toEqual(DEFAULT_ROUTE);
    expect(parseRoute('#/smtp/whatever?date=24-11-2026')).toEqual(DEFAULT_ROUTE);
    expect(parseRoute('#/proxy/ingest').view).toBe('ingest');
    expect(parseRoute('#/dns/settings').view).toBe('settings');
  });

  it('keeps a filter with characters that need escaping', () => {
    const route = { ...DEFAULT_ROUTE, filter: 'a&b=c?d #e' };
    expect(parseRoute(formatRoute(route)).filter).toBe('a&b=c?d #e');
  });
});
