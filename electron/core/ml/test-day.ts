/** Test helpers: write small raw days of the local data tree as Spot-format CSV files. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RAW_COLUMNS, columnNames, type Pipeline } from '../../../shared/schema';
import { rawDayDir } from '../sources/local';
import { mulberry32 } from './random';

const made: string[] = [];

export function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'spot-desk-ml-'));
  made.push(root);
  return root;
}

/** Removes every tempRoot() of this test file (call from afterAll). */
export function removeTempRoots(): void {
  for (const root of made.splice(0)) rmSync(root, { recursive: true, force: true });
}

function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Writes rows (column name → value) as one CSV file with Spot's header under the day's folder. */
export function writeRawDay(
  root: string,
  pipeline: Pipeline,
  date: string,
  rows: readonly Record<string, string | number | null>[],
  fileName = 'part-0.csv',
): string {
  const dir = rawDayDir(root, pipeline, date);
  mkdirSync(dir, { recursive: true });
  const names = columnNames(RAW_COLUMNS[pipeline]);
  const lines = [names.join(','), ...rows.map((row) => names.map((n) => csvCell(row[n])).join(','))];
  const path = join(dir, fileName);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

export interface FlowRowSpec {
  sip: string;
  dip: string;
  sport: number;
  dport: number;
  proto?: string;
  hour: number;
  minute?: number;
  second?: number;
  ibyt: number;
  ipkt: number;
  tdur?: number;
}

export function flowRow(date: string, s: FlowRowSpec): Record<string, string | number | null> {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const minute = s.minute ?? 0;
  const second = s.second ?? 0;
  const hh = String(s.hour).padStart(2, '0');
  const mm = String(minute).padStart(2, '0');
  const ss = String(second).padStart(2, '0');
  return {
    treceived: `${date} ${hh}:${mm}:${ss}`,
    unix_tstamp: Math.floor(Date.UTC(y, m - 1, d, s.hour, minute, second) / 1000),
    tryear: y,
    trmonth: m,
    trday: d,
    trhour: s.hour,
    trminute: minute,
    trsec: second,
    tdur: s.tdur ?? 0.5,
    sip: s.sip,
    dip: s.dip,
    sport: s.sport,
    dport: s.dport,
    proto: s.proto ?? 'TCP',
    flag: '.A....',
    fwd: 0,
    stos: 0,
    ipkt: s.ipkt,
    ibyt: s.ibyt,
    opkt: s.ipkt,
    obyt: s.ibyt,
    input: 1,
    output: 2,
    sas: 0,
    das: 0,
    dtos: 0,
    dir: 0,
    rip: '10.0.0.1',
  };
}

/** A quiet office day: 40 clients browsing 6 servers on 443/80 in office hours. */
export function officeFlows(date: string, count: number, seed = 1): Record<string, string | number | null>[] {
  const random = mulberry32(seed);
  const rows: Record<string, string | number | null>[] = [];
  for (let i = 0; i < count; i++) {
    rows.push(
      flowRow(date, {
        sip: `10.0.0.${1 + Math.floor(random() * 40)}`,
        dip: `192.168.1.${1 + Math.floor(random() * 6)}`,
        sport: 30000 + Math.floor(random() * 30000),
        dport: random() < 0.8 ? 443 : 80,
        hour: 8 + Math.floor(random() * 10),
        minute: Math.floor(random() * 60),
        second: Math.floor(random() * 60),
        ibyt: 500 + Math.floor(random() * 3000),
        ipkt: 4 + Math.floor(random() * 8),
      }),
    );
  }
  return rows;
}
