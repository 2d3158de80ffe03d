import { describe, expect, it } from 'vitest';
import { PIPELINE_PROFILES, columnFormat, columnLabel, detailRawColumns, peersIpColumn } from './pipeline-profile';
import { OA_TABLES, PIPELINES, RAW_COLUMNS } from './schema';

describe('pipeline profiles', () => {
  it('name only columns their scores table has, or derived ones', () => {
    const derived = new Set(['rank', 'detection', 'severity', 'packets', 'bytes', 'answers']);
    for (const pipeline of PIPELINES) {
      const p = PIPELINE_PROFILES[pipeline];
      const known = new Set(OA_TABLES[p.scoresTable].map((c) => c.name));
      for (const c of [...p.identityColumns, ...p.defaultColumns]) expect(known.has(c) || derived.has(c), c).toBe(true);
      expect(p.defaultColumns.filter((c) => p.identityColumns.includes(c))).toEqual([]);
    }
  });
  it('filter, score, caption and shield by columns their scores table has', () => {
    for (const pipeline of PIPELINES) {
      const p = PIPELINE_PROFILES[pipeline];
      const known = new Set(OA_TABLES[p.scoresTable].map((c) => c.name));
      const named = [
        ...p.rowEntities.flatMap((e) => e.columns),
        p.quickScoreColumn,
        ...p.dayFilter.ipColumns,
        ...p.dayFilter.textColumns,
        ...(p.reputationBeside ? [p.reputationBeside.column, p.reputationBeside.reputation] : []),
      ];
      for (const c of named) expect(known.has(c), `${pipeline}: ${c}`).toBe(true);
      const peerIp = peersIpColumn(pipeline);
      if (peerIp !== null) expect(known.has(peerIp), `${pipeline}: ${peerIp}`).toBe(true);
      // Every pipeline scores something typed: an IP, a port or text.
      expect(p.quickScore.ip ?? p.quickScore.port ?? p.quickScore.text).toBeDefined();
      expect(p.quickScore.text !== undefined || p.quickScore.refusal !== undefined, pipeline).toBe(true);
    }
    expect(
      PIPELINE_PROFILES.flow.caption({ srcip: '10.0.0.1', sport: 5, dstip: '8.8.8.8', dport: 53, proto: 'UDP' }),
    ).toBe('10.0.0.1:5 → 8.8.8.8:53 UDP');
    expect(PIPELINE_PROFILES.dns.caption({ ip_dst: '10.0.0.1', dns_qry_name: 'a.b' })).toBe('10.0.0.1 asked a.b');
    expect(PIPELINE_PROFILES.proxy.caption({ clientip: '10.0.0.1', reqmethod: 'GET', fulluri: 'h/x' })).toBe(
      '10.0.0.1 GET h/x',
    );
  });
  it('read the event time of each pipeline as UTC', () => {
    const at = Date.UTC(2026, 10, 24, 8, 20, 2);
    expect(PIPELINE_PROFILES.flow.eventTime({ tstart: '2026-11-24 08:20:02' })).toBe(at);
    expect(PIPELINE_PROFILES.dns.eventTime({ unix_tstamp: at / 1000, frame_time: 'x' })).toBe(at);
    expect(PIPELINE_PROFILES.dns.eventTime({ unix_tstamp: null, frame_time: 'Nov 24, 2026 08:20:02 UTC' })).toBe(at);
    expect(PIPELINE_PROFILES.proxy.eventTime({ tdate: '2026-11-24', time: '08:20:02' })).toBe(at);
    expect(PIPELINE_PROFILES.proxy.eventTime({ tdate: '', time: '' })).toBeNull();
  });
  it('give one label and a format from the schema type', () => {
    expect(columnLabel('resconttype')).toBe('Content type');
    expect(columnLabel('no_such')).toBe('no_such');
    expect(columnFormat('flow_scores', 'ibyt')).toBe('bytes');
    expect(columnFormat('flow_scores', 'ipkt')).toBe('count');
    expect(columnFormat('flow_scores', 'dport')).toBe('text');
    expect(columnFormat('flow_edge', 'tstart')).toBe('time');
    expect(columnFormat('proxy_scores', 'host')).toBe('text');
    expect(columnFormat('dns_edge', 'unix_tstamp')).toBe('time');
  });
  it('show details columns their edge table has, read from raw columns their raw schema has', () => {
    for (const pipeline of PIPELINES) {
      const p = PIPELINE_PROFILES[pipeline];
      const edge = new Set(OA_TABLES[p.edgeTable].map((c) => c.name));
      const raw = new Set(RAW_COLUMNS[pipeline].map((c) => c.name));
      for (const c of p.detailColumns) {
        expect(edge.has(c.name), `${pipeline} ${c.name}`).toBe(true);
        expect(raw.has(c.raw), `${pipeline} ${c.raw}`).toBe(true);
        if (c.dateColumn !== undefined) expect(edge.has(c.dateColumn), c.dateColumn).toBe(true);
      }
      expect(detailRawColumns(pipeline)).toEqual(p.detailColumns.map((c) => c.raw));
    }
  });
});
