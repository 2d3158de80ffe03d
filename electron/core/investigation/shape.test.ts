import { hostClassifier } from '../../../shared/host-class';
import type { TimelineCluster } from '../../../shared/ops/investigation';
import { describe, expect, it } from 'vitest';
import { FLOW_SEARCH_COLUMNS, PROXY_SEARCH_COLUMNS } from './search-sql';
import {
  classifyPeers,
  connectionsFromTimeline,
  dnsDendroRows,
  dnsDomainTree,
  dnsLinks,
  dnsTimelineClusters,
  dnsTree,
  flowConnections,
  flowImpact,
  flowTimelineClusters,
  flowTimelineRows,
  flowTree,
  globeData,
  isPrivateAddress,
  linkGlobe,
  NXDOMAIN_LANE,
  proxyLinks,
  withHome,
  keepTopPeers,
  proxyProgression,
  proxyTimelineClusters,
  proxyTimelineRows,
  type FlowPeer,
} from './shape';

const A = '10.10.7.43';
function flowSearch(rows: Array<[string, string, number, number, string, number, number]>) {
  return {
    columns: [...FLOW_SEARCH_COLUMNS],
    rows: rows.map(([src, dst, sport, dport, first, conns, bytes]) => [
      src,
      dst,
      sport,
      dport,
      'TCP',
      first,
      first,
      conns,
      4,
      4,
      bytes,
      bytes,
    ]),
  };
}
const search = flowSearch([
  [A, '203.0.113.77', 50001, 443, '2026-11-24 00:00:01', 5, 320],
  [A, '203.0.113.77', 50002, 443, '2026-11-24 00:05:01', 1, 60000],
  ['198.51.100.9', A, 40000, 22, '2026-11-24 00:00:30', 2, 100],
  [A, '10.1.0.10', 50003, 445, '2026-11-24 00:00:40', 1, 100],
  ['10.1.0.10', A, 445, 50003, '2026-11-24 00:00:41', 1, 100],
]);

