/**
 * DNS rows (Spot's 10-column dns table, tshark fields of the responses the internal resolvers send): clients
 * resolving internal names, Microsoft services and web sites; the proxies resolving what users browse; the
 * mail relay checking blocklists; plus the tunnelling and DGA scenarios.
 */
import type { CsvValue } from '../csv-writer';
import { serverLoadCurve, tsharkTime, userLoadCurve, type DayClock } from './day-clock';
import type { MinuteSource, TrafficArgs } from './flow-traffic';
import { Prng, WeightedPicker } from './prng';
import type { DnsScenarioEvent } from './scenario-events';
import { DGA_CLIENT, SAMPLE_ORG, TUNNEL_CLIENT, TUNNEL_DOMAIN } from './scenarios';
import { SERVERS, SERVER_NAMES, addressIn, addressesOf, internalName } from './topology';
import type { TimedRow } from './timed-row';

export const DNS_TYPE = { A: 1, NS: 2, CNAME: 5, SOA: 6, NULL: 10, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SRV: 33 };

interface Query {
  t: number;
  client: string;
  name: string;
  qtype: number;
  rcode: number;
  answers: string[];
  /** Extra answer bytes beyond the A records (TXT payload, AAAA, SRV, SOA authority). */
  extraBytes: number;
}

/** The response frame: Ethernet+IP+UDP (42) + DNS header (12) + question + answers. */
function frameLength(q: Query): number {
  return 42 + 12 + (q.name.length + 2 + 4) + q.answers.length * 16 + q.extraBytes;
}

export function dnsRow(clock: DayClock, q: Query, server: string): TimedRow {
  const values: CsvValue[] = [
    tsharkTime(clock, q.t),
    clock.epoch + Math.floor(q.t),
    frameLength(q),
    q.client,
    server,
    q.name,
    '0x00000001',
    q.qtype,
    q.rcode,
    q.answers.join('|'),
  ];
  return { t: q.t, values };
}

const MS_NAMES = [
  'settings-win.data.microsoft.com',
  'v10.events.data.microsoft.com',
  'self.events.data.microsoft.com',
  'login.microsoftonline.com',
  'outlook.office365.com',
  'substrate.office.com',
  'teams.microsoft.com',
  'northwindtraders.sharepoint.com',
  'northwindtraders-my.sharepoint.com',
  'ctldl.windowsupdate.com',
  'time.windows.com',
  'www.msftconnecttest.com',
  'dns.msftncsi.com',
  'officeclient.microsoft.com',
  'nexusrules.officeapps.live.com',
  'ecs.office.com',
  'config.edge.skype.com',
  'edge.microsoft.com',
  'array511.prod.do.dsp.mp.microsoft.com',
  'client.wns.windows.com',
];
const MS_CIDRS = ['13.107.0.0/16', '20.190.128.0/18', '52.96.0.0/14', '40.126.0.0/18', '20.42.0.0/16'];
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const DGA_TLDS = ['com', 'net', 'org', 'info', 'biz', 'ru', 'cn', 'co.uk', 'co.za', 'co.in', 'com.br', 'com.au'];

