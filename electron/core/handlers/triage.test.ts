import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DayImport } from '../cache/index';
import { useTestCore } from '../test-core';

const DATE = '2026-11-24';

function flowScore(tstart: string, srcip: string, dstip: string, dport: number, score: number, rank: number) {
  return {
    tstart,
    srcip,
    dstip,
    sport: 50000 + rank,
    dport,
    proto: 'TCP',
    ipkt: 4,
    ibyt: 320,
    opkt: 3,
    obyt: 190,
    ml_score: score,
    rank,
    srcip_internal: srcip.startsWith('10.') ? 1 : 0,
    dstip_internal: dstip.startsWith('10.') ? 1 : 0,
    src_geoloc: '',
    dst_geoloc: '',
    src_domain: '',
    dst_domain: '',
    src_rep: '',
    dst_rep: 'gti:High:3',
  };
}
function flowEdge(tstart: string, srcip: string, dstip: string, ibyt: number, obyt: number) {
  const [, time = '00:00:00'] = tstart.split(' ');
  const [hh = 0, mn = 0] = time.split(':').map(Number);
  return {
    tstart,
    srcip,
    dstip,
    sport: 1,
    dport: 443,
    proto: 'TCP',
    flags: '.AP.SF',
    tos: 0,
    ibyt,
    ipkt: 1,
    input: 0,
    output: 0,
    rip: '0.0.0.0',
    obyt,
    opkt: 1,
    hh,
    mn,
  };
}

const flowDay: DayImport = {
  pipeline: 'flow',
  date: DATE,
  source: 'test',
  tables: {
    flow_scores: [
      flowScore('2026-11-24 10:05:11', '10.10.7.43', '203.0.113.77', 443, 1e-9, 0),
      flowScore('2026-11-24 11:00:00', '10.10.4.201', '10.1.0.10', 22, 2e-9, 1),
      flowScore('2026-11-24 12:00:00', '10.10.7.43', '198.51.100.5', 80, 3e-9, 2),
    ],
    flow_edge: [
      flowEdge('2026-11-24 10:05:11', '10.10.7.43', '203.0.113.77', 320, 190),
      flowEdge('2026-11-24 10:05:40', '203.0.113.77', '10.10.7.43', 190, 0),
      flowEdge('2026-11-24 10:06:11', '10.10.7.43', '203.0.113.77', 999, 0), // another minute
      flowEdge('2026-11-24 10:05:20', '10.10.7.43', '8.8.8.8', 5, 5), // another peer
    ],
    flow_chords: [
      { ip_threat: '10.10.7.43', srcip: '10.10.7.43', dstip: '203.0.113.77', ibyt: 1000, ipkt: 10 },
      { ip_threat: '10.10.7.43', srcip: '198.51.100.5', dstip: '10.10.7.43', ibyt: 300, ipkt: 3 },
    ],
    flow_ingest_summary: [],
  },
  explanations: [{ word: '443_10_1', prob: 1e-9 }],
};

const dnsDay: DayImport = {
  pipeline: 'dns',
  date: DATE,
  source: 'test',
  tables: {
    dns_scores: [
      {
        frame_time: 'Nov 24, 2026 09:00:01',
        unix_tstamp: 1795510801,
        frame_len: 120,
        ip_dst: '10.10.5.120',
        dns_qry_name: 'a1b2.cloudsync-metrics.net',
        dns_qry_class: '0x00000001',
        dns_qry_type: 16,
        dns_qry_rcode: 0,
        ml_score: 1e-8,
        tld: 'cloudsync-metrics.net',
        query_rep: '',
        hh: 9,
        dns_qry_class_name: 'IN',
        dns_qry_type_name: 'TXT',
        dns_qry_rcode_name: 'NoError',
        network_context: '',
      },
    ],
    dns_edge: [
      {
        unix_tstamp: 1795510801,
        frame_len: 120,
        ip_dst: '10.10.5.120',
        ip_src: '10.0.0.2',
        dns_qry_name: 'a1b2.cloudsync-metrics.net',
        dns_qry_class: '0x00000001',
        dns_qry_type: 16,
        dns_qry_rcode: 0,
        dns_a: '',
        hh: 9,
        dns_qry_class_name: 'IN',
        dns_qry_type_name: 'TXT',
        dns_qry_rcode_name: 'NoError',
        network_context: '',
      },
      {
        unix_tstamp: 1795510900,
        frame_len: 120,
        ip_dst: '10.10.9.9',
        ip_src: '10.0.0.2',
        dns_qry_name: 'a1b2.cloudsync-metrics.net',
        dns_qry_class: '0x00000001',
        dns_qry_type: 16,
        dns_qry_rcode: 0,
        dns_a: '',
        hh: 9,
        dns_qry_class_name: 'IN',
        dns_qry_type_name: 'TXT',
        dns_qry_rcode_name: 'NoError',
        network_context: '',
      },
      {
        unix_tstamp: 1795514400,
        frame_len: 120,
        ip_dst: '10.10.5.120',
        ip_src: '10.0.0.2',
        dns_qry_name: 'a1b2.cloudsync-metrics.net',
        dns_qry_class: '0x00000001',
        dns_qry_type: 16,
        dns_qry_rcode: 0,
        dns_a: '',
        hh: 10,
        dns_qry_class_name: 'IN',
        dns_qry_type_name: 'TXT',
        dns_qry_rcode_name: 'NoError',
        network_context: '',
      },
    ],
    dns_dendro: [
      { unix_tstamp: 1, dns_a: '1.2.3.4|5.6.7.8', dns_qry_name: 'x.example.com', ip_dst: '10.10.5.120' },
      { unix_tstamp: 2, dns_a: '5.6.7.8', dns_qry_name: 'x.example.com', ip_dst: '10.10.5.120' },
      { unix_tstamp: 3, dns_a: '', dns_qry_name: 'a1b2.cloudsync-metrics.net', ip_dst: '10.10.5.120' },
      { unix_tstamp: 4, dns_a: '9.9.9.9', dns_qry_name: 'other.com', ip_dst: '10.10.9.9' },
    ],
    dns_ingest_summary: [],
  },
};

