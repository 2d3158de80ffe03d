import { describe, expect, it } from 'vitest';
import { detectOn, type EventRow } from '../testing';
import { beaconing } from './beaconing';

const DAY = 1_764_547_200; // 2025-12-01 00:00 UTC

/** Deterministic pseudo-random numbers in [0, 1). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

interface Series {
  sip: string;
  dip: string;
  dport: number;
  proto?: string;
  sport?: number;
  period: number;
  jitter?: number;
  bytes?: number;
  /** Share of the connections the sensor keeps. */
  keep?: number;
  from?: number;
  to?: number;
  tdur?: number;
  seed?: number;
}

function series(s: Series): EventRow[] {
  const rnd = random(s.seed ?? 7);
  const rows: EventRow[] = [];
  for (let t = DAY + (s.from ?? 0); t < DAY + (s.to ?? 86_400); t += s.period) {
    const keep = rnd() < (s.keep ?? 1);
    const jitter = (rnd() * 2 - 1) * (s.jitter ?? 0);
    if (!keep) continue;
    rows.push({
      ts: t + jitter,
      sip: s.sip,
      dip: s.dip,
      sport: s.sport ?? 40000 + rows.length,
      dport: s.dport,
      proto: s.proto ?? 'TCP',
      flag: '.AP.SF',
      ipkt: 4,
      ibyt: (s.bytes ?? 320) + Math.round(rnd() * 20),
      opkt: 3,
      obyt: 190,
      tdur: s.tdur ?? 0.4,
    });
  }
  return rows;
}

/** Ordinary traffic: hosts browsing a few popular sites at random times, so the network has a population. */
function browsing(hosts: number): EventRow[] {
  const rnd = random(99);
  const rows: EventRow[] = [];
  for (let h = 0; h < hosts; h++)
    for (let i = 0; i < 30; i++)
      rows.push({
        ts: DAY + rnd() * 86_400,
        sip: `10.0.1.${h + 10}`,
        dip: `198.51.100.${Math.floor(rnd() * 5) + 1}`,
        sport: 50000 + i,
        dport: 443,
        proto: 'TCP',
        ipkt: 20,
        ibyt: 2000 + Math.round(rnd() * 50000),
        opkt: 30,
        obyt: 40000,
        tdur: 3,
      });
  return rows;
}