export function createDnsSource(opts: TrafficArgs): MinuteSource {
  const { topology, clock, rng, scale, schedule } = opts;
  const userCurve = userLoadCurve();
  const serverCurve = serverLoadCurve();
  const userTotal = 92_000 * scale;
  const serverTotal = 30_000 * scale;
  const ad = SAMPLE_ORG.adDomain;
  const internalServers = Object.keys(SERVER_NAMES);
  const serverFor = (client: string): string => SERVERS.dns[client.charCodeAt(client.length - 1) % 2] as string;
  const client = (t: number): string => {
    const hour = t / 3600;
    return (rng.chance(hour >= 8 && hour < 18 ? 0.08 : 0.35) ? topology.vpnPicker : topology.officePicker).pick(rng).ip;
  };
  const msAddress = (name: string, i: number): string =>
    addressIn(MS_CIDRS[name.length % MS_CIDRS.length] as string, `${name}#${i}`);

  const external = (t: number, who: string, name: string, answers: string[]): Query[] => {
    const out: Query[] = [{ t, client: who, name, qtype: DNS_TYPE.A, rcode: 0, answers, extraBytes: 0 }];
    // Dual-stack resolvers ask for AAAA too; tshark's dns.a holds only A records, so the AAAA row has none.
    if (rng.chance(0.35)) {
      out.push({
        t: t + 0.001,
        client: who,
        name,
        qtype: DNS_TYPE.AAAA,
        rcode: 0,
        answers: [],
        extraBytes: 28 * answers.length,
      });
    }
    return out;
  };

  const userKinds: [(t: number) => Query[], number][] = [
    [
      (t) => {
        const ip = rng.pick(internalServers);
        return [
          { t, client: client(t), name: internalName(ip), qtype: DNS_TYPE.A, rcode: 0, answers: [ip], extraBytes: 0 },
        ];
      },
      30,
    ],
    [
      (t) => [
        {
          t,
          client: client(t),
          name: `_ldap._tcp.dc._msdcs.${ad}`,
          qtype: DNS_TYPE.SRV,
          rcode: 0,
          answers: [],
          extraBytes: 2 * 48,
        },
      ],
      4,
    ],
    [
      (t) => [{ t, client: client(t), name: `wpad.${ad}`, qtype: DNS_TYPE.A, rcode: 3, answers: [], extraBytes: 70 }],
      2,
    ],
    [
      (t) => {
        const name = rng.pick(MS_NAMES);
        const n = 1 + (name.length % 3);
        return external(
          t,
          client(t),
          name,
          Array.from({ length: n }, (_, i) => msAddress(name, i)),
        );
      },
      28,
    ],
    [
      (t) => {
        const site = topology.sitePicker.pick(rng);
        const host = rng.pick(site.hosts);
        return external(t, client(t), host, addressesOf(site, host));
      },
      14,
    ],
    [
      (t) => {
        const target = rng.pick(topology.workstations).ip;
        const name = `${target.split('.').reverse().join('.')}.in-addr.arpa`;
        return [{ t, client: client(t), name, qtype: DNS_TYPE.PTR, rcode: 0, answers: [], extraBytes: 40 }];
      },
      3,
    ],
    [
      (t) => {
        // Browsers' intranet-redirect probes: random single labels the search suffix turns into NXDomain.
        const name = `${rng.chars('abcdefghijklmnopqrstuvwxyz', rng.int(7, 15))}.${ad}`;
        return [{ t, client: client(t), name, qtype: DNS_TYPE.A, rcode: 3, answers: [], extraBytes: 70 }];
      },
      0.4,
    ],
  ];
  const serverKinds: [(t: number) => Query[], number][] = [
    [
      (t) => {
        const site = topology.sitePicker.pick(rng);
        const host = rng.pick(site.hosts);
        return external(t, rng.pick(SERVERS.proxies), host, addressesOf(site, host));
      },
      70,
    ],
    [
      (t) => {
        // The mail relay checks each sender against a DNS blocklist: reversed IP under zen.spamhaus.org.
        const ip = `${rng.int(1, 223)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
        const name = `${ip.split('.').reverse().join('.')}.zen.spamhaus.org`;
        const listed = rng.chance(0.04);
        return [
          {
            t,
            client: SERVERS.dmzMailRelay,
            name,
            qtype: DNS_TYPE.A,
            rcode: listed ? 0 : 3,
            answers: listed ? ['127.0.0.2'] : [],
            extraBytes: listed ? 0 : 90,
          },
        ];
      },
      12,
    ],
    [
      (t) => {
        const domain = rng.pick(['gmail.com', 'outlook.com', 'dhl.com', 'maersk.com', 'ups.com', 'yahoo.com']);
        return [
          { t, client: SERVERS.dmzMailRelay, name: domain, qtype: DNS_TYPE.MX, rcode: 0, answers: [], extraBytes: 90 },
        ];
      },
      6,
    ],
    [
      (t) => {
        const who = rng.pick([...SERVERS.dc, ...SERVERS.apps, ...SERVERS.files]);
        const name = rng.pick(['time.windows.com', 'ctldl.windowsupdate.com', 'settings-win.data.microsoft.com']);
        return external(t, who, name, [msAddress(name, 0)]);
      },
      12,
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

  const scenarioRng = new Prng(0x5eed_d115);
  const scenarioQuery = (event: DnsScenarioEvent): Query => {
    if (event.kind === 'tunnel') {
      const payload = scenarioRng.chars(BASE32, scenarioRng.int(30, 110));
      const labels = payload.match(/.{1,63}/g) ?? [payload];
      const seq = scenarioRng.int(0, 0xffff).toString(16).padStart(4, '0');
      const name = `${labels.join('.')}.${seq}.t.${TUNNEL_DOMAIN}`;
      const txt = scenarioRng.chance(0.7);
      return {
        t: event.t,
        client: TUNNEL_CLIENT,
        name,
        qtype: txt ? DNS_TYPE.TXT : DNS_TYPE.NULL,
        rcode: 0,
        answers: [],
        extraBytes: 12 + scenarioRng.int(20, 220),
      };
    }
    const label = scenarioRng.chars('abcdefghijklmnopqrstuvwxyz', scenarioRng.int(12, 18));
    return {
      t: event.t,
      client: DGA_CLIENT,
      name: `${label}.${scenarioRng.pick(DGA_TLDS)}`,
      qtype: DNS_TYPE.A,
      rcode: 3,
      answers: [],
      extraBytes: scenarioRng.int(60, 110),
    };
  };
  const scenarioRows = schedule.dns.map((e) => {
    const q = scenarioQuery(e);
    return dnsRow(clock, q, serverFor(q.client));
  });
  let scenarioIndex = 0;

  return {
    rowsForMinute(minute: number): TimedRow[] {
      const rows: TimedRow[] = [];
      const start = minute * 60;
      const draw = (expected: number): number => Math.floor(expected + rng.next());
      const emit = (queries: Query[]): void => {
        for (const q of queries) rows.push(dnsRow(clock, q, serverFor(q.client)));
      };
      const users = draw(userTotal * (userCurve[minute] as number));
      for (let i = 0; i < users; i++) emit(userPicker.pick(rng)(start + rng.next() * 59.99));
      const servers = draw(serverTotal * (serverCurve[minute] as number));
      for (let i = 0; i < servers; i++) emit(serverPicker.pick(rng)(start + rng.next() * 59.99));
      while (scenarioIndex < scenarioRows.length && (scenarioRows[scenarioIndex] as TimedRow).t < start + 60) {
        rows.push(scenarioRows[scenarioIndex++] as TimedRow);
      }
      return rows;
    },
  };
}
