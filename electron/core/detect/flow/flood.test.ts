import { describe, expect, it } from 'vitest';
import { detectOn, type EventRow } from '../testing';
import { flood } from './flood';

const T = 1_764_547_200;

const f = (ts: number, sip: string, dip: string, dport: number, extra: EventRow = {}): EventRow => ({
  ts: T + ts,
  sip,
  dip,
  sport: 30000 + (Math.floor(ts * 10) % 30000),
  dport,
  proto: 'TCP',
  flag: '....S.',
  ipkt: 1,
  ibyt: 60,
  opkt: 0,
  obyt: 0,
  tdur: 0,
  ...extra,
});

/** Ordinary traffic over a 4-hour day, so the day has a span and a target has its usual rate. */
function day(): EventRow[] {
  const rows: EventRow[] = [];
  for (let i = 0; i < 480; i++)
    rows.push(f(i * 30, `10.0.1.${(i % 40) + 10}`, '10.0.0.80', 80, { flag: '.AP.SF', ipkt: 8, ibyt: 900, opkt: 9 }));
  return rows;
}

describe('flow/flood', () => {
  it('finds a SYN flood from one source, keyed {srcip, dstip}', async () => {
    const rows = day();
    for (let i = 0; i < 4000; i++) rows.push(f(7200 + i * 0.03, '198.51.100.66', '10.0.0.80', 80));
    const findings = await detectOn([flood], 'flow', rows);
    expect(findings.map((x) => x.keys)).toContainEqual({ srcip: '198.51.100.66', dstip: '10.0.0.80' });
    const single = findings.find((x) => x.keys.srcip === '198.51.100.66')!;
    expect(single.strength).toBeGreaterThanOrEqual(0.8);
    expect(single.evidence).toMatch(/Flood 198\.51\.100\.66 → 10\.0\.0\.80: 4000 flows in 2 minute\(s\)/);
    expect(single.evidence).toContain('100 % tiny');
  });

  it('finds a DDoS of 20 sources on one port, keyed {dstip, dport, proto}', async () => {
    const rows = day();
    for (let s = 0; s < 20; s++)
      for (let i = 0; i < 120; i++)
        rows.push(f(9000 + i * 1.5 + s * 0.05, `203.0.113.${s + 1}`, '10.0.0.80', 80, { ipkt: 2, ibyt: 120 }));
    const findings = await detectOn([flood], 'flow', rows);
    expect(findings.map((x) => x.keys)).toEqual([{ dstip: '10.0.0.80', dport: 80, proto: 'TCP' }]);
    expect(findings[0]!.evidence).toMatch(/2\d sources → 10\.0\.0\.80 port 80\/TCP/);
  });

  it('does not fire on steady polling (6 a second for the whole span)', async () => {
    const rows: EventRow[] = [];
    for (let i = 0; i < 6 * 1800; i++)
      rows.push(f(i / 6, '10.0.2.5', '10.0.2.6', 502, { flag: '.AP.SF', ipkt: 4, ibyt: 300, opkt: 4 }));
    expect(await detectOn([flood], 'flow', rows)).toEqual([]);
  });

  it('does not fire on a log-on rush: 400 clients opening three full sessions each in a minute', async () => {
    const rows = day();
    for (let c = 0; c < 400; c++)
      for (let k = 0; k < 3; k++)
        rows.push(
          f(8000 + c * 0.1 + k * 10, `10.0.${8 + Math.floor(c / 200)}.${c % 200}`, '10.0.0.80', 80, {
            flag: '.AP.SF',
            ipkt: 9,
            ibyt: 1200,
            opkt: 12,
          }),
        );
    expect(await detectOn([flood], 'flow', rows)).toEqual([]);
  });

  it('does not fire on a vertical scan, a burst of DNS to the resolver or of mDNS', async () => {
    const rows = day();
    for (let p = 1; p <= 1000; p++) rows.push(f(5000 + p * 0.05, '10.0.3.9', '10.0.0.80', p));
    for (let i = 0; i < 1500; i++) {
      rows.push(f(6000 + i * 0.02, `10.0.1.${(i % 40) + 10}`, '10.0.0.2', 53, { proto: 'UDP' }));
      rows.push(f(6000 + i * 0.02, '10.0.1.9', '224.0.0.251', 5353, { proto: 'UDP', sport: 5353 }));
    }
    expect(await detectOn([flood], 'flow', rows)).toEqual([]);
  });
});
