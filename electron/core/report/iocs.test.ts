import { describe, expect, it } from 'vitest';
import type { StoryboardDetail } from '../../../shared/ops/investigation';
import { fileNameOfUri, hostOfUri, iocsOfThreat, ipType } from './iocs';
import { C2, flowDetail, IDN_DOMAIN, PEER } from './testing';

const proxyDetail = (anchor: string): StoryboardDetail => ({
  entry: { anchor, kind: 'uri', title: 'drive-by', text: '' },
  tree: null,
  progression: null,
  impact: null,
  globe: null,
  timeline: [],
});

describe('IOC extraction', () => {
  it('reads hosts and file names out of proxy URIs', () => {
    expect(hostOfUri('Evil.COM:8080/a/b.exe?x=1')).toBe('evil.com');
    expect(hostOfUri('https://user@[2001:db8::1]:443/x')).toBe('2001:db8::1');
    expect(fileNameOfUri('evil.com/dl/payload%20v2.exe?id=3')).toBe('payload v2.exe');
    expect(fileNameOfUri('evil.com/dl/')).toBeNull();
    expect(fileNameOfUri('evil.com')).toBeNull();
    expect(ipType('203.0.113.7')).toBe('ipv4-addr');
    expect(ipType('2001:db8::1')).toBe('ipv6-addr');
    expect(ipType('999.1.1.1')).toBeNull();
  });

  it('flow: the external peers with their connection counts; internal hosts are victims, not indicators', () => {
    const iocs = iocsOfThreat('flow', flowDetail(), {
      columns: ['srcIp', 'dstIp', 'connections', 'firstSeen', 'lastSeen'],
      rows: [
        [C2, PEER, 24, '2026-11-24 00:00:11', '2026-11-24 00:55:12'],
        [C2, '10.1.0.10', 1, '2026-11-24 03:00:00', '2026-11-24 03:00:00'],
      ],
    });
    expect(iocs.map((i) => [i.type, i.value, i.count])).toEqual([['ipv4-addr', PEER, 24]]);
    expect(iocs[0]!.firstSeen).toBe('2026-11-24 00:00');
    expect(iocs[0]!.lastSeen).toBe('2026-11-24 00:55:12');
  });

  it('flow: an external anchor (a malware server) counts all its connections, as a peer does', () => {
    const server = '198.51.100.23';
    const detail = flowDetail();
    detail.entry.anchor = server;
    detail.timeline = [];
    const iocs = iocsOfThreat('flow', detail, {
      columns: ['srcIp', 'dstIp', 'connections', 'firstSeen', 'lastSeen'],
      rows: [
        ['10.1.1.10', server, 80, '2026-11-24 09:40:52', '2026-11-24 09:40:52'],
        ['10.1.1.10', server, 7, '2026-11-24 23:51:00', '2026-11-24 23:51:02'],
      ],
    });
    expect(iocs.map((i) => [i.type, i.value, i.count, i.firstSeen, i.lastSeen])).toEqual([
      ['ipv4-addr', server, 87, '2026-11-24 09:40:52', '2026-11-24 23:51:02'],
    ]);
  });

  it("proxy: a server address that is also the URI's host counts each request once", () => {
    const uri = '94.102.49.88/c.sh';
    const row = ['2025-01-18', '14:09:33', '10.20.231.52', uri, 'curl/8', '94.102.49.88'];
    const iocs = iocsOfThreat('proxy', proxyDetail(uri), {
      columns: ['p_date', 'p_time', 'clientip', 'fulluri', 'useragent', 'serverip'],
      rows: [row],
    });
    expect(iocs.find((i) => i.type === 'ipv4-addr')).toMatchObject({ value: '94.102.49.88', count: 1 });
  });

  it('proxy: URL, host (an IDN stays as written), file name, user agent and server address', () => {
    const uri = `${IDN_DOMAIN}/загрузка/invoice.pdf.exe`;
    const row = ['2026-11-24', '10:00:01', '10.0.0.5', uri, '=cmd|calc', '198.51.100.9'];
    const iocs = iocsOfThreat('proxy', proxyDetail(uri), {
      columns: ['p_date', 'p_time', 'clientip', 'fulluri', 'useragent', 'serverip'],
      rows: [row, row],
    });
    expect(iocs.map((i) => [i.type, i.value, i.count]).sort()).toEqual(
      [
        ['url', uri, 2],
        ['domain-name', IDN_DOMAIN, 2],
        ['file-name', 'invoice.pdf.exe', 2],
        ['user-agent', '=cmd|calc', 2],
        ['ipv4-addr', '198.51.100.9', 2],
      ].sort(),
    );
  });

  it('dns: the queried name of a query threat; a client-IP threat gives no internal indicator', () => {
    const query = {
      ...proxyDetail('xn--e1afmkfd.example.'),
      entry: { anchor: 'XN--E1AFMKFD.example.', kind: 'query' as const, title: 't', text: '' },
    };
    expect(iocsOfThreat('dns', query, null).map((i) => i.value)).toEqual(['xn--e1afmkfd.example']);
    const client = {
      ...proxyDetail('10.0.0.5'),
      entry: { anchor: '10.0.0.5', kind: 'ip' as const, title: 't', text: '' },
    };
    expect(iocsOfThreat('dns', client, null)).toEqual([]);
  });

  it("dns: a client-IP threat lists the client's flagged queries as domains, never its other queries", () => {
    const client = {
      ...proxyDetail('10.0.0.5'),
      entry: { anchor: '10.0.0.5', kind: 'ip' as const, title: 'tunnel', text: '' },
    };
    const evidence = {
      columns: ['dnsQuery', 'clientIp', 'total', 'firstSeen', 'lastSeen'],
      rows: [
        ['a1b2.t.Tunnel-Zone.net.', '10.0.0.5', 40, '2026-11-24 01:00:00', '2026-11-24 02:00:00'],
        ['c3d4.t.tunnel-zone.net', '10.0.0.5', 20, '2026-11-24 00:30:00', '2026-11-24 03:00:00'],
        ['qxzvkpla.com', '10.0.0.5', 1, '2026-11-24 04:00:00', '2026-11-24 04:00:00'],
        ['www.google.com', '10.0.0.5', 300, '2026-11-24 00:00:00', '2026-11-24 23:00:00'],
      ],
    };
    const flaggedQueries = new Set(['a1b2.t.tunnel-zone.net', 'c3d4.t.tunnel-zone.net', 'qxzvkpla.com']);
    const iocs = iocsOfThreat('dns', client, evidence, { flaggedQueries });
    expect(iocs.map((i) => [i.type, i.value, i.count, i.firstSeen, i.lastSeen])).toEqual([
      ['domain-name', 'tunnel-zone.net', 60, '2026-11-24 00:30:00', '2026-11-24 03:00:00'],
      ['domain-name', 'qxzvkpla.com', 1, '2026-11-24 04:00:00', '2026-11-24 04:00:00'],
    ]);
    // Nothing flagged: nothing to block (the benign queries stay out).
    expect(iocsOfThreat('dns', client, evidence)).toEqual([]);
  });
});
