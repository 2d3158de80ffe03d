/**
 * Netflow rows (Spot's 28-column flow table) for one minute at a time: background enterprise traffic shaped by
 * the load curves plus the flow side of the scenarios. Rows are nfdump-style unidirectional-initiator records
 * with both directions' counters (ipkt/ibyt from sip, opkt/obyt back).
 */
import type { CsvValue } from '../csv-writer';
import { clockTime, serverLoadCurve, userLoadCurve, type DayClock } from './day-clock';
import { Prng, WeightedPicker } from './prng';
import type { ScenarioSchedule } from './scenario-events';
import {
  C2_PORT,
  C2_SERVER,
  C2_VICTIM,
  EXFIL_CLIENT,
  EXFIL_SERVER,
  MALWARE_CLIENT,
  MALWARE_SERVER,
  SCANNER,
  SCAN_SWEEP_PORTS,
  SCAN_SWEEP_PREFIX,
  SCAN_VERTICAL_TARGETS,
} from './scenarios';
import { SERVERS, addressIn, addressesOf, proxyFor, type Topology, type Workstation } from './topology';
import type { TimedRow } from './timed-row';

interface Flow {
  t: number;
  tdur: number;
  sip: string;
  dip: string;
  sport: number;
  dport: number;
  proto: 'TCP' | 'UDP' | 'ICMP';
  flag: string;
  ipkt: number;
  ibyt: number;
  opkt: number;
  obyt: number;
  rip: string;
}

export function flowRow(clock: DayClock, f: Flow): TimedRow {
  const s = Math.floor(f.t);
  const values: CsvValue[] = [
    `${clock.year}-${String(clock.month).padStart(2, '0')}-${String(clock.day).padStart(2, '0')} ${clockTime(s)}`,
    clock.epoch + s,
    clock.year,
    clock.month,
    clock.day,
    Math.floor(s / 3600),
    Math.floor(s / 60) % 60,
    s % 60,
    Math.round(f.tdur * 1000) / 1000,
    f.sip,
    f.dip,
    f.sport,
    f.dport,
    f.proto,
    f.flag,
    0,
    0,
    f.ipkt,
    f.ibyt,
    f.opkt,
    f.obyt,
    f.rip.endsWith('.3') ? 3 : 1,
    f.rip.endsWith('.3') ? 1 : 2,
    0,
    0,
    0,
    0,
    f.rip,
  ];
  return { t: f.t, values };
}

const ephemeral = (rng: Prng): number => rng.int(49152, 65535);
const clampInt = (x: number, lo: number, hi = Number.MAX_SAFE_INTEGER): number =>
  Math.min(hi, Math.max(lo, Math.round(x)));

/** Bytes with a log-normal size and packets from a typical payload per packet. */
function sized(rng: Prng, median: number, sigma: number, perPacket: number, minBytes: number, minPackets: number) {
  const bytes = clampInt(rng.logNormal(median, sigma), minBytes);
  return { bytes, packets: Math.max(minPackets, Math.ceil(bytes / perPacket)) };
}

function tcp(
  rng: Prng,
  t: number,
  sip: string,
  dip: string,
  dport: number,
  out: [number, number, number, number],
  back: [number, number, number, number],
  rip: string = SERVERS.routers.core,
): Flow {
  const o = sized(rng, out[0], out[1], out[2], out[3], 3);
  const b = sized(rng, back[0], back[1], back[2], back[3], 2);
  return {
    t,
    tdur: Math.max(0.001, rng.logNormal(0.8, 1.3)),
    sip,
    dip,
    sport: ephemeral(rng),
    dport,
    proto: 'TCP',
    flag: rng.chance(0.94) ? '.AP.SF' : '.AP.S.',
    ipkt: o.packets,
    ibyt: o.bytes,
    opkt: b.packets,
    obyt: b.bytes,
    rip,
  };
}

function udp(rng: Prng, t: number, sip: string, dip: string, sport: number, dport: number, ibyt: number, obyt: number) {
  return {
    t,
    tdur: rng.next() * 0.05,
    sip,
    dip,
    sport,
    dport,
    proto: 'UDP' as const,
    flag: '......',
    ipkt: 1,
    ibyt,
    opkt: obyt > 0 ? 1 : 0,
    obyt,
    rip: SERVERS.routers.core,
  };
}

