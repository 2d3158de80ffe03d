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

  it('finds a RAT retrying its C&C for under an hour: unanswered SYNs every ~12 s (NjRAT-shaped)', async () => {
    const rows = office();
    // 240 attempts in 48 min of one hour slice: too short for the persistence test, a loop all the same.
    for (let i = 0; i < 240; i++)
      rows.push(
        f(3 * 3600 + i * 12, '10.0.1.16', '203.0.113.177', 1177, {
          flag: '....S.',
          ipkt: 1 + (i % 2),
          ibyt: 48 + 56 * (i % 2),
          opkt: 0,
          obyt: 0,
          tdur: 3 * (i % 2),
        }),
      );
    const findings = await detectOn([rareExternal], 'flow', rows);
    expect(findings.map((x) => x.keys)).toEqual([
      { srcip: '10.0.1.16', dstip: '203.0.113.177', dport: 1177, proto: 'TCP' },
    ]);
    expect(findings[0]!.strength).toBeCloseTo(0.65, 2);
    expect(findings[0]!.evidence).toContain(
      'retry loop: 240 of 240 attempts failed in 48 min (240 unanswered, 0 refused by a reset)',
    );
  });

  it('finds a RAT whose C&C refuses it: SYN answered by RST every second for 12 minutes (Remcos-shaped)', async () => {
    const rows = office();
    for (let i = 0; i < 720; i++)
      rows.push(
        f(5 * 3600 + i, '10.0.1.17', '203.0.113.35', 5888, {
          sport: 60000 + Math.floor(i / 2),
          flag: '...RS.',
          ipkt: 2,
          ibyt: 104,
          opkt: 2,
          obyt: 80,
          tdur: 0.04,
        }),
      );
    const findings = await detectOn([rareExternal], 'flow', rows);
    expect(findings.map((x) => x.keys.dstip)).toEqual(['203.0.113.35']);
    expect(findings[0]!.strength).toBeCloseTo(0.6, 2);
    // Answered, but only by resets: the evidence says so rather than leave "0 % unanswered" to read as working.
    expect(findings[0]!.evidence).toContain(
      '0 % unanswered; retry loop: 720 of 720 attempts failed in 12 min (0 unanswered, 720 refused by a reset)',
    );
  });

  it('does not take a short busy session for a loop: answered connections carrying data, one hour', async () => {
    const rows = office();
    // An app talking to its own server on an odd port for 40 minutes: rare and many, but every connection works.
    for (let i = 0; i < 200; i++) rows.push(f(2 * 3600 + i * 12, '10.0.1.18', '203.0.113.60', 7777));
    // Background retries that are never a finding: DHCP discover, NetBIOS and LLMNR broadcasts, SSDP, mDNS, NTP.
    for (let i = 0; i < 200; i++) {
      const quiet = { proto: 'UDP', flag: '', ipkt: 1, ibyt: 300, opkt: 0, obyt: 0 };
      rows.push(f(4 * 3600 + i * 5, '0.0.0.0', '255.255.255.255', 67, { ...quiet, sport: 68 }));
      rows.push(f(4 * 3600 + i * 5 + 1, '10.0.1.19', '10.0.1.255', 137, { ...quiet, sport: 137 }));
      rows.push(f(4 * 3600 + i * 5 + 2, '10.0.1.19', '224.0.0.252', 5355, quiet));
      rows.push(f(4 * 3600 + i * 5 + 3, '10.0.1.19', '239.255.255.250', 1900, quiet));
      rows.push(f(4 * 3600 + i * 5 + 4, '10.0.1.19', '224.0.0.251', 5353, quiet));
      rows.push(f(4 * 3600 + i * 5 + 4, '10.0.1.19', '203.0.113.123', 123, quiet));
    }
    // A blocked update or CDN fetch retried on HTTPS is an ordinary service, not an odd port.
    for (let i = 0; i < 200; i++)
      rows.push(
        f(6 * 3600 + i * 10, '10.0.1.20', '203.0.113.44', 443, { flag: '....S.', ipkt: 1, ibyt: 60, opkt: 0, obyt: 0 }),
      );
    expect(await detectOn([rareExternal], 'flow', rows)).toEqual([]);
  });

  // A tiny network (4 hosts: prevalence cannot discount anything) whose firewall blocks outgoing VPN and NAT
  // traversal: each client keeps retrying its one server, every attempt unanswered — a retry loop in shape, but to a
  // well-known service, not a C&C.
  const blockedTunnels: [string, number, string, number][] = [
    ['Teredo', 3544, 'UDP', 61],
    ['IKE', 500, 'UDP', 300],
    ['IPsec NAT-T', 4500, 'UDP', 120],
    ['STUN', 3478, 'UDP', 48],
    ['TURN over TLS', 5349, 'TCP', 60],
    ['OpenVPN', 1194, 'UDP', 42],
    ['OpenVPN over TCP', 1194, 'TCP', 60],
    ['WireGuard', 51820, 'UDP', 148],
  ];
  it.each(blockedTunnels)(
    'does not fire on a blocked %s client retrying its server (port %i/%s) on a 4-host network',
    async (_name, port, proto, bytes) => {
      const rows: EventRow[] = [];
      for (let h = 0; h < 4; h++)
        for (let k = 0; k < 24; k++) rows.push(f(k * 3600 + h * 60, `192.168.7.${h + 2}`, '198.51.100.7', 443));
      const tcp = proto === 'TCP';
      // One attempt every 5 s for an hour (720), then every 20 s for the rest of the day: loop and persistence both.
      for (let i = 0; i < 720; i++)
        rows.push(
          f(3600 + i * 5, '192.168.7.3', '203.0.113.140', port, {
            proto,
            flag: tcp ? '....S.' : '',
            ipkt: tcp ? 2 : 1,
            ibyt: tcp ? 120 : bytes,
            opkt: 0,
            obyt: 0,
            tdur: 0,
          }),
        );
      for (let i = 0; i < 3000; i++)
        rows.push(
          f(7200 + i * 20, '192.168.7.3', '203.0.113.140', port, {
            proto,
            flag: tcp ? '....S.' : '',
            ipkt: 1,
            ibyt: tcp ? 60 : bytes,
            opkt: 0,
            obyt: 0,
            tdur: 0,
          }),
        );
      expect(await detectOn([rareExternal], 'flow', rows)).toEqual([]);
    },
  );

  it('takes unanswered UDP for a loop never, yet finds a UDP contact that persists all day (4-host network)', async () => {
    const rows: EventRow[] = [];
    for (let h = 0; h < 4; h++)
      for (let k = 0; k < 24; k++) rows.push(f(k * 3600 + h * 60, `192.168.7.${h + 2}`, '198.51.100.7', 443));
    const oneWay = { proto: 'UDP', flag: '', ipkt: 1, ibyt: 60, opkt: 0, obyt: 0 };
    // An hour of datagrams without an answer in the flow: a one-way protocol (or a one-way exporter), not a failure.
    for (let i = 0; i < 300; i++) rows.push(f(3600 + i * 12, '192.168.7.3', '203.0.113.150', 5552, oneWay));
    // The same sender to another odd port all day long: persistence, which needs no handshake.
    for (let i = 0; i < 96; i++) rows.push(f(i * 900 + 7, '192.168.7.4', '203.0.113.151', 5553, oneWay));
    const findings = await detectOn([rareExternal], 'flow', rows);
    expect(findings.map((x) => x.keys)).toEqual([
      { srcip: '192.168.7.4', dstip: '203.0.113.151', dport: 5553, proto: 'UDP' },
    ]);
    expect(findings[0]!.evidence).not.toContain('retry loop');
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
