import { describe, expect, it } from 'vitest';
import { detectOn, type EventRow } from '../testing';
import { scan } from './scan';

const T = 1_764_547_200;

const probe = (sip: string, dip: string, dport: number, i: number, extra: EventRow = {}): EventRow => ({
  ts: T + i,
  sip,
  dip,
  sport: 44321,
  dport,
  proto: 'TCP',
  flag: '....S.',
  ipkt: 1,
  ibyt: 44,
  opkt: 0,
  obyt: 0,
  tdur: 0,
  ...extra,
});

const session = (sip: string, dip: string, dport: number, i: number): EventRow => ({
  ts: T + i * 7,
  sip,
  dip,
  sport: 50000 + (i % 10000),
  dport,
  proto: 'TCP',
  flag: '.AP.SF',
  ipkt: 12,
  ibyt: 1800,
  opkt: 14,
  obyt: 22000,
  tdur: 1.5,
});

describe('flow/scan', () => {
  it('finds a sweep of 24 hosts on 445 (outbound from a workstation) keyed to the probes', async () => {
    const rows = Array.from({ length: 24 }, (_, i) => probe('10.0.0.50', `10.0.3.${i + 1}`, 445, i));
    rows.push(session('10.0.0.50', '10.0.3.1', 443, 1)); // its other traffic is not covered
    const findings = await detectOn([scan], 'flow', rows);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ keys: { srcip: '10.0.0.50', dport: 445, proto: 'TCP' }, events: 24 });
    expect(findings[0]!.strength).toBeGreaterThanOrEqual(0.6);
    expect(findings[0]!.evidence).toContain('probed 24 hosts on 445/TCP');
    expect(findings[0]!.evidence).toContain('100 % unanswered');
  });

  it('finds an inbound vertical scan of 40 ports answered by RSTs (bidirectional flows), and a UDP one', async () => {
    const rows = Array.from({ length: 40 }, (_, i) =>
      probe('198.51.100.9', '10.0.0.8', 1000 + i * 3, i, { flag: '.A.RS.', opkt: 1, obyt: 40 }),
    );
    rows.push(...Array.from({ length: 20 }, (_, i) => probe('10.0.0.66', '10.0.0.9', 100 + i, i, { proto: 'UDP' })));
    const findings = await detectOn([scan], 'flow', rows);
    expect(findings.map((f) => f.keys)).toEqual([
      { srcip: '198.51.100.9', dstip: '10.0.0.8' },
      { srcip: '10.0.0.66', dstip: '10.0.0.9' },
    ]);
    expect(findings[0]!.evidence).toContain('probed 40 ports (TCP) on 10.0.0.8');
  });

  it('finds an ICMP ping sweep', async () => {
    const rows = Array.from({ length: 30 }, (_, i) =>
      probe('10.0.0.70', `10.0.4.${i + 1}`, 2048, i, { proto: 'ICMP', sport: 0, flag: '', ibyt: 84 }),
    );
    const findings = await detectOn([scan], 'flow', rows);
    expect(findings.map((f) => f.keys)).toEqual([{ srcip: '10.0.0.70', dport: 2048, proto: 'ICMP' }]);
  });

  it('finds connection attempts without data between two hosts where the day has no ports', async () => {
    const rows = Array.from({ length: 40 }, (_, i) =>
      probe('198.18.134.42', '198.18.134.99', 0, i, { sport: 0, flag: i % 2 ? '....S.' : '.A.RS.', ipkt: 0, opkt: 40 }),
    );
    rows.push(...Array.from({ length: 60 }, (_, i) => session('198.18.134.11', '198.18.134.12', 0, i)));
    const findings = await detectOn(
      [scan],
      'flow',
      rows.map((r) => ({ ...r, sport: 0 })),
    );
    expect(findings.map((f) => f.keys)).toEqual([{ srcip: '198.18.134.42', dstip: '198.18.134.99' }]);
    expect(findings[0]!.evidence).toContain('40 TCP connection attempts without data');
  });

  it('does not fire on browsing, a server answering clients, monitoring, or background sweeps', async () => {
    const rows: EventRow[] = [];
    // A client talking to 40 web servers, and a busy web server's answers to 40 clients' ephemeral ports.
    for (let i = 0; i < 40; i++) rows.push(session('10.0.0.5', `203.0.113.${i + 1}`, 443, i));
    for (let i = 0; i < 40; i++)
      rows.push({ ...probe('10.0.0.80', '10.0.0.5', 40000 + i, i, { flag: '.A.R..' }), sport: 443 });
    // A monitoring server pinging 30 hosts every 5 minutes all day.
    for (let k = 0; k < 288; k++)
      for (let h = 0; h < 30; h++)
        rows.push(probe('10.0.0.3', `10.0.5.${h + 1}`, 2048, k * 300 + h, { proto: 'ICMP', sport: 0, ibyt: 84 }));
    // NetBIOS, LLMNR, SSDP, mDNS sweeps and broadcasts; DNS from the resolver to many outside servers.
    for (let h = 0; h < 30; h++) {
      rows.push(probe('10.0.0.7', `10.0.6.${h + 1}`, 137, h, { proto: 'UDP', sport: 137 }));
      rows.push(probe('10.0.0.7', `10.0.6.${h + 1}`, 5355, h, { proto: 'UDP' }));
      rows.push(probe('10.0.0.7', `10.0.6.${h + 1}`, 1900, h, { proto: 'UDP' }));
      rows.push(probe('10.0.0.7', `10.0.6.${h}`.replace(/\.(\d+)$/, '.255'), 5000 + h, h, { proto: 'UDP' }));
      rows.push(probe('10.0.0.2', `192.0.2.${h + 1}`, 53, h, { proto: 'UDP', sport: 33000 + h }));
    }
    for (let c = 10; c < 14; c++) rows.push(probe(`10.0.0.${c}`, '10.0.0.2', 53, c, { proto: 'UDP' })); // its clients
    // A mail server resolving recursively: DNS to 40 authoritative servers, no clients of its own.
    for (let h = 0; h < 40; h++)
      rows.push(probe('10.0.0.26', `192.0.2.${h + 100}`, 53, h, { proto: 'UDP', sport: 30000 + h }));
    // A mail server's ident lookups (113) to the 20 clients that just connected to its port 25.
    for (let h = 0; h < 20; h++) {
      rows.push({ ...session(`198.51.100.${h + 1}`, '10.0.0.25', 25, h), sport: 40000 + h });
      rows.push(probe('10.0.0.25', `198.51.100.${h + 1}`, 113, h + 1));
    }
    expect(await detectOn([scan], 'flow', rows)).toEqual([]);
  });
});
