/**
 * Named detections beside the LDA score, in the spirit of RITA (Active Countermeasures): beaconing, DNS
 * tunnelling, DGA lookups, long connections and port scans. Each finding carries its name, a strength in
 * [0, 1], plain-text evidence and the keys (IPs, port, domain) that select its rows. Inputs are typed arrays
 * (one entry per event) so a 1M-event day needs no per-event objects. Pure; thresholds are documented in
 * docs/ml.md §5.
 */
import type { Pipeline } from '../../../shared/schema';
import type { Interner } from './corpus';
import { NO_DOMAIN } from './domain';

export type DetectionName = 'beaconing' | 'dns_tunnelling' | 'dga' | 'long_connection' | 'port_scan' | 'large_upload';

/** The row keys a detection covers; a results row matches when every key given here is equal. */
export interface DetectionKeys {
  srcip?: string;
  dstip?: string;
  dport?: number;
  /** DNS ip_dst or proxy clientip. */
  clientip?: string;
  /** DNS base domain (e.g. `example.com`); matches rows whose dns_qry_name is it or ends with `.` + it. */
  domain?: string;
  /** Proxy host. */
  host?: string;
}

export interface Detection {
  name: DetectionName;
  pipeline: Pipeline;
  /** 0–1, higher = more confident. */
  strength: number;
  evidence: string;
  keys: DetectionKeys;
  /** Events of the day behind the finding. */
  events: number;
  /**
   * Candidate input indexes (at most MAX_CANDIDATES) of the events behind the finding; the scorer keeps the
   * few with the lowest LDA score as `examples`.
   */
  exampleEvents?: number[];
  /** A few of those rows in results-file columns, with their LDA score. */
  examples?: Record<string, string>[];
}

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);
const round3 = (x: number): number => Math.round(x * 1000) / 1000;

// ------------------------------------------------------------------ statistics

/** Quantile of sorted values (linear interpolation). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}

/** Bowley (quartile) skewness in [−1, 1]; 0 when the quartiles coincide. */
export function bowleySkew(sorted: ArrayLike<number>): number {
  const q1 = quantile(sorted, 0.25);
  const q2 = quantile(sorted, 0.5);
  const q3 = quantile(sorted, 0.75);
  const den = q3 - q1;
  return den === 0 ? 0 : (q3 + q1 - 2 * q2) / den;
}

/** Median absolute deviation about the median. */
export function madm(sorted: ArrayLike<number>): number {
  const med = quantile(sorted, 0.5);
  const dev = Float64Array.from(sorted as ArrayLike<number>, (v) => Math.abs(v - med)).sort();
  return quantile(dev, 0.5);
}

export interface BeaconStats {
  strength: number;
  /** Seconds between the first and the last connection. */
  span: number;
  connections: number;
  intervalMedian: number;
  intervalMadm: number;
  sizeMedian: number;
  sizeMadm: number;
}

/**
 * RITA-style beacon score of one pair: the mean of a timing score (interval skew, interval dispersion
 * relative to the median interval, connection count) and a size score (size skew, size dispersion, smallness).
 * times need not be sorted; both arrays are copied.
 */
export function beaconStats(times: ArrayLike<number>, sizes: ArrayLike<number>): BeaconStats {
  const n = times.length;
  const ts = Float64Array.from(times).sort();
  const intervals = new Float64Array(Math.max(0, n - 1));
  for (let i = 1; i < n; i++) intervals[i - 1] = (ts[i] as number) - (ts[i - 1] as number);
  intervals.sort();
  const ds = Float64Array.from(sizes).sort();
  const intervalMedian = quantile(intervals, 0.5);
  const intervalMadm = madm(intervals);
  const sizeMedian = quantile(ds, 0.5);
  const sizeMadm = madm(ds);
  const tsSkew = 1 - Math.abs(bowleySkew(intervals));
  // Jitter up to 10 % of the period still counts as regular.
  const tsDispersion = intervalMedian > 0 ? clamp01(1 - intervalMadm / (0.1 * intervalMedian)) : 0;
  const tsCount = clamp01(n / 24);
  const dsSkew = 1 - Math.abs(bowleySkew(ds));
  const dsDispersion = clamp01(1 - sizeMadm / Math.max(32, 0.1 * sizeMedian));
  const dsSmall = clamp01(1 - sizeMedian / 65535);
  const strength = ((tsSkew + tsDispersion + tsCount) / 3 + (dsSkew + dsDispersion + dsSmall) / 3) / 2;
  const span = n > 0 ? (ts[n - 1] as number) - (ts[0] as number) : 0;
  return { strength, span, connections: n, intervalMedian, intervalMadm, sizeMedian, sizeMadm };
}

