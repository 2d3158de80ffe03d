import { describe, expect, it } from 'vitest';
import { detectOn, type EventRow } from '../testing';
import { rareExternal } from './rare-external';

const T = 1_764_547_200;

const f = (i: number, sip: string, dip: string, dport: number, extra: EventRow = {}): EventRow => ({
  ts: T + i,
  sip,
  dip,
  sport: 40000 + (i % 20000),
  dport,
  proto: 'TCP',
  flag: '.AP.SF',
  ipkt: 5,
  ibyt: 400,
  opkt: 4,
  obyt: 300,
  tdur: 1,
  ...extra,
});

/** Twenty hosts browsing and mailing, all day. */
function office(): EventRow[] {
  const rows: EventRow[] = [];
  for (let h = 0; h < 20; h++)
    for (let k = 0; k < 24; k++) {
      rows.push(f(k * 3600 + h * 60, `10.0.1.${h + 10}`, `198.51.100.${(k % 5) + 1}`, 443));
      rows.push(f(k * 3600 + h * 60 + 5, `10.0.1.${h + 10}`, '198.51.100.25', 993));
    }
  return rows;
}

describe('flow/rare_external', () => {
  it('finds a host keeping in touch with an outside host no one else contacts, on an odd port', async () => {
    const rows = office();
    for (let i = 0; i < 96; i++) rows.push(f(i * 900 + 13, '10.0.1.12', '203.0.113.66', 6667, { ibyt: 180, obyt: 90 }));
    const findings = await detectOn([rareExternal], 'flow', rows);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      keys: { srcip: '10.0.1.12', dstip: '203.0.113.66', dport: 6667, proto: 'TCP' },
      events: 96,
    });
    // Persistent, small and many: several signals, still below a clear attack.
    expect(findings[0]!.strength).toBeCloseTo(0.6, 2);
    expect(findings[0]!.evidence).toContain('no other host of the network contacts it');
    expect(findings[0]!.evidence).toContain('median 270 B a connection');
  });

  it('finds an IoT device retrying telnet to a C&C that is down, every 60 s', async () => {
    const rows = office();
    for (let i = 0; i < 300; i++)
      rows.push(f(i * 60, '10.0.1.15', '198.51.100.200', 23, { flag: '....S.', ipkt: 2, ibyt: 120, opkt: 0, obyt: 0 }));
    const findings = await detectOn([rareExternal], 'flow', rows);
    expect(findings.map((x) => x.keys.dport)).toEqual([23]);
    expect(findings[0]!.strength).toBeCloseTo(0.65, 2);
    expect(findings[0]!.evidence).toContain('100 % unanswered');
  });

  it('keeps a weak signal weak: a dozen contacts in a few hours, large transfers', async () => {
    const rows = office();
    for (let i = 0; i < 12; i++) rows.push(f(i * 1200 + 7, '10.0.1.13', '203.0.113.70', 9001, { ibyt: 90000 }));
    const findings = await detectOn([rareExternal], 'flow', rows);
    expect(findings.map((x) => x.strength)).toEqual([0.3]);
  });

  it('does not fire on popular or well-known services, a destination many hosts share, inbound or internal traffic', async () => {
    const rows = office();
    for (let i = 0; i < 60; i++) {
      rows.push(f(i * 1400, '10.0.1.14', '203.0.113.80', 443)); // rare, but HTTPS
      rows.push(f(i * 1400 + 1, '10.0.1.14', '203.0.113.81', 22)); // rare, but SSH
      rows.push(f(i * 1400 + 6, '10.0.1.14', '203.0.113.83', 37)); // rdate (TIME)
      rows.push(f(i * 1400 + 2, '10.0.1.14', '203.0.113.82', 5228)); // push notifications
      rows.push(f(i * 1400 + 3, '203.0.113.90', '10.0.1.14', 3389)); // inbound
      rows.push(f(i * 1400 + 4, '10.0.1.14', '10.0.7.7', 9100)); // internal printer
      rows.push(f(i * 1400 + 5, '10.0.1.14', '239.255.255.250', 1900, { proto: 'UDP' })); // SSDP
    }
    // A game server three hosts play on (more than one host and 2 % of the network, not common).
    for (let h = 0; h < 3; h++)
      for (let i = 0; i < 12; i++)
        rows.push(f(i * 3000 + h, `10.0.1.${h + 10}`, '203.0.113.95', 27015, { proto: 'UDP' }));
    expect(await detectOn([rareExternal], 'flow', rows)).toEqual([]);
  });
});
