// Geolocation for flow (enrichment.md §3): the user's iploc.csv (Spot's MaxMind-style file) or, without
// one, a bundled country + ASN database. Both keep only typed arrays of range bounds in memory.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { InputError } from '../errors';
import { splitCsvLine } from './csv-line';
import { ipv4ToInt } from './ip';
import { forEachLine } from './line-stream';
import countries from '../../../resources/geo/countries.json';

export interface GeoRecord {
  countryCode: string;
  country: string;
  state: string;
  city: string;
  lat: number;
  lon: number;
  owner: string;
  domain: string;
}

export interface GeoDb {
  lookup(ip: string): GeoRecord | null;
  /** Releases the file handle, if the database holds one. */
  close?(): void;
}

/** flow_scores `src_geoloc`/`dst_geoloc` as Spot writes it: `<state>;<city> <owner>`; '' on a miss. */
export function flowGeolocString(rec: GeoRecord | null): string {
  if (rec === null) return '';
  // Country-level records (the bundled database) have no state or city: show the country instead.
  const place = rec.state === '' && rec.city === '' ? rec.country : rec.state;
  return `${place};${rec.city} ${rec.owner}`;
}

/** A growable Uint32Array / Float64Array pair of columns. */
class Column<A extends Uint32Array | Float64Array | Uint16Array> {
  data: A;
  length = 0;
  constructor(private readonly make: (size: number) => A) {
    this.data = make(1024);
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
  /** An exact-size copy, so the doubling slack is freed. */
  trimmed(): A {
    return this.data.slice(0, this.length) as A;
  }
}

/** Index of the last range whose start ≤ value (Python's bisect_right − 1), or −1. */
function lastStartAtOrBelow(starts: Uint32Array, value: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((starts[mid] as number) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

const MAX_IPV4 = 4294967295;
const IPLOC_FIELDS = [
  'start',
  'end',
  'country_code',
  'country',
  'state',
  'city',
  'latitude',
  'longitude',
  'owner',
  'domain',
];

function parseIpInt(path: string, line: number, field: string, text: string): number {
  if (!/^\d{1,10}$/.test(text) || Number(text) > MAX_IPV4)
    throw new InputError(path, line, field, `"${text}" is not an IPv4 integer (0–${MAX_IPV4})`);
  return Number(text);
}

function parseCoordinate(path: string, line: number, field: string, text: string, limit: number): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || Math.abs(value) > limit)
    throw new InputError(path, line, field, `"${text}" is not a number between -${limit} and ${limit}`);
  return value;
}

function checkIplocFields(path: string, line: number, text: string): string[] {
  const fields = splitCsvLine(text);
  if (fields === null) throw new InputError(path, line, null, 'a quoted field is not closed');
  if (fields.length < IPLOC_FIELDS.length)
    throw new InputError(
      path,
      line,
      null,
      `expected ${IPLOC_FIELDS.length} fields (${IPLOC_FIELDS.join(', ')}), found ${fields.length}`,
    );
  return fields;
}

class IplocDb implements GeoDb {
  private fd: number | null;
  private buffer = Buffer.alloc(512);

  constructor(
    private readonly path: string,
    private readonly starts: Uint32Array,
    private readonly ends: Uint32Array,
    private readonly offsets: Float64Array,
    private readonly lengths: Uint32Array,
  ) {
    const fd = openSync(path, 'r');
    this.fd = fd;
    openFiles.register(this, fd, this);
  }

  get size(): number {
    return this.starts.length;
  }

  lookup(ip: string): GeoRecord | null {
    const value = ipv4ToInt(ip.trim());
    if (value === null) return null;
    const i = lastStartAtOrBelow(this.starts, value);
    // Spot never checked the end, so gaps got the previous range and IPs below the first start crashed.
    if (i < 0 || (this.ends[i] as number) < value) return null;
    const fields = splitCsvLine(this.readRow(i));
    // The file changed under us (createGeo reloads a changed file; a direct loadIploc caller may not).
    if (fields === null || fields.length < IPLOC_FIELDS.length) return null;
    return {
      countryCode: fields[2] as string,
      country: fields[3] as string,
      state: fields[4] as string,
      city: fields[5] as string,
      lat: Number(fields[6]),
      lon: Number(fields[7]),
      owner: fields[8] as string,
      domain: fields[9] as string,
    };
  }

  private readRow(i: number): string {
    if (this.fd === null) throw new Error(`${this.path}: the geolocation database was closed`);
    const length = this.lengths[i] as number;
    if (this.buffer.length < length) this.buffer = Buffer.alloc(length);
    const read = readSync(this.fd, this.buffer, 0, length, this.offsets[i] as number);
    return this.buffer.toString('utf8', 0, read);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    openFiles.unregister(this);
  }
}

/** Closes the file of a database that was dropped without close(). */
const openFiles = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
});

