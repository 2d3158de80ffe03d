/**
 * Shared parts of the proxy labelled-day builders (bench/detect/build/proxy-*.ts): reading fetched sources (a bare
 * git snapshot or a plain folder), the HAR page-load background, the synthesised organisation (clients, diurnal
 * clock), the 28-column raw row, and writing a day (raw CSV tree + labels.csv + meta.json, notes/data-contract.md).
 *
 * Everything synthesised here is applied the same way to benign and malicious rows; only source content differs.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { RAW_COLUMNS, columnNames } from '../../../shared/schema';
import { rawDayDir } from '../../../electron/core/sources/local';

// ---------------------------------------------------------------------------------------------------------------
// Arguments

export function parseArgs(argv: string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const eq = a.indexOf('=');
    if (eq > 0) args.set(a.slice(2, eq), a.slice(eq + 1));
    else {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) args.set(a.slice(2), 'true');
      else {
        args.set(a.slice(2), v);
        i++;
      }
    }
  }
  return args;
}

// ---------------------------------------------------------------------------------------------------------------
// Sources: a fetched snapshot is a bare git dir (…/repo with HEAD and objects/); a checkout or unpacked copy is a folder.

export interface SourceFile {
  path: string;
  text: string;
}

function isBareGit(dir: string): boolean {
  return existsSync(join(dir, 'HEAD')) && existsSync(join(dir, 'objects'));
}

/** The commit a source was read at (bare git) or null for a plain folder. */
export function sourceCommit(dir: string): string | null {
  if (!isBareGit(dir)) return null;
  return execFileSync('git', ['--git-dir', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
}

/** Lists files under `prefix` (a folder inside the source) whose path passes `keep`. */
export function listSource(dir: string, prefix: string, keep: (path: string) => boolean): string[] {
  if (isBareGit(dir)) {
    const out = execFileSync('git', ['--git-dir', dir, 'ls-tree', '-r', '--name-only', '-z', 'HEAD', '--', prefix], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    return out
      .split('\0')
      .filter((p) => p !== '' && keep(p))
      .sort();
  }
  const root = join(dir, prefix);
  if (!existsSync(root)) return [];
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) found.push(relative(dir, p));
    }
  };
  walk(root);
  return found.filter(keep).sort();
}

/**
 * Reads the given files. Files a snapshot lacks (≥ 4 MiB or LFS) are skipped and reported in `missing`.
 * For bare git, one `git cat-file --batch` process streams all of them.
 */