describe('flow/beaconing', () => {
  it('finds a C2 beacon every 300 s with steady sizes, keyed to its rows, with RITA sub-scores', async () => {
    const findings = await detectOn([beaconing], 'flow', [
      ...browsing(20),
      ...series({ sip: '10.0.0.5', dip: '203.0.113.77', dport: 443, period: 300, jitter: 2 }),
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      keys: { srcip: '10.0.0.5', dstip: '203.0.113.77', dport: 443, proto: 'TCP' },
      events: 288,
    });
    expect(findings[0]!.strength).toBeGreaterThanOrEqual(0.6);
    expect(findings[0]!.evidence).toMatch(/288 connections 10\.0\.0\.5 → 203\.0\.113\.77 port 443\/TCP every 300 s/);
    expect(findings[0]!.evidence).toContain('no other host contacts it');
    // Sizes in the one byte format (kB = 1000 B), as tables show them.
    expect(findings[0]!.evidence).toMatch(/~\d+(\.\d)? (B|kB) each \(MAD \d+(\.\d)? (B|kB)\)/);
  });

  it('still finds a beacon when the sensor kept only 40 % of its connections', async () => {
    const findings = await detectOn([beaconing], 'flow', [
      ...browsing(20),
      ...series({ sip: '10.0.0.5', dip: '203.0.113.77', dport: 8443, period: 120, jitter: 3, keep: 0.4 }),
    ]);
    expect(findings.map((f) => f.keys.dport)).toEqual([8443]);
    expect(findings[0]!.strength).toBeGreaterThanOrEqual(0.5);
  });

  it('finds a beacon active only part of the day (six hours), more weakly', async () => {
    const findings = await detectOn([beaconing], 'flow', [
      ...browsing(20),
      ...series({ sip: '10.0.0.6', dip: '203.0.113.8', dport: 4444, period: 60, jitter: 1, from: 36_000, to: 57_600 }),
    ]);
    expect(findings.map((f) => f.keys.dstip)).toEqual(['203.0.113.8']);
  });

  it('gives no rare-destination bonus on a tiny public capture whose many sources are Internet scanners', async () => {
    // Two exposed workstations (public addresses) and 60 scanners probing them: only the workstations go outside,
    // so a destination one of them checks in with is not "rare" — prevalence cannot discount anything here. The
    // check-in (an OS connectivity check every 300 s for six hours) is still a beacon, at its own score.
    const rows: EventRow[] = [];
    for (let h = 1; h <= 60; h++)
      rows.push({
        ts: DAY + h * 700,
        sip: `45.9.${h}.7`,
        dip: '147.32.83.5',
        sport: 40000,
        dport: 23,
        proto: 'TCP',
        ipkt: 1,
        ibyt: 44,
      });
    // The other workstation browses outside at random times (so two hosts go outside).
    rows.push(...browsing(1).map((r) => ({ ...r, sip: '147.32.83.6' })));
    rows.push(
      ...series({ sip: '147.32.83.5', dip: '203.0.113.18', dport: 80, period: 300, from: 8 * 3600, to: 14 * 3600 }),
    );
    const findings = await detectOn([beaconing], 'flow', rows);
    expect(findings.map((x) => x.keys.dstip)).toEqual(['203.0.113.18']);
    expect(findings[0]!.evidence).not.toContain('rare destination');
    expect(findings[0]!.evidence).toContain('no other host contacts it');
  });

  // A home office of 3 hosts (no prevalence to discount anything): VPN and NAT-traversal clients keep their tunnel
  // or mapping alive with small datagrams at a fixed period, each a flow of its own once the exporter's inactive
  // timeout splits them. Periodic by design, to a well-known service port: background, not a beacon.
  const keepalives: [string, number, number, number][] = [
    ['WireGuard persistent keepalive', 51820, 25, 32],
    ['IPsec NAT-T keepalive', 4500, 20, 29],
    ['IKE dead-peer detection', 500, 60, 76],
    ['OpenVPN ping', 1194, 10, 41],
    ['Teredo qualification', 3544, 30, 61],
    ['STUN binding refresh', 3478, 30, 48],
  ];
  it.each(keepalives)(
    'does not fire on a %s (port %i every %i s) on a 3-host network',
    async (_name, port, period, bytes) => {
      const rows = [
        ...browsing(3),
        ...series({ sip: '10.0.1.11', dip: '203.0.113.44', dport: port, sport: port, proto: 'UDP', period, bytes }),
      ];
      expect(await detectOn([beaconing], 'flow', rows)).toEqual([]);
    },
  );

  it('does not fire on NTP, DHCP, DNS to the gateway, broadcast, mDNS, SSDP, LLMNR or WS-Discovery', async () => {
    const rows = [
      ...browsing(20),
      // NTP to public pool servers every 64 s, both directions.
      ...series({ sip: '10.0.0.5', dip: '162.159.200.1', dport: 123, sport: 123, proto: 'UDP', period: 64, jitter: 1 }),
      ...series({ sip: '162.159.200.1', dip: '10.0.0.5', dport: 123, sport: 123, proto: 'UDP', period: 64 }),
      ...series({ sip: '10.0.0.5', dip: '129.6.15.28', dport: 123, proto: 'UDP', period: 1024 }),
      // DHCP renewals and discovers.
      ...series({ sip: '10.0.0.5', dip: '10.0.0.1', dport: 67, sport: 68, proto: 'UDP', period: 1800 }),
      ...series({ sip: '0.0.0.0', dip: '255.255.255.255', dport: 67, sport: 68, proto: 'UDP', period: 600 }),
      // DNS to the gateway and to a public resolver, every 30 s.
      ...series({ sip: '10.0.0.5', dip: '10.0.0.1', dport: 53, proto: 'UDP', period: 30, bytes: 70 }),
      ...series({ sip: '10.0.0.6', dip: '8.8.8.8', dport: 53, proto: 'UDP', period: 30, bytes: 70 }),
      // Broadcast, mDNS, SSDP, LLMNR, NetBIOS, WS-Discovery.
      ...series({ sip: '10.0.0.5', dip: '10.0.0.255', dport: 137, sport: 137, proto: 'UDP', period: 120 }),
      ...series({ sip: '10.0.0.7', dip: '10.0.0.255', dport: 6667, proto: 'UDP', period: 30 }), // a game's LAN beacon
      ...series({ sip: 'fe80::1c2:3', dip: 'ff02::fb', dport: 5353, sport: 5353, proto: 'UDP', period: 60 }),
      ...series({ sip: '10.0.0.5', dip: '224.0.0.251', dport: 5353, sport: 5353, proto: 'UDP', period: 60 }),
      ...series({ sip: '10.0.0.5', dip: '239.255.255.250', dport: 1900, proto: 'UDP', period: 180 }),
      ...series({ sip: '10.0.0.9', dip: '10.0.0.5', dport: 53000, sport: 1900, proto: 'UDP', period: 180 }),
      ...series({ sip: '10.0.0.5', dip: '224.0.0.252', dport: 5355, proto: 'UDP', period: 90 }),
      ...series({ sip: '10.0.0.5', dip: '239.255.255.250', dport: 3702, proto: 'UDP', period: 300 }),
    ];
    expect(await detectOn([beaconing], 'flow', rows)).toEqual([]);
  });

  it('does not fire on an update service most hosts check every 10 minutes, nor on configured infrastructure', async () => {
    const rows = browsing(20);
    for (let h = 0; h < 20; h++)
      rows.push(...series({ sip: `10.0.1.${h + 10}`, dip: '13.107.4.50', dport: 443, period: 600, seed: h + 1 }));
    rows.push(...series({ sip: '10.0.0.5', dip: '10.0.9.9', dport: 3128, period: 60 })); // the proxy's health check
    expect(await detectOn([beaconing], 'flow', rows, { infrastructureHosts: ['10.0.9.9'] })).toEqual([]);
  });

  it('does not fire on random visits to a site, a session cut into 60 s slices, or a 1 s burst', async () => {
    const rnd = random(3);
    const visits: EventRow[] = [];
    for (let i = 0, t = DAY; i < 80; i++) {
      t += -Math.log(1 - rnd()) * 1000; // Poisson arrivals, mean 1000 s
      visits.push({ ts: t, sip: '10.0.0.5', dip: '203.0.113.30', sport: 41000 + i, dport: 443, proto: 'TCP' });
      visits.at(-1)!.ibyt = 300 + Math.round(rnd() * 300);
    }
    const rows = [
      ...browsing(20),
      ...visits,
      ...series({ sip: '10.0.0.5', dip: '203.0.113.31', dport: 22, sport: 40022, period: 60, tdur: 59.9 }),
      ...series({ sip: '10.0.0.5', dip: '203.0.113.32', dport: 80, period: 1, from: 3600, to: 3900 }),
    ];
    expect(await detectOn([beaconing], 'flow', rows)).toEqual([]);
  });
});
