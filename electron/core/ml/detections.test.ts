import { describe, expect, it } from 'vitest';
import { Interner } from './corpus';
import { beaconStats, bowleySkew, detectFlow, detectProxy, DnsDetector, madm, quantile } from './detections';
import { splitDomain } from './domain';
import { mulberry32 } from './random';
import { entropy } from './words';

interface FlowSpec {
  src: string;
  dst: string;
  sport: number;
  dport: number;
  time: number;
  ibyt: number;
  ipkt: number;
  duration?: number;
}

function flowEvents(specs: FlowSpec[]) {
  const ips = new Interner();
  const n = specs.length;
  const e = {
    count: n,
    src: new Int32Array(n),
    dst: new Int32Array(n),
    sport: new Int32Array(n),
    dport: new Int32Array(n),
    time: new Float64Array(n),
    ibyt: new Float64Array(n),
    ipkt: new Float64Array(n),
    duration: new Float64Array(n),
    ips,
  };
  specs.forEach((s, i) => {
    e.src[i] = ips.id(s.src);
    e.dst[i] = ips.id(s.dst);
    e.sport[i] = s.sport;
    e.dport[i] = s.dport;
    e.time[i] = s.time;
    e.ibyt[i] = s.ibyt;
    e.ipkt[i] = s.ipkt;
    e.duration[i] = s.duration ?? 1;
  });
  return e;
}

/** Background: 30 clients browsing 5 servers at random times with random sizes. */
function background(random: () => number, n: number): FlowSpec[] {
  return Array.from({ length: n }, () => ({
    src: `10.0.0.${1 + Math.floor(random() * 30)}`,
    dst: `192.168.1.${1 + Math.floor(random() * 5)}`,
    sport: 40000 + Math.floor(random() * 20000),
    dport: 443,
    time: Math.floor(random() * 86400),
    ibyt: 200 + Math.floor(random() * 50000),
    ipkt: 3 + Math.floor(random() * 40),
  }));
}

describe('statistics', () => {
  it('quantiles, Bowley skew and MADM', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(bowleySkew([1, 2, 3, 4, 5])).toBe(0);
    expect(bowleySkew([1, 1, 1, 2, 10])).toBeGreaterThan(0);
    expect(madm([1, 2, 3, 4, 100])).toBe(1);
  });
  it('scores a perfect beacon near 1 and random traffic low', () => {
    const times = Array.from({ length: 100 }, (_, i) => i * 300);
    expect(beaconStats(times, new Array(100).fill(320)).strength).toBeGreaterThan(0.95);
    const random = mulberry32(3);
    const rt = Array.from({ length: 100 }, () => random() * 86400);
    const rs = Array.from({ length: 100 }, () => random() * 100000);
    expect(beaconStats(rt, rs).strength).toBeLessThan(0.7);
  });
});

describe('flow detections', () => {
  const random = mulberry32(11);
  const specs = background(random, 4000);
  // Beacon: every 300 s ± 2 s, ~320 bytes.
  for (let i = 0; i < 280; i++) {
    specs.push({
      src: '10.9.9.9',
      dst: '203.0.113.77',
      sport: 50000 + i,
      dport: 443,
      time: 100 + i * 300 + Math.round(random() * 4 - 2),
      ibyt: 318 + Math.round(random() * 4),
      ipkt: 4,
    });
  }
  // Vertical scan of ports 1–1024 on one host, and a sweep of port 445 over 200 hosts.
  for (let p = 1; p <= 1024; p++)
    specs.push({ src: '10.6.6.6', dst: '10.1.0.10', sport: 61000, dport: p, time: 40000 + p / 10, ibyt: 44, ipkt: 1 });
  for (let h = 1; h <= 200; h++)
    specs.push({ src: '10.6.6.6', dst: `10.10.6.${h}`, sport: 61001, dport: 445, time: 40200 + h, ibyt: 44, ipkt: 1 });
  // A 5-hour connection.
  specs.push({
    src: '10.0.0.3',
    dst: '198.51.100.5',
    sport: 51000,
    dport: 22,
    time: 3600,
    ibyt: 9e6,
    ipkt: 9000,
    duration: 5 * 3600,
  });
  const found = detectFlow(flowEvents(specs));

  it('finds the planted beacon and nothing else beacons', () => {
    const beacons = found.filter((d) => d.name === 'beaconing');
    expect(beacons.map((d) => d.keys)).toEqual([{ srcip: '10.9.9.9', dstip: '203.0.113.77' }]);
    expect(beacons[0]?.strength).toBeGreaterThan(0.9);
    expect(beacons[0]?.evidence).toMatch(/every 300 s/);
  });

  it('finds the vertical scan and the sweep', () => {
    const scans = found.filter((d) => d.name === 'port_scan');
    expect(scans.map((d) => d.keys)).toEqual(
      expect.arrayContaining([
        { srcip: '10.6.6.6', dstip: '10.1.0.10' },
        { srcip: '10.6.6.6', dport: 445 },
      ]),
    );
    expect(scans).toHaveLength(2);
    expect(scans.every((d) => d.strength > 0.7)).toBe(true);
  });

  it('finds the long connection', () => {
    const long = found.filter((d) => d.name === 'long_connection');
    expect(long.map((d) => d.keys)).toEqual([{ srcip: '10.0.0.3', dstip: '198.51.100.5' }]);
    expect(long[0]?.evidence).toMatch(/5\.0 h/);
  });

});

