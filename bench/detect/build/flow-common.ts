/**
 * Shared writer for the flow "labelled day" converters (bench/detect/build/flow-<source>.ts).
 * Layout and rules: /work/notes/data-contract.md. A day is
 *   <out>/<id>/flow/hive/y=Y/m=M/d=D/<id>.csv   Spot's 28 raw flow columns (RAW_COLUMNS.flow), RFC 4180, header line
 *   <out>/<id>/labels.csv                       treceived,sip,dip,sport,dport,proto,family: one line per malicious row
 *   <out>/<id>/meta.json
 * The converters turn their source into FlowRow records; this module puts every row onto one calendar date (the time
 * of day is kept), resolves key clashes between malicious and benign rows, writes the three files and checks with
 * DuckDB that the raw CSV parses and that every label line joins to a raw row.
 */
import { mkdirSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { RAW_COLUMNS } from '../../../shared/schema';

/** One flow in the source's terms; `ts` is seconds since the epoch of the flow start, read as UTC wall-clock time. */
export interface FlowRow {
  ts: number;
  tdur: number;
  sip: string;
  dip: string;
  sport: number;
  dport: number;
  /** As nfdump writes it: TCP, UDP, ICMP, IGMP, ... */
  proto: string;
  /** nfdump's six-character flag string (UAPRSF, '.' when unset), '' when unknown. */
  flag: string;
  ipkt: number;
  ibyt: number;
  opkt: number;
  obyt: number;
  rip: string;
  /** null = benign (or unlabelled background); otherwise the attack family (snake_case). */
  family: string | null;
}

export interface SourceRef {
  name: string;
  url: string;
  licence: string;
  citation: string;
  files: string[];
}

export interface DaySpec {
  id: string;
  /** YYYY-MM-DD: the one calendar date every row is put on (time of day kept). */
  date: string;
  families: Record<string, string>;
  sources: SourceRef[];
  builder: string;
  notes: string;
}

export interface DaySummary {
  dir: string;
  rows: number;
  malicious: number;
  families: Record<string, number>;
  droppedBenignDuplicates: number;
  labelsJoined: number;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** nfdump flag string from booleans, in nfdump's order U A P R S F. */
export function nfdumpFlags(f: {
  urg?: boolean;
  ack?: boolean;
  psh?: boolean;
  rst?: boolean;
  syn?: boolean;
  fin?: boolean;
}): string {
  return (
    (f.urg ? 'U' : '.') +
    (f.ack ? 'A' : '.') +
    (f.psh ? 'P' : '.') +
    (f.rst ? 'R' : '.') +
    (f.syn ? 'S' : '.') +
    (f.fin ? 'F' : '.')
  );
}

/** Protocol number (or name) to the upper-case name nfdump prints. */
export function protoName(p: string | number): string {
  const byNumber: Record<string, string> = {
    '1': 'ICMP',
    '2': 'IGMP',
    '6': 'TCP',
    '17': 'UDP',
    '47': 'GRE',
    '50': 'ESP',
    '58': 'ICMP6',
  };
  const s = String(p).trim();
  return byNumber[s] ?? s.toUpperCase();
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Round to 6 decimals without exponent notation for the usual magnitudes. */
function num(x: number, digits = 6): string {
  if (!Number.isFinite(x)) return '0';
  const r = Math.round(x * 10 ** digits) / 10 ** digits;
  return String(r);
}

function write(stream: ReturnType<typeof createWriteStream>, line: string): Promise<void> {
  return new Promise((resolve) => (stream.write(line) ? resolve() : stream.once('drain', () => resolve())));
}

function end(stream: ReturnType<typeof createWriteStream>): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.on('error', reject);
    stream.end(() => resolve());
  });
}