type FlowKind = (rng: Prng, t: number) => Flow;

export interface MinuteSource {
  rowsForMinute(minute: number): TimedRow[];
}

/** ISP ranges home VPN users and inbound web visitors come from. */
const CONSUMER_CIDRS = ['73.0.0.0/8', '24.0.0.0/8', '71.160.0.0/11', '86.128.0.0/10', '2.24.0.0/13', '81.2.0.0/16'];
const MAIL_SENDER_CIDRS = ['209.85.128.0/17', '40.107.0.0/16', '52.100.0.0/14', '185.12.80.0/22'];
const PUBLIC_RESOLVERS = ['8.8.8.8', '8.8.4.4', '1.1.1.1', '9.9.9.9'];
const TEAMS_MEDIA = '52.112.0.0/14';

/** What every type's synthetic traffic is generated from. */
export interface TrafficArgs {
  topology: Topology;
  clock: DayClock;
  rng: Prng;
  scale: number;
  schedule: ScenarioSchedule;
}

export function createFlowSource(opts: TrafficArgs): MinuteSource {
  const { topology, clock, rng, scale, schedule } = opts;
  const userCurve = userLoadCurve();
  const serverCurve = serverLoadCurve();
  const userTotal = 225_000 * scale;
  const serverTotal = 75_000 * scale;
  const internetSites = topology.sites;
  const client = (t: number): Workstation => {
    const hour = t / 3600;
    const vpnShare = hour >= 8 && hour < 18 ? 0.08 : 0.35;
    return rng.chance(vpnShare) ? topology.vpnPicker.pick(rng) : topology.officePicker.pick(rng);
  };
  const siteAddress = (): string => {
    const site = topology.sitePicker.pick(rng);
    const host = rng.pick(site.hosts);
    return rng.pick(addressesOf(site, host));
  };
  const officeSites = internetSites.filter((s) => /office|microsoftonline|sharepoint|live\.com/.test(s.domain));

  const userKinds: [FlowKind, number][] = [
    [
      (r, t) => {
        const ws = client(t);
        return tcp(r, t, ws.ip, proxyFor(ws.ip), SERVERS.proxyPort, [1800, 1.0, 420, 300], [25000, 1.6, 1350, 200]);
      },
      34,
    ],
    [
      (r, t) => {
        const site = r.pick(internetSites);
        const dip = r.pick(addressesOf(site, r.pick(site.hosts)));
        const https = r.chance(0.85);
        return tcp(
          r,
          t,
          r.pick(SERVERS.proxies),
          r.chance(0.7) ? siteAddress() : dip,
          https ? 443 : 80,
          https ? [2600, 0.9, 480, 700] : [700, 0.6, 350, 200],
          [40000, 1.6, 1380, 300],
          SERVERS.routers.edge,
        );
      },
      13,
    ],
    [(r, t) => udp(r, t, client(t).ip, r.pick(SERVERS.dns), ephemeral(r), 53, r.int(60, 96), r.int(92, 320)), 15],
    [
      (r, t) => {
        const ws = client(t);
        const dc = r.pick(SERVERS.dc);
        const service = r.pick([88, 88, 389, 389, 445, 135, 464]);
        return tcp(r, t, ws.ip, dc, service, [1400, 0.6, 300, 200], [1800, 0.8, 600, 150]);
      },
      10,
    ],
    [(r, t) => tcp(r, t, client(t).ip, r.pick(SERVERS.files), 445, [9000, 1.9, 900, 300], [180000, 2.0, 1400, 300]), 6],
    [(r, t) => tcp(r, t, client(t).ip, r.pick(SERVERS.mail), 443, [3200, 1.1, 600, 400], [9000, 1.4, 1300, 300]), 5],
    [
      (r, t) => {
        const site = r.pick(officeSites);
        const dip = r.pick(addressesOf(site, r.pick(site.hosts)));
        return tcp(r, t, client(t).ip, dip, 443, [3800, 1.1, 520, 800], [26000, 1.5, 1380, 400], SERVERS.routers.edge);
      },
      6,
    ],
    [
      (r, t) => {
        const sport = 50000 + r.int(0, 19);
        const bytes = clampInt(r.logNormal(350000, 1.4), 4000);
        return {
          ...udp(r, t, client(t).ip, addressIn(TEAMS_MEDIA, `teams${r.int(0, 40)}`), sport, 3478 + r.int(0, 3), 0, 0),
          tdur: r.logNormal(120, 1),
          ipkt: Math.ceil(bytes / 900),
          ibyt: bytes,
          opkt: Math.ceil(bytes / 950),
          obyt: Math.round(bytes * r.logNormal(1, 0.3)),
          rip: SERVERS.routers.edge,
        };
      },
      3,
    ],
    [
      (r, t) =>
        tcp(
          r,
          t,
          client(t).ip,
          r.pick(SERVERS.apps),
          r.chance(0.8) ? 443 : 8443,
          [2500, 1.0, 500, 400],
          [14000, 1.5, 1300, 300],
        ),
      5,
    ],
    [(r, t) => udp(r, t, client(t).ip, SERVERS.ntp, 123, 123, 76, 76), 1],
    [
      (r, t) => {
        const ws = topology.vpnPicker.pick(r);
        const home = addressIn(r.pick(CONSUMER_CIDRS), ws.ip);
        const bytes = clampInt(r.logNormal(60000, 1.5), 300);
        return {
          ...udp(r, t, home, SERVERS.vpnGateway, 4500, 4500, 0, 0),
          tdur: r.logNormal(20, 1),
          ipkt: Math.ceil(bytes / 700),
          ibyt: bytes,
          opkt: Math.ceil(bytes / 500),
          obyt: Math.round(bytes * r.logNormal(3, 0.6)),
          rip: SERVERS.routers.dmz,
        };
      },
      2,
    ],
  ];

  const serverKinds: [FlowKind, number][] = [
    [
      (r, t) => ({
        ...udp(r, t, r.pick(SERVERS.dns), r.pick(PUBLIC_RESOLVERS), ephemeral(r), 53, r.int(64, 110), r.int(90, 480)),
        rip: SERVERS.routers.edge,
      }),
      22,
    ],
    [
      (r, t) => {
        const visitor = addressIn(r.pick(CONSUMER_CIDRS), `visitor${r.int(0, 4000)}`);
        const dip = r.chance(0.75) ? SERVERS.dmzWeb : SERVERS.dmzApi;
        return tcp(r, t, visitor, dip, 443, [1500, 0.8, 450, 500], [30000, 1.4, 1380, 400], SERVERS.routers.dmz);
      },
      20,
    ],
    [
      (r, t) => {
        const sender = addressIn(r.pick(MAIL_SENDER_CIDRS), `mx${r.int(0, 300)}`);
        return tcp(
          r,
          t,
          sender,
          SERVERS.dmzMailRelay,
          25,
          [30000, 1.4, 1200, 600],
          [900, 0.3, 90, 300],
          SERVERS.routers.dmz,
        );
      },
      5,
    ],
    [
      (r, t) =>
        tcp(
          r,
          t,
          SERVERS.dmzMailRelay,
          r.pick(SERVERS.mail),
          25,
          [30000, 1.4, 1200, 600],
          [900, 0.3, 90, 300],
          SERVERS.routers.dmz,
        ),
      4,
    ],
    [
      (r, t) => {
        const targets = [...SERVERS.dc, ...SERVERS.files, ...SERVERS.apps, ...SERVERS.db, ...SERVERS.mail];
        if (r.chance(0.5)) {
          return { ...udp(r, t, SERVERS.monitoring, r.pick(targets), 0, 2048, 84, 84), proto: 'ICMP' as const };
        }
        return udp(r, t, SERVERS.monitoring, r.pick(targets), ephemeral(r), 161, r.int(80, 120), r.int(120, 600));
      },
      10,
    ],
    [
      (r, t) => {
        const postgres = r.chance(0.3);
        return tcp(
          r,
          t,
          r.pick(SERVERS.apps),
          postgres ? SERVERS.db[1] : SERVERS.db[0],
          postgres ? 5432 : 1433,
          [1200, 1.0, 300, 200],
          [8000, 1.8, 1300, 150],
        );
      },
      18,
    ],
    [
      (r, t) =>
        tcp(
          r,
          t,
          SERVERS.jump,
          r.pick([...SERVERS.apps, ...SERVERS.db]),
          22,
          [5000, 1.2, 120, 500],
          [12000, 1.4, 200, 500],
        ),
      1,
    ],
    [(r, t) => tcp(r, t, SERVERS.dc[0], SERVERS.dc[1], 135, [2000, 0.7, 400, 300], [3000, 0.7, 500, 300]), 2],
    [
      (r, t) => ({
        ...udp(r, t, r.pick([...SERVERS.dc, ...SERVERS.files, ...SERVERS.apps]), SERVERS.ntp, 123, 123, 76, 76),
      }),
      2,
    ],
  ];

  const userPicker = new WeightedPicker(
    userKinds.map(([k]) => k),
    userKinds.map(([, w]) => w),
  );
  const serverPicker = new WeightedPicker(
    serverKinds.map(([k]) => k),
    serverKinds.map(([, w]) => w),
  );

  const scenarioRows = scenarioFlows(new Prng(0x5eed_f10e), schedule).map((f) => flowRow(clock, f));
  let scenarioIndex = 0;

  return {
    rowsForMinute(minute: number): TimedRow[] {
      const rows: TimedRow[] = [];
      const start = minute * 60;
      const draw = (expected: number): number => Math.floor(expected + rng.next());
      const users = draw(userTotal * (userCurve[minute] as number));
      for (let i = 0; i < users; i++) rows.push(flowRow(clock, userPicker.pick(rng)(rng, start + rng.next() * 60)));
      const servers = draw(serverTotal * (serverCurve[minute] as number));
      for (let i = 0; i < servers; i++) rows.push(flowRow(clock, serverPicker.pick(rng)(rng, start + rng.next() * 60)));
      // Nightly backups: a few very large server-to-backup transfers between 01:00 and 04:30.
      if (minute >= 60 && minute < 270 && rng.chance(0.35 * scale)) {
        const source = rng.pick([...SERVERS.files, ...SERVERS.db, ...SERVERS.apps, ...SERVERS.mail]);
        const flow = tcp(
          rng,
          start + rng.next() * 60,
          source,
          SERVERS.backup,
          10000,
          [4e8, 1.0, 1400, 1e6],
          [2e6, 0.5, 60, 1e4],
        );
        rows.push(flowRow(clock, { ...flow, tdur: rng.logNormal(600, 0.7) }));
      }
      while (scenarioIndex < scenarioRows.length && (scenarioRows[scenarioIndex] as TimedRow).t < start + 60) {
        rows.push(scenarioRows[scenarioIndex++] as TimedRow);
      }
      return rows;
    },
  };
}

