import { describe, expect, it } from 'vitest';
import { detectOn } from '../testing';
import {
  CLIENTS,
  RESOLVER,
  T0,
  HEX,
  MAIL,
  antivirus,
  background,
  benignDay,
  cdns,
  cobaltStrike,
  dns,
  dns2tcp,
  dnscat2,
  iodine,
  mailServer,
  randomString,
  rng,
} from './fixtures';
import type { Finding } from '../types';
import { dnsTunnelling } from './tunnelling';

describe('dns/tunnelling', () => {
  it('finds iodine (NULL, base32), dnscat2 (TXT/CNAME/MX, hex) and dns2tcp (KEY, short labels) in a busy network', async () => {
    const findings = await detectOn([dnsTunnelling], 'dns', [
      ...benignDay(),
      ...iodine('10.0.1.50'),
      ...dnscat2('10.0.1.51'),
      ...dns2tcp('10.0.1.52'),
    ]);
    const byKey = (k: { domain?: string; qtype?: number }): string => `${k.domain} ${k.qtype}`;
    expect(findings.map((f) => f.keys).sort((a, b) => byKey(a).localeCompare(byKey(b)))).toEqual([
      { domain: 'c2.bad-updates.net', clientip: '10.0.1.51', qtype: 15 },
      { domain: 'c2.bad-updates.net', clientip: '10.0.1.51', qtype: 16 },
      { domain: 'c2.bad-updates.net', clientip: '10.0.1.51', qtype: 5 },
      { domain: 't.evil-tunnel.com', clientip: '10.0.1.50', qtype: 10 },
      { domain: 'www.tcp-over-dns.xyz', clientip: '10.0.1.52', qtype: 25 },
    ]);
    const at = (domain: string): Finding[] => findings.filter((f) => f.keys.domain === domain);
    for (const cat of at('c2.bad-updates.net')) expect(cat.strength).toBeGreaterThanOrEqual(0.85);
    const [iod] = at('t.evil-tunnel.com');
    const [tcp] = at('www.tcp-over-dns.xyz');
    expect(iod!.strength).toBeGreaterThanOrEqual(0.85);
    expect(tcp!.strength).toBeGreaterThanOrEqual(0.6);
    expect(iod!.events).toBe(300);
    expect(iod!.evidence).toContain('300 NULL queries for 300 distinct subdomains of t.evil-tunnel.com');
    expect(iod!.evidence).toContain('a record type tunnels favour');
  });

  it('two tools of one client under one zone are two findings, told apart by their record types', async () => {
    const zone = 'tunnel.example-attack.net';
    const findings = await detectOn([dnsTunnelling], 'dns', [
      ...benignDay(),
      ...iodine('10.0.1.80', zone),
      ...dns2tcp('10.0.1.80', zone),
    ]);
    expect(findings.map((f) => f.keys.qtype).sort()).toEqual([10, 25]);
    for (const f of findings) expect(f.keys).toMatchObject({ domain: zone, clientip: '10.0.1.80' });
    const tcp = findings.find((f) => f.keys.qtype === 25)!;
    expect(tcp.strength).toBeGreaterThanOrEqual(0.6);
    expect(tcp.evidence).toMatch(
      /KEY queries for \d+ distinct subdomains of tunnel\.example-attack\.net \(\d+ in the zone over all record types\)/,
    );
  });

  it('finds a Cobalt Strike-shaped DNS beacon (A records, hex labels)', async () => {
    const findings = await detectOn([dnsTunnelling], 'dns', [...benignDay(), ...cobaltStrike('10.0.1.55')]);
    expect(findings.map((f) => f.keys)).toEqual([{ domain: 'dns.cdn-check.net', clientip: '10.0.1.55', qtype: 1 }]);
    expect(findings[0]!.strength).toBeGreaterThanOrEqual(0.75);
  });

  it('does not fire on CDNs, clouds, antivirus look-ups, DNSBL, SPF/DKIM/DMARC, reverse lookups, AD SRV, mDNS, DNS-SD', async () => {
    expect(await detectOn([dnsTunnelling], 'dns', benignDay())).toEqual([]);
  });

  it('does not fire on one client doing all the antivirus, CDN and block-list look-ups of a network', async () => {
    const rows = [...antivirus(), ...cdns(), ...mailServer(), ...background()].map((r) => ({
      ...r,
      client: CLIENTS[0],
    }));
    expect(await detectOn([dnsTunnelling], 'dns', rows)).toEqual([]);
  });

  it('does not fire on an unlisted block list or hash look-up, an inventory server walking the internal zone, or subdomain brute-forcing', async () => {
    const next = rng(41);
    const hashes = Array.from({ length: 80 }, (_, i) =>
      dns(CLIENTS[3]!, `${randomString(next, i % 2 ? 32 : 64, HEX)}.files.hash-host.com`, { ts: T0 + i * 45 }),
    );
    const unlistedDnsbl = Array.from({ length: 400 }, (_, i) =>
      dns(MAIL, `${i % 200}.${i % 7}.${i % 13}.203.rbl.example-lists.net`, {
        ts: T0 + i * 30,
        rcode: i % 9 === 0 ? 0 : 3,
      }),
    );
    const internal = [
      ...CLIENTS.map((c) => dns(c, 'fileserver.corp.example.com', { ts: T0 })),
      ...Array.from({ length: 500 }, (_, i) =>
        dns(CLIENTS[1]!, `ws-${1000 + i}.corp.example.com`, { ts: T0 + i * 20 }),
      ),
    ];
    const wordlist = Array.from({ length: 300 }, (_, i) =>
      dns(CLIENTS[2]!, `${['dev', 'vpn', 'mail', 'test'][i % 4]}${i}.target-corp.com`, {
        ts: T0 + i,
        rcode: i % 30 ? 3 : 0,
      }),
    );
    const rows = [...benignDay(), ...unlistedDnsbl, ...hashes, ...internal, ...wordlist];
    expect(await detectOn([dnsTunnelling], 'dns', rows)).toEqual([]);
  });

  it('a resolver forwarding a tunnel is keyed by the domain (and record type) alone', async () => {
    const forwarded = iodine(RESOLVER).map((r) => ({ ...r, server: '198.51.100.53' }));
    const clients = CLIENTS.slice(0, 3).map((c) => dns(c, 'www.example.com', { ts: T0 }));
    const findings = await detectOn([dnsTunnelling], 'dns', [...forwarded, ...clients]);
    expect(findings.map((f) => f.keys)).toEqual([{ domain: 't.evil-tunnel.com', qtype: 10 }]);
    expect(findings[0]!.evidence).toContain('(forwarding)');
  });

  it('honours never-included domains and subnets', async () => {
    const rows = [...iodine('10.0.1.50'), ...dnscat2('10.9.0.5')];
    expect(
      await detectOn([dnsTunnelling], 'dns', rows, {
        neverIncludedDomains: ['evil-tunnel.com'],
        neverIncludedSubnets: ['10.9.0.0/16'],
      }),
    ).toEqual([]);
  });

  it('two tools of one client under two zones of one domain are two findings, each keyed by its zone', async () => {
    const findings = await detectOn([dnsTunnelling], 'dns', [
      ...benignDay(),
      ...iodine('10.0.1.60', 'www.shared-tunnel.tk'),
      ...dnscat2('10.0.1.60', 'sshdns.shared-tunnel.tk'),
    ]);
    expect([...new Set(findings.map((f) => f.keys.domain))].sort()).toEqual([
      'sshdns.shared-tunnel.tk',
      'www.shared-tunnel.tk',
    ]);
  });

  it('finds low-and-slow DNS C2 (Saitama-shaped: a new random letter-digit label a minute or more apart, A records)', async () => {
    const findings = await detectOn([dnsTunnelling], 'dns', [
      ...benignDay(),
      ...slowC2('10.0.1.70', 'expedia-cdn.com'),
    ]);
    expect(findings.map((f) => f.keys)).toEqual([{ domain: 'expedia-cdn.com', clientip: '10.0.1.70', qtype: 1 }]);
    expect(findings[0]!.strength).toBeGreaterThanOrEqual(0.5);
    expect(findings[0]!.evidence).toContain('low and slow');
  });

  it('does not take for slow C2 a CDN with hashed host names many clients use, a burst of them, or repeated names', async () => {
    const next = rng(53);
    const hashedCdn = Array.from({ length: 120 }, (_, i) =>
      dns(CLIENTS[i % 6]!, `${randomString(next, 10, 'abcdef0123456789')}.img-cdn-example.com`, { ts: T0 + i * 300 }),
    );
    // One client's page load: 30 hashed hosts of one CDN within a minute.
    const burst = Array.from({ length: 30 }, (_, i) =>
      dns(CLIENTS[7]!, `${randomString(next, 12, 'abcdefghij0123456789')}.static-hash.net`, { ts: T0 + i * 2 }),
    );
    // A client polling the same few device names all day.
    const polling = Array.from({ length: 200 }, (_, i) =>
      dns(CLIENTS[8]!, `dev${(i % 4) + 1}x7k9q2m.iot-vendor.com`, { ts: T0 + i * 300 }),
    );
    const rows = [...benignDay(), ...hashedCdn, ...burst, ...polling];
    expect(await detectOn([dnsTunnelling], 'dns', rows)).toEqual([]);
  });
});

/** Saitama-shaped: one new base36 label with a counter per query, A records, every 70–400 s over five hours. */
function slowC2(client: string, domain: string): ReturnType<typeof dns>[] {
  const next = rng(47);
  let ts = T0 + 3 * 3600;
  return Array.from({ length: 40 }, (_, i) => {
    ts += 70 + Math.floor(next() * 330);
    const label = `${randomString(next, 5 + Math.floor(next() * 6), 'abcdefghijklmnopqrstuvwxyz0123456789')}8c${i.toString(36)}`;
    return dns(client, `${label}.${domain}`, { ts });
  });
}