describe('DNS detections', () => {
  it('finds tunnelling and DGA, not normal browsing', () => {
    const random = mulberry32(5);
    const detector = new DnsDetector();
    let event = 0;
    const add = (client: string, name: string, rcode = 0) => {
      const s = splitDomain(name);
      detector.add(
        event++,
        client,
        s.domain,
        s.suffix,
        s.subdomain,
        s.subdomain === 'None' ? 0 : entropy(s.subdomain),
        rcode,
      );
    };
    const sites = ['www.google.com', 'mail.example.org', 'cdn.shop.co.uk', 'news.bbc.co.uk', 'api.github.com'];
    for (let i = 0; i < 3000; i++) add(`10.0.0.${i % 20}`, sites[i % sites.length] as string);
    const b32 = 'abcdefghijklmnopqrstuvwxyz234567';
    const token = (n: number) => Array.from({ length: n }, () => b32[Math.floor(random() * 32)]).join('');
    for (let i = 0; i < 400; i++) add('10.10.5.120', `${token(50)}.${i.toString(16)}.t.cloudsync-metrics.net`);
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    for (let i = 0; i < 200; i++) {
      const label = Array.from({ length: 14 }, () => letters[Math.floor(random() * 26)]).join('');
      add('192.168.20.57', `${label}.${['com', 'net', 'org', 'ru'][i % 4]}`, 3);
    }
    const found = detector.results();
    expect(found.filter((d) => d.name === 'dns_tunnelling').map((d) => d.keys)).toEqual([
      { domain: 'cloudsync-metrics.net', clientip: '10.10.5.120' },
    ]);
    expect(found.filter((d) => d.name === 'dga').map((d) => d.keys)).toEqual([{ clientip: '192.168.20.57' }]);
    expect(found.every((d) => d.strength > 0.7)).toBe(true);
  });
});

describe('proxy detections', () => {
  it('finds HTTP polling and a large upload', () => {
    const random = mulberry32(9);
    const clients = new Interner();
    const hosts = new Interner();
    const rows: [string, string, number, number, number][] = [];
    for (let i = 0; i < 2000; i++) {
      const upload = i % 10 === 0 ? 1 : 0;
      rows.push([`10.0.0.${i % 25}`, `site${i % 40}.com`, random() * 86400, 300 + random() * 5000, upload]);
    }
    for (let i = 0; i < 80; i++) {
      rows.push(['10.10.3.88', 'cdn-flash-updates.com', 35000 + i * 600 + random() * 3, 410, 0]);
    }
    for (let i = 0; i < 48; i++) {
      rows.push(['10.10.9.14', 'files-transfer-secure.com', 76000 + i * 50 + random() * 30, 4e6 + random() * 4e6, 1]);
    }
    const n = rows.length;
    const e = {
      count: n,
      client: Int32Array.from(rows, (r) => clients.id(r[0])),
      host: Int32Array.from(rows, (r) => hosts.id(r[1])),
      time: Float64Array.from(rows, (r) => r[2]),
      bytes: Float64Array.from(rows, (r) => r[3]),
      upload: Uint8Array.from(rows, (r) => r[4]),
      clients,
      hosts,
    };
    const found = detectProxy(e);
    expect(found.map((d) => [d.name, d.keys])).toEqual([
      ['beaconing', { clientip: '10.10.3.88', host: 'cdn-flash-updates.com' }],
      ['large_upload', { clientip: '10.10.9.14', host: 'files-transfer-secure.com' }],
    ]);
    expect(found[1]?.strength).toBeGreaterThan(0.8);
  });
});
