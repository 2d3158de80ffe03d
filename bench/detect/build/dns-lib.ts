/**
 * Shared code for the DNS labelled-day builders (bench/detect/build/dns-*.ts).
 *
 * Reads classic pcap and pcapng captures in plain TypeScript (no tshark needed) and turns each DNS *response*
 * packet into one row of Spot's raw `dns` table, the way Spot's ingest does with
 * `tshark -T fields -e frame.time -e frame.time_epoch -e frame.len -e ip.dst -e ip.src -e dns.qry.name
 *  -e dns.qry.class -e dns.qry.type -e dns.flags.rcode -e dns.a` over responses:
 *   - frame_time   tshark's absolute time, UTC: `Jan  4, 2017 04:41:06.337519000 UTC`
 *   - unix_tstamp  whole seconds of the capture timestamp
 *   - frame_len    the frame's original length on the wire (pcap orig_len)
 *   - ip_dst       IPv4 destination of the response = the client; ip_src = the DNS server
 *   - dns_qry_name first question's name (no trailing dot; non-printable bytes as \xHH; the root as <Root>)
 *   - dns_qry_class `0x%08x` of the question class; dns_qry_type the numeric question type
 *   - dns_qry_rcode the header's 4-bit rcode
 *   - dns_a        every A record's address (answer, authority and additional sections, like tshark's dns.a), `|`-joined
 * Only IPv4 over UDP or TCP port 53 is read (tshark's ip.* fields are empty for IPv6, so Spot would get no client).
 */
import { RAW_COLUMNS, columnNames } from '../../../shared/schema';
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface Packet {
  /** capture time in nanoseconds since the epoch */
  tsNs: bigint;
  /** original length on the wire */
  origLen: number;
  linkType: number;
  data: Uint8Array;
}

/** Every packet of a classic pcap or pcapng file, in file order. */
export function* readCapture(buf: Uint8Array): Generator<Packet> {
  if (buf.length < 24) throw new Error(`not a pcap/pcapng file (${buf.length} bytes)`);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const magicBE = dv.getUint32(0, false);
  if (magicBE === 0x0a0d0d0a) {
    yield* readPcapng(buf, dv);
    return;
  }
  let le: boolean;
  let nano: boolean;
  if (magicBE === 0xa1b2c3d4 || magicBE === 0xa1b23c4d) {
    le = false;
    nano = magicBE === 0xa1b23c4d;
  } else if (magicBE === 0xd4c3b2a1 || magicBE === 0x4d3cb2a1) {
    le = true;
    nano = magicBE === 0x4d3cb2a1;
  } else throw new Error(`not a pcap/pcapng file (magic 0x${magicBE.toString(16)})`);
  const linkType = dv.getUint32(20, le) & 0x0fffffff;
  let off = 24;
  while (off + 16 <= buf.length) {
    const sec = dv.getUint32(off, le);
    const frac = dv.getUint32(off + 4, le);
    const incl = dv.getUint32(off + 8, le);
    const orig = dv.getUint32(off + 12, le);
    off += 16;
    if (off + incl > buf.length) break; // truncated last record
    const tsNs = BigInt(sec) * 1_000_000_000n + BigInt(nano ? frac : frac * 1000);
    yield { tsNs, origLen: orig, linkType, data: buf.subarray(off, off + incl) };
    off += incl;
  }
}

function* readPcapng(buf: Uint8Array, dv: DataView): Generator<Packet> {
  let off = 0;
  let le = true;
  let ifaces: { linkType: number; tsPerSec: bigint }[] = [];
  while (off + 12 <= buf.length) {
    const typeBE = dv.getUint32(off, false);
    if (typeBE === 0x0a0d0d0a) {
      le = dv.getUint32(off + 8, true) === 0x1a2b3c4d;
      ifaces = [];
    }
    const type = dv.getUint32(off, le);
    const len = dv.getUint32(off + 4, le);
    if (len < 12 || off + len > buf.length) break;
    const body = off + 8;
    if (type === 1) {
      // Interface Description Block: link type, then options (if_tsresol = 9)
      const linkType = dv.getUint16(body, le);
      let tsPerSec = 1_000_000n;
      let o = body + 8;
      const end = off + len - 4;
      while (o + 4 <= end) {
        const code = dv.getUint16(o, le);
        const olen = dv.getUint16(o + 2, le);
        if (code === 0) break;
        if (code === 9 && olen >= 1) {
          const v = buf[o + 4]!;
          tsPerSec = v & 0x80 ? 2n ** BigInt(v & 0x7f) : 10n ** BigInt(v);
        }
        o += 4 + Math.ceil(olen / 4) * 4;
      }
      ifaces.push({ linkType, tsPerSec });
    } else if (type === 6) {
      // Enhanced Packet Block
      const ifId = dv.getUint32(body, le);
      const ts = (BigInt(dv.getUint32(body + 4, le)) << 32n) | BigInt(dv.getUint32(body + 8, le));
      const cap = dv.getUint32(body + 12, le);
      const orig = dv.getUint32(body + 16, le);
      const iface = ifaces[ifId];
      if (iface) {
        const tsNs = (ts * 1_000_000_000n) / iface.tsPerSec;
        yield { tsNs, origLen: orig, linkType: iface.linkType, data: buf.subarray(body + 20, body + 20 + cap) };
      }
    } else if (type === 3) {
      // Simple Packet Block: no timestamp; skipped (never seen in the sources used)
    }
    off += len;
  }
}