export async function writeFlowDay(out: string, spec: DaySpec, input: FlowRow[]): Promise<DaySummary> {
  const [y, m, d] = spec.date.split('-').map(Number) as [number, number, number];
  const dayEpoch = Date.UTC(y, m - 1, d) / 1000;
  const rows = input
    .map((r) => {
      const tod = ((Math.floor(r.ts) % 86400) + 86400) % 86400;
      return { ...r, sec: dayEpoch + tod, tod };
    })
    .sort((a, b) => a.tod - b.tod || a.ts - b.ts);

  const keyOf = (r: (typeof rows)[number]): string => {
    const hh = Math.floor(r.tod / 3600);
    const mm = Math.floor(r.tod / 60) % 60;
    const ss = r.tod % 60;
    const treceived = `${spec.date} ${pad2(hh)}:${pad2(mm)}:${pad2(ss)}`;
    return [treceived, r.sip, r.dip, r.sport, r.dport, r.proto].join('|');
  };
  // A key tuple that names a malicious row must not also name a benign one (the labels could not tell them apart).
  const maliciousKeys = new Set(rows.filter((r) => r.family).map(keyOf));
  const kept = rows.filter((r) => r.family || !maliciousKeys.has(keyOf(r)));
  const droppedBenignDuplicates = rows.length - kept.length;

  const dayDir = join(out, spec.id);
  rmSync(dayDir, { recursive: true, force: true });
  const rawDir = join(dayDir, 'flow', 'hive', `y=${y}`, `m=${m}`, `d=${d}`);
  mkdirSync(rawDir, { recursive: true });
  const rawPath = join(rawDir, `${spec.id}.csv`);
  const raw = createWriteStream(rawPath);
  const labels = createWriteStream(join(dayDir, 'labels.csv'));
  await write(raw, RAW_COLUMNS.flow.map((c) => c.name).join(',') + '\n');
  await write(labels, 'treceived,sip,dip,sport,dport,proto,family\n');
  const families: Record<string, number> = {};
  let malicious = 0;
  for (const r of kept) {
    const hh = Math.floor(r.tod / 3600);
    const mm = Math.floor(r.tod / 60) % 60;
    const ss = r.tod % 60;
    const treceived = `${spec.date} ${pad2(hh)}:${pad2(mm)}:${pad2(ss)}`;
    const values: (string | number)[] = [
      treceived,
      r.sec,
      y,
      m,
      d,
      hh,
      mm,
      ss,
      num(Math.max(0, r.tdur), 3),
      r.sip,
      r.dip,
      r.sport,
      r.dport,
      r.proto,
      r.flag,
      0,
      0,
      Math.round(r.ipkt),
      Math.round(r.ibyt),
      Math.round(r.opkt),
      Math.round(r.obyt),
      0,
      0,
      0,
      0,
      0,
      0,
      r.rip,
    ];
    await write(raw, values.map(csvField).join(',') + '\n');
    if (r.family) {
      malicious += 1;
      families[r.family] = (families[r.family] ?? 0) + 1;
      await write(
        labels,
        [treceived, r.sip, r.dip, r.sport, r.dport, r.proto, r.family].map(csvField).join(',') + '\n',
      );
    }
  }
  await end(raw);
  await end(labels);

  const meta = {
    id: spec.id,
    pipeline: 'flow',
    date: spec.date,
    rows: kept.length,
    malicious,
    families: Object.fromEntries(
      Object.keys(spec.families)
        .filter((f) => families[f])
        .map((f) => [f, { rows: families[f], description: spec.families[f] }]),
    ),
    sources: spec.sources,
    builder: spec.builder,
    notes:
      spec.notes +
      (droppedBenignDuplicates
        ? ` ${droppedBenignDuplicates} benign rows whose key (treceived,sip,dip,sport,dport,proto) equals a malicious row's were dropped.`
        : ' No benign row shares its key (treceived,sip,dip,sport,dport,proto) with a malicious row.'),
  };
  for (const f of Object.keys(families)) {
    if (!spec.families[f]) throw new Error(`family ${f} has no description`);
  }
  writeFileSync(join(dayDir, 'meta.json'), JSON.stringify(meta, null, 2) + '\n');

  const labelsJoined = await checkDay(dayDir, rawPath, kept.length, malicious);
  return { dir: dayDir, rows: kept.length, malicious, families, droppedBenignDuplicates, labelsJoined };
}

