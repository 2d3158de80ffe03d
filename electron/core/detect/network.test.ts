import { describe, expect, it } from 'vitest';
import { Duck } from '../pipeline/duck';
import {
  flowKnowledge,
  inDomains,
  inSubnets,
  ipv4Number,
  isBroadcastOrMulticast,
  networkSettings,
  parseCidr,
} from './network';
import { loadEvents, type EventRow } from './testing';

async function evaluate(expr: (text: string, number: string) => string, address: string): Promise<boolean> {
  const duck = await Duck.open({ threads: 1 });
  try {
    const rows = await duck.all(
      `SELECT ${expr('a', 'n')} AS v FROM (SELECT a, ${ipv4Number('a')} AS n FROM (SELECT '${address}' AS a))`,
    );
    return String(rows[0]?.v) === 'true';
  } finally {
    duck.close();
  }
}

describe('network expressions', () => {
  it('parses IPv4 and short IPv6 prefixes and refuses the rest', () => {
    expect(parseCidr('192.168.1.77/24')).toMatchObject({ first: 3232235776, last: 3232236031 });
    expect(parseCidr('10.1.2.3')).toMatchObject({ first: 167838211, last: 167838211 });
    expect(parseCidr('fe80::/10').hextets).toEqual(['fe80', 'fe81'].concat(parseCidr('fe80::/10').hextets.slice(2)));
    expect(parseCidr('fe80::/10').hextets).toHaveLength(64);
    expect(() => parseCidr('2001:db8::/32')).toThrow(/at most 16 bits/);
    expect(() => parseCidr('300.1.1.1/8')).toThrow(/IPv4/);
  });

  it('tells internal, broadcast and multicast addresses in SQL', async () => {
    const internal = (t: string, n: string) => inSubnets(t, n, ['10.0.0.0/8', 'fc00::/7', 'fe80::/10']);
    expect(await evaluate(internal, '10.200.3.4')).toBe(true);
    expect(await evaluate(internal, '11.0.0.1')).toBe(false);
    expect(await evaluate(internal, 'fd12:3456::1')).toBe(true);
    expect(await evaluate(internal, 'FE80::1')).toBe(true);
    expect(await evaluate(internal, '2001:db8::1')).toBe(false);
    for (const a of ['255.255.255.255', '224.0.0.251', '239.255.255.250', 'ff02::fb', '192.168.1.255', '0.0.0.0'])
      expect(await evaluate(isBroadcastOrMulticast, a), a).toBe(true);
    for (const a of ['192.168.1.25', '8.8.8.8', '2001:db8::ff'])
      expect(await evaluate(isBroadcastOrMulticast, a), a).toBe(false);
  });

  it('matches a domain and its subdomains only', async () => {
    const duck = await Duck.open({ threads: 1 });
    try {
      const rows = await duck.all(
        `SELECT d, ${inDomains('d', ['windowsupdate.com'])} AS v FROM (VALUES ('windowsupdate.com'), ('a.b.windowsupdate.com'), ('evilwindowsupdate.com')) t(d) ORDER BY d`,
      );
      expect(rows.map((r) => [r.d, String(r.v) === 'true'])).toEqual([
        ['a.b.windowsupdate.com', true],
        ['evilwindowsupdate.com', false],
        ['windowsupdate.com', true],
      ]);
    } finally {
      duck.close();
    }
  });
});

