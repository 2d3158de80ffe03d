/**
 * The fields each pipeline's words need, parsed from raw rows with spot-ml's input validity rules
 * (ml.md §4): a raw row either becomes a record or is invalid (null). Pure.
 */

export interface FlowRecord {
  hour: number;
  minute: number;
  second: number;
  sip: string;
  dip: string;
  sport: number;
  dport: number;
  proto: string;
  ibyt: number;
  ipkt: number;
}

export interface DnsRecord {
  frameTime: string;
  unixTstamp: number;
  frameLen: number;
  ipDst: string;
  queryName: string;
  /** Nulls filled as spot-ml does: class "unknown", type -1, rcode -1. */
  queryClass: string;
  queryType: number;
  queryRcode: number;
}

export interface ProxyRecord {
  pDate: string;
  pTime: string;
  clientip: string;
  host: string;
  reqmethod: string | null;
  /** null → "-" (spot-ml's fill). */
  useragent: string;
  /** null → "-". */
  resconttype: string;
  respcode: string | null;
  fulluri: string;
}

/** A number from text (Parquet doubles arrive as "12.0"); null when empty or not numeric. */
export function parseNumber(text: string | null | undefined): number | null {
  if (text === null || text === undefined) return null;
  const t = text.trim();
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** An integer field: numeric text truncated toward zero (Spark's cast of a double to int). */
export function parseInteger(text: string | null | undefined): number | null {
  const n = parseNumber(text);
  return n === null ? null : Math.trunc(n);
}

/** One raw row: text columns and numeric columns (numbers arrive parsed; null when absent or not numeric). */
export interface RowAccess {
  text(column: string): string | null;
  num(column: string): number | null;
  /** Whether the column is non-null (without decoding it). */
  has(column: string): boolean;
}

const int = (n: number | null): number | null => (n === null ? null : Math.trunc(n));

/** flow: trhour 0–23, trminute and trsec 0–59, treceived/sip/dip not null, sport, dport, ibyt, ipkt ≥ 0. */
export function flowRecord(row: RowAccess): FlowRecord | null {
  const sip = row.text('sip');
  const dip = row.text('dip');
  if (!row.has('treceived') || sip === null || dip === null) return null;
  const hour = int(row.num('trhour'));
  const minute = int(row.num('trminute'));
  const second = int(row.num('trsec'));
  if (hour === null || hour < 0 || hour > 23) return null;
  if (minute === null || minute < 0 || minute > 59) return null;
  if (second === null || second < 0 || second > 59) return null;
  const sport = int(row.num('sport'));
  const dport = int(row.num('dport'));
  const ibyt = int(row.num('ibyt'));
  const ipkt = int(row.num('ipkt'));
  if (sport === null || dport === null || ibyt === null || ipkt === null) return null;
  if (sport < 0 || dport < 0 || ibyt < 0 || ipkt < 0) return null;
  return { hour, minute, second, sip, dip, sport, dport, proto: row.text('proto') ?? 'null', ibyt, ipkt };
}

function present(text: string | null): text is string {
  return text !== null && text !== '' && text !== '-';
}

/**
 * dns (spot-ml's filterRecords): frame_time, name, ip_dst present (not null, "", "-"; name not "(empty)");
 * unix_tstamp ≥ 0; frame_len ≥ 0; and a class present (not null, "", "-"), or a type, or an rcode ≥ 0.
 */
export function dnsRecord(row: RowAccess): DnsRecord | null {
  const frameTime = row.text('frame_time');
  const queryName = row.text('dns_qry_name');
  const ipDst = row.text('ip_dst');
  if (!present(frameTime) || !present(queryName) || !present(ipDst) || queryName === '(empty)') return null;
  const unixTstamp = int(row.num('unix_tstamp'));
  const frameLen = int(row.num('frame_len'));
  if (unixTstamp === null || unixTstamp < 0 || frameLen === null || frameLen < 0) return null;
  const rawClass = row.text('dns_qry_class');
  const type = int(row.num('dns_qry_type'));
  const rcode = int(row.num('dns_qry_rcode'));
  if (!(present(rawClass) || type !== null || (rcode !== null && rcode >= 0))) return null;
  return {
    frameTime,
    unixTstamp,
    frameLen,
    ipDst,
    queryName,
    queryClass: rawClass ?? 'unknown',
    queryType: type ?? -1,
    queryRcode: rcode ?? -1,
  };
}

/** proxy: p_date, p_time, clientip, host and fulluri not null. */
export function proxyRecord(row: RowAccess): ProxyRecord | null {
  const pDate = row.text('p_date');
  const pTime = row.text('p_time');
  const clientip = row.text('clientip');
  const host = row.text('host');
  const fulluri = row.text('fulluri');
  if (pDate === null || pTime === null || clientip === null || host === null || fulluri === null) return null;
  return {
    pDate,
    pTime,
    clientip,
    host,
    reqmethod: row.text('reqmethod'),
    useragent: row.text('useragent') ?? '-',
    resconttype: row.text('resconttype') ?? '-',
    respcode: row.text('respcode'),
    fulluri,
  };
}