// ------------------------------------------------------------------ grouping helper

/** Groups event indexes by an integer key: returns groups as [start,end) ranges into `order`. */
function groupBy(count: number, keyOf: (i: number) => number, filter?: (i: number) => boolean) {
  const ids = new Map<number, number>();
  const groupOf = new Int32Array(count).fill(-1);
  for (let i = 0; i < count; i++) {
    if (filter && !filter(i)) continue;
    const key = keyOf(i);
    let g = ids.get(key);
    if (g === undefined) {
      g = ids.size;
      ids.set(key, g);
    }
    groupOf[i] = g;
  }
  const groups = ids.size;
  const start = new Int32Array(groups + 1);
  for (let i = 0; i < count; i++) if ((groupOf[i] as number) >= 0) start[(groupOf[i] as number) + 1]! += 1;
  for (let g = 0; g < groups; g++) start[g + 1]! += start[g] as number;
  const fill = start.slice(0, groups);
  const order = new Int32Array(start[groups] as number);
  for (let i = 0; i < count; i++) {
    const g = groupOf[i] as number;
    if (g >= 0) order[fill[g]!++] = i;
  }
  return { groups, start, order };
}

function distinctCount(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) n++;
  return n;
}

export const MAX_CANDIDATES = 5000;

function examples(order: Int32Array, from: number, to: number): number[] {
  return Array.from(order.subarray(from, Math.min(to, from + MAX_CANDIDATES)));
}

function topByStrength(list: Detection[], max: number): Detection[] {
  return list.sort((a, b) => b.strength - a.strength || b.events - a.events).slice(0, max);
}

// ------------------------------------------------------------------ flow

function isBeacon(s: BeaconStats, o: FlowDetectionOptions): boolean {
  return (
    s.strength >= o.minBeaconStrength &&
    s.intervalMedian >= o.minBeaconInterval &&
    s.span >= o.minBeaconSpan &&
    // Constant sizes alone do not make a beacon: the timing must be regular too (jitter ≤ 25 % of the period).
    s.intervalMadm <= 0.25 * s.intervalMedian
  );
}

export interface FlowEvents {
  count: number;
  /** IP ids (see `ips`); -1 for invalid rows, which are skipped. */
  src: Int32Array;
  dst: Int32Array;
  sport: Int32Array;
  dport: Int32Array;
  /** Seconds since midnight (or unix time). */
  time: Float64Array;
  ibyt: Float64Array;
  ipkt: Float64Array;
  /** tdur in seconds (NaN when absent). */
  duration: Float64Array;
  ips: Interner;
}

export interface FlowDetectionOptions {
  minBeaconConnections: number;
  minBeaconStrength: number;
  /** A beacon's median interval must be at least this (s): bursts such as scans are not beacons. */
  minBeaconInterval: number;
  /** …and its connections must span at least this (s). */
  minBeaconSpan: number;
  longConnectionSeconds: number;
  minScanPorts: number;
  minScanHosts: number;
  /** Share of probe flows with ≤ 3 packets a scan needs. */
  minScanSmallShare: number;
  maxPerDetection: number;
}

export const FLOW_DETECTION_DEFAULTS: FlowDetectionOptions = {
  minBeaconConnections: 12,
  minBeaconStrength: 0.8,
  minBeaconInterval: 10,
  minBeaconSpan: 1800,
  longConnectionSeconds: 3600,
  minScanPorts: 50,
  minScanHosts: 50,
  minScanSmallShare: 0.9,
  maxPerDetection: 100,
};