export interface Ip4Udp {
  src: string;
  dst: string;
  sport: number;
  dport: number;
  /** the DNS message (for TCP: without the 2-byte length prefix) */
  payload: Uint8Array;
  proto: 'udp' | 'tcp';
}

const ip4 = (b: Uint8Array, o: number) => `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;

/** The IPv4 UDP/TCP payload of a frame, or null (other link types, IPv6, non-first fragments, ...). */
export function ipv4Transport(p: Packet): Ip4Udp | null {
  const d = p.data;
  let o: number;
  let etherType: number;
  switch (p.linkType) {
    case 1: // Ethernet
      if (d.length < 14) return null;
      etherType = (d[12]! << 8) | d[13]!;
      o = 14;
      while ((etherType === 0x8100 || etherType === 0x88a8) && d.length >= o + 4) {
        etherType = (d[o + 2]! << 8) | d[o + 3]!;
        o += 4;
      }
      break;
    case 113: // Linux cooked capture v1
      if (d.length < 16) return null;
      etherType = (d[14]! << 8) | d[15]!;
      o = 16;
      break;
    case 276: // Linux cooked capture v2
      if (d.length < 20) return null;
      etherType = (d[0]! << 8) | d[1]!;
      o = 20;
      break;
    case 101:
    case 12:
    case 228: // raw IPv4
      etherType = 0x0800;
      o = 0;
      break;
    case 0: // BSD loopback
      etherType = 0x0800;
      o = 4;
      break;
    default:
      return null;
  }
  if (etherType !== 0x0800 || d.length < o + 20 || d[o]! >> 4 !== 4) return null;
  const ihl = (d[o]! & 0x0f) * 4;
  const totalLen = (d[o + 2]! << 8) | d[o + 3]!;
  const fragOff = ((d[o + 6]! & 0x1f) << 8) | d[o + 7]!;
  if (fragOff !== 0) return null;
  const proto = d[o + 9]!;
  const src = ip4(d, o + 12);
  const dst = ip4(d, o + 16);
  const end = Math.min(d.length, o + Math.max(totalLen, ihl));
  const t = o + ihl;
  if (proto === 17) {
    if (end < t + 8) return null;
    return {
      src,
      dst,
      sport: (d[t]! << 8) | d[t + 1]!,
      dport: (d[t + 2]! << 8) | d[t + 3]!,
      payload: d.subarray(t + 8, end),
      proto: 'udp',
    };
  }
  if (proto === 6) {
    if (end < t + 20) return null;
    const doff = (d[t + 12]! >> 4) * 4;
    const seg = d.subarray(t + doff, end);
    if (seg.length < 2 + 12) return null;
    const mlen = (seg[0]! << 8) | seg[1]!;
    if (seg.length < 2 + mlen) return null; // message split over segments: not reassembled
    return {
      src,
      dst,
      sport: (d[t]! << 8) | d[t + 1]!,
      dport: (d[t + 2]! << 8) | d[t + 3]!,
      payload: seg.subarray(2, 2 + mlen),
      proto: 'tcp',
    };
  }
  return null;
}

export interface DnsMsg {
  id: number;
  response: boolean;
  opcode: number;
  rcode: number;
  qname: string;
  qtype: number;
  qclass: number;
  /** A-record addresses in message order */
  a: string[];
}

function readName(m: Uint8Array, start: number): { name: string; next: number } | null {
  const labels: string[] = [];
  let o = start;
  let next = -1;
  let jumps = 0;
  for (;;) {
    if (o >= m.length) return null;
    const len = m[o]!;
    if (len === 0) {
      o += 1;
      break;
    }
    if ((len & 0xc0) === 0xc0) {
      if (o + 1 >= m.length || ++jumps > 64) return null;
      if (next < 0) next = o + 2;
      o = ((len & 0x3f) << 8) | m[o + 1]!;
      continue;
    }
    if (len & 0xc0) return null;
    if (o + 1 + len > m.length) return null;
    let s = '';
    for (let i = o + 1; i < o + 1 + len; i++) {
      const c = m[i]!;
      s += c > 0x20 && c < 0x7f ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, '0')}`;
    }
    labels.push(s);
    o += 1 + len;
  }
  return { name: labels.length ? labels.join('.') : '<Root>', next: next < 0 ? o : next };
}

