/** Test helper: a small local raw tree (Spot layout, CSV with Spot's headers) in a temp folder. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RAW_COLUMNS, columnNames, type Pipeline } from '../../../shared/schema';
import { rawDayDir } from '../sources/local';

function csvField(v: string | number): string {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Writes rows (objects keyed by raw column names; missing columns empty) for one pipeline and day. */
export function writeRawDay(
  root: string,
  pipeline: Pipeline,
  date: string,
  rows: Array<Record<string, string | number>>,
  hour?: number,
): void {
  const dir = join(rawDayDir(root, pipeline, date), ...(hour === undefined ? [] : [`h=${hour}`]));
  mkdirSync(dir, { recursive: true });
  const names = columnNames(RAW_COLUMNS[pipeline]);
  const lines = [names.join(','), ...rows.map((r) => names.map((n) => csvField(r[n] ?? '')).join(','))];
  writeFileSync(join(dir, 'part-0.csv'), `${lines.join('\n')}\n`);
}

export function flowRow(t: string, sip: string, dip: string, sport: number, dport: number, ipkt: number, ibyt: number) {
  const [date, time] = t.split(' ') as [string, string];
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi, s] = time.split(':').map(Number) as [number, number, number];
  return {
    treceived: t,
    unix_tstamp: Math.floor(Date.parse(`${date}T${time}Z`) / 1000),
    tryear: y,
    trmonth: mo,
    trday: d,
    trhour: h,
    trminute: mi,
    trsec: s,
    tdur: 0.5,
    sip,
    dip,
    sport,
    dport,
    proto: 'TCP',
    flag: '.AP...',
    fwd: 0,
    stos: 0,
    ipkt,
    ibyt,
    opkt: 1,
    obyt: 60,
    input: 1,
    output: 2,
    sas: 0,
    das: 0,
    dtos: 0,
    dir: 0,
    rip: '10.255.0.1',
  };
}

export function dnsRow(unix: number, client: string, query: string) {
  return {
    frame_time: new Date(unix * 1000).toUTCString(),
    unix_tstamp: unix,
    frame_len: 80,
    ip_dst: client,
    ip_src: '10.0.0.53',
    dns_qry_name: query,
    dns_qry_class: '0x00000001',
    dns_qry_type: 1,
    dns_qry_rcode: 0,
    dns_a: '1.2.3.4',
  };
}

export function proxyRow(date: string, time: string, client: string, fulluri: string, referer: string, code = 200) {
  return {
    p_date: date,
    p_time: time,
    clientip: client,
    host: fulluri.split('/')[0]!,
    reqmethod: 'GET',
    useragent: 'curl/8',
    resconttype: 'text/html',
    duration: 10,
    username: 'bob',
    authgroup: '-',
    exceptionid: '-',
    filterresult: 'OBSERVED',
    webcat: 'Business',
    referer,
    respcode: code,
    action: 'TCP_HIT',
    urischeme: 'http',
    uriport: 80,
    uripath: '/',
    uriquery: '-',
    uriextension: '-',
    serverip: '93.184.216.34',
    scbytes: 1000,
    csbytes: 200,
    virusid: '-',
    bcappname: '-',
    bcappoper: '-',
    fulluri,
  };
}

export function tempRoot(): string {
  return mkdtempSync(join(tmpdir(), 'spot-desk-inv-'));
}
