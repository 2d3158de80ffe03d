import { describe, expect, it } from 'vitest';
import { cellOf, csvOf, headerOf, resultTable, tableIps } from './result-table';

const NAMES = {
  '10.10.7.43': { name: 'ws-7-43', label: 'ws-7-43 - HQ workstation', internal: true, country: '' },
  '203.0.113.77': { name: '', label: '', internal: false, country: 'Netherlands' },
};

describe('result tables of threat investigation', () => {
  it('flow search: times in the one format and zone, sizes and counts written, IPs known', () => {
    const table = resultTable(
      ['srcIp', 'dstIp', 'firstSeen', 'connections', 'maxBytes'],
      [['10.10.7.43', '203.0.113.77', '2026-11-24 10:05:11', 12345, 15214441]],
    );
    const [src, , first, conns, bytes] = table.columns;
    expect(headerOf(first!, 'utc')).toBe('First seen (UTC)');
    expect(headerOf(first!, 'local')).toBe('First seen (local)');
    expect(cellOf(first!, '2026-11-24 10:05:11', 'utc')).toBe('2026-11-24 10:05:11');
    expect(cellOf(conns!, 12345, 'utc')).toBe('12,345');
    expect(cellOf(bytes!, 15214441, 'utc')).toBe('15.2 MB');
    expect(src!.ip).toBe(true);
    expect(tableIps(table)).toEqual(['10.10.7.43', '203.0.113.77']);
  });

  it('proxy search: date and time of day become one Time column', () => {
    const table = resultTable(
      ['p_date', 'p_time', 'clientip', 'fulluri'],
      [['2026-11-24', '09:41:17', '10.10.7.43', 'http://x/']],
    );
    expect(table.columns.map((c) => c.key)).toEqual(['time', 'clientip', 'fulluri']);
    expect(table.rows).toEqual([['2026-11-24 09:41:17', '10.10.7.43', 'http://x/']]);
  });

  it('CSV: ISO times with the zone in the header, raw numbers, a name column after each IP', () => {
    const table = resultTable(
      ['srcIp', 'dstIp', 'firstSeen', 'maxBytes'],
      [['10.10.7.43', '203.0.113.77', '2026-11-24 10:05:11', 15214441]],
    );
    const utc = csvOf(table, 'utc', NAMES);
    expect(utc.columns).toEqual([
      'Source IP',
      'Source IP name',
      'Destination IP',
      'Destination IP name',
      'First seen (UTC, ISO 8601)',
      'Max bytes',
    ]);
    expect(utc.rows).toEqual([
      ['10.10.7.43', 'ws-7-43', '203.0.113.77', 'Netherlands', '2026-11-24T10:05:11Z', 15214441],
    ]);
    const local = csvOf(table, 'local', NAMES);
    expect(local.columns[4]).toMatch(/^First seen \(local, UTC([+-]\d\d:\d\d)?, ISO 8601\)$/);
    expect(Date.parse(String(local.rows[0]![4]))).toBe(Date.UTC(2026, 10, 24, 10, 5, 11));
  });

  it('names columns for people, keeping unknown ones', () => {
    const table = resultTable(['dstPort', 'resconttype', 'whatever'], []);
    expect(table.columns.map((c) => c.label)).toEqual(['Destination port', 'Content type', 'whatever']);
  });

  it('leaves a cell that is not a time as it is', () => {
    const table = resultTable(['firstSeen'], [['not a time']]);
    expect(cellOf(table.columns[0]!, 'not a time', 'utc')).toBe('not a time');
    expect(csvOf(table, 'utc', {}).rows).toEqual([['not a time']]);
  });
});
