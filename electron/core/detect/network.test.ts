import { describe, expect, it } from 'vitest';
import { Duck } from '../pipeline/duck';
import { inDomains, inSubnets, ipv4Number, isBroadcastOrMulticast, parseCidr } from './network';

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
