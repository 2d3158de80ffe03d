import { describe, expect, it } from 'vitest';
import type { ExpandedSearch, StoryboardEntry } from '../../../shared/ops/investigation';
import { anchorHint, isUnsaved, parseEndDate, resultCaption, searchSummary, threatFormOf } from './threat-form';
import { topTables } from './investigation';

const saved: StoryboardEntry[] = [{ anchor: '10.10.7.43', kind: 'ip', title: 'C2 beaconing', text: 'every 5 min' }];

describe('threatFormOf', () => {
  it('gives the saved threat of the anchor, an empty form for another anchor, never the previous text', () => {
    expect(threatFormOf('10.10.7.43', {}, saved)).toEqual({ title: 'C2 beaconing', text: 'every 5 min' });
    expect(threatFormOf('10.10.5.120', {}, saved)).toEqual({ title: '', text: '' });
  });

  it('prefers the analyst’s unsaved draft of that same anchor', () => {
    const drafts = { '10.10.5.120': { title: 'tunnel', text: '' } };
    expect(threatFormOf('10.10.5.120', drafts, saved)).toEqual({ title: 'tunnel', text: '' });
    expect(threatFormOf('10.10.7.43', drafts, saved).title).toBe('C2 beaconing');
  });

  it('isUnsaved compares with the saved threat (nothing saved = empty)', () => {
    expect(isUnsaved({ title: 'C2 beaconing', text: 'every 5 min' }, '10.10.7.43', saved)).toBe(false);
    expect(isUnsaved({ title: 'C2 beaconing!', text: 'every 5 min' }, '10.10.7.43', saved)).toBe(true);
    expect(isUnsaved({ title: '', text: '' }, '10.0.0.9', saved)).toBe(false);
  });
});

describe('parseEndDate', () => {
  it('takes empty or an ISO day, and names the field of anything else', () => {
    expect(parseEndDate(' ')).toEqual({ ok: true, endDate: '' });
    expect(parseEndDate('2026-11-25')).toEqual({ ok: true, endDate: '2026-11-25' });
    expect(parseEndDate('11/25/2026')).toEqual({
      ok: false,
      error: 'Through: “11/25/2026” is not a date as YYYY-MM-DD.',
    });
    expect(parseEndDate('2026-02-30').ok).toBe(false);
  });
});

describe('search line and headers', () => {
  const result: ExpandedSearch = {
    pipeline: 'flow',
    anchor: '10.0.0.1',
    kind: 'ip',
    start: '2026-11-24',
    end: '2026-11-25',
    days: ['2026-11-24'],
    missingDays: ['2026-11-25'],
    columns: ['srcIp'],
    rows: [['10.0.0.1']],
    total: 12345,
    truncated: false,
    searchedAt: '2026-12-03T10:15:02.123Z',
  };
  it('says the counts, the days, what is missing and when, in ISO form', () => {
    expect(searchSummary(result)).toBe(
      '12,345 connection groups over 2026-11-24 · no raw data for 2026-11-25 · searched 2026-12-03 10:15:02 UTC',
    );
  });
  it('writes when it ran in the zone shown', () => {
    const local = searchSummary(result, 'local');
    expect(local).toMatch(/searched 2026-12-0\d \d\d:\d\d:02 local$/);
  });
  it('names the rows and the result table in the words of each pipeline', () => {
    expect(searchSummary({ ...result, pipeline: 'dns', kind: 'ip' })).toMatch(/^12,345 query groups over/);
    expect(searchSummary({ ...result, pipeline: 'proxy', kind: 'uri' })).toMatch(/^12,345 requests over/);
    expect(resultCaption({ pipeline: 'flow', kind: 'ip' })).toBe('Every connection');
    expect(resultCaption({ pipeline: 'dns', kind: 'ip' })).toBe('Queries of the client');
    expect(resultCaption({ pipeline: 'dns', kind: 'query' })).toBe('Clients of the query');
    expect(resultCaption({ pipeline: 'proxy', kind: 'uri' })).toBe('Requests');
    expect(anchorHint('dns')).toBe('a client IP or a query name');
  });
  it("puts Spot's four top tables above a flow result only", () => {
    expect(topTables(result).map((t) => t.title)).toEqual([
      'Top source IPs by connections',
      'Top destination IPs by connections',
      'Top source IPs by max bytes',
      'Top destination IPs by max bytes',
    ]);
    expect(topTables({ ...result, pipeline: 'dns' })).toEqual([]);
    expect(topTables({ ...result, pipeline: 'proxy' })).toEqual([]);
  });
});
