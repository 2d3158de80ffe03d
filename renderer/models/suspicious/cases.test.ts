import { describe, expect, it } from 'vitest';
import type { Severity } from '../../../shared/schema';
import {
  caseKeyOf,
  caseListLayout,
  caseStatus,
  groupCases,
  OPEN_CASES,
  sparkline,
  timeOfDay,
  titleAroundIp,
} from './cases';
import { orderRows } from './order';
import { flowRow, row } from './testing';

const facts = (
  findings: Array<[string, number]>,
  entity: string,
  word?: string,
  extra: Record<string, unknown> = {},
) => ({
  risk: findings[0]?.[1] ?? 0.1,
  findings: findings.map(([key, strength]) => ({ key, strength })),
  entity,
  ...(word ? { word } : {}),
  ...extra,
});

/** A scan of 40 rows, a beacon of 3, and model rows in two clusters, the way the import stores their facts. */
function day() {
  const rows = [];
  let i = 0;
  for (let k = 0; k < 40; k++, i++) {
    rows.push(flowRow(i, '10.10.4.201', `10.1.0.${k}`, 20 + k, 1e-6, { tstart: `2026-11-24 0${k % 3}:1${k % 10}:00` }));
    rows[i]!.explanation = facts([['port_scan|10.10.4.201', 0.8]], `10.1.0.${k}:${20 + k}`, undefined, {
      detections: [{ name: 'port scan', strength: 0.8, detail: '40 ports of 40 hosts in 3 h (strength 0.80)' }],
    });
  }
  for (let k = 0; k < 3; k++, i++) {
    rows.push(flowRow(i, '10.10.7.43', '203.0.113.9', 443, 1e-6, { tstart: `2026-11-24 1${k}:00:00` }));
    rows[i]!.explanation = facts(
      [
        ['beaconing|10.10.7.43', 0.9],
        ['long_connection|10.10.7.43', 0.3],
      ],
      '203.0.113.9:443',
      undefined,
      {
        detections: [
          { name: 'long connection', strength: 0.3, detail: 'open 5 h' },
          { name: 'beaconing', strength: 0.9, detail: '288 connections every 300 s (strength 0.90)' },
        ],
      },
    );
  }
  for (let k = 0; k < 6; k++, i++) {
    const entity = k < 4 ? '10.1.4.30:445' : '10.1.0.10:88';
    rows.push(flowRow(i, `10.10.2.${k}`, entity.split(':')[0]!, Number(entity.split(':')[1]), 1e-5));
    rows[i]!.explanation = facts([], entity, undefined, { risk: 0.3 - k * 0.01, decodedWord: 'port 445, many bytes' });
  }
  return rows;
}