const proxyRow = (clientip: string, fulluri: string, score: number) => ({
  tdate: DATE,
  time: '09:41:17',
  clientip,
  host: 'cdn-flash-updates.com',
  reqmethod: 'GET',
  useragent: '<script>alert(1)</script>',
  resconttype: 'application/octet-stream',
  duration: 10,
  username: 'dk',
  webcat: 'Malware',
  referer: '-',
  respcode: 200,
  uriport: 80,
  uripath: '/dl/x.exe',
  uriquery: '-',
  serverip: '198.51.100.23',
  scbytes: 1,
  csbytes: 2,
  fulluri,
  word: 'w',
  ml_score: score,
  uri_rep: '',
  respcode_name: 'OK',
  network_context: '',
});
const proxyEdge = (clientip: string, fulluri: string, time: string) => ({
  tdate: DATE,
  time,
  clientip,
  host: 'cdn-flash-updates.com',
  webcat: 'Malware',
  respcode: '200',
  reqmethod: 'GET',
  useragent: 'ua',
  resconttype: 'x',
  referer: '-',
  uriport: '80',
  serverip: '198.51.100.23',
  scbytes: 1,
  csbytes: 2,
  fulluri,
  hh: 9,
  respcode_name: 'OK',
});
const proxyDay: DayImport = {
  pipeline: 'proxy',
  date: DATE,
  source: 'test',
  tables: {
    proxy_scores: [proxyRow('10.10.3.88', 'cdn-flash-updates.com/dl/x.exe', 1e-7)],
    proxy_edge: [
      proxyEdge('10.10.3.88', 'cdn-flash-updates.com/dl/x.exe', '09:41:17'),
      proxyEdge('10.10.3.88', 'cdn-flash-updates.com/dl/x.exe', '09:40:00'),
      proxyEdge('10.10.3.99', 'cdn-flash-updates.com/dl/x.exe', '09:42:00'),
    ],
    proxy_ingest_summary: [],
  },
};

const t = useTestCore({ per: 'test', prefix: 'spot-desk-triage-' });
beforeEach(() => {
  for (const day of [flowDay, dnsDay, proxyDay]) t.core.cache.write.replaceDay(day);
});

describe('suspicious.rows', () => {
  it('returns every row of the day in Spot order with its explanation (null when none was stored)', async () => {
    const result = await t.core.handlers['suspicious.rows']({ pipeline: 'flow', date: DATE });
    expect(result.total).toBe(3);
    expect(result.columns[0]).toBe('tstart');
    expect(result.rows.map((r) => r[result.columns.indexOf('rank')])).toEqual([0, 1, 2]);
    expect(result.explanations).toEqual([{ word: '443_10_1', prob: 1e-9 }, null, null]);
  });

  it('honours a display cap but reports the full total', async () => {
    const result = await t.core.handlers['suspicious.rows']({ pipeline: 'flow', date: DATE, limit: 2 });
    expect(result.rows).toHaveLength(2);
    expect(result.total).toBe(3);
  });

  it('says a day that is not cached is not found', async () => {
    const out = await t.dispatch('suspicious.rows', { pipeline: 'flow', date: '2026-11-23' });
    expect(out).toEqual({ ok: false, error: { code: 'not-found', message: 'flow 2026-11-23 is not cached' } });
  });

  it('keeps hostile strings as data', async () => {
    const result = await t.core.handlers['suspicious.rows']({ pipeline: 'proxy', date: DATE });
    expect(result.rows[0]![result.columns.indexOf('useragent')]).toBe('<script>alert(1)</script>');
  });
});