export function detectFlow(e: FlowEvents, options: Partial<FlowDetectionOptions> = {}): Detection[] {
  const o = { ...FLOW_DETECTION_DEFAULTS, ...options };
  const ip = (id: number): string => e.ips.names[id] ?? '?';
  const valid = (i: number): boolean => (e.src[i] as number) >= 0;
  const PAIR = 2 ** 26;
  const pairs = groupBy(e.count, (i) => (e.src[i] as number) * PAIR + (e.dst[i] as number), valid);
  const beacons: Detection[] = [];
  const longs: Detection[] = [];
  const vertical: Detection[] = [];
  for (let g = 0; g < pairs.groups; g++) {
    const from = pairs.start[g] as number;
    const to = pairs.start[g + 1] as number;
    const first = pairs.order[from] as number;
    const keys = { srcip: ip(e.src[first] as number), dstip: ip(e.dst[first] as number) };
    const n = to - from;
    const members = pairs.order.subarray(from, to);

    if (n >= o.minBeaconConnections) {
      const times = Float64Array.from(members, (i) => e.time[i] as number);
      const sizes = Float64Array.from(members, (i) => e.ibyt[i] as number);
      const s = beaconStats(times, sizes);
      if (isBeacon(s, o)) {
        beacons.push({
          name: 'beaconing',
          pipeline: 'flow',
          strength: round3(s.strength),
          evidence:
            `${n} connections ${keys.srcip} → ${keys.dstip}, every ${Math.round(s.intervalMedian)} s ` +
            `(±${Math.round(s.intervalMadm)} s), ~${Math.round(s.sizeMedian)} bytes each (±${Math.round(s.sizeMadm)})`,
          keys,
          events: n,
          exampleEvents: examples(pairs.order, from, to),
        });
      }
    }

    let maxDur = 0;
    let longCount = 0;
    let longest = first;
    for (const i of members) {
      const d = e.duration[i] as number;
      if (d >= o.longConnectionSeconds) {
        longCount++;
        if (d > maxDur) {
          maxDur = d;
          longest = i;
        }
      }
    }
    if (longCount > 0) {
      longs.push({
        name: 'long_connection',
        pipeline: 'flow',
        strength: round3(clamp01(0.5 + (0.5 * (maxDur - o.longConnectionSeconds)) / (6 * 3600))),
        evidence: `${longCount} connection(s) ${keys.srcip} → ${keys.dstip} lasting ≥ ${o.longConnectionSeconds} s; longest ${(maxDur / 3600).toFixed(1)} h`,
        keys,
        events: longCount,
        exampleEvents: [
          longest,
          ...Array.from(members)
            .filter((i) => i !== longest && (e.duration[i] as number) >= o.longConnectionSeconds)
            .slice(0, MAX_CANDIDATES),
        ],
      });
    }

    // Vertical scan: one source probing many service ports of one host (probe direction: dport ≤ sport).
    if (n >= o.minScanPorts) {
      const probes = Array.from(members).filter((i) => (e.dport[i] as number) <= (e.sport[i] as number));
      const ports = distinctCount(probes.map((i) => e.dport[i] as number));
      const small = probes.filter((i) => (e.ipkt[i] as number) <= 3).length / Math.max(1, probes.length);
      // Probes are tiny (SYN, SYN/RST); a busy client with full sessions to many ports is not a scan.
      if (ports >= o.minScanPorts && small >= o.minScanSmallShare) {
        vertical.push({
          name: 'port_scan',
          pipeline: 'flow',
          strength: round3(clamp01(Math.log10(ports) / 3) * (0.5 + 0.5 * small)),
          evidence: `${keys.srcip} probed ${ports} distinct ports on ${keys.dstip} (${Math.round(small * 100)} % of probes ≤ 3 packets)`,
          keys,
          events: probes.length,
          exampleEvents: probes.slice(0, MAX_CANDIDATES),
        });
      }
    }
  }

  // Horizontal scan (sweep): one source, one port, many hosts.
  const sweeps: Detection[] = [];
  const bySrcPort = groupBy(
    e.count,
    (i) => (e.src[i] as number) * 65536 + (e.dport[i] as number),
    (i) => valid(i) && (e.dport[i] as number) <= (e.sport[i] as number),
  );
  for (let g = 0; g < bySrcPort.groups; g++) {
    const from = bySrcPort.start[g] as number;
    const to = bySrcPort.start[g + 1] as number;
    if (to - from < o.minScanHosts) continue;
    const members = bySrcPort.order.subarray(from, to);
    const hosts = distinctCount(Array.from(members, (i) => e.dst[i] as number));
    if (hosts < o.minScanHosts) continue;
    const first = members[0] as number;
    const small = Array.from(members).filter((i) => (e.ipkt[i] as number) <= 3).length / members.length;
    if (small < o.minScanSmallShare) continue;
    const keys = { srcip: ip(e.src[first] as number), dport: e.dport[first] as number };
    sweeps.push({
      name: 'port_scan',
      pipeline: 'flow',
      strength: round3(clamp01(Math.log10(hosts) / 3) * (0.5 + 0.5 * small)),
      evidence: `${keys.srcip} contacted ${hosts} distinct hosts on port ${keys.dport} (${Math.round(small * 100)} % ≤ 3 packets)`,
      keys,
      events: members.length,
      exampleEvents: examples(bySrcPort.order, from, to),
    });
  }
  return [
    ...topByStrength(beacons, o.maxPerDetection),
    ...topByStrength([...vertical, ...sweeps], o.maxPerDetection),
    ...topByStrength(longs, o.maxPerDetection),
  ];
}