describe('flow peers', () => {
  it('classifies peers from the anchor side and sums their connections', () => {
    const peers = classifyPeers(A, flowConnections(search));
    expect(peers).toEqual([
      { ip: '203.0.113.77', direction: 'outbound', connections: 6, maxBytes: 60000 },
      { ip: '10.1.0.10', direction: 'twoway', connections: 2, maxBytes: 100 },
      { ip: '198.51.100.9', direction: 'inbound', connections: 2, maxBytes: 100 },
    ]);
  });

  it('keeps per class the union of the top N by bytes and by connections', () => {
    const peers: FlowPeer[] = [
      { ip: 'a', direction: 'outbound', connections: 100, maxBytes: 1 },
      { ip: 'b', direction: 'outbound', connections: 1, maxBytes: 100 },
      { ip: 'c', direction: 'outbound', connections: 2, maxBytes: 2 },
      { ip: 'd', direction: 'inbound', connections: 1, maxBytes: 1 },
    ];
    expect(keepTopPeers(peers, 1).map((p) => p.ip)).toEqual(['a', 'b', 'd']);
  });

  it('builds timeline rows for the anchor and kept peers only, by first seen, and reads them back', () => {
    const connections = flowConnections(search);
    const rows = flowTimelineRows(
      A,
      connections,
      classifyPeers(A, connections).filter((p) => p.ip !== '10.1.0.10'),
    );
    expect(rows.map((r) => r.tstart)).toEqual(['2026-11-24 00:00:01', '2026-11-24 00:00:30', '2026-11-24 00:05:01']);
    expect(rows[0]).toMatchObject({
      ip_threat: A,
      srcip: A,
      dstip: '203.0.113.77',
      sport: 50001,
      dport: 443,
      ibyt: 320,
    });
    expect(connectionsFromTimeline(rows)[2]).toMatchObject({
      srcIp: A,
      dstIp: '203.0.113.77',
      maxBytes: 60000,
      connections: 1,
    });
  });

  it('groups the tree and the impact by the same host classes (one classification)', () => {
    const peers = classifyPeers(A, flowConnections(search));
    const classOf = hostClassifier({
      label: (ip) => (ip === '10.1.0.10' ? 'DMZ web servers' : ''),
      isInternal: () => false,
    });
    const tree = flowTree(A, peers, classOf);
    expect(tree.name).toBe(A);
    expect(tree.children.map((c) => [c.name, c.value])).toEqual([
      ['Inbound Only', 1],
      ['Outbound Only', 1],
      ['two way', 1],
    ]);
    expect(tree.children[2]!.children).toEqual([{ name: 'DMZ web servers', value: 1, children: [] }]);
    const impact = flowImpact(peers, classOf);
    expect(impact.value).toBe(10);
    expect(impact.children[1]).toEqual({
      name: 'Outbound Only',
      value: 6,
      children: [{ name: 'External', value: 6, children: [] }],
    });
    expect(impact.children[2]!.children[0]).toEqual({ name: 'DMZ web servers', value: 2, children: [] });
    // Every direction names the same classes in both.
    const names = (bars: Array<{ children: Array<{ name: string }> }>) =>
      bars.map((b) => b.children.map((c) => c.name).sort());
    expect(names(tree.children)).toEqual(names(impact.children));
  });

  it('clusters the timeline per peer per minute with port counts', () => {
    const clusters = flowTimelineClusters(A, flowConnections(search));
    expect(clusters[0]).toEqual({
      lane: '10.1.0.10',
      minute: '2026-11-24 00:00',
      count: 2,
      detail: { '445': 1, '50003': 1 },
    });
    expect(clusters.find((c) => c.lane === '203.0.113.77' && c.minute === '2026-11-24 00:05')).toEqual({
      lane: '203.0.113.77',
      minute: '2026-11-24 00:05',
      count: 1,
      detail: { '443': 1 },
    });
  });
});

describe('globe', () => {
  const geo = (ip: string) =>
    ip.startsWith('10.')
      ? ip === A
        ? { lat: 52, lon: 4, country: 'Netherlands', city: '', owner: 'Us' }
        : null
      : { lat: 40, lon: -74, country: 'United States', city: '', owner: 'ISP' };
  it('places the anchor and peers and draws arcs in the traffic direction', () => {
    const g = globeData(A, classifyPeers(A, flowConnections(search)), geo);
    expect(g.available).toBe(true);
    expect(g.unlocated).toBe(1);
    expect(g.unlocatedIps).toEqual(['10.1.0.10']);
    expect(g.points.map((p) => [p.ip, p.role])).toEqual([
      [A, 'anchor'],
      ['203.0.113.77', 'outbound'],
      ['198.51.100.9', 'inbound'],
    ]);
    expect(g.arcs[0]).toMatchObject({ from: A, to: '203.0.113.77', startLat: 52, endLat: 40 });
    expect(g.arcs[1]).toMatchObject({ from: '198.51.100.9', to: A, startLat: 40, endLat: 52 });
  });
  it('places private addresses at the home location when one is set', () => {
    const g = globeData(A, classifyPeers(A, flowConnections(search)), withHome(geo, { lat: 1, lon: 2, label: 'Home' }));
    expect(g.unlocated).toBe(0);
    expect(g.points.find((p) => p.ip === '10.1.0.10')).toMatchObject({
      lat: 1,
      lon: 2,
      country: 'Home',
      role: 'twoway',
    });
    expect(isPrivateAddress('172.31.0.1')).toBe(true);
    expect(isPrivateAddress('172.32.0.1')).toBe(false);
    expect(isPrivateAddress('203.0.113.77')).toBe(false);
    expect(isPrivateAddress('fd12::1')).toBe(true);
  });
  it('counts internal hosts under the home location even where the geolocation data places them (issue #16)', () => {
    // Spot's iploc.csv often lists the organisation's own ranges (the sample's 10/8 is in Seattle): with Spain
    // chosen as home, the internal client is in Spain, not where the database put it.
    const iploc = (ip: string) =>
      ip.startsWith('10.') || ip.startsWith('100.64.')
        ? { lat: 47.6, lon: -122.3, country: 'United States', city: 'Seattle', owner: 'Us' }
        : { lat: -4.6, lon: 55.5, country: 'Seychelles', city: 'Victoria', owner: 'VPS' };
    const spain = { lat: 40.2, lon: -3.6, label: 'Spain' };
    // 100.64.0.9 is not a private address, but the analyst's network context lists it as internal.
    const contextInternal = (ip: string) => isPrivateAddress(ip) || ip === '100.64.0.9';
    const lookup = withHome(iploc, spain, contextInternal);
    expect(lookup('10.0.0.7')).toMatchObject({ country: 'Spain', lat: 40.2, lon: -3.6 });
    expect(lookup('100.64.0.9')).toMatchObject({ country: 'Spain' });
    expect(lookup('198.51.100.2')).toMatchObject({ country: 'Seychelles' });
    // Without a home the database's answer stands.
    expect(withHome(iploc, undefined, contextInternal)('10.0.0.7')).toMatchObject({ country: 'United States' });
  });
  it('says geolocation is unavailable without a database', () => {
    expect(globeData(A, [], null)).toEqual({ available: false, points: [], arcs: [], unlocated: 0, unlocatedIps: [] });
  });
});

