import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScoringService } from '../scoring/service';
import { createCache, type Cache } from './index';
import type { ThreatSave } from './write-investigation';

let dir: string;
let cache: Cache;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'spot-desk-inv-cache-'));
  cache = createCache(join(dir, 'cache.db'));
});
afterEach(() => {
  cache.close();
  rmSync(dir, { recursive: true, force: true });
});

const D = '2026-11-24';
const flowSave = (title: string, rows: number): ThreatSave => ({
  pipeline: 'flow',
  date: D,
  anchor: '10.10.7.43',
  kind: 'ip',
  title,
  text: `it's "bad"\nsecond line`,
  investigationRow: {
    tstart: `${D} 00:00:01`,
    srcip: '10.10.7.43',
    dstip: '203.0.113.77',
    srcport: 5,
    dstport: 443,
    score: 1,
  },
  detailRows: Array.from({ length: rows }, (_, i) => ({
    tstart: `${D} 00:0${i}:00`,
    tend: `${D} 00:0${i}:00`,
    srcip: '10.10.7.43',
    dstip: '203.0.113.77',
    proto: 'TCP',
    sport: 50000 + i,
    dport: 443,
    ipkt: 4,
    ibyt: 320,
  })),
});

describe('threat saves in the cache', () => {
  it('stores quotes as data and REPLACES the timeline on re-save (Spot appended duplicates)', () => {
    cache.investigation.write.saveThreat(flowSave(`O'Brien's "C2"`, 3));
    cache.investigation.write.saveThreat(flowSave(`O'Brien's "C2" v2`, 2));
    expect(cache.investigation.read.storyboard('flow', D)).toEqual([
      { anchor: '10.10.7.43', kind: 'ip', title: `O'Brien's "C2" v2`, text: `it's "bad"\nsecond line` },
    ]);
    expect(cache.investigation.write.updateText('flow', D, '10.10.7.43', 'ip', 'edited', 'new "text"')).toBe(true);
    expect(cache.investigation.write.updateText('flow', D, '10.9.9.9', 'ip', 'x', '')).toBe(false);
    expect(cache.investigation.read.storyboard('flow', D)[0]).toMatchObject({ title: 'edited', text: 'new "text"' });
    const timeline = cache.investigation.read.flowTimeline(D, '10.10.7.43');
    expect(timeline.map((r) => r.sport)).toEqual([50000, 50001]);
    expect(timeline[0]!.ip_threat).toBe('10.10.7.43');
    // The High mark is written once, and the anchor is then a scored candidate.
    expect(cache.read.tableRows('flow_threat_investigation', D, 10, 0).total).toBe(1);
    expect(cache.investigation.read.scoredAnchors('flow', D)).toEqual([
      { anchor: '10.10.7.43', kind: 'ip', rows: 1 },
      { anchor: '203.0.113.77', kind: 'ip', rows: 1 },
    ]);
  });

  it('keeps dns IP and query threats apart and replaces the dendro rows', () => {
    const base = {
      pipeline: 'dns' as const,
      date: D,
      text: '',
      investigationRow: { unix_tstamp: null, ip_dst: '10.10.5.120', dns_qry_name: '', ip_sev: 1, dns_sev: 0 },
    };
    const dendro = [{ total: 9, dns_qry_name: 'a.evil.net', ip_dst: '10.10.5.120' }];
    cache.investigation.write.saveThreat({
      ...base,
      anchor: '10.10.5.120',
      kind: 'ip',
      title: 'tunnel',
      detailRows: dendro,
    });
    cache.investigation.write.saveThreat({
      ...base,
      anchor: '10.10.5.120',
      kind: 'ip',
      title: 'tunnel 2',
      detailRows: dendro,
    });
    cache.investigation.write.saveThreat({
      ...base,
      anchor: 'a.evil.net',
      kind: 'query',
      title: 'domain',
      detailRows: [],
      investigationRow: { ...base.investigationRow, ip_sev: 0, dns_sev: 1, dns_qry_name: 'a.evil.net' },
    });
    expect(cache.investigation.read.storyboard('dns', D).map((e) => [e.anchor, e.kind, e.title])).toEqual([
      ['10.10.5.120', 'ip', 'tunnel 2'],
      ['a.evil.net', 'query', 'domain'],
    ]);
    expect(cache.investigation.read.dnsThreatDendro(D, '10.10.5.120')).toEqual([
      { anchor: '10.10.5.120', total: 9, dns_qry_name: 'a.evil.net', ip_dst: '10.10.5.120' },
    ]);
    expect(cache.investigation.read.scoredAnchors('dns', D)).toEqual([
      { anchor: '10.10.5.120', kind: 'ip', rows: 1 },
      { anchor: 'a.evil.net', kind: 'query', rows: 1 },
    ]);
    expect(cache.investigation.write.deleteThreat('dns', D, 'a.evil.net', 'query')).toBe(true);
    expect(cache.investigation.write.deleteThreat('dns', D, 'a.evil.net', 'query')).toBe(false);
    expect(cache.investigation.read.storyboard('dns', D)).toHaveLength(1);
  });

  it('derives dns_threat_investigation from the scores and the saved marks: neither action drops the other', () => {
    const scoring = new ScoringService(cache, { feedbackDir: join(dir, 'feedback'), user: 'alice' });
    const row = (ip: string, query: string, t: number) => ({
      frame_time: 'Nov 24, 2026 10:00:00.000000000 UTC',
      unix_tstamp: t,
      frame_len: 90,
      ip_dst: ip,
      dns_qry_name: query,
      dns_qry_class: '0x00000001',
      dns_qry_type: 1,
      dns_qry_rcode: 0,
    });
    cache.write.replaceDay({
      pipeline: 'dns',
      date: D,
      source: 'test',
      tables: { dns_scores: [row('10.0.0.2', 'www.acme.com', 1), row('10.10.5.120', 'a.evil.net', 2)] },
    });
    const high = () =>
      cache.read.tableRows('dns_threat_investigation', D, 10, 0).rows.map((r) => r.map(String).join(' '));
    cache.investigation.write.saveThreat({
      pipeline: 'dns',
      date: D,
      anchor: 'a.evil.net',
      kind: 'query',
      title: 'tunnel',
      text: '',
      investigationRow: { unix_tstamp: null, ip_dst: '10.10.5.120', dns_qry_name: 'a.evil.net', ip_sev: 0, dns_sev: 1 },
      detailRows: [],
    });
    expect(high()).toEqual(['null 10.10.5.120 a.evil.net 0 1']);
    // An unrelated score keeps the mark.
    const benign = scoring.apply('dns', D, { rows: [0] }, 3, '');
    expect(high()).toEqual(['null 10.10.5.120 a.evil.net 0 1', '1 10.0.0.2 www.acme.com 3 3']);
    // Scoring the anchor's query High makes the mark redundant; undoing that score brings it back.
    const escalated = scoring.apply('dns', D, { dnsQuery: 'a.evil.net' }, 1, '');
    expect(high()).toEqual(['1 10.0.0.2 www.acme.com 3 3', '2 10.10.5.120 a.evil.net 0 1']);
    expect(cache.read.tableRows('dns_threat_investigation', D, 10, 0).total).toBe(2);
    scoring.undo(escalated.id);
    scoring.undo(benign.id);
    expect(high()).toEqual(['null 10.10.5.120 a.evil.net 0 1']);
    // Deleting the threat keeps its High mark, as before.
    expect(cache.investigation.write.deleteThreat('dns', D, 'a.evil.net', 'query')).toBe(true);
    scoring.apply('dns', D, { rows: [0] }, 2, '');
    expect(high()).toContain('null 10.10.5.120 a.evil.net 0 1');
    expect(cache.investigation.read.scoredAnchors('dns', D)).toEqual([
      { anchor: 'a.evil.net', kind: 'query', rows: 1 },
    ]);
  });

  it("lists the day's suspicious anchors in the list's order and reads the ingest rows", () => {
    cache.write.replaceDay({
      pipeline: 'proxy',
      date: D,
      source: 'test',
      tables: {
        proxy_scores: [
          { fulluri: 'b.com/1', host: 'b.com' },
          { fulluri: 'a.com/2', host: 'a.com' },
          { fulluri: 'b.com/1', host: 'b.com' },
        ],
        proxy_ingest_summary: [{ tdate: `${D} 00:01`, total: 5 }],
      },
    });
    // Each anchor counts its rows and carries its strongest row's facts (no explanations here: none).
    const none = { finding: null, detail: null, firstFinding: null };
    // A URI's group is its host (the Most suspicious list folds a host's URIs into one item).
    expect(cache.investigation.read.suspiciousAnchors('proxy', D, 10)).toEqual([
      { anchor: 'b.com/1', kind: 'uri', group: 'b.com', rows: 2, idx: 0, ...none },
      { anchor: 'a.com/2', kind: 'uri', group: 'a.com', rows: 1, idx: 1, ...none },
    ]);
    expect(cache.investigation.read.suspiciousAnchors('proxy', D, 1)).toHaveLength(1);
    // With the combined-risk rank the import stores, the anchors follow it (named detections first).
    cache.write.replaceDay({
      pipeline: 'flow',
      date: D,
      source: 'test',
      tables: {
        flow_scores: [
          { srcip: '10.0.0.1', dstip: '8.8.8.8' },
          { srcip: '10.0.0.2', dstip: '1.1.1.1' },
          { srcip: '10.10.7.43', dstip: '203.0.113.77' },
        ],
      },
      explanations: [
        { riskRank: 1 },
        { riskRank: 2 },
        { riskRank: 0, detections: [{ name: 'c2 beacon', detail: 'every 300 s (strength 0.90)', strength: 0.9 }] },
      ],
    });
    expect(cache.investigation.read.suspiciousAnchors('flow', D, 4).map((a) => a.anchor)).toEqual([
      '10.10.7.43',
      '203.0.113.77',
      '10.0.0.1',
      '8.8.8.8',
    ]);
    expect(cache.investigation.read.suspiciousAnchors('flow', D, 1)[0]).toMatchObject({
      anchor: '10.10.7.43',
      rows: 1,
      idx: 2,
      finding: 'c2 beacon',
      detail: 'every 300 s (strength 0.90)',
    });
    expect(cache.read.ingestSummary('proxy', '2026-11-01', '2026-11-30')).toEqual([{ tdate: `${D} 00:01`, total: 5 }]);
    expect(cache.investigation.read.newestDay('proxy')).toBe(D);
    expect(cache.investigation.read.newestDay('dns')).toBeNull();
    // An IP is its own item (no group); a DNS query's group is its base domain (tld), or the name when it has none.
    expect(cache.investigation.read.suspiciousAnchors('flow', D, 1)[0]!.group).toBeNull();
    cache.write.replaceDay({
      pipeline: 'dns',
      date: D,
      source: 'test',
      tables: {
        dns_scores: [
          { ip_dst: '10.0.0.9', dns_qry_name: 'x1.t.tunnel.net', tld: 'tunnel.net' },
          { ip_dst: '10.0.0.9', dns_qry_name: 'printer.local', tld: 'None' },
        ],
      },
    });
    expect(
      cache.investigation.read.suspiciousAnchors('dns', D, 10).map((a) => [a.anchor, a.kind, a.group, a.rows]),
    ).toEqual([
      ['10.0.0.9', 'ip', null, 2],
      ['x1.t.tunnel.net', 'query', 'tunnel.net', 1],
      ['printer.local', 'query', 'printer.local', 1],
    ]);
  });
});