// ------------------------------------------------------------------ dns

interface DomainStats {
  queries: number;
  subdomains: Set<string>;
  lengthSum: number;
  entropySum: number;
  clients: Set<string>;
  example: number[];
}

interface ClientNx {
  nx: number;
  domains: Set<string>;
  example: number[];
}

const SET_CAP = 5000;

/** Streaming accumulator for DNS tunnelling (per base domain) and DGA (NXDomain names per client). */
export class DnsDetector {
  private readonly domains = new Map<string, DomainStats>();
  private readonly clients = new Map<string, ClientNx>();

  /** domain/suffix/subdomain from splitDomain; subEntropy is the word's subdomain entropy. */
  add(
    event: number,
    client: string,
    domain: string,
    suffix: string,
    subdomain: string,
    subEntropy: number,
    rcode: number,
  ): void {
    if (domain === NO_DOMAIN) return;
    const base = suffix === '' ? domain : `${domain}.${suffix}`;
    if (subdomain !== NO_DOMAIN) {
      let s = this.domains.get(base);
      if (!s) {
        s = { queries: 0, subdomains: new Set(), lengthSum: 0, entropySum: 0, clients: new Set(), example: [] };
        this.domains.set(base, s);
      }
      s.queries++;
      if (s.subdomains.size < SET_CAP) s.subdomains.add(subdomain);
      s.lengthSum += subdomain.length;
      s.entropySum += subEntropy;
      if (s.clients.size < 50) s.clients.add(client);
      if (s.example.length < MAX_CANDIDATES) s.example.push(event);
    }
    if (rcode === 3) {
      let c = this.clients.get(client);
      if (!c) {
        c = { nx: 0, domains: new Set(), example: [] };
        this.clients.set(client, c);
      }
      c.nx++;
      if (c.domains.size < SET_CAP) c.domains.add(base);
      if (c.example.length < MAX_CANDIDATES) c.example.push(event);
    }
  }

  results(
    options: { minSubdomains?: number; minMeanLength?: number; minNxDomains?: number; max?: number } = {},
  ): Detection[] {
    const minSub = options.minSubdomains ?? 30;
    const minLen = options.minMeanLength ?? 20;
    const minNx = options.minNxDomains ?? 30;
    const max = options.max ?? 100;
    const tunnels: Detection[] = [];
    for (const [domain, s] of this.domains) {
      const distinct = s.subdomains.size;
      const meanLength = s.lengthSum / s.queries;
      const meanEntropy = s.entropySum / s.queries;
      if (distinct < minSub || meanLength < minLen) continue;
      const strength = (clamp01(meanLength / 50) + clamp01(meanEntropy / 4.5) + clamp01(Math.log10(distinct) / 3)) / 3;
      tunnels.push({
        name: 'dns_tunnelling',
        pipeline: 'dns',
        strength: round3(strength),
        evidence:
          `${s.queries} queries for ${distinct}${distinct >= SET_CAP ? '+' : ''} distinct subdomains of ${domain} ` +
          `(mean length ${meanLength.toFixed(1)}, entropy ${meanEntropy.toFixed(2)} bits) from ${s.clients.size} client(s)`,
        keys: s.clients.size === 1 ? { domain, clientip: [...s.clients][0] as string } : { domain },
        events: s.queries,
        exampleEvents: s.example,
      });
    }
    const dga: Detection[] = [];
    for (const [client, c] of this.clients) {
      const distinct = c.domains.size;
      if (distinct < minNx) continue;
      dga.push({
        name: 'dga',
        pipeline: 'dns',
        strength: round3(clamp01(Math.log10(distinct) / Math.log10(1000)) * clamp01(distinct / c.nx + 0.5)),
        evidence: `${client} got NXDomain for ${distinct}${distinct >= SET_CAP ? '+' : ''} distinct domains (${c.nx} queries)`,
        keys: { clientip: client },
        events: c.nx,
        exampleEvents: c.example,
      });
    }
    return [...topByStrength(tunnels, max), ...topByStrength(dga, max)];
  }
}

