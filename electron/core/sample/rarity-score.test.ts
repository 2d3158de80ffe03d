import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RAW_COLUMNS, RESULTS_COLUMNS, columnNames, type Pipeline } from '../../../shared/schema';
import { csvLine, type CsvValue } from './csv';
import { rawDayDir } from './raw-files';
import { scalaDouble, scoreDay } from './rarity-score';
import { bin, ENTROPY_CUTS, entropy } from './spot-words';

const DATE = '2026-11-24';
let root: string;

/** Writes raw CSV rows (objects keyed by Spot column names; missing columns empty) into h=<hour>/. */
async function writeRaw(pipeline: Pipeline, hour: number, rows: Record<string, CsvValue>[]): Promise<void> {
  const dir = join(rawDayDir(root, pipeline, DATE), `h=${hour}`);
  await mkdir(dir, { recursive: true });
  const names = columnNames(RAW_COLUMNS[pipeline]);
  const lines = [csvLine(names), ...rows.map((r) => csvLine(names.map((n) => r[n] ?? null)))];
  await writeFile(join(dir, `${pipeline}-${hour}.csv`), lines.join(''));
}

function flow(
  hour: number,
  sip: string,
  dip: string,
  sport: number,
  dport: number,
  proto: string,
  ibyt: number,
  ipkt: number,
) {
  return {
    treceived: `2026-11-24 ${String(hour).padStart(2, '0')}:00:00`,
    unix_tstamp: 0,
    tryear: 2026,
    trmonth: 11,
    trday: 24,
    trhour: hour,
    trminute: 0,
    trsec: 0,
    tdur: 0.5,
    sip,
    dip,
    sport,
    dport,
    proto,
    ipkt,
    ibyt,
    opkt: 0,
    obyt: 0,
  };
}