describe('the day as cases', () => {
  it('groups each named finding per actor into one case and model rows by entity and word', () => {
    const rows = day();
    const cases = groupCases('flow', orderRows(rows, 'combined'), rows);
    expect(cases.map((c) => [c.kind, c.title, c.rows.length])).toEqual([
      ['finding', 'beaconing · 10.10.7.43', 3],
      ['finding', 'port scan · 10.10.4.201', 40],
      ['cluster', '10.1.4.30:445', 4],
      ['cluster', '10.1.0.10:88', 2],
    ]);
    // every row lands in exactly one case
    expect(cases.flatMap((c) => c.rows.map((r) => r.index)).sort((a, b) => a - b)).toEqual(rows.map((r) => r.index));
  });

  it("orders cases by their best row in the rows' order, whatever that order is", () => {
    const rows = day();
    const lda = groupCases('flow', orderRows(rows, 'lda'), rows);
    expect(lda[0]!.title).toBe('port scan · 10.10.4.201');
    const combined = orderRows(rows, 'combined');
    for (const c of groupCases('flow', combined, rows))
      expect(c.rows[0]).toBe(combined.find((r) => c.rows.includes(r)));
  });

  it("shows the case's own evidence, first and last seen, and activity per hour", () => {
    const rows = day();
    const [beacon, scan, cluster] = groupCases('flow', orderRows(rows, 'combined'), rows);
    expect(beacon!.evidence).toBe('288 connections every 300 s (strength 0.90)');
    expect(scan!.evidence).toContain('40 ports');
    expect(cluster!.evidence).toBe('port 445, many bytes');
    expect([scan!.firstSeen, scan!.lastSeen]).toEqual(['00:10:00', '02:19:00']);
    expect(scan!.activity.slice(0, 4)).toEqual([14, 13, 13, 0]);
    expect(scan!.activity.reduce((a, b) => a + b, 0)).toBe(40);
    expect(beacon!.activity[10]! + beacon!.activity[11]! + beacon!.activity[12]!).toBe(3);
  });

  it('a cluster without a decoded word says who made its rows and how rare the model found them', () => {
    const rows = [flowRow(0, '10.0.0.1', '8.8.8.8', 53, 2e-6), flowRow(1, '10.0.0.2', '8.8.8.8', 53, 5e-7)];
    expect(groupCases('flow', rows)[0]!.evidence).toBe('2 rows from 2 sources; lowest LDA score 5.00e-7');
  });

  it('investigates a flow finding by its actor and a cluster by its destination', () => {
    const rows = day();
    const cases = groupCases('flow', orderRows(rows, 'combined'), rows);
    expect(cases.map((c) => c.anchor)).toEqual(['10.10.7.43', '10.10.4.201', '10.1.4.30', '10.1.0.10']);
  });

  it("counts the case's scored rows, hidden ones included, for its status", () => {
    const rows = day().map((r) => (r.index < 5 ? { ...r, severity: 3 as Severity } : r));
    const shown = rows.filter((r) => r.severity === null);
    const scan = groupCases('flow', orderRows(shown, 'combined'), rows).find((c) => c.title.startsWith('port scan'))!;
    expect(scan.rows).toHaveLength(35);
    expect(scan.status.label).toBe('5 of 40 scored Low');
    expect(scan.status.total).toBe(40);
  });

  it('says how a case is scored in words', () => {
    expect(caseStatus({ 1: 0, 2: 0, 3: 0 }, 3).label).toBe('unscored');
    expect(caseStatus({ 1: 3, 2: 0, 3: 0 }, 3).label).toBe('all scored High');
    expect(caseStatus({ 1: 1, 2: 0, 3: 2 }, 9).label).toBe('mixed: 1 High, 2 Low of 9');
  });

  it('opens with the findings and the strongest clusters, about six cases; folds the other clusters', () => {
    const rows = day();
    const layout = caseListLayout(groupCases('flow', orderRows(rows, 'combined'), rows));
    // two findings and both clusters: fewer than six cases in all, nothing folded
    expect(layout.leading.map((c) => c.kind)).toEqual(['finding', 'finding', 'cluster', 'cluster']);
    expect(layout.folded).toHaveLength(0);
    // a day of many clusters: findings first, then the clusters in order up to six; the rest folded
    const many = Array.from({ length: 20 }, (_, i) =>
      flowRow(i, '10.0.0.1', `10.9.0.${i}`, 80, 1e-6, { tstart: `2026-11-24 10:00:${String(i).padStart(2, '0')}` }),
    );
    many[5]!.explanation = facts([['beaconing|10.0.0.1', 0.9]], '10.9.0.5:80');
    const cases = groupCases('flow', orderRows(many, 'lda'), many);
    const opened = caseListLayout(cases);
    expect(opened.leading).toHaveLength(OPEN_CASES);
    expect(opened.leading.map((c) => c.title)).toEqual([
      '10.9.0.0:80',
      '10.9.0.1:80',
      '10.9.0.2:80',
      '10.9.0.3:80',
      '10.9.0.4:80',
      'beaconing · 10.0.0.1',
    ]);
    expect(opened.folded).toHaveLength(14);
    expect(opened.foldedRows).toBe(14);
  });

  it('clusters rows of days cached before the import stored facts by the pipeline entity', () => {
    const old = [flowRow(0, '10.0.0.1', '8.8.8.8', 53, 1e-6), flowRow(1, '10.0.0.2', '8.8.8.8', 53, 1e-6)];
    expect(caseKeyOf('flow', old[0]!)).toEqual({ key: 'cluster:8.8.8.8:53|', kind: 'cluster' });
    expect(groupCases('flow', old)).toHaveLength(1);
    const dns = row(0, {
      frame_time: 'Nov 24, 2026 05:40:20.227657000 UTC',
      dns_qry_name: 'a.b.example.com',
      tld: 'example.com',
    });
    expect(caseKeyOf('dns', dns).key).toBe('cluster:example.com|');
    expect(timeOfDay('dns', dns)).toBe('05:40:20');
    expect(timeOfDay('proxy', row(0, { time: '7:02:09' }))).toBe('07:02:09');
  });

  it("names the IP its title carries (a finding's actor, a cluster's host), to write its name beside it", () => {
    const rows = day();
    const cases = groupCases('flow', orderRows(rows, 'combined'), rows);
    expect(cases.map((c) => c.titleIp)).toEqual(['10.10.7.43', '10.10.4.201', '10.1.4.30', '10.1.0.10']);
    const dns = row(0, { ip_dst: '10.10.5.120', dns_qry_name: 'x1.t.example', tld: 't.example' });
    dns.explanation = facts([['dns_tunnelling|t.example', 0.9]], 't.example');
    expect(groupCases('dns', [dns])[0]!.titleIp).toBeNull();
  });

  it('cuts the title just after its IP, for the name to sit beside the IP', () => {
    const title = 'dns tunnelling · 10.10.5.120 · t.example · TXT records';
    expect(titleAroundIp({ title, titleIp: '10.10.5.120' })).toEqual([
      'dns tunnelling · 10.10.5.120',
      ' · t.example · TXT records',
    ]);
    expect(titleAroundIp({ title: '10.1.4.30:445', titleIp: '10.1.4.30' })).toEqual(['10.1.4.30:445', '']);
    expect(titleAroundIp({ title: 'microsoft.com', titleIp: null })).toEqual(['microsoft.com', '']);
  });

  it('proxy cases are investigated by the URI of their best row; dns findings by their actor', () => {
    const proxy = row(0, { clientip: '10.10.9.14', host: 'up.example', fulluri: 'up.example/put', time: '10:00:00' });
    proxy.explanation = facts([['large_upload|10.10.9.14', 0.7]], 'up.example');
    expect(groupCases('proxy', [proxy])[0]!.anchor).toBe('up.example/put');
    const dns = row(0, { ip_dst: '10.10.5.120', dns_qry_name: 'x1.t.example', tld: 't.example' });
    dns.explanation = facts([['dns_tunnelling|t.example', 0.9]], 't.example');
    expect(groupCases('dns', [dns])[0]!.anchor).toBe('t.example');
  });

  it('scales the sparkline to the busiest hour', () => {
    expect(sparkline([0, 2, 4])).toEqual([0, 0.5, 1]);
    expect(sparkline([0, 0])).toEqual([0, 0]);
  });
});

