import { describe, expect, it } from 'vitest';
import { detectOn } from '../testing';
import { CLIENTS, RESOLVER, T0, benignDay, dns, randomString, rng, HEX } from './fixtures';
import { highQueryRate } from './query-rate';

const poll = (client: string, name: (i: number) => string, count: number, every: number) =>
  Array.from({ length: count }, (_, i) => dns(client, name(i), { ts: T0 + i * every }));

describe('dns/high_query_rate', () => {
  it('finds a client polling a rare domain all day, stronger when every name differs', async () => {
    const next = rng(5);
    const findings = await detectOn([highQueryRate], 'dns', [
      ...benignDay(),
      ...poll(CLIENTS[11]!, (i) => `${randomString(next, 8, HEX)}${i}.cdn-sync.top`, 1440, 60),
      ...poll(CLIENTS[12]!, () => 'api.telemetry-check.io', 1440, 60),
    ]);
    expect(findings.map((f) => f.keys)).toEqual([
      { domain: 'cdn-sync.top', clientip: CLIENTS[11] },
      { domain: 'telemetry-check.io', clientip: CLIENTS[12] },
    ]);
    expect(findings[0]!.strength).toBeGreaterThanOrEqual(0.6);
    expect(findings[1]!.strength).toBeLessThan(0.5);
    expect(findings[0]!.evidence).toContain('sent 1440 queries (1440 distinct names) for cdn-sync.top over 24.0 h');
  });

  it('does not fire on popular domains every client uses, however often, nor on antivirus or block-list look-ups', async () => {
    const heavy = CLIENTS.slice(0, 6).flatMap((c) => poll(c, () => 'outlook.office365.com', 2000, 40));
    expect(await detectOn([highQueryRate], 'dns', [...benignDay(), ...heavy])).toEqual([]);
  });

  it('does not fire on a resolver forwarding its clients’ queries', async () => {
    const forwarded = poll(RESOLVER, () => 'api.telemetry-check.io', 3000, 20).map((r) => ({
      ...r,
      server: '8.8.8.8',
    }));
    expect(await detectOn([highQueryRate], 'dns', [...benignDay(), ...forwarded])).toEqual([]);
  });
});