const readLines = async (pipeline: Pipeline): Promise<string[][]> => {
  const text = await readFile(
    join(root, pipeline, 'scored_results', '20261124', 'scores', `${pipeline}_results.csv`),
    'utf8',
  );
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\t'));
};

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'rarity-'));
  await writeRaw('flow', 0, [
    flow(0, '10.0.0.1', '8.8.8.8', 5000, 53, 'UDP', 100, 1),
    flow(0, '10.0.0.1', '8.8.8.8', 5001, 53, 'UDP', 100, 1),
    flow(0, '10.0.0.1', '1.1.1.1', 5002, 443, 'TCP', 1000, 10),
  ]);
  await writeRaw('flow', 1, [
    { ...flow(1, '10.0.0.9', '8.8.8.8', 5000, 53, 'UDP', 100, 1), trhour: 25 },
    flow(1, '10.0.0.2', '8.8.8.8', 5003, 53, 'UDP', 100, 1),
  ]);
  const dns = (name: string, extra: Record<string, CsvValue> = {}) => ({
    frame_time: 'Nov 24, 2026 03:00:00.000000000 UTC',
    unix_tstamp: 1795489200,
    frame_len: 100,
    ip_dst: '10.0.0.5',
    ip_src: '10.1.0.53',
    dns_qry_name: name,
    dns_qry_class: '0x00000001',
    dns_qry_type: 1,
    dns_qry_rcode: 0,
    dns_a: '',
    ...extra,
  });
  await writeRaw('dns', 3, [
    dns('www.google.com'),
    dns('www.google.com'),
    dns('odd.example.net', { dns_qry_class: null, dns_qry_type: null }),
    dns('-'),
  ]);
  const proxy = (clientip: string, uri: string, agent: string | null) => ({
    p_date: DATE,
    p_time: '10:15:00',
    clientip,
    host: 'www.google.com',
    reqmethod: 'GET',
    useragent: agent,
    resconttype: 'text/html',
    duration: 10,
    username: 'u',
    webcat: 'Search',
    referer: '-',
    respcode: '200',
    uriport: '443',
    uripath: '/search',
    uriquery: `?q=${uri}`,
    serverip: '142.250.1.1',
    scbytes: 100,
    csbytes: 50,
    fulluri: `www.google.com/search?q=${uri}`,
  });
  await writeRaw('proxy', 10, [proxy('10.0.0.7', 'a', 'UA "one", with comma'), proxy('10.0.0.7', 'b', null)]);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('scoreDay', () => {
  it('scores flow rows with the documented formula, min over endpoints, ascending, ties by input order', async () => {
    const result = await scoreDay({ root, date: DATE, pipeline: 'flow', topDomains: new Set() });
    expect(result).toMatchObject({ rowsRead: 5, invalidRows: 1, rowsKept: 4, vocabulary: 6, documents: 4 });
    // N = 8 tokens, V = 6 words. Documents: 10.0.0.1 and 8.8.8.8 hold 3 tokens, 1.1.1.1 and 10.0.0.2 one each.
    const score = (cdw: number, nd: number, cw: number) => Math.sqrt(((cdw + 1) / (nd + 6)) * ((cw + 1) / (8 + 6)));
    const rare = Math.min(score(1, 3, 1), score(1, 1, 1));
    const common = score(2, 3, 2);
    const lines = await readLines('flow');
    expect(lines.map((l) => [l[8], l[9], l[10], l[17]])).toEqual([
      ['10.0.0.1', '1.1.1.1', '5002', scalaDouble(rare)],
      ['10.0.0.2', '8.8.8.8', '5003', scalaDouble(rare)],
      ['10.0.0.1', '8.8.8.8', '5000', scalaDouble(common)],
      ['10.0.0.1', '8.8.8.8', '5001', scalaDouble(common)],
    ]);
    for (const line of lines) expect(line).toHaveLength(RESULTS_COLUMNS.flow.length);
    expect(lines[0]?.slice(0, 8)).toEqual(['2026-11-24 00:00:00', '2026', '11', '24', '0', '0', '0', '0.5']);
  });

  it('honours tol and maxResults', async () => {
    await scoreDay({ root, date: DATE, pipeline: 'flow', topDomains: new Set(), maxResults: 3 });
    expect((await readLines('flow')).map((l) => l[10])).toEqual(['5002', '5003', '5000']);
    await scoreDay({ root, date: DATE, pipeline: 'flow', topDomains: new Set(), tol: 0.2 });
    expect((await readLines('flow')).map((l) => l[10])).toEqual(['5002', '5003']);
  });

  it('fills DNS nulls and drops invalid names', async () => {
    const result = await scoreDay({ root, date: DATE, pipeline: 'dns', topDomains: new Set(['google']) });
    expect(result).toMatchObject({ rowsRead: 4, invalidRows: 1, rowsKept: 3 });
    const lines = await readLines('dns');
    expect(lines[0]?.slice(0, 8)).toEqual([
      'Nov 24, 2026 03:00:00.000000000 UTC',
      '1795489200',
      '100',
      '10.0.0.5',
      'odd.example.net',
      'unknown',
      '-1',
      '0',
    ]);
    for (const line of lines) expect(line).toHaveLength(RESULTS_COLUMNS.dns.length);
  });

  it('writes the proxy word column and fills a null user agent', async () => {
    await scoreDay({ root, date: DATE, pipeline: 'proxy', topDomains: new Set(['google']) });
    const lines = await readLines('proxy');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toHaveLength(RESULTS_COLUMNS.proxy.length);
    const byUri = new Map(lines.map((l) => [l[18], l]));
    const withAgent = byUri.get('www.google.com/search?q=a');
    expect(withAgent?.[5]).toBe('UA "one", with comma');
    expect(withAgent?.[19]).toBe(`1_10_GET_${bin(entropy('www.google.com/search?q=a'), ENTROPY_CUTS)}_text_0_4_200`);
    expect(byUri.get('www.google.com/search?q=b')?.[5]).toBe('-');
  });

  it('names the file when a raw file lacks a needed column', async () => {
    const bad = await mkdtemp(join(tmpdir(), 'rarity-bad-'));
    try {
      const dir = join(rawDayDir(bad, 'dns', DATE), 'h=0');
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'dns.csv'), 'frame_time,ip_dst\n"Nov 24, 2026 00:00:00.0 UTC",10.0.0.1\n');
      await expect(scoreDay({ root: bad, date: DATE, pipeline: 'dns', topDomains: new Set() })).rejects.toThrow(
        /dns\.csv: cannot read the raw columns/,
      );
    } finally {
      await rm(bad, { recursive: true, force: true });
    }
  });

  it('writes an empty results file for a day without raw files', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'rarity-empty-'));
    try {
      const result = await scoreDay({ root: empty, date: DATE, pipeline: 'dns', topDomains: new Set() });
      expect(result.rowsRead).toBe(0);
      expect(await readFile(result.path, 'utf8')).toBe('');
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe('scalaDouble', () => {
  it('prints like Scala Double.toString', () => {
    expect(scalaDouble(0)).toBe('0.0');
    expect(scalaDouble(1)).toBe('1.0');
    expect(scalaDouble(0.25)).toBe('0.25');
    expect(scalaDouble(0.001)).toBe('0.001');
    expect(scalaDouble(1.2e-7)).toBe('1.2E-7');
    expect(scalaDouble(1e-5)).toBe('1.0E-5');
    expect(scalaDouble(12345678)).toBe('1.2345678E7');
  });
});
