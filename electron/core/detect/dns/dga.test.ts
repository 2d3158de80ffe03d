import { describe, expect, it } from 'vitest';
import { detectOn } from '../testing';
import { dga } from './dga';
import { CLIENTS, LETTERS, RESOLVER, T0, benignDay, dgaLookups, dns, mailServer, randomString, rng } from './fixtures';

describe('dns/dga', () => {
  it('finds a client getting NXDomain for many random-looking domains', async () => {
    const findings = await detectOn([dga], 'dns', [...benignDay(), ...dgaLookups('10.0.1.53')]);
    expect(findings.map((f) => f.keys)).toEqual([{ clientip: '10.0.1.53', rcode: 3 }]);
    expect(findings[0]!.strength).toBeGreaterThanOrEqual(0.8);
    expect(findings[0]!.events).toBe(120);
    expect(findings[0]!.evidence).toContain('NXDomain for 120 distinct base domains');
  });

  it('finds pronounceable and dictionary DGAs by the share of names that do not exist, at lower strength', async () => {
    const next = rng(8);
    const words = ['river', 'stone', 'light', 'house', 'garden', 'paper', 'window', 'silver', 'market', 'forest'];
    const pick = (): string => words[Math.floor(next() * words.length)]!;
    const syllables = (): string =>
      Array.from(
        { length: 4 },
        () => randomString(next, 1, 'bcdfghklmnpqrstvxz') + randomString(next, 1, 'aeiouy'),
      ).join('');
    const rows = [
      ...benignDay(),
      ...Array.from({ length: 120 }, (_, i) => dns('10.0.1.60', `${syllables()}.info`, { ts: T0 + i * 600, rcode: 3 })),
      ...Array.from({ length: 120 }, (_, i) =>
        dns('10.0.1.61', `${pick()}${pick()}${i}.net`, { ts: T0 + i * 600, rcode: 3 }),
      ),
    ];
    const findings = await detectOn([dga], 'dns', rows);
    expect(findings.map((f) => f.keys.clientip).sort()).toEqual(['10.0.1.60', '10.0.1.61']);
    for (const f of findings) expect(f.strength).toBeLessThan(0.7);
  });

  it('does not fire on Chrome probes, search-suffix appends, typos, reverse lookups, DNSBL or mail servers', async () => {
    expect(await detectOn([dga], 'dns', [...benignDay(), ...mailServer()])).toEqual([]);
  });

  it('does not fire on a client resolving a long list of real domains, a few of which are dead', async () => {
    // Real domains are mostly words; among dead ones about one in eight looks random (measured on a top-1M list).
    const next = rng(3);
    const words = ['shop', 'news', 'cloud', 'media', 'green', 'north', 'data', 'home', 'travel', 'bank', 'city'];
    const pick = (): string => words[Math.floor(next() * words.length)]!;
    const rows = Array.from({ length: 3000 }, (_, i) =>
      dns(CLIENTS[1]!, `${next() < 0.125 ? randomString(next, 9, LETTERS) : pick() + pick()}${i}.com`, {
        ts: T0 + i,
        rcode: next() < 0.05 ? 3 : 0,
      }),
    );
    expect(await detectOn([dga], 'dns', [...benignDay(), ...rows])).toEqual([]);
  });

  it('a resolver forwarding DGA look-ups makes no client finding', async () => {
    const forwarded = dgaLookups(RESOLVER).map((r) => ({ ...r, server: '198.51.100.53' }));
    const clients = CLIENTS.slice(0, 3).map((c) => dns(c, 'www.example.com', { ts: T0 }));
    expect(await detectOn([dga], 'dns', [...forwarded, ...clients])).toEqual([]);
  });
});