/** Header, first question and A records of a DNS message; null when the header or question is unreadable. */
export function parseDns(m: Uint8Array): DnsMsg | null {
  if (m.length < 12) return null;
  const flags = (m[2]! << 8) | m[3]!;
  const qd = (m[4]! << 8) | m[5]!;
  const an = (m[6]! << 8) | m[7]!;
  const ns = (m[8]! << 8) | m[9]!;
  const ar = (m[10]! << 8) | m[11]!;
  if (qd < 1) return null;
  const q = readName(m, 12);
  if (!q || q.next + 4 > m.length) return null;
  const qtype = (m[q.next]! << 8) | m[q.next + 1]!;
  const qclass = (m[q.next + 2]! << 8) | m[q.next + 3]!;
  let o = q.next + 4;
  for (let i = 1; i < qd; i++) {
    const n = readName(m, o);
    if (!n) break;
    o = n.next + 4;
  }
  const a: string[] = [];
  for (let i = 0; i < an + ns + ar; i++) {
    const n = readName(m, o);
    if (!n || n.next + 10 > m.length) break;
    const type = (m[n.next]! << 8) | m[n.next + 1]!;
    const rdlen = (m[n.next + 8]! << 8) | m[n.next + 9]!;
    const rd = n.next + 10;
    if (rd + rdlen > m.length) break;
    if (type === 1 && rdlen === 4) a.push(ip4(m, rd));
    o = rd + rdlen;
  }
  return {
    id: (m[0]! << 8) | m[1]!,
    response: (flags & 0x8000) !== 0,
    opcode: (flags >> 11) & 0xf,
    rcode: flags & 0xf,
    qname: q.name,
    qtype,
    qclass,
    a,
  };
}

export interface DnsRow {
  tsNs: bigint;
  frameLen: number;
  ipDst: string;
  ipSrc: string;
  qname: string;
  qclass: number;
  qtype: number;
  rcode: number;
  a: string[];
  /** malicious family, or null for benign */
  family: string | null;
  /** free-form tag of where the row came from (not written to the raw CSV) */
  origin: string;
}