describe('caseListLayout on a detection with many actors', () => {
  it('opens the first three cases of each detection and folds the rest of that detection behind one line', () => {
    // a malicious-URL detection fires once per client (a real proxy day: hundreds of one-row cases)
    const rows = Array.from({ length: 12 }, (_, i) => {
      const r = flowRow(i, `10.20.0.${i}`, `192.0.2.${i}`, 80, 1e-6, { tstart: `2026-11-24 10:00:${10 + i}` });
      r.explanation = facts([[`malicious_url|10.20.0.${i}`, 0.9 - i * 0.01]], `192.0.2.${i}:80`);
      return r;
    });
    rows.push(flowRow(12, '10.10.4.201', '10.1.0.1', 22, 1e-6, { tstart: '2026-11-24 11:00:00' }));
    rows[12]!.explanation = facts([['port_scan|10.10.4.201', 0.5]], '10.1.0.1:22');
    const layout = caseListLayout(groupCases('flow', orderRows(rows, 'combined'), rows));
    expect(layout.leading.map((c) => c.title)).toEqual([
      'malicious url · 10.20.0.0',
      'malicious url · 10.20.0.1',
      'malicious url · 10.20.0.2',
      'port scan · 10.10.4.201',
    ]);
    expect(layout.foldedFindings).toEqual([expect.objectContaining({ name: 'malicious url', rows: 9 })]);
    expect(layout.foldedFindings[0]!.cases.map((c) => c.title)[0]).toBe('malicious url · 10.20.0.3');
    // every case is somewhere: shown, or folded under its detection
    expect(layout.leading.length + layout.foldedFindings[0]!.cases.length).toBe(13);
  });
});
