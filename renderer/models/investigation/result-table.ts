/**
 * The result tables of threat investigation (expanded search, the flow top tables): which columns are times,
 * sizes, counts and IPs, how a cell is written in the one time format and the analyst's zone, and the CSV export
 * (times as ISO 8601 with Z or the offset, the zone in the header, each IP followed by its network-context name).
 */
import type { Cell } from '../../../shared/api-base';
import type { HostName } from '../../../shared/ops/triage';
import {
  cellTime,
  formatCell,
  formatTimeIso,
  parseUtcTime,
  zoneLabel,
  type TimeZoneChoice,
} from '../../../shared/format';
import type { ValueFormat } from '../../../shared/pipeline-profile';
import { hostTag } from '../suspicious/host-names';

export interface ResultColumn {
  /** The search column's name (Spot's raw name), or the label of a built table's column. */
  key: string;
  /** The header without the zone (a time column's header adds it). */
  label: string;
  format: ValueFormat;
  /** An IP: written with its network-context name or country beside it. */
  ip: boolean;
}

export interface ResultTable {
  columns: ResultColumn[];
  rows: Cell[][];
}

const LABELS: Readonly<Record<string, string>> = {
  srcIp: 'Source IP',
  dstIp: 'Destination IP',
  srcPort: 'Source port',
  dstPort: 'Destination port',
  proto: 'Protocol',
  firstSeen: 'First seen',
  lastSeen: 'Last seen',
  connections: 'Connections',
  maxPkts: 'Max packets',
  avgPkts: 'Avg packets',
  maxBytes: 'Max bytes',
  avgBytes: 'Avg bytes',
  dnsQuery: 'Query name',
  answers: 'Answers',
  clientIp: 'Client IP',
  total: 'Queries',
  time: 'Time',
  clientip: 'Client IP',
  username: 'User',
  duration: 'Duration (ms)',
  fulluri: 'Full URI',
  webcat: 'Web category',
  respcode: 'Response code',
  reqmethod: 'Method',
  useragent: 'User agent',
  resconttype: 'Content type',
  referer: 'Referer',
  uriport: 'Port',
  serverip: 'Server IP',
  scbytes: 'Bytes to client',
  csbytes: 'Bytes to server',
};
const TIMES = new Set(['firstSeen', 'lastSeen', 'time']);
const BYTES = new Set(['maxBytes', 'avgBytes', 'scbytes', 'csbytes', 'Max bytes']);
const COUNTS = new Set(['connections', 'maxPkts', 'avgPkts', 'total', 'duration', 'Connections']);
const IPS = new Set(['srcIp', 'dstIp', 'clientIp', 'clientip', 'serverip', 'Source IP', 'Destination IP']);

function describe(key: string): ResultColumn {
  const format: ValueFormat = TIMES.has(key) ? 'time' : BYTES.has(key) ? 'bytes' : COUNTS.has(key) ? 'count' : 'text';
  return { key, label: LABELS[key] ?? key, format, ip: IPS.has(key) };
}

/**
 * A search's columns and rows as a result table. Proxy rows carry the date and the time of day apart (p_date,
 * p_time): they become one Time column, so every table writes one instant the one way.
 */
export function resultTable(columns: readonly string[], rows: readonly (readonly Cell[])[]): ResultTable {
  const date = columns.indexOf('p_date');
  const time = columns.indexOf('p_time');
  if (date < 0 || time < 0) return { columns: columns.map(describe), rows: rows.map((r) => [...r]) };
  const keep = columns.map((_, i) => i).filter((i) => i !== date && i !== time);
  return {
    columns: [describe('time'), ...keep.map((i) => describe(columns[i]!))],
    rows: rows.map((r) => [
      `${String(r[date] ?? '')} ${String(r[time] ?? '')}`.trim(),
      ...keep.map((i) => r[i] ?? null),
    ]),
  };
}

/** A column's header in the view: a time says its zone ("First seen (UTC)", "Time (local)"). */
export function headerOf(column: ResultColumn, zone: TimeZoneChoice): string {
  return column.format === 'time' ? `${column.label} (${zone === 'utc' ? 'UTC' : 'local'})` : column.label;
}

/** A cell as the view writes it: times in the one format and zone, sizes with units, counts with separators. */
export function cellOf(column: ResultColumn, value: Cell | undefined, zone: TimeZoneChoice): string {
  if (value === null || value === undefined) return '';
  return formatCell(column.format, value, zone);
}

/** The instant a time cell holds (sorting), null when it is not a time. */
export function timeOf(value: Cell | undefined): number | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'number' ? cellTime(value) : parseUtcTime(value);
}

/**
 * The table as the CSV export writes it: times as ISO 8601 in the zone shown (Z or the offset; the header says
 * which), numbers as numbers, and after each IP column a column with the host's network-context name or country.
 */
/** A table as the CSV export takes it: its file name (without extension), header and cells. */
export interface CsvTable {
  name: string;
  columns: string[];
  rows: Cell[][];
}

export function csvOf(
  table: ResultTable,
  zone: TimeZoneChoice,
  names: Readonly<Record<string, HostName>>,
  now: number = Date.now(),
): { columns: string[]; rows: Cell[][] } {
  const columns: string[] = [];
  for (const c of table.columns) {
    columns.push(c.format === 'time' ? `${c.label} (${zoneLabel(zone, now)}, ISO 8601)` : c.label);
    if (c.ip) columns.push(`${c.label} name`);
  }
  const rows = table.rows.map((row) => {
    const out: Cell[] = [];
    table.columns.forEach((c, i) => {
      const value = row[i] ?? null;
      if (c.format === 'time') {
        const at = timeOf(value);
        out.push(at === null ? value : formatTimeIso(at, zone));
      } else out.push(value);
      if (c.ip) out.push(hostTag(names[String(value ?? '')]));
    });
    return out;
  });
  return { columns, rows };
}

/** The distinct IPs of a table's IP columns (what `hosts.names` is asked about). */
export function tableIps(table: ResultTable): string[] {
  const ips = new Set<string>();
  table.columns.forEach((c, i) => {
    if (!c.ip) return;
    for (const row of table.rows) {
      const ip = String(row[i] ?? '').trim();
      if (ip !== '') ips.add(ip);
    }
  });
  return [...ips];
}