/** DuckDB check: the raw CSV parses with its header and all 28 columns, and every label line matches a raw row. */
async function checkDay(dayDir: string, rawPath: string, rows: number, malicious: number): Promise<number> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const q = (p: string): string => `'${p.replace(/'/g, "''")}'`;
  const types = Object.fromEntries(
    RAW_COLUMNS.flow.map((c) => [
      c.name,
      { string: 'VARCHAR', int: 'INTEGER', bigint: 'BIGINT', float: 'DOUBLE' }[c.type as string] ?? 'VARCHAR',
    ]),
  );
  const colsSql = `{${Object.entries(types)
    .map(([k, v]) => `'${k}': '${v}'`)
    .join(', ')}}`;
  await conn.run(`CREATE VIEW raw AS SELECT * FROM read_csv(${q(rawPath)}, header = true, columns = ${colsSql})`);
  await conn.run(
    `CREATE VIEW labels AS SELECT * FROM read_csv(${q(join(dayDir, 'labels.csv'))}, header = true, all_varchar = true)`,
  );
  const count = Number((await conn.runAndReadAll('SELECT count(*) FROM raw')).getRows()[0]?.[0]);
  if (count !== rows) throw new Error(`DuckDB reads ${count} raw rows, wrote ${rows}`);
  const labelRows = Number((await conn.runAndReadAll('SELECT count(*) FROM labels')).getRows()[0]?.[0]);
  if (labelRows !== malicious) throw new Error(`DuckDB reads ${labelRows} label lines, wrote ${malicious}`);
  const joined = Number(
    (
      await conn.runAndReadAll(
        `SELECT count(*) FROM labels l WHERE EXISTS (SELECT 1 FROM raw r WHERE r.treceived = l.treceived AND r.sip = l.sip
           AND r.dip = l.dip AND CAST(r.sport AS VARCHAR) = l.sport AND CAST(r.dport AS VARCHAR) = l.dport AND r.proto = l.proto)`,
      )
    ).getRows()[0]?.[0],
  );
  if (joined !== malicious) throw new Error(`only ${joined} of ${malicious} label lines match a raw row`);
  conn.closeSync?.();
  return joined;
}

export function printSummary(s: DaySummary): void {
  const share = s.rows ? ((100 * s.malicious) / s.rows).toFixed(2) : '0';
  console.log(`${s.dir}`);
  console.log(
    `  rows ${s.rows}, malicious ${s.malicious} (base rate ${share} %), labels joined to raw rows: ${s.labelsJoined}`,
  );
  for (const [f, n] of Object.entries(s.families).sort((a, b) => b[1] - a[1])) console.log(`  ${f}: ${n}`);
  if (s.droppedBenignDuplicates) console.log(`  benign rows dropped for a key clash: ${s.droppedBenignDuplicates}`);
}

/** `--name value` from argv. */
export function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
}

/** The positional arguments (those not an option or an option's value). */
export function positional(): string[] {
  const args = process.argv.slice(2);
  const outArgs: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    if (args[i]!.startsWith('--')) i += 1;
    else outArgs.push(args[i]!);
  }
  return outArgs;
}

/** The members of a ZIP archive held in memory (stored or deflated entries; enough for the data sets' archives). */
export function unzipEntries(zip: Buffer): { name: string; data: () => Buffer }[] {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65557); i -= 1) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a ZIP archive (no end of central directory)');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries: { name: string; data: () => Buffer }[] = [];
  for (let n = 0; n < count; n += 1) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('bad ZIP central directory');
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    entries.push({
      name,
      data: () => {
        const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
        const body = zip.subarray(start, start + compressed);
        if (method === 0) return Buffer.from(body);
        if (method === 8) return inflateRawSync(body);
        throw new Error(`ZIP member ${name}: compression method ${method} not supported`);
      },
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
