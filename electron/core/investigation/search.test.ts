import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalSource } from '../sources/local';
import { datesInRange, runExpandedSearch } from './search';
import { dnsRow, flowRow, proxyRow, tempRoot, writeRawDay } from './test-tree';

let root: string;
const progress: Array<[number, string]> = [];
const job = { signal: new AbortController().signal, progress: (f: number, m: string) => void progress.push([f, m]) };

beforeAll(() => {
  root = tempRoot();
  writeRawDay(root, 'flow', '2026-11-23', [
    flowRow('2026-11-23 23:55:00', '10.10.7.43', '203.0.113.77', 50000, 443, 4, 320),
  ]);
  writeRawDay(
    root,
    'flow',
    '2026-11-24',
    [
      flowRow('2026-11-24 00:00:01', '10.10.7.43', '203.0.113.77', 50001, 443, 4, 320),
      flowRow('2026-11-24 00:05:01', '10.10.7.43', '203.0.113.77', 50001, 443, 6, 900),
      flowRow('2026-11-24 00:06:00', '203.0.113.77', '10.10.7.43', 443, 50001, 3, 190),
      flowRow('2026-11-24 01:00:00', '10.1.1.1', '8.8.8.8', 1234, 53, 1, 60),
    ],
    0,
  );
  writeRawDay(root, 'dns', '2026-11-24', [
    dnsRow(1795510800, '10.10.5.120', 'a.t.cloudsync-metrics.net'),
    dnsRow(1795510860, '10.10.5.120', 'a.t.cloudsync-metrics.net'),
    dnsRow(1795510900, '10.10.5.120', 'b.t.cloudsync-metrics.net'),
    dnsRow(1795510900, '10.10.9.9', 'a.t.cloudsync-metrics.net'),
  ]);
  writeRawDay(root, 'proxy', '2026-11-24', [
    proxyRow('2026-11-24', '10:00:00', '10.0.0.5', "evil.com/x?a='1'", '-'),
    proxyRow('2026-11-24', '10:00:05', '10.0.0.5', 'evil.com/payload.exe', "evil.com/x?a='1'"),
    proxyRow('2026-11-24', '09:00:00', '10.0.0.6', "evil.com/x?a='1'", 'google.com/', 404),
    proxyRow('2026-11-24', '11:00:00', '10.0.0.7', 'other.com/', '-'),
  ]);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('datesInRange', () => {
  it('lists the days inclusive, swapped when reversed, and refuses long ranges', () => {
    expect(datesInRange('2026-11-24', '2026-11-22')).toEqual(['2026-11-22', '2026-11-23', '2026-11-24']);
    expect(datesInRange('2026-02-28', '2026-03-01')).toEqual(['2026-02-28', '2026-03-01']);
    expect(() => datesInRange('2026-01-01', '2026-03-01')).toThrow(/longer than 31 days/);
  });
});

describe('runExpandedSearch over real DuckDB', () => {
  it('groups every flow connection of an IP by (sip, dip, sport, dport) with first/last seen and max/avg', async () => {
    const r = await runExpandedSearch(
      [createLocalSource(root)],
      { pipeline: 'flow', anchor: '10.10.7.43', start: '2026-11-24', end: '2026-11-24' },
      job,
    );
    expect(r.kind).toBe('ip');
    expect(r.total).toBe(2);
    const rows = r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c, row[i]])));
    expect(rows[0]).toMatchObject({
      srcIp: '10.10.7.43',
      dstIp: '203.0.113.77',
      srcPort: 50001,
      dstPort: 443,
      proto: 'TCP',
      firstSeen: '2026-11-24 00:00:01',
      lastSeen: '2026-11-24 00:05:01',
      connections: 2,
      maxPkts: 6,
      avgPkts: 5,
      maxBytes: 900,
      avgBytes: 610,
    });
    expect(rows[1]).toMatchObject({ srcIp: '203.0.113.77', dstIp: '10.10.7.43', connections: 1, maxBytes: 190 });
    expect(progress.length).toBeGreaterThan(0);
  });

  it('searches a date range in one query and lists the days without raw data', async () => {
    const r = await runExpandedSearch(
      [createLocalSource(root)],
      { pipeline: 'flow', anchor: '10.10.7.43', start: '2026-11-25', end: '2026-11-23' },
      job,
    );
    expect(r.days).toEqual(['2026-11-23', '2026-11-24']);
    expect(r.missingDays).toEqual(['2026-11-25']);
    expect(r.total).toBe(3);
  });

  it("counts a dns client's queries and a query's clients", async () => {
    const byIp = await runExpandedSearch(
      [createLocalSource(root)],
      { pipeline: 'dns', anchor: '10.10.5.120', start: '2026-11-24', end: '2026-11-24' },
      job,
    );
    expect(byIp.kind).toBe('ip');
    expect(byIp.rows.map((r) => [r[0], r[1], r[2]])).toEqual([
      ['a.t.cloudsync-metrics.net', '10.10.5.120', 2],
      ['b.t.cloudsync-metrics.net', '10.10.5.120', 1],
    ]);
    // The answers (the map's servers) and the queries per minute (the timeline), which the totals lose.
    expect(byIp.columns[5]).toBe('answers');
    expect(byIp.rows.map((r) => r[5])).toEqual(['1.2.3.4', '1.2.3.4']);
    expect(byIp.timeline).toEqual([
      { lane: 'a.t.cloudsync-metrics.net', minute: '2026-11-24 09:00', count: 1, detail: { '0': 1 } },
      { lane: 'a.t.cloudsync-metrics.net', minute: '2026-11-24 09:01', count: 1, detail: { '0': 1 } },
      { lane: 'b.t.cloudsync-metrics.net', minute: '2026-11-24 09:01', count: 1, detail: { '0': 1 } },
    ]);
    const byQuery = await runExpandedSearch(
      [createLocalSource(root)],
      { pipeline: 'dns', anchor: 'a.t.cloudsync-metrics.net', start: '2026-11-24', end: '2026-11-24' },
      job,
    );
    expect(byQuery.kind).toBe('query');
    expect(byQuery.rows.map((r) => [r[0], r[2]])).toEqual([
      ['10.10.5.120', 2],
      ['10.10.9.9', 1],
    ]);
    expect(byQuery.timeline?.map((c) => [c.lane, c.minute, c.count])).toEqual([
      ['10.10.5.120', '2026-11-24 09:00', 1],
      ['10.10.5.120', '2026-11-24 09:01', 1],
      ['10.10.9.9', '2026-11-24 09:01', 1],
    ]);
  });

  it('lists every proxy request of a URI or referred by it in time order (quotes in the anchor are data)', async () => {
    const r = await runExpandedSearch(
      [createLocalSource(root)],
      { pipeline: 'proxy', anchor: "evil.com/x?a='1'", start: '2026-11-24', end: '2026-11-24' },
      job,
    );
    expect(r.total).toBe(3);
    const uri = r.columns.indexOf('fulluri');
    const time = r.columns.indexOf('p_time');
    expect(r.rows.map((row) => [row[time], row[uri]])).toEqual([
      ['09:00:00', "evil.com/x?a='1'"],
      ['10:00:00', "evil.com/x?a='1'"],
      ['10:00:05', 'evil.com/payload.exe'],
    ]);
  });

  it('finds proxy requests by host or URI prefix, not only by the exact full URI (#16)', async () => {
    const search = (anchor: string) =>
      runExpandedSearch(
        [createLocalSource(root)],
        { pipeline: 'proxy', anchor, start: '2026-11-24', end: '2026-11-24' },
        job,
      );
    const uris = (r: Awaited<ReturnType<typeof search>>) => r.rows.map((row) => row[r.columns.indexOf('fulluri')]);
    expect(uris(await search('evil.com'))).toEqual(["evil.com/x?a='1'", "evil.com/x?a='1'", 'evil.com/payload.exe']);
    expect(uris(await search('evil.com/pay'))).toEqual(['evil.com/payload.exe']);
    expect((await search('other.com')).total).toBe(1);
  });

  it('says which days are missing when none is on disk', async () => {
    await expect(
      runExpandedSearch(
        [createLocalSource(root)],
        { pipeline: 'flow', anchor: '1.2.3.4', start: '2026-10-01', end: '2026-10-01' },
        job,
      ),
    ).rejects.toThrow(/no raw flow data on disk/);
  });

  it('stops when the job is cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      runExpandedSearch(
        [createLocalSource(root)],
        { pipeline: 'flow', anchor: '10.10.7.43', start: '2026-11-24', end: '2026-11-24' },
        { signal: controller.signal, progress: () => undefined },
      ),
    ).rejects.toThrow(/cancelled/);
  });
});