/** The flow rows of the scenarios, sorted by time. */
function scenarioFlows(rng: Prng, schedule: ScenarioSchedule): Flow[] {
  const flows: Flow[] = [];
  for (const beacon of schedule.c2) {
    const base = {
      t: beacon.t,
      sip: C2_VICTIM,
      dip: C2_SERVER,
      sport: ephemeral(rng),
      dport: C2_PORT,
      proto: 'TCP' as const,
    };
    if (beacon.kind === 'interactive') {
      // An operator-driven shell: hundreds of keystroke-sized packets over a few minutes.
      const ipkt = rng.int(300, 700);
      flows.push({
        ...base,
        tdur: 120 + rng.next() * 300,
        flag: '.AP.SF',
        ipkt,
        ibyt: ipkt * rng.int(55, 80),
        opkt: Math.round(ipkt * 0.8),
        obyt: ipkt * rng.int(90, 400),
        rip: SERVERS.routers.edge,
      });
    } else if (beacon.kind === 'unreachable') {
      // SYN and two retransmissions, no answer.
      flows.push({
        ...base,
        tdur: 3 + rng.next(),
        flag: '....S.',
        ipkt: 3,
        ibyt: 156,
        opkt: 0,
        obyt: 0,
        rip: SERVERS.routers.edge,
      });
    } else {
      flows.push({
        ...base,
        tdur: 0.15 + rng.next() * 0.25,
        flag: '.AP.SF',
        ipkt: 4,
        ibyt: 300 + rng.int(0, 40),
        opkt: 3,
        obyt: 170 + rng.int(0, 40),
        rip: SERVERS.routers.edge,
      });
    }
  }

  // Port scan: a vertical SYN scan of three servers, then a sweep of one /24 on three ports.
  const open: Record<string, number[]> = {
    '10.1.0.10': [53, 88, 135, 139, 389, 445, 464, 593, 636],
    '10.1.2.25': [25, 80, 135, 443, 445, 587],
    '10.1.4.30': [135, 139, 445],
  };
  const scanPort = 40000 + rng.int(0, 9999);
  let t = schedule.scanStart;
  const syn = (dip: string, dport: number, answer: 'open' | 'closed' | 'silent'): Flow => ({
    t,
    tdur: answer === 'silent' ? 0 : rng.next() * 0.004,
    sip: SCANNER,
    dip,
    sport: scanPort,
    dport,
    proto: 'TCP',
    flag: '....S.',
    ipkt: 1,
    ibyt: 44,
    opkt: answer === 'silent' ? 0 : 1,
    obyt: answer === 'open' ? 44 : answer === 'closed' ? 40 : 0,
    rip: SERVERS.routers.core,
  });
  for (const target of SCAN_VERTICAL_TARGETS) {
    const ports = Array.from({ length: 1024 }, (_, i) => i + 1);
    for (let i = ports.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [ports[i], ports[j]] = [ports[j] as number, ports[i] as number];
    }
    for (const port of ports) {
      const isOpen = open[target]?.includes(port) ?? false;
      flows.push(syn(target, port, isOpen ? 'open' : rng.chance(0.7) ? 'closed' : 'silent'));
      t += 0.045 + rng.next() * 0.02;
    }
  }
  for (let host = 1; host <= 254; host++) {
    for (const port of SCAN_SWEEP_PORTS) {
      const exists = host >= 10 && host < 190;
      flows.push(syn(`${SCAN_SWEEP_PREFIX}${host}`, port, !exists ? 'silent' : port === 445 ? 'open' : 'closed'));
      t += 0.035 + rng.next() * 0.02;
    }
  }

  // The proxy's upstream connections for the proxy scenarios.
  for (const event of schedule.proxy) {
    if (event.kind.startsWith('exfil')) {
      const proxy = proxyFor(EXFIL_CLIENT);
      const ibyt =
        event.kind === 'exfil'
          ? rng.int(4_200_000, 8_300_000)
          : event.kind === 'exfil-retry'
            ? rng.int(12_000_000, 16_000_000)
            : rng.int(900, 1400);
      flows.push({
        t: event.t + 0.2,
        tdur: 8 + rng.next() * 20,
        sip: proxy,
        dip: EXFIL_SERVER,
        sport: ephemeral(rng),
        dport: 443,
        proto: 'TCP',
        flag: '.AP.SF',
        ipkt: Math.ceil(ibyt / 1400),
        ibyt,
        opkt: Math.ceil(ibyt / 2800),
        obyt: rng.int(5200, 7800),
        rip: SERVERS.routers.edge,
      });
    } else {
      const download = event.kind === 'download';
      const proxy = proxyFor(MALWARE_CLIENT);
      flows.push({
        t: event.t + 0.1,
        tdur: download ? 4.2 : 0.3 + rng.next() * 0.3,
        sip: proxy,
        dip: MALWARE_SERVER,
        sport: ephemeral(rng),
        dport: 80,
        proto: 'TCP',
        flag: '.AP.SF',
        ipkt: download ? 420 : 5,
        ibyt: download ? 23000 : 420 + rng.int(0, 40),
        opkt: download ? 1650 : 4,
        obyt: download ? 2_395_000 : 380 + rng.int(0, 40),
        rip: SERVERS.routers.edge,
      });
    }
  }
  return flows.sort((a, b) => a.t - b.t);
}