export async function readSource(dir: string, paths: string[]): Promise<{ files: SourceFile[]; missing: string[] }> {
  const files: SourceFile[] = [];
  const missing: string[] = [];
  if (!isBareGit(dir)) {
    for (const p of paths) {
      try {
        files.push({ path: p, text: readFileSync(join(dir, p), 'utf8') });
      } catch {
        missing.push(p);
      }
    }
    return { files, missing };
  }
  const child = spawn('git', ['--git-dir', dir, 'cat-file', '--batch'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => chunks.push(d));
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git cat-file exited ${code}`))));
  });
  child.stdin.end(paths.map((p) => `HEAD:${p}`).join('\n') + '\n');
  await done;
  const buf = Buffer.concat(chunks);
  let off = 0;
  for (const p of paths) {
    const nl = buf.indexOf(10, off);
    const header = buf.toString('utf8', off, nl);
    if (header.endsWith(' missing')) {
      missing.push(p);
      off = nl + 1;
      continue;
    }
    const size = Number(header.split(' ')[2]);
    files.push({ path: p, text: buf.toString('utf8', nl + 1, nl + 1 + size) });
    off = nl + 1 + size + 1;
  }
  return { files, missing };
}

// ---------------------------------------------------------------------------------------------------------------
// Deterministic randomness

export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  /** mulberry32 */
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(a: readonly T[]): T {
    return a[this.int(a.length)]!;
  }
  shuffle<T>(a: T[]): T[] {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a;
  }
}

/** Picks an index from cumulative weights. */
export function pickWeighted(cum: readonly number[], r: number): number {
  const x = r * cum[cum.length - 1]!;
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function cumulative(w: readonly number[]): number[] {
  let s = 0;
  return w.map((x) => (s += x));
}

// ---------------------------------------------------------------------------------------------------------------
// The synthesised organisation: clients in one private /16 with unequal activity, and a working-day clock.

/** Share of an office's browsing per hour of day (UTC = local here): quiet night, morning ramp, lunch dip, tail. */
export const HOURLY_WEIGHTS = [
  0.3, 0.2, 0.2, 0.2, 0.3, 0.5, 1.2, 3.5, 7.5, 10, 10, 9.5, 6.5, 8.5, 10, 9.5, 8, 5, 2.5, 1.5, 1.2, 1, 0.8, 0.5,
];
const HOUR_CUM = cumulative(HOURLY_WEIGHTS);

/** A time of day (seconds since midnight) drawn from HOURLY_WEIGHTS, uniform within the hour. */
export function diurnalSecond(rng: Rng): number {
  const h = pickWeighted(HOUR_CUM, rng.next());
  return h * 3600 + rng.next() * 3600;
}

export interface Org {
  clients: string[];
  /** Cumulative activity weights over `clients`. */
  cum: number[];
  subnet: string;
}

/**
 * `n` distinct addresses in `subnet` (a /16 given as "a.b"), each with an activity weight drawn from a
 * log-normal (a few heavy users, many light ones).
 */
export function makeOrg(rng: Rng, n: number, subnet = '10.20'): Org {
  const seen = new Set<string>();
  const clients: string[] = [];
  while (clients.length < n) {
    const ip = `${subnet}.${1 + rng.int(254)}.${1 + rng.int(254)}`;
    if (seen.has(ip)) continue;
    seen.add(ip);
    clients.push(ip);
  }
  const w = clients.map(() => {
    // Box-Muller normal → log-normal(0, 1)
    const u = Math.max(rng.next(), 1e-12);
    const v = rng.next();
    return Math.exp(Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  });
  return { clients, cum: cumulative(w), subnet: `${subnet}.0.0/16` };
}

export function pickClient(org: Org, rng: Rng): string {
  return org.clients[pickWeighted(org.cum, rng.next())]!;
}

export function clockOf(second: number): string {
  const s = Math.max(0, Math.min(86399, Math.floor(second)));
  const hh = String(Math.floor(s / 3600)).padStart(2, '0');
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `${hh}:${mm}:${ss}`;
}

// ---------------------------------------------------------------------------------------------------------------
// The raw proxy row

export interface ProxyRequest {
  /** Seconds since midnight of the day (fractional allowed; sorted on it). */
  t: number;
  clientip: string;
  username: string;
  method: string;
  /** Full URL with scheme, or a host + path + query split below. */
  scheme: string;
  host: string;
  port: string;
  path: string;
  /** Without the leading `?`; '' for none. */
  query: string;
  useragent: string;
  resconttype: string;
  durationMs: number;
  referer: string;
  respcode: string;
  serverip: string;
  scbytes: number;
  csbytes: number;
  /** null = benign. */
  family: string | null;
}

export const PROXY_HEADER = columnNames(RAW_COLUMNS.proxy);

export function uriExtension(path: string): string {
  const last = path.slice(path.lastIndexOf('/') + 1);
  return /\.([A-Za-z0-9]{1,8})$/.exec(last)?.[1]?.toLowerCase() ?? '-';
}

export function fulluriOf(r: Pick<ProxyRequest, 'host' | 'path' | 'query'>): string {
  return `${r.host}${r.path}${r.query === '' ? '' : `?${r.query}`}`;
}

/** Control characters would break line-oriented readers; sources are kept as is otherwise. */
function clean(v: string): string {
  return v.replace(/[\r\n\t]/g, ' ');
}

function csvField(v: string | number): string {
  const s = typeof v === 'string' ? clean(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One raw CSV line in RAW_COLUMNS.proxy order. Blue Coat-like constants for the fields no source has. */
export function proxyCsvLine(date: string, r: ProxyRequest): string {
  const values: (string | number)[] = [
    date,
    clockOf(r.t),
    r.clientip,
    r.host,
    r.method,
    r.useragent === '' ? '-' : r.useragent,
    r.resconttype === '' ? '-' : r.resconttype,
    Math.max(0, Math.round(r.durationMs)),
    r.username === '' ? '-' : r.username,
    '-',
    '-',
    'OBSERVED',
    '-',
    r.referer === '' ? '-' : r.referer,
    r.respcode,
    r.respcode === '304' ? 'TCP_HIT' : 'TCP_NC_MISS',
    r.scheme,
    r.port,
    r.path,
    r.query === '' ? '-' : `?${r.query}`,
    uriExtension(r.path),
    r.serverip === '' ? '-' : r.serverip,
    Math.max(0, Math.round(r.scbytes)),
    Math.max(0, Math.round(r.csbytes)),
    '-',
    '-',
    '-',
    fulluriOf(r),
  ];
  if (values.length !== PROXY_HEADER.length) throw new Error('proxy row width');
  return values.map(csvField).join(',');
}

// ---------------------------------------------------------------------------------------------------------------
// Fill-ins for fields a source lacks (same functions for every row that lacks them, benign or malicious)

const EXT_TYPES: Record<string, string> = {
  css: 'text/css',
  js: 'application/javascript',
  json: 'application/json',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  ico: 'image/x-icon',
  webp: 'image/webp',
  woff: 'font/woff',
  woff2: 'font/woff2',
  txt: 'text/plain',
  xml: 'text/xml',
  pdf: 'application/pdf',
  zip: 'application/zip',
  exe: 'application/octet-stream',
  bin: 'application/octet-stream',
  dll: 'application/octet-stream',
  jar: 'application/java-archive',
  sh: 'application/x-sh',
  pl: 'application/x-perl',
  py: 'text/x-python',
  gz: 'application/gzip',
  tgz: 'application/gzip',
  tar: 'application/x-tar',
  rar: 'application/vnd.rar',
  '7z': 'application/x-7z-compressed',
  msi: 'application/x-msi',
  htm: 'text/html',
  html: 'text/html',
  apk: 'application/vnd.android.package-archive',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
};

/** Content type from the path's extension; pages, scripts (php, asp, jsp…), errors and redirects → text/html. */
export function contentTypeFor(path: string, respcode: string): string {
  if (respcode === '304' || respcode === '204' || respcode === 'HEAD') return '-';
  if (!respcode.startsWith('2')) return 'text/html';
  return EXT_TYPES[uriExtension(path)] ?? 'text/html';
}

/** Request size when a source lacks it: request line + User-Agent + 250 bytes of usual headers. */
export function requestBytesEstimate(method: string, path: string, query: string, ua: string): number {
  return method.length + path.length + (query === '' ? 0 : query.length + 1) + 11 + ua.length + 12 + 250;
}

// ---------------------------------------------------------------------------------------------------------------
// HAR page loads (benign background)

export interface HarEntry {
  /** ms after the page load's first request */
  offsetMs: number;
  method: string;
  url: URL;
  useragent: string;
  referer: string;
  respcode: string;
  resconttype: string;
  durationMs: number;
  serverip: string;
  scbytes: number;
  csbytes: number;
}

export interface PageLoad {
  file: string;
  entries: HarEntry[];
}

interface HarHeader {
  name: string;
  value: string;
}
interface HarEntryJson {
  startedDateTime: string;
  time?: number;
  serverIPAddress?: string;
  request: { method: string; url: string; headers?: HarHeader[]; headersSize?: number; bodySize?: number };
  response: {
    status: number;
    headersSize?: number;
    bodySize?: number;
    content?: { size?: number; mimeType?: string };
    headers?: HarHeader[];
  };
}

function header(headers: HarHeader[] | undefined, name: string): string {
  return headers?.find((h) => h.name.toLowerCase() === name)?.value ?? '';
}

/**
 * Parses one HAR into a page load: every http(s) entry with a completed response (status > 0), in start order,
 * keeping method, URL, User-Agent and Referer request headers, status, MIME type, time, server address and sizes.
 */
export function parseHar(file: string, text: string): PageLoad | null {
  let json: { log?: { entries?: HarEntryJson[] } };
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    return null;
  }
  const raw = json.log?.entries ?? [];
  const entries: HarEntry[] = [];
  let t0 = Infinity;
  for (const e of raw) t0 = Math.min(t0, Date.parse(e.startedDateTime));
  for (const e of raw) {
    let url: URL;
    try {
      url = new URL(e.request.url);
    } catch {
      continue;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
    if (!(e.response.status > 0)) continue;
    const mime = e.response.content?.mimeType ?? '';
    const body = (e.response.bodySize ?? -1) >= 0 ? e.response.bodySize! : Math.max(0, e.response.content?.size ?? 0);
    const reqHeaders = Math.max(0, e.request.headersSize ?? 0);
    const ua = header(e.request.headers, 'user-agent');
    entries.push({
      offsetMs: Math.max(0, Date.parse(e.startedDateTime) - t0),
      method: e.request.method,
      url,
      useragent: ua,
      referer: header(e.request.headers, 'referer'),
      respcode: String(e.response.status),
      resconttype: mime === '' || mime === 'x-unknown' ? '-' : mime,
      durationMs: Math.max(0, e.time ?? 0),
      serverip: (e.serverIPAddress ?? '').replace(/^\[|\]$/g, ''),
      scbytes: body + Math.max(0, e.response.headersSize ?? 0),
      csbytes:
        reqHeaders > 0
          ? reqHeaders + Math.max(0, e.request.bodySize ?? 0)
          : requestBytesEstimate(e.request.method, url.pathname, url.search.slice(1), ua),
    });
  }
  if (entries.length === 0) return null;
  entries.sort((a, b) => a.offsetMs - b.offsetMs);
  return { file, entries };
}

/** Status, response bytes and time of one page load's first request (its document), to lend to rows without them. */
export interface DocumentResponse {
  respcode: string;
  scbytes: number;
  durationMs: number;
}

export function documentResponses(loads: PageLoad[]): DocumentResponse[] {
  return loads.map((l) => {
    const e = l.entries[0]!;
    return { respcode: e.respcode, scbytes: e.scbytes, durationMs: e.durationMs };
  });
}

/** 1 + Poisson(mean): how many times one page / URL is visited in the day. */
export function visitCount(rng: Rng, mean: number): number {
  let visits = 1;
  const L = Math.exp(-mean);
  let p = 1;
  for (;;) {
    p *= rng.next();
    if (p <= L) return visits;
    visits++;
  }
}

/** A page load replayed by `clientip` starting at second `start` of the day. */
export function pageLoadRequests(load: PageLoad, clientip: string, start: number): ProxyRequest[] {
  return load.entries.map((e) => {
    const port = e.url.port !== '' ? e.url.port : e.url.protocol === 'https:' ? '443' : '80';
    return {
      t: start + e.offsetMs / 1000,
      clientip,
      username: '-',
      method: e.method,
      scheme: e.url.protocol.slice(0, -1),
      host: e.url.hostname,
      port,
      path: e.url.pathname,
      query: e.url.search.slice(1),
      useragent: e.useragent,
      resconttype: e.resconttype,
      durationMs: e.durationMs,
      referer: e.referer,
      respcode: e.respcode,
      serverip: e.serverip,
      scbytes: e.scbytes,
      csbytes: e.csbytes,
      family: null,
    };
  });
}

/**
 * The benign background: each page load is replayed `visits` times (1 + Poisson(meanExtraVisits)), each visit by a
 * client drawn by activity weight at a diurnal start time; intra-page offsets are the HAR's own.
 */
export function backgroundRequests(loads: PageLoad[], org: Org, rng: Rng, meanExtraVisits: number): ProxyRequest[] {
  const out: ProxyRequest[] = [];
  for (const load of loads) {
    const visits = visitCount(rng, meanExtraVisits);
    for (let v = 0; v < visits; v++) {
      for (const r of pageLoadRequests(load, pickClient(org, rng), diurnalSecond(rng))) if (r.t < 86400) out.push(r);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Writing a day

export interface FamilyInfo {
  description: string;
}
export interface SourceInfo {
  name: string;
  url: string;
  licence: string;
  citation: string;
  files: string[];
  commit?: string | null;
}

export interface DaySpec {
  out: string;
  id: string;
  date: string;
  families: Record<string, FamilyInfo>;
  sources: SourceInfo[];
  builder: string;
  notes: string;
}

export interface DaySummary {
  id: string;
  dir: string;
  rows: number;
  malicious: number;
  families: Record<string, number>;
  droppedBenignDuplicates: number;
}

const LABEL_KEYS = ['p_date', 'p_time', 'clientip', 'host', 'fulluri'] as const;

/**
 * Sorts rows by time, drops benign rows whose label key equals a malicious row's key, writes
 * `<out>/<id>/proxy/hive/y=/m=/d=/<id>.csv`, labels.csv (one line per distinct malicious key) and meta.json.
 */
export function writeDay(spec: DaySpec, requests: ProxyRequest[]): DaySummary {
  const dayRoot = join(spec.out, spec.id);
  if (existsSync(dayRoot)) rmSync(dayRoot, { recursive: true, force: true });
  const rawDir = rawDayDir(dayRoot, 'proxy', spec.date);
  mkdirSync(rawDir, { recursive: true });

  requests.sort((a, b) => a.t - b.t);
  const keyOf = (r: ProxyRequest): string => [spec.date, clockOf(r.t), r.clientip, r.host, fulluriOf(r)].join('\u0001');
  const malKeys = new Map<string, string>();
  for (const r of requests) if (r.family !== null && !malKeys.has(keyOf(r))) malKeys.set(keyOf(r), r.family);
  const kept = requests.filter((r) => r.family !== null || !malKeys.has(keyOf(r)));
  const dropped = requests.length - kept.length;

  const rawPath = join(rawDir, `${spec.id}.csv`);
  const lines: string[] = [PROXY_HEADER.join(',')];
  for (const r of kept) lines.push(proxyCsvLine(spec.date, r));
  writeFileSync(rawPath, lines.join('\n') + '\n');

  const labelLines = [[...LABEL_KEYS, 'family'].join(',')];
  const written = new Set<string>();
  const families: Record<string, number> = {};
  let malicious = 0;
  for (const r of kept) {
    if (r.family === null) continue;
    malicious++;
    families[r.family] = (families[r.family] ?? 0) + 1;
    const k = keyOf(r);
    if (written.has(k)) continue;
    written.add(k);
    labelLines.push([spec.date, clockOf(r.t), r.clientip, r.host, fulluriOf(r), r.family].map(csvField).join(','));
  }
  writeFileSync(join(dayRoot, 'labels.csv'), labelLines.join('\n') + '\n');

  const meta = {
    id: spec.id,
    pipeline: 'proxy',
    date: spec.date,
    rows: kept.length,
    malicious,
    families: Object.fromEntries(
      Object.entries(families)
        .sort((a, b) => b[1] - a[1])
        .map(([f, n]) => [f, { rows: n, description: spec.families[f]?.description ?? '' }]),
    ),
    sources: spec.sources,
    builder: spec.builder,
    notes:
      spec.notes +
      ` labels.csv has one line per distinct malicious key (p_date,p_time,clientip,host,fulluri); ${malicious} malicious` +
      ` rows carry ${written.size} distinct keys. ${dropped} benign rows whose key equalled a malicious row's key were dropped.`,
  };
  writeFileSync(join(dayRoot, 'meta.json'), JSON.stringify(meta, null, 2) + '\n');
  return { id: spec.id, dir: dayRoot, rows: kept.length, malicious, families, droppedBenignDuplicates: dropped };
}

export function printSummary(s: DaySummary): void {
  const rate = s.rows === 0 ? 0 : s.malicious / s.rows;
  console.log(`${s.id}: ${s.dir}`);
  console.log(`  rows ${s.rows}, malicious ${s.malicious}, base rate ${(rate * 100).toFixed(2)} %`);
  for (const [f, n] of Object.entries(s.families).sort((a, b) => b[1] - a[1])) console.log(`  ${f.padEnd(16)} ${n}`);
  if (s.droppedBenignDuplicates > 0)
    console.log(`  dropped benign duplicates of malicious keys: ${s.droppedBenignDuplicates}`);
}