/** DNS responses (QR=1, standard query) of a capture, on UDP or TCP port 53 (or 5353 when `mdns`). */
export function* dnsResponses(
  buf: Uint8Array,
  opts: { mdns?: boolean } = {},
): Generator<Omit<DnsRow, 'family' | 'origin'>> {
  for (const p of readCapture(buf)) {
    const t = ipv4Transport(p);
    if (!t) continue;
    const port53 = t.sport === 53 || t.dport === 53 || (opts.mdns === true && (t.sport === 5353 || t.dport === 5353));
    if (!port53) continue;
    const m = parseDns(t.payload);
    if (!m || !m.response || m.opcode !== 0) continue;
    yield {
      tsNs: p.tsNs,
      frameLen: p.origLen,
      ipDst: t.dst,
      ipSrc: t.src,
      qname: m.qname,
      qclass: m.qclass,
      qtype: m.qtype,
      rcode: m.rcode,
      a: m.a,
    };
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** tshark's frame.time in UTC: `Jan  4, 2017 04:41:06.337519000 UTC` (day padded with a space). */
export function frameTime(tsNs: bigint): string {
  const sec = tsNs / 1_000_000_000n;
  const ns = tsNs % 1_000_000_000n;
  const d = new Date(Number(sec) * 1000);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return (
    `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')}, ${d.getUTCFullYear()} ` +
    `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${String(ns).padStart(9, '0')} UTC`
  );
}

/** RFC 4180 field quoting. */
export function csvField(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Spot's raw DNS columns, in Spot's order (shared/schema.ts is their one definition). */
export const DNS_HEADER = columnNames(RAW_COLUMNS.dns);

export function rawValues(r: DnsRow): (string | number)[] {
  return [
    frameTime(r.tsNs),
    String(r.tsNs / 1_000_000_000n),
    r.frameLen,
    r.ipDst,
    r.ipSrc,
    r.qname,
    `0x${r.qclass.toString(16).padStart(8, '0')}`,
    r.qtype,
    r.rcode,
    r.a.join('|'),
  ];
}

const NS_PER_DAY = 86_400_000_000_000n;

/** Midnight UTC (ns) of a YYYY-MM-DD date. */
export function dayStartNs(date: string): bigint {
  return BigInt(Date.parse(`${date}T00:00:00Z`)) * 1_000_000n;
}

/**
 * Moves a timestamp onto `date`, keeping its time of day (the contract's re-basing rule). A capture that spans
 * midnight folds its later part onto the same date.
 */
export function rebase(tsNs: bigint, date: string): bigint {
  const tod = ((tsNs % NS_PER_DAY) + NS_PER_DAY) % NS_PER_DAY;
  return dayStartNs(date) + tod;
}

export interface FamilyInfo {
  description: string;
}

export interface Source {
  name: string;
  url: string;
  licence: string;
  citation: string;
  files: string[];
}

/**
 * Writes `<out>/<id>/{meta.json,labels.csv,dns/hive/y=/m=/d=/<id>.csv}`. Rows are sorted by time. A key
 * (unix_tstamp, ip_dst, dns_qry_name, dns_qry_type) that occurs as malicious keeps all its rows malicious; benign rows
 * sharing a malicious key are dropped (counted in the returned stats and to be said in the notes).
 */
export function writeDay(opts: {
  out: string;
  id: string;
  date: string;
  rows: DnsRow[];
  families: Record<string, FamilyInfo>;
  sources: Source[];
  builder: string;
  notes: string;
}): {
  rows: number;
  malicious: number;
  perFamily: Record<string, number>;
  droppedBenignDuplicates: number;
  dir: string;
} {
  const { out, id, date } = opts;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const rows = [...opts.rows].sort((a, b) => (a.tsNs < b.tsNs ? -1 : a.tsNs > b.tsNs ? 1 : 0));
  const keyOf = (r: DnsRow) => `${r.tsNs / 1_000_000_000n}\u0000${r.ipDst}\u0000${r.qname}\u0000${r.qtype}`;
  const malKeys = new Map<string, string>();
  for (const r of rows) if (r.family) malKeys.set(keyOf(r), r.family);
  const kept: DnsRow[] = [];
  let dropped = 0;
  for (const r of rows) {
    if (!r.family && malKeys.has(keyOf(r))) {
      dropped++;
      continue;
    }
    kept.push(r);
  }
  for (const r of kept) {
    const day = r.tsNs - dayStartNs(date);
    if (day < 0n || day >= NS_PER_DAY) throw new Error(`row outside ${date}: ${frameTime(r.tsNs)}`);
  }
  const dir = join(out, id);
  const rawDir = join(dir, 'dns', 'hive', `y=${y}`, `m=${m}`, `d=${d}`);
  mkdirSync(rawDir, { recursive: true });
  const fd = openSync(join(rawDir, `${id}.csv`), 'w');
  const lfd = openSync(join(dir, 'labels.csv'), 'w');
  writeSync(fd, DNS_HEADER.join(',') + '\n');
  writeSync(lfd, 'unix_tstamp,ip_dst,dns_qry_name,dns_qry_type,family\n');
  const perFamily: Record<string, number> = {};
  const labelSeen = new Set<string>();
  let chunk: string[] = [];
  let lchunk: string[] = [];
  for (const r of kept) {
    const v = rawValues(r);
    chunk.push(v.map(csvField).join(','));
    if (r.family) {
      perFamily[r.family] = (perFamily[r.family] ?? 0) + 1;
      const k = keyOf(r);
      if (!labelSeen.has(k)) {
        labelSeen.add(k);
        lchunk.push([v[1]!, v[3]!, v[5]!, v[7]!, r.family].map(csvField).join(','));
      }
    }
    if (chunk.length >= 5000) {
      writeSync(fd, chunk.join('\n') + '\n');
      chunk = [];
    }
    if (lchunk.length >= 5000) {
      writeSync(lfd, lchunk.join('\n') + '\n');
      lchunk = [];
    }
  }
  if (chunk.length) writeSync(fd, chunk.join('\n') + '\n');
  if (lchunk.length) writeSync(lfd, lchunk.join('\n') + '\n');
  closeSync(fd);
  closeSync(lfd);
  const malicious = Object.values(perFamily).reduce((s, n) => s + n, 0);
  const meta = {
    id,
    pipeline: 'dns',
    date,
    rows: kept.length,
    malicious,
    families: Object.fromEntries(
      Object.entries(opts.families)
        .filter(([f]) => perFamily[f])
        .map(([f, info]) => [f, { rows: perFamily[f] ?? 0, description: info.description }]),
    ),
    sources: opts.sources,
    builder: opts.builder,
    notes:
      opts.notes +
      (dropped
        ? ` ${dropped} benign row(s) shared a label key (unix_tstamp, ip_dst, dns_qry_name, dns_qry_type) with a malicious row and were dropped.`
        : ' No benign row shares a label key with a malicious row.') +
      ' labels.csv lists each malicious key once; every raw row with that key is malicious.',
  };
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta, null, 2) + '\n');
  return { rows: kept.length, malicious, perFamily, droppedBenignDuplicates: dropped, dir };
}

/** `--out DIR` and the remaining positional arguments. */
export function parseArgs(argv: string[]): { out: string; rest: string[]; flags: Record<string, string> } {
  let out = '/work/detect-data';
  const rest: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--out') out = argv[++i] ?? out;
    else if (a.startsWith('--')) flags[a.slice(2)] = argv[++i] ?? '';
    else rest.push(a);
  }
  return { out, rest, flags };
}