describe('flow knowledge', () => {
  const f = (sip: string, dip: string, sport: number, dport: number, proto = 'UDP'): EventRow => ({
    ts: 1000,
    sip,
    dip,
    sport,
    dport,
    proto,
    ipkt: 1,
    ibyt: 80,
    tdur: 0,
  });

  async function flows(rows: EventRow[], partial = {}): Promise<Record<string, string>> {
    const duck = await Duck.open({ threads: 1 });
    try {
      await loadEvents(duck, 'flow', rows);
      const out = await duck.all(
        `WITH ${flowKnowledge(networkSettings(partial))} SELECT sip, dip, sport, dport, background, common, prevalence FROM flows`,
      );
      return Object.fromEntries(
        out.map((r) => [
          `${r.sip}:${r.sport}>${r.dip}:${r.dport}`,
          `${String(r.background)}/${String(r.common)}/${Number(r.prevalence).toFixed(2)}`,
        ]),
      );
    } finally {
      duck.close();
    }
  }

  it('calls background services background in both directions, and ordinary traffic not', async () => {
    const got = await flows([
      f('10.0.0.5', '162.159.200.1', 123, 123), // NTP to a public pool server
      f('162.159.200.1', '10.0.0.5', 123, 123), // its answer
      f('0.0.0.0', '255.255.255.255', 68, 67), // DHCP discover
      f('10.0.0.5', '10.0.0.1', 68, 67), // DHCP renewal to the gateway
      f('10.0.0.5', '10.0.0.1', 51000, 53), // DNS to the gateway
      f('10.0.0.5', '8.8.8.8', 51001, 53), // DNS to a public resolver
      f('fe80::1', 'ff02::fb', 5353, 5353), // mDNS
      f('10.0.0.5', '239.255.255.250', 50000, 1900), // SSDP
      f('10.0.0.5', '10.0.0.9', 50001, 1900), // SSDP unicast answer
      f('10.0.0.5', '10.0.0.255', 137, 137), // NetBIOS broadcast
      f('10.0.0.5', '10.0.0.7', 5355, 5355), // LLMNR
      f('10.0.0.5', '198.51.100.7', 50002, 3702), // WS-Discovery
      f('10.0.0.5', '192.5.41.239', 50005, 37, 'TCP'), // rdate (TIME)
      f('10.0.0.5', '203.0.113.9', 50003, 443, 'TCP'), // ordinary browsing
      f('10.0.0.5', '203.0.113.53', 50004, 53), // DNS straight to an unknown outside server
    ]);
    expect(
      Object.entries(got)
        .filter(([, v]) => v.startsWith('false'))
        .map(([k]) => k)
        .sort(), // SQL rows come in no fixed order
    ).toEqual(['10.0.0.5:50003>203.0.113.9:443', '10.0.0.5:50004>203.0.113.53:53']);
  });

  it('discovers an internal host serving DNS to many clients, and measures prevalence', async () => {
    const rows: EventRow[] = [];
    for (let h = 10; h < 20; h++) {
      rows.push(f(`172.16.0.${h}`, '172.16.9.9', 40000 + h, 53)); // the network's resolver
      if (h < 13) rows.push(f(`172.16.0.${h}`, '198.51.100.53', 40100 + h, 53, 'TCP')); // an outside one, 3 clients
      rows.push(f(`172.16.0.${h}`, '203.0.113.80', 40000 + h, 443, 'TCP')); // everyone's popular site
    }
    rows.push(f('172.16.0.10', '198.51.100.66', 41000, 8443, 'TCP')); // one host's rare destination
    rows.push(f('172.16.0.10', '172.16.9.9', 41001, 22, 'TCP')); // SSH to the resolver is not DNS
    const got = await flows(rows, { internalSubnets: ['172.16.0.0/12'] });
    expect(got['172.16.0.12:40012>172.16.9.9:53']).toBe('true/true/1.00');
    expect(got['172.16.0.12:40112>198.51.100.53:53']).toBe('true/false/0.30');
    expect(got['172.16.0.10:41001>172.16.9.9:22']).toMatch(/^false/);
    expect(got['172.16.0.12:40012>203.0.113.80:443']).toBe('false/true/1.00');
    expect(got['172.16.0.10:41000>198.51.100.66:8443']).toBe('false/false/0.10');
    const always = await flows(rows, { internalSubnets: ['172.16.0.0/12'], alwaysIncludedSubnets: ['172.16.9.9/32'] });
    expect(always['172.16.0.12:40012>172.16.9.9:53']).toBe('false/false/1.00');
  });

  it('takes every source as the network when the settings do not describe the capture (public address space)', async () => {
    const rows: EventRow[] = [];
    for (let h = 1; h <= 6; h++) rows.push(f(`147.32.84.${h}`, '203.0.113.7', 40000, 443, 'TCP'));
    rows.push(f('192.168.1.5', '203.0.113.7', 40000, 443, 'TCP')); // one stray private address
    rows.push(f('192.168.1.6', '198.51.100.1', 40000, 443, 'TCP'));
    const got = await flows(rows);
    expect(got['147.32.84.1:40000>203.0.113.7:443']).toBe('false/true/0.88');
  });

  it('measures an outside destination among the hosts that go outside: Internet scanners are no population for it', async () => {
    // A public capture (the settings' subnets do not describe it): two exposed workstations and the 60 Internet
    // scanners that probe them are all sources. Only the workstations ever contact an outside host, so a
    // destination one of them contacts is contacted by half the network, not by 1 host in 62 ("rare").
    const rows: EventRow[] = [];
    for (let h = 1; h <= 60; h++) rows.push(f(`45.9.${h}.7`, '147.32.83.1', 40000 + h, 23, 'TCP'));
    rows.push(f('147.32.83.1', '203.0.113.5', 50000, 443, 'TCP'));
    rows.push(f('147.32.83.2', '203.0.113.6', 50001, 443, 'TCP'));
    rows.push(f('147.32.83.2', '147.32.83.1', 50002, 445, 'TCP'));
    const got = await flows(rows);
    expect(got['147.32.83.1:50000>203.0.113.5:443']).toBe('false/false/0.50');
    // A destination of the network is measured over the whole population: the scanners' target, 61 of 62.
    expect(got['147.32.83.2:50002>147.32.83.1:445']).toBe('false/true/0.98');
  });

  it('keeps a single internal device as the network: its C&C stays outside even when it connects inbound', async () => {
    const rows: EventRow[] = [];
    for (let i = 0; i < 5; i++) rows.push(f('192.168.1.5', '203.0.113.66', 40000 + i, 6667, 'TCP'));
    rows.push(f('203.0.113.66', '192.168.1.5', 41000, 23, 'TCP'));
    const duck = await Duck.open({ threads: 1 });
    try {
      await loadEvents(duck, 'flow', rows);
      const out = await duck.all(
        `WITH ${flowKnowledge(networkSettings())} SELECT DISTINCT sip, local_src, external_dst FROM flows ORDER BY sip`,
      );
      expect(out.map((r) => [r.sip, String(r.local_src), String(r.external_dst)])).toEqual([
        ['192.168.1.5', 'true', 'true'],
        ['203.0.113.66', 'false', 'false'],
      ]);
    } finally {
      duck.close();
    }
  });
});