/**
 * Loads Spot's iploc.csv (no header; every field may be double-quoted; columns: start, end, country code,
 * country, state, city, latitude, longitude, owner, domain). Rows are validated while streaming; only the
 * bounds and each row's byte position stay in memory, and a hit reads its row back from the file.
 * Unsorted files are sorted; overlapping ranges are an error.
 */
export async function loadIploc(path: string): Promise<GeoDb & { readonly size: number }> {
  try {
    if (!statSync(path).isFile()) throw new InputError(path, null, null, 'is a folder, not a file');
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(path, null, null, 'file not found');
  }
  const starts = new Column((n) => new Uint32Array(n));
  const ends = new Column((n) => new Uint32Array(n));
  const offsets = new Column((n) => new Float64Array(n));
  const lengths = new Column((n) => new Uint32Array(n));
  const lineNumbers = new Column((n) => new Uint32Array(n));
  let sorted = true;
  await forEachLine(path, ({ line, offset, length, text }) => {
    if (text.trim() === '') return;
    const fields = checkIplocFields(path, line, text);
    const start = parseIpInt(path, line, 'start', fields[0] as string);
    const end = parseIpInt(path, line, 'end', fields[1] as string);
    if (end < start) throw new InputError(path, line, 'end', `${end} is lower than start ${start}`);
    parseCoordinate(path, line, 'latitude', fields[6] as string, 90);
    parseCoordinate(path, line, 'longitude', fields[7] as string, 180);
    if (starts.length > 0 && start < (starts.data[starts.length - 1] as number)) sorted = false;
    starts.push(start);
    ends.push(end);
    offsets.push(offset);
    lengths.push(length);
    lineNumbers.push(line);
  });
  let s = starts.trimmed();
  let e = ends.trimmed();
  let o = offsets.trimmed();
  let l = lengths.trimmed();
  let n = lineNumbers.trimmed();
  if (!sorted) {
    const order = Uint32Array.from({ length: s.length }, (_, i) => i).sort(
      (a, b) => (s[a] as number) - (s[b] as number),
    );
    s = order.map((i) => s[i] as number);
    e = order.map((i) => e[i] as number);
    o = Float64Array.from(order, (i) => o[i] as number);
    l = order.map((i) => l[i] as number);
    n = order.map((i) => n[i] as number);
  }
  for (let i = 1; i < s.length; i++) {
    if ((s[i] as number) <= (e[i - 1] as number))
      throw new InputError(path, n[i] as number, 'start', `range overlaps the range on line ${n[i - 1]}`);
  }
  return new IplocDb(path, s, e, o, l);
}

// ---------------------------------------------------------------------------------------------------
// Bundled database: @ip-location-db/geo-whois-asn-country (country) + @ip-location-db/asn (AS owner).

interface CountryInfo {
  name: string;
  lat: number | null;
  lon: number | null;
}
const COUNTRIES = countries as Record<string, CountryInfo>;

const BUNDLED_COUNTRY_FILE = '@ip-location-db/geo-whois-asn-country/geo-whois-asn-country-ipv4-num.csv';
const BUNDLED_ASN_FILE = '@ip-location-db/asn/asn-ipv4-num.csv';

function resolvePackageFile(specifier: string): string | null {
  try {
    // CommonJS (the bundled Electron main) has require; ESM (tsx, vitest) builds one.
    const resolve = typeof require === 'function' ? require.resolve : createRequire(import.meta.url).resolve;
    return resolve(specifier);
  } catch {
    return null;
  }
}

interface RangeColumns {
  starts: Uint32Array;
  ends: Uint32Array;
  values: Uint32Array;
}

/** Reads a `start,end,...` numeric range file; `value` maps a row's fields to a number kept per range. */
async function loadRangeFile(path: string, value: (fields: string[]) => number): Promise<RangeColumns> {
  const starts = new Column((n) => new Uint32Array(n));
  const ends = new Column((n) => new Uint32Array(n));
  const values = new Column((n) => new Uint32Array(n));
  await forEachLine(path, ({ line, text }) => {
    if (text === '') return;
    const fields = splitCsvLine(text);
    if (fields === null || fields.length < 3) throw new InputError(path, line, null, 'malformed row');
    starts.push(parseIpInt(path, line, 'start', fields[0] as string));
    ends.push(parseIpInt(path, line, 'end', fields[1] as string));
    values.push(value(fields));
  });
  return { starts: starts.trimmed(), ends: ends.trimmed(), values: values.trimmed() };
}