export function readBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}

export function printSummary(id: string, s: ReturnType<typeof writeDay>): void {
  console.log(
    `${id}: ${s.rows} rows, ${s.malicious} malicious (base rate ${((100 * s.malicious) / s.rows).toFixed(2)} %)`,
  );
  for (const [f, n] of Object.entries(s.perFamily).sort()) console.log(`  ${f}: ${n}`);
  console.log(`  written to ${s.dir}`);
}

/**
 * Files of a fetched source: either a bare git directory as the search tool's `fetch` leaves it (read with
 * `git show HEAD:path`; blobs the snapshot left out, >= 4 MiB, are not listed) or a plain folder with the same paths.
 */
export function sourceReader(src: string): { list: () => string[]; read: (p: string) => Uint8Array } {
  const isBare = existsSync(join(src, 'HEAD')) && existsSync(join(src, 'objects'));
  if (isBare) {
    const git = (...args: string[]) => execFileSync('git', ['--git-dir', src, ...args], { maxBuffer: 1 << 30 });
    const sizes = new Map<string, string>();
    for (const line of git('ls-tree', '-r', '-l', 'HEAD').toString().split('\n')) {
      const m = /^\S+ blob \S+\s+(\S+)\t(.*)$/.exec(line);
      if (m) sizes.set(m[2]!, m[1]!);
    }
    return {
      // blobs the snapshot left out (>= 4 MiB) are listed with no size ("BAD"): skip them
      list: () => [...sizes].filter(([, s]) => /^\d+$/.test(s)).map(([p]) => p),
      read: (p) => new Uint8Array(git('show', `HEAD:${p}`)),
    };
  }
  return {
    list: () =>
      execFileSync('find', ['.', '-type', 'f'], { cwd: src })
        .toString()
        .split('\n')
        .filter(Boolean)
        .map((p) => p.replace(/^\.\//, '')),
    read: (p) => new Uint8Array(readFileSync(join(src, p))),
  };
}

/** Identity of a captured response packet, to drop the same packet found in two overlapping capture files. */
export function packetKey(r: Omit<DnsRow, 'family' | 'origin'>): string {
  return [r.tsNs, r.ipSrc, r.ipDst, r.qname, r.qtype, r.frameLen, r.a.join('|')].join('\u0000');
}

/**
 * Benign background from capture segments: the DNS responses of the `.pcap` files under `prefix` whose capture time
 * falls on `date` (UTC) — rows of other dates are dropped, not folded — with family null. A packet present in several
 * segments (same capture time to the nanosecond, addresses, question, length and answers) is kept once.
 */
export function responsesOnDate(
  reader: ReturnType<typeof sourceReader>,
  prefix: string,
  date: string,
): { rows: DnsRow[]; files: string[]; duplicates: number } {
  const start = dayStartNs(date);
  const end = start + NS_PER_DAY;
  const rows: DnsRow[] = [];
  const files: string[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  for (const path of reader
    .list()
    .filter((p) => p.startsWith(prefix) && p.endsWith('.pcap'))
    .sort()) {
    let used = false;
    for (const r of dnsResponses(reader.read(path))) {
      if (r.tsNs < start || r.tsNs >= end) continue;
      const key = packetKey(r);
      if (seen.has(key)) {
        duplicates++;
        continue;
      }
      seen.add(key);
      rows.push({ ...r, family: null, origin: path });
      used = true;
    }
    if (used) files.push(path);
  }
  return { rows, files, duplicates };
}