describe('details.rows', () => {
  it('flow: the same minute, both directions, only that pair', async () => {
    const d = await t.core.handlers['details.rows']({ pipeline: 'flow', date: DATE, row: 0 });
    expect(d.table).toBe('flow_edge');
    const ibyt = d.columns.indexOf('ibyt');
    expect(d.rows.map((r) => r[ibyt])).toEqual([320, 190]);
    expect(d.selectedBy).toContain('10:05');
  });

  it('dns: the same hour and the exact query', async () => {
    const d = await t.core.handlers['details.rows']({ pipeline: 'dns', date: DATE, row: 0 });
    const client = d.columns.indexOf('ip_dst');
    expect(d.rows.map((r) => r[client])).toEqual(['10.10.5.120', '10.10.9.9']);
  });

  it('proxy: the same URI and client over the whole day, by time', async () => {
    const d = await t.core.handlers['details.rows']({ pipeline: 'proxy', date: DATE, row: 0 });
    expect(d.rows.map((r) => r[d.columns.indexOf('time')])).toEqual(['09:40:00', '09:41:17']);
  });

  it('names a row past the end', async () => {
    const out = await t.dispatch('details.rows', { pipeline: 'flow', date: DATE, row: 9 });
    expect(out).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining('row 9') } });
  });
});

describe('chords, dendrogram and neighbours', () => {
  it('chords: Spot rows when present, else summed edge rows', async () => {
    const stored = await t.core.handlers['chords.get']({ date: DATE, ip: '10.10.7.43' });
    expect(stored.source).toBe('flow_chords');
    expect(stored.links).toHaveLength(2);
    const summed = await t.core.handlers['chords.get']({ date: DATE, ip: '203.0.113.77' });
    expect(summed.source).toBe('flow_edge');
    const total = summed.links.reduce((s, l) => s + l.ibyt, 0);
    expect(total).toBe(320 + 190 + 999);
  });

  it('dendro: names with answers split on | and deduplicated, with their base domain', async () => {
    const dendro = await t.core.handlers['dendro.get']({ date: DATE, ip: '10.10.5.120' });
    expect(dendro.queries).toEqual([
      { name: 'a1b2.cloudsync-metrics.net', answers: [], count: 1, base: 'cloudsync-metrics.net' },
      { name: 'x.example.com', answers: ['1.2.3.4', '5.6.7.8'], count: 2, base: 'example.com' },
    ]);
  });

  it('flow neighbours: peers from edges and suspicious rows, most suspicious first', async () => {
    const n = await t.core.handlers['graph.neighbours']({
      pipeline: 'flow',
      date: DATE,
      kind: 'ip',
      value: '10.10.7.43',
      limit: 50,
    });
    expect(n.map((x) => x.value)).toEqual(['203.0.113.77', '198.51.100.5', '8.8.8.8']);
    expect(n[0]).toMatchObject({ kind: 'ip', rows: 4, minScore: 1e-9 });
    expect(n[2]!.minScore).toBeNull();
  });

  it('flow neighbours are classified internal by the ipranges the import used (#16 bug 4)', async () => {
    fs.mkdirSync(path.join(t.dir, 'sample', 'context'), { recursive: true });
    fs.writeFileSync(path.join(t.dir, 'sample', 'context', 'ipranges.csv'), '10.0.0.0,10.255.255.255,Internal\n');
    const ofServer = await t.core.handlers['graph.neighbours']({
      pipeline: 'flow',
      date: DATE,
      kind: 'ip',
      value: '203.0.113.77',
      limit: 50,
    });
    expect(ofServer.map((n) => [n.value, n.internal])).toEqual([['10.10.7.43', true]]);
    const ofVictim = await t.core.handlers['graph.neighbours']({
      pipeline: 'flow',
      date: DATE,
      kind: 'ip',
      value: '10.10.7.43',
      limit: 50,
    });
    expect(ofVictim.map((n) => n.internal)).toEqual([false, false, false]);
    const names = await t.core.handlers['hosts.names']({ ips: ['10.10.7.43', '203.0.113.77', '10.10.7.43'] });
    expect(Object.keys(names)).toEqual(['10.10.7.43', '203.0.113.77']);
    expect(names['10.10.7.43']).toMatchObject({ internal: true, country: '' });
    expect(names['203.0.113.77']!.internal).toBe(false);
  });

  it('dns neighbours: client → domains, domain → clients (through dns_edge)', async () => {
    const domains = await t.core.handlers['graph.neighbours']({
      pipeline: 'dns',
      date: DATE,
      kind: 'ip',
      value: '10.10.5.120',
      limit: 50,
    });
    expect(domains).toEqual([{ kind: 'domain', value: 'cloudsync-metrics.net', rows: 3, weight: 3, minScore: 1e-8 }]);
    const clients = await t.core.handlers['graph.neighbours']({
      pipeline: 'dns',
      date: DATE,
      kind: 'domain',
      value: 'cloudsync-metrics.net',
      limit: 50,
    });
    expect(clients.map((c) => c.value)).toEqual(['10.10.5.120', '10.10.9.9']);
  });

  it('proxy neighbours: a URI → its clients; a kind the pipeline lacks is refused', async () => {
    const clients = await t.core.handlers['graph.neighbours']({
      pipeline: 'proxy',
      date: DATE,
      kind: 'uri',
      value: 'cdn-flash-updates.com/dl/x.exe',
      limit: 50,
    });
    expect(clients.map((c) => c.value)).toEqual(['10.10.3.88', '10.10.3.99']);
    const out = await t.dispatch('graph.neighbours', {
      pipeline: 'flow',
      date: DATE,
      kind: 'uri',
      value: 'x',
    });
    expect(out).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });
});
