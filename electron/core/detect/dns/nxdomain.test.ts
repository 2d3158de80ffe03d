import { describe, expect, it } from 'vitest';
import { detectOn } from '../testing';
import { CLIENTS, benignDay, bruteForce, browsing, dgaLookups } from './fixtures';
import { nxdomainBurst } from './nxdomain';

describe('dns/nxdomain_burst', () => {
  it('finds a client getting NXDomain for 76 names in two minutes', async () => {
    const rows = [...benignDay(), ...bruteForce(CLIENTS[7]!)];
    const findings = await detectOn([nxdomainBurst], 'dns', rows);
    expect(findings.map((f) => f.keys)).toEqual([{ clientip: CLIENTS[7], rcode: 3 }]);
    expect(findings[0]!.strength).toBeGreaterThanOrEqual(0.5);
    expect(findings[0]!.strength).toBeLessThanOrEqual(0.75);
    expect(findings[0]!.evidence).toContain(
      'NXDomain for 76 distinct names under 1 base domains in 5 minutes from 13:00 UTC',
    );
  });

  it('does not fire on Chrome probes, search-suffix appends, typos, reverse lookups, DNSBL, or a slow DGA', async () => {
    expect(await detectOn([nxdomainBurst], 'dns', [...benignDay(), ...dgaLookups(CLIENTS[9]!)])).toEqual([]);
  });

  it('does not fire on a client whose every window has as many NXDomain answers', async () => {
    const steady = Array.from({ length: 12 }, (_, w) =>
      bruteForce(CLIENTS[8]!, `zone${w}.example.net`).map((r) => ({ ...r, ts: Number(r.ts) + w * 300 })),
    ).flat();
    expect(await detectOn([nxdomainBurst], 'dns', [...browsing(), ...steady])).toEqual([]);
  });
});