describe('dns', () => {
  it('keeps the top rows as dendro rows and draws anchor → values', () => {
    const s = {
      columns: ['dnsQuery', 'clientIp', 'total', 'firstSeen', 'lastSeen'],
      rows: [
        ['a.x', '10.0.0.1', 5, '', ''],
        ['b.x', '10.0.0.1', 2, '', ''],
      ],
    };
    const rows = dnsDendroRows('10.0.0.1', s, 1);
    expect(rows).toEqual([{ anchor: '10.0.0.1', total: 5, dns_qry_name: 'a.x', ip_dst: '10.0.0.1' }]);
    expect(dnsTree('10.0.0.1', 'ip', rows)).toEqual({
      name: '10.0.0.1',
      value: 5,
      children: [{ name: 'a.x', value: 5, children: [] }],
    });
    expect(dnsTree('a.x', 'query', rows).children[0]!.name).toBe('10.0.0.1');
  });
});

describe('dns domain tree', () => {
  it("groups a client's names by registered domain with the top names under each", () => {
    const rows = [
      ['a.t.evil.net', '10.0.0.1', 1, '', ''],
      ['b.t.evil.net', '10.0.0.1', 1, '', ''],
      ['c.t.evil.net', '10.0.0.1', 1, '', ''],
      ['www.office.com', '10.0.0.1', 2, '', ''],
    ];
    const s = { columns: ['dnsQuery', 'clientIp', 'total', 'firstSeen', 'lastSeen'], rows };
    const domainOf = (n: string) => n.split('.').slice(-2).join('.');
    const tree = dnsDomainTree('10.0.0.1', 'ip', s, domainOf, 20, 2);
    expect(tree.value).toBe(5);
    expect(tree.children.map((c) => [c.name, c.value])).toEqual([
      ['evil.net', 3],
      ['office.com', 2],
    ]);
    expect(tree.children[0]!.children.map((c) => c.name)).toEqual(['a.t.evil.net', 'b.t.evil.net', '… 1 more names']);
    const byQuery = dnsDomainTree(
      'a.t.evil.net',
      'query',
      { columns: ['clientIp', 'dnsQuery', 'total'], rows: [['10.0.0.1', 'a', 4]] },
      domainOf,
    );
    expect(byQuery.children).toEqual([{ name: '10.0.0.1', value: 4, children: [] }]);
  });
});

