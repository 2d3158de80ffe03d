import { getDomain } from 'tldts';
import { describe, expect, it } from 'vitest';
import { Duck } from '../../pipeline/duck';
import { networkSettings } from '../network';
import { loadEvents } from '../testing';
import { SERVICE_ZONES, dnsQueries, resolvers } from './common';
import { CLIENTS, RESOLVER, dns } from './fixtures';

async function query<T>(rows: Parameters<typeof loadEvents>[2], sql: string, map: (r: Record<string, unknown>) => T) {
  const duck = await Duck.open({ memoryLimit: '256MB', threads: 1 });
  try {
    await loadEvents(duck, 'dns', rows);
    return (await duck.all(sql)).map(map);
  } finally {
    duck.close();
  }
}

describe('dns common', () => {
  it('marks reverse lookups, mDNS/local zones, service names, single labels and WPAD as background', async () => {
    const names = [
      '4.3.2.1.in-addr.arpa',
      'b.a.ip6.arpa',
      'printer.local',
      '_services._dns-sd._udp.local',
      '_ldap._tcp.dc._msdcs.corp.example.com',
      '_dmarc.example.com',
      's1._domainkey.example.com',
      '_acme-challenge.www.example.org',
      'qwhdkfjsl',
      'wpad.corp.example.com',
      'router.lan',
      'qwhdkfjsl.corp',
      'www.example.com',
      'abc123.tunnel.example.net',
      'mail.example.co.uk',
    ];
    const got = await query(
      names.map((n) => dns(CLIENTS[0]!, n)),
      `SELECT qname, background, base FROM (${dnsQueries(networkSettings())}) ORDER BY qname`,
      (r) => [r.qname, r.background === 'true', r.base],
    );
    const background = new Map(got.map(([q, b]) => [q, b]));
    for (const n of names.slice(0, 12)) expect(background.get(n), n).toBe(true);
    for (const n of names.slice(12)) expect(background.get(n), n).toBe(false);
  });

  it('drops excluded clients and never-included domains, unless always included', async () => {
    const rows = [
      dns('10.9.0.1', 'a.example.com'),
      dns(CLIENTS[0]!, 'x.allowed.example'),
      dns(CLIENTS[0]!, 'y.watch.allowed.example'),
    ];
    const net = networkSettings({
      neverIncludedSubnets: ['10.9.0.0/16'],
      neverIncludedDomains: ['allowed.example'],
      alwaysIncludedDomains: ['watch.allowed.example'],
    });
    const got = await query(rows, `SELECT qname FROM (${dnsQueries(net)})`, (r) => r.qname);
    expect(got).toEqual(['y.watch.allowed.example']);
  });

  it('every service zone is a base domain (so one IN list tests it)', () => {
    for (const zone of SERVICE_ZONES) expect(getDomain(`x.${zone}`), zone).toBe(zone);
  });

  it('discovers resolvers answering other hosts, adds configured infrastructure, keeps always-included hosts out', async () => {
    const rows = [
      ...CLIENTS.slice(0, 3).map((c) => dns(c, 'www.example.com')),
      dns(RESOLVER, 'www.example.com', { server: '198.51.100.1' }),
      dns('10.0.0.60', 'www.example.com', { server: '198.51.100.1' }),
      dns('10.0.0.61', 'www.example.com', { server: '10.0.0.62' }),
      dns('10.0.0.63', 'www.example.com', { server: '10.0.0.62' }),
    ];
    const net = networkSettings({ infrastructureHosts: ['10.0.0.60'], alwaysIncludedSubnets: ['10.0.0.62/32'] });
    const got = await query(rows, `SELECT ip FROM (${resolvers(net)}) ORDER BY ip`, (r) => r.ip);
    expect(got).toEqual(['10.0.0.53', '10.0.0.60', '198.51.100.1']);
  });
});
