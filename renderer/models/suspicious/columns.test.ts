import { describe, expect, it } from 'vitest';
import { PIPELINE_PROFILES } from '../../../shared/pipeline-profile';
import { suspiciousColumns, tableTrack, TABLE_MAX_SHARE } from './columns';
import { flowRow } from './testing';

/** The Suspicious view's grid at a window width: 6 px padding each side and a 6 px gap between its columns. */
const gridWidth = (window: number) => window - 12 - 6;

describe('suspicious columns', () => {
  it('DNS: time, client, query, type, rcode and answers come first, shown, the identity columns pinned', () => {
    const columns = suspiciousColumns('dns');
    const decisive = ['frame_time', 'ip_dst', 'dns_qry_name', 'dns_qry_type_name', 'dns_qry_rcode_name', 'answers'];
    expect(columns.slice(0, decisive.length).map((c) => c.key)).toEqual(decisive);
    expect(columns.slice(0, decisive.length).every((c) => c.visible)).toBe(true);
  });

  it('flow: time, both hosts, both ports, proto, packets, bytes, finding and score come first, shown', () => {
    const columns = suspiciousColumns('flow');
    const decisive = [
      'tstart',
      'srcip',
      'dstip',
      'sport',
      'dport',
      'proto',
      'packets',
      'bytes',
      'detection',
      'ml_score',
    ];
    expect(columns.slice(0, decisive.length).map((c) => c.key)).toEqual(decisive);
    expect(columns.slice(0, decisive.length).every((c) => c.visible)).toBe(true);
  });

  it('at 1366×768 the table is wide enough for every default column of flow and DNS, in UTC and local time', () => {
    for (const pipeline of ['flow', 'dns'] as const) {
      for (const zone of ['utc', 'local'] as const) {
        const columns = suspiciousColumns(pipeline, () => zone, undefined, '2026-11-24');
        const track = tableTrack(columns);
        // The table's track is what its default columns need, and the window's 72 % allows it...
        expect(track, `${pipeline} ${zone}`).toBeLessThanOrEqual(TABLE_MAX_SHARE * gridWidth(1366));
        // ...which leaves the network view and the details at least 360 px.
        expect(gridWidth(1366) - track, `${pipeline} ${zone}`).toBeGreaterThanOrEqual(360);
        const shown = columns.filter((c) => c.visible).reduce((sum, c) => sum + c.width, 0);
        expect(track).toBeGreaterThan(shown);
      }
    }
  });

  it('proxy at 1366×768: time, client, host, method, URI, status, content type and bytes are in view', () => {
    const decisive = [
      'time',
      'clientip',
      'host',
      'reqmethod',
      'fulluri',
      'respcode',
      'resconttype',
      'csbytes',
      'scbytes',
    ];
    for (const zone of ['utc', 'local'] as const) {
      const columns = suspiciousColumns('proxy', () => zone, undefined, '2026-11-24');
      expect(columns.slice(0, decisive.length).map((c) => c.key)).toEqual(decisive);
      // Its table takes the full share; the columns in view are what it shows before scrolling sideways.
      expect(tableTrack(columns)).toBeGreaterThan(TABLE_MAX_SHARE * gridWidth(1366));
      const width = columns.slice(0, decisive.length).reduce((sum, c) => sum + c.width, 0);
      expect(width + 30, zone).toBeLessThanOrEqual(TABLE_MAX_SHARE * gridWidth(1366));
    }
  });

  it('the time column writes the time of day on the day shown, the offset in days otherwise, the full time on hover', () => {
    const day = '2026-11-24';
    const time = suspiciousColumns('flow', () => 'utc', undefined, day)[0]!;
    const row = flowRow(0, '10.0.0.1', '10.0.0.2', 443, 1e-9, { tstart: '2026-11-24 09:41:17' });
    expect(time.display!(row)).toBe('09:41:17');
    expect(time.title!(row)).toBe('2026-11-24 09:41:17 UTC');
    const before = flowRow(1, '10.0.0.1', '10.0.0.2', 443, 1e-9, { tstart: '2026-11-23 23:59:58' });
    expect(time.display!(before)).toBe('23:59:58 −1d');
    // Without a day (exports, tests) the time is written whole.
    expect(suspiciousColumns('flow')[0]!.display!(row)).toBe('2026-11-24 09:41:17');
  });

  it('numbers are never cut: each amount column is as wide as its widest sample-day value needs', () => {
    // 12 px of cell padding; the mono font is 7.3 px a character at 12 px.
    const needs = (text: string) => 12 + Math.ceil(text.length * 7.3);
    const flow = new Map(suspiciousColumns('flow').map((c) => [c.key, c.width]));
    expect(flow.get('packets')).toBeGreaterThanOrEqual(needs('999,999'));
    expect(flow.get('bytes')).toBeGreaterThanOrEqual(needs('999.9 kB'));
    expect(flow.get('sport')).toBeGreaterThanOrEqual(needs('65535'));
    expect(flow.get('ml_score')).toBeGreaterThanOrEqual(needs('1.23e-10'));
    expect(PIPELINE_PROFILES.flow.defaultColumns).toContain('severity');
  });
});