// ------------------------------------------------------------------ proxy

export interface ProxyEvents {
  count: number;
  /** Client ids (in `clients`), -1 for invalid rows. */
  client: Int32Array;
  /** Host ids (in `hosts`). */
  host: Int32Array;
  time: Float64Array;
  /** Request size (csbytes). */
  bytes: Float64Array;
  /** 1 when the method sends a body (POST, PUT), else 0. */
  upload: Uint8Array;
  clients: Interner;
  hosts: Interner;
}

export const LARGE_UPLOAD_BYTES = 50 * 2 ** 20;

export function detectProxy(
  e: ProxyEvents,
  options: Partial<FlowDetectionOptions> & { largeUploadBytes?: number } = {},
): Detection[] {
  const o = { ...FLOW_DETECTION_DEFAULTS, ...options };
  const largeUpload = options.largeUploadBytes ?? LARGE_UPLOAD_BYTES;
  const uploads: Detection[] = [];
  const pairs = groupBy(
    e.count,
    (i) => (e.client[i] as number) * 2 ** 26 + (e.host[i] as number),
    (i) => (e.client[i] as number) >= 0,
  );
  const out: Detection[] = [];
  for (let g = 0; g < pairs.groups; g++) {
    const from = pairs.start[g] as number;
    const to = pairs.start[g + 1] as number;
    const members = pairs.order.subarray(from, to);
    // Large upload: what one client sent to one host in request bodies (POST/PUT) over the day.
    let sent = 0;
    let requests = 0;
    for (const i of members) {
      if (e.upload[i] === 1) {
        sent += e.bytes[i] as number;
        requests++;
      }
    }
    if (sent >= largeUpload) {
      const first = members[0] as number;
      const keys = {
        clientip: e.clients.names[e.client[first] as number] ?? '?',
        host: e.hosts.names[e.host[first] as number] ?? '?',
      };
      const uploadEvents = Array.from(members).filter((i) => e.upload[i] === 1);
      uploads.push({
        name: 'large_upload',
        pipeline: 'proxy',
        // 50 MB → 0.6, 500 MB or more → 1.
        strength: round3(clamp01(0.6 + 0.4 * Math.log10(sent / largeUpload))),
        evidence: `${keys.clientip} sent ${(sent / 2 ** 20).toFixed(1)} MB to ${keys.host} in ${requests} POST/PUT request(s)`,
        keys,
        events: requests,
        exampleEvents: uploadEvents.slice(0, MAX_CANDIDATES),
      });
    }
    if (to - from < o.minBeaconConnections) continue;
    const s = beaconStats(
      Float64Array.from(members, (i) => e.time[i] as number),
      Float64Array.from(members, (i) => e.bytes[i] as number),
    );
    if (!isBeacon(s, o)) continue;
    const first = members[0] as number;
    const keys = {
      clientip: e.clients.names[e.client[first] as number] ?? '?',
      host: e.hosts.names[e.host[first] as number] ?? '?',
    };
    out.push({
      name: 'beaconing',
      pipeline: 'proxy',
      strength: round3(s.strength),
      evidence:
        `${to - from} requests ${keys.clientip} → ${keys.host}, every ${Math.round(s.intervalMedian)} s ` +
        `(±${Math.round(s.intervalMadm)} s), ~${Math.round(s.sizeMedian)} bytes sent each`,
      keys,
      events: to - from,
      exampleEvents: examples(pairs.order, from, to),
    });
  }
  return [...topByStrength(out, o.maxPerDetection), ...topByStrength(uploads, o.maxPerDetection)];
}
