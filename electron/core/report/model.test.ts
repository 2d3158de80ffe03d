import { describe, expect, it } from 'vitest';
import type { TimelineCluster } from '../../../shared/ops/investigation';
import { buildReport, EVIDENCE_CAP, EVIDENCE_COLUMN_CAP, keyEvents, timelineLanes } from './model';
import { C2, PEER, reportInput } from './testing';

const cluster = (lane: string, minute: string, count: number): TimelineCluster => ({
  lane,
  minute: `2026-11-24 ${minute}`,
  count,
  detail: { '443': count },
});

describe('report model', () => {
  const model = buildReport(reportInput());
  const threat = model.threats[0]!;

  it('summarises what happened, which hosts, when, how bad and what was done', () => {
    expect(model.title).toBe('Flow incident report · 2026-11-24');
    expect(model.summary.happened).toContain('1 threat confirmed in the Flow data of 2026-11-24');
    // The external addresses: the timeline's peer and every external peer of the evidence (its indicators).
    expect(model.summary.hosts).toBe(
      `2 internal hosts (${C2}, 10.1.0.10); 40 external addresses (${PEER}, 198.51.100.1, 198.51.100.2, 198.51.100.3, 198.51.100.4 and 35 more).`,
    );
    expect(model.summary.when).toBe('From 2026-11-24 00:00 to 2026-11-24 03:00 (UTC).');
    expect(model.summary.severity).toMatch(
      /^25 connections involved, with external addresses in 1 country \(Narnia <x>\); \d+ indicators/,
    );
    expect(model.summary.done).toMatch(/scored High/);
  });

  it("counts the countries of external addresses only (internal hosts are placed at the organisation's sites)", () => {
    const input = reportInput();
    input.threats[0]!.detail.globe!.points.push({
      ip: '10.1.0.10',
      lat: 47.6,
      lon: -122.3,
      country: 'United States',
      city: 'Seattle',
      owner: 'internal',
      role: 'outbound',
    });
    expect(buildReport(input).summary.severity).toContain('with external addresses in 1 country (Narnia <x>)');
  });

  it("counts the external addresses among the indicators too (a proxy threat's server is no timeline lane)", () => {
    const input = reportInput();
    input.threats[0]!.detail.globe = null;
    input.threats[0]!.detail.timeline = [];
    input.threats[0]!.evidence!.rows = input.threats[0]!.evidence!.rows.slice(0, 1);
    expect(buildReport(input).summary.hosts).toBe(`1 internal host (${C2}); 1 external address (${PEER}).`);
  });

  it('names the hosts of the evidence when the threat has no timeline or map (a DNS query threat)', () => {
    const domain = 'af4e01.hacker-dnscat.com';
    const input = reportInput({ pipeline: 'dns' });
    const detail = input.threats[0]!.detail;
    detail.entry = { anchor: domain, kind: 'query', title: 'dns tunnelling', text: '' };
    detail.timeline = [];
    detail.globe = null;
    input.threats[0]!.evidence = {
      columns: ['clientIp', 'dnsQuery', 'total', 'firstSeen', 'lastSeen'],
      rows: [['192.168.7.7', domain, 1, '2023-08-06 12:16:46', '2023-08-06 12:16:46']],
      total: 1,
    };
    const dns = buildReport(input);
    expect(dns.summary.hosts).toBe('1 internal host (192.168.7.7); 0 external addresses.');
    expect(dns.threats[0]!.hosts.map((h) => h.ip)).toEqual(['192.168.7.7']);
  });

  it('says the timeline is cut only when the storyboard cut it (its row limit), not when counts merely differ', () => {
    expect(threat.timelineCut).toBe(false);
    // The sample's C2 beacon: 298 timeline rows, 300 connections (a few rows hold 2): nothing was cut.
    const differ = reportInput();
    differ.threats[0]!.detail.impact!.value = 27;
    expect(buildReport(differ).threats[0]!.timelineCut).toBe(false);
    // The sample's port scan: the first 1,000 of 3,123 connections.
    const cut = reportInput();
    cut.threats[0]!.detail.impact!.value = 3123;
    cut.threats[0]!.detail.timeline = [{ lane: '10.1.0.10', minute: '2026-11-24 11:14', count: 1000, detail: {} }];
    const scan = buildReport(cut).threats[0]!;
    expect([scan.timelineCut, scan.timelineTotal, scan.volume]).toEqual([true, 1000, 3123]);
  });

  it('caps the evidence rows and columns and keeps the count of all of them', () => {
    expect(threat.evidence!.rows).toHaveLength(EVIDENCE_CAP);
    expect(threat.evidence!.total).toBe(4321);
    expect(threat.evidence!.columns.length).toBeLessThanOrEqual(EVIDENCE_COLUMN_CAP);
    expect(threat.evidence!.rows.every((r) => r.length === threat.evidence!.columns.length)).toBe(true);
  });

  it('an empty day says so instead of inventing a summary', () => {
    const empty = buildReport(reportInput({ threats: [] }));
    expect(empty.summary.happened).toBe('No threat was saved to the Flow storyboard for 2026-11-24.');
    expect(empty.threats).toEqual([]);
  });
});

describe('timeline lanes and key events', () => {
  const clusters = [
    cluster('a', '00:00', 2),
    cluster('a', '00:05', 2),
    cluster('b', '01:00', 9),
    cluster('c', '02:30', 1),
    cluster('a', '03:00', 1),
  ];

  it('orders lanes by total and sums the rest into one "others" lane', () => {
    const lanes = timelineLanes(clusters, 2);
    expect(lanes.map((l) => [l.name, l.total])).toEqual([
      ['b', 9],
      ['a', 5],
      ['1 others', 1],
    ]);
    expect(lanes[1]!.points).toEqual([
      { minuteOfDay: 0, count: 2 },
      { minuteOfDay: 5, count: 2 },
      { minuteOfDay: 180, count: 1 },
    ]);
  });

  it('lists first activity, first contacts, the busiest minute and the last activity in time order', () => {
    expect(keyEvents(clusters, 'flow').map((e) => `${e.minute.slice(11)} ${e.text}`)).toEqual([
      '00:00 First activity: 2 connections with a (443×2)',
      '01:00 First contact with peer b: 9 connections over the day (443×9)',
      '01:00 Busiest minute: 9 connections',
      '02:30 First contact with peer c: 1 connection over the day (443×1)',
      '03:00 Last activity: 1 connection with a',
    ]);
    expect(keyEvents([], 'proxy')).toEqual([]);
  });
});