function findRange(table: RangeColumns, ip: number): number {
  const i = lastStartAtOrBelow(table.starts, ip);
  return i >= 0 && (table.ends[i] as number) >= ip ? i : -1;
}

// IANA special-purpose IPv4 blocks (RFC 6890 and successors): the bundled whois data assigns some of them
// a country (192.168.0.0/16 → AU), which would be nonsense for a flow record.
const SPECIAL_PURPOSE_IPV4: Array<[string, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];
const SPECIAL_PURPOSE_RANGES = SPECIAL_PURPOSE_IPV4.map(([ip, prefix]) => {
  const start = ipv4ToInt(ip) as number;
  return [start, start + 2 ** (32 - prefix) - 1] as const;
});

export function isSpecialPurposeIpv4(value: number): boolean {
  return SPECIAL_PURPOSE_RANGES.some(([start, end]) => value >= start && value <= end);
}

class BundledGeoDb implements GeoDb {
  constructor(
    private readonly country: RangeColumns,
    private readonly asn: RangeColumns,
    private readonly owners: string[],
  ) {}

  lookup(ip: string): GeoRecord | null {
    const value = ipv4ToInt(ip.trim());
    if (value === null || isSpecialPurposeIpv4(value)) return null;
    const c = findRange(this.country, value);
    const a = findRange(this.asn, value);
    if (c < 0 && a < 0) return null;
    const packed = c >= 0 ? (this.country.values[c] as number) : 0;
    const countryCode = packed === 0 ? '' : String.fromCharCode(packed >> 8, packed & 255);
    const info = COUNTRIES[countryCode];
    return {
      countryCode,
      country: info?.name ?? countryCode,
      state: '',
      city: '',
      lat: info?.lat ?? Number.NaN,
      lon: info?.lon ?? Number.NaN,
      owner: a >= 0 ? (this.owners[this.asn.values[a] as number] as string) : '',
      domain: '',
    };
  }
}

let bundled: Promise<GeoDb | null> | null = null;

/**
 * The offline country + ASN database shipped as npm packages (CC BY 4.0, see docs/enrichment.md). Country
 * level only: lat/lon is the country's centroid, owner the AS organisation. Loaded once; null when the
 * packages are not installed.
 */
export function loadBundledGeo(): Promise<GeoDb | null> {
  bundled ??= (async () => {
    const countryFile = resolvePackageFile(BUNDLED_COUNTRY_FILE);
    const asnFile = resolvePackageFile(BUNDLED_ASN_FILE);
    if (countryFile === null || asnFile === null) return null;
    const country = await loadRangeFile(countryFile, (fields) => {
      const code = (fields[2] as string).toUpperCase();
      return code.length === 2 ? (code.charCodeAt(0) << 8) | code.charCodeAt(1) : 0;
    });
    const owners: string[] = [];
    const ownerIndex = new Map<string, number>();
    const asn = await loadRangeFile(asnFile, (fields) => {
      const name = fields.slice(3).join(',');
      let index = ownerIndex.get(name);
      if (index === undefined) {
        index = owners.push(name) - 1;
        ownerIndex.set(name, index);
      }
      return index;
    });
    return new BundledGeoDb(country, asn, owners);
  })();
  return bundled;
}

/** iploc databases by path, reused while the file keeps its size and modification time. */
const iplocCache = new Map<string, { version: string; db: Promise<GeoDb> }>();

function fileVersion(path: string): string {
  try {
    const info = statSync(path);
    return `${info.size}:${info.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

/** loadIploc once per file version: OA runs reuse the loaded ranges; an edited file is loaded again. */
function cachedIploc(path: string): Promise<GeoDb> {
  const version = fileVersion(path);
  const cached = iplocCache.get(path);
  if (cached !== undefined && cached.version === version) return cached.db;
  if (cached !== undefined)
    void cached.db.then(
      (db) => db.close?.(),
      () => undefined,
    );
  const db = loadIploc(path);
  iplocCache.set(path, { version, db });
  // A failed load is not kept: the next call reports the error again (or succeeds once fixed).
  db.catch(() => {
    if (iplocCache.get(path)?.db === db) iplocCache.delete(path);
  });
  return db;
}

/**
 * The user's iploc file wins when given; else the bundled database (unless turned off); else none.
 * Both are loaded once and shared: callers must not close() what createGeo returns.
 */
export async function createGeo(opts: { iplocPath?: string; useBundled?: boolean }): Promise<GeoDb | null> {
  if (opts.iplocPath !== undefined && opts.iplocPath !== '') return cachedIploc(opts.iplocPath);
  if (opts.useBundled === false) return null;
  return loadBundledGeo();
}