describe('proxy', () => {
  const U = 'evil.com/x';
  const row = (time: string, client: string, uri: string, referer: string, code: number) =>
    PROXY_SEARCH_COLUMNS.map(
      (c) =>
        ({
          p_date: '2026-11-24',
          p_time: time,
          clientip: client,
          fulluri: uri,
          referer,
          respcode: code,
          reqmethod: 'GET',
          resconttype: 'text/html',
          duration: 10,
        })[c as string] ?? null,
    );
  const s = {
    columns: [...PROXY_SEARCH_COLUMNS],
    rows: [
      row('10:00:00', '10.0.0.5', U, 'google.com/', 200),
      row('10:00:00', '10.0.0.5', U, 'google.com/', 200),
      row('10:00:09', '10.0.0.6', U, '-', 404),
      row('10:01:00', '10.0.0.5', 'evil.com/p.exe', U, 200),
    ],
  };
  it('builds the progression columns and links per request', () => {
    const p = proxyProgression(U, s);
    expect(p.columns.map((c) => [c.name, c.values])).toEqual([
      ['Referer', ['-', 'google.com/']],
      ['IP', ['10.0.0.5', '10.0.0.6']],
      ['Method', ['GET']],
      ['ContentType', ['text/html']],
      ['Threat', [U]],
      ['Referred', ['evil.com/p.exe']],
    ]);
    expect(p.links).toContainEqual({ column: 0, from: 'google.com/', to: '10.0.0.5', count: 2 });
    expect(p.links).toContainEqual({ column: 4, from: U, to: 'evil.com/p.exe', count: 1 });
  });
  it('groups timeline rows per client, time and code with summed duration and a filled code name', () => {
    const rows = proxyTimelineRows(U, s, (c) => (c === '200' ? 'OK' : 'Not Found'));
    expect(rows).toEqual([
      {
        p_threat: U,
        tstart: '2026-11-24 10:00:00',
        tend: '2026-11-24 10:00:00',
        duration: 20,
        clientip: '10.0.0.5',
        respcode: '200',
        respcodename: 'OK',
      },
      {
        p_threat: U,
        tstart: '2026-11-24 10:00:09',
        tend: '2026-11-24 10:00:09',
        duration: 10,
        clientip: '10.0.0.6',
        respcode: '404',
        respcodename: 'Not Found',
      },
    ]);
    expect(proxyTimelineRows(U, s, () => '', 1).map((r) => r.clientip)).toEqual(['10.0.0.5']);
    expect(proxyTimelineClusters(rows)).toEqual([
      { lane: '10.0.0.5', minute: '2026-11-24 10:00', count: 1, detail: { '200': 1 } },
      { lane: '10.0.0.6', minute: '2026-11-24 10:00', count: 1, detail: { '404': 1 } },
    ]);
  });

  it('maps a DNS client to the servers its names resolved to, and a proxy URI to its server', () => {
    const geo = (ip: string) =>
      ip.startsWith('203.')
        ? { lat: 50, lon: 10, country: 'Germany', city: 'Frankfurt', owner: '' }
        : ip.startsWith('198.')
          ? { lat: 40, lon: -74, country: 'United States', city: '', owner: '' }
          : null;
    const dns = {
      columns: ['dnsQuery', 'clientIp', 'total', 'firstSeen', 'lastSeen', 'answers'],
      rows: [
        ['a.evil.net', '10.0.0.5', 30, '', '', '203.0.113.9,198.51.100.2'],
        ['b.evil.net', '10.0.0.5', 10, '', '', '203.0.113.9|nonsense'],
        ['nx.example', '10.0.0.5', 5, '', '', ''],
      ],
    };
    const links = dnsLinks(dns);
    expect(links).toEqual([
      { from: '10.0.0.5', to: '203.0.113.9', count: 30 },
      { from: '10.0.0.5', to: '198.51.100.2', count: 30 },
      { from: '10.0.0.5', to: '203.0.113.9', count: 10 },
    ]);
    const home = withHome(geo, { lat: 52, lon: 5, label: 'HQ' });
    const globe = linkGlobe(links, new Set(['10.0.0.5']), home);
    expect(globe.points.map((p) => [p.ip, p.role, p.country])).toEqual([
      ['10.0.0.5', 'anchor', 'HQ'],
      ['203.0.113.9', 'outbound', 'Germany'],
      ['198.51.100.2', 'outbound', 'United States'],
    ]);
    expect(globe.arcs.map((a) => [a.from, a.to, a.connections])).toEqual([
      ['10.0.0.5', '203.0.113.9', 40],
      ['10.0.0.5', '198.51.100.2', 30],
    ]);
    // Without a home location the internal client has no place: counted, not dropped in silence.
    expect(linkGlobe(links, new Set(['10.0.0.5']), geo)).toMatchObject({ unlocated: 1, unlocatedIps: ['10.0.0.5'] });
    expect(linkGlobe(links, new Set(), null).available).toBe(false);

    const proxy = {
      columns: [...PROXY_SEARCH_COLUMNS],
      rows: [
        PROXY_SEARCH_COLUMNS.map(
          (c) => ({ clientip: '10.0.0.7', fulluri: 'evil.com/x.exe', serverip: '198.51.100.2' })[c as string] ?? '',
        ),
        PROXY_SEARCH_COLUMNS.map(
          (c) =>
            ({ clientip: '10.0.0.8', fulluri: 'other.com/', serverip: '203.0.113.1', referer: 'evil.com/x.exe' })[
              c as string
            ] ?? '',
        ),
      ],
    };
    const proxyGlobe = linkGlobe(proxyLinks('evil.com/x.exe', proxy), new Set(['198.51.100.2']), home);
    expect(proxyGlobe.points.map((p) => [p.ip, p.role])).toEqual([
      ['10.0.0.7', 'inbound'],
      ['198.51.100.2', 'anchor'],
    ]);
  });

  it("folds a DNS client's per-minute names into registered-domain lanes with response-code names", () => {
    const clusters: TimelineCluster[] = [
      { lane: 'a1.t.evil.net', minute: '2026-11-24 10:00', count: 2, detail: { '0': 2 } },
      { lane: 'a2.t.evil.net', minute: '2026-11-24 10:00', count: 1, detail: { '3': 1 } },
      { lane: 'www.example.com', minute: '2026-11-24 09:00', count: 1, detail: { '0': 1 } },
      { lane: 'qxzvkpla.com', minute: '2026-11-24 11:00', count: 1, detail: { '3': 1 } },
      { lane: 'plmoknij.ru', minute: '2026-11-24 11:00', count: 2, detail: { '3': 2 } },
    ];
    const domainOf = (n: string) => n.split('.').slice(-2).join('.');
    const codeName = (c: string) => ({ '0': 'NOERROR', '3': 'NXDOMAIN' })[c] ?? c;
    expect(dnsTimelineClusters('ip', clusters, domainOf, codeName)).toEqual([
      { lane: 'example.com', minute: '2026-11-24 09:00', count: 1, detail: { NOERROR: 1 } },
      { lane: 'evil.net', minute: '2026-11-24 10:00', count: 3, detail: { NOERROR: 2, NXDOMAIN: 1 } },
      // A DGA's names that do not exist: one lane, not hundreds.
      { lane: NXDOMAIN_LANE, minute: '2026-11-24 11:00', count: 3, detail: { NXDOMAIN: 3 } },
    ]);
    // A name's lanes are its clients, as they are.
    expect(dnsTimelineClusters('query', clusters, domainOf, codeName).map((c) => c.lane)).toEqual([
      'www.example.com',
      'a1.t.evil.net',
      'a2.t.evil.net',
      'plmoknij.ru',
      'qxzvkpla.com',
    ]);
  });
});
