import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Pipeline } from '../../../shared/schema';
import { CancelledError, InputError } from '../errors';
import { RECORD_BYTES_CAP } from './raw-lines';
import { readResults } from './results';
import type { ResultsRow } from './results';

const FLOW_LINE = (score: string, sip = '10.0.0.1'): string =>
  [
    '2016-01-22 13:05:09',
    '2016',
    '1',
    '22',
    '13',
    '5',
    '9',
    '0.25',
    sip,
    '8.8.8.8',
    '51000',
    '53',
    'UDP',
    '1',
    '60',
    '1',
    '90',
    score,
  ].join('\t');
const DNS_LINE = (score: string): string =>
  [
    'Jan  4, 2017 04:41:06.337519000 UTC',
    '1483504866',
    '74',
    '10.1.2.3',
    'www.example.co.uk',
    'unknown',
    '-1',
    '-1',
    score,
  ].join('\t');
const PROXY_LINE = (score: string): string =>
  [
    '2016-03-01',
    '09:15:00',
    '10.0.0.5',
    'ex.com',
    'GET',
    '-',
    '-',
    '120',
    'bob',
    'News',
    'http://ref/',
    '200',
    '80',
    '/a,b"c',
    'q=1',
    '93.184.216.34',
    '1024',
    '300',
    'ex.com/a,b"c?q=1',
    'word_1',
    score,
  ].join('\t');

function fileOf(text: string, name = '/data/flow_results.csv'): { name: string; stream: Readable } {
  return { name, stream: Readable.from([text]) };
}

async function collect(pipeline: Pipeline, text: string, limit = 100, name?: string): Promise<ResultsRow[]> {
  const out: ResultsRow[] = [];
  for await (const row of readResults(pipeline, fileOf(text, name), { limit })) out.push(row);
  return out;
}

async function errorOf(pipeline: Pipeline, text: string, limit = 100): Promise<InputError> {
  try {
    await collect(pipeline, text, limit, `/data/${pipeline}_results.csv`);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

describe('readResults', () => {
  it('types flow values, reads Scala exponent scores and numbers lines from 1', async () => {
    const rows = await collect(
      'flow',
      [FLOW_LINE('1.2E-7'), FLOW_LINE('3.5E-6'), FLOW_LINE('0.001')].join('\n') + '\n',
    );
    expect(rows.map((r) => r.line)).toEqual([1, 2, 3]);
    expect(rows[0]!.row).toEqual({
      treceived: '2016-01-22 13:05:09',
      tryear: 2016,
      trmonth: 1,
      trday: 22,
      trhour: 13,
      trminute: 5,
      trsec: 9,
      tdur: 0.25,
      sip: '10.0.0.1',
      dip: '8.8.8.8',
      sport: 51000,
      dport: 53,
      proto: 'UDP',
      ipkt: 1,
      ibyt: 60,
      opkt: 1,
      obyt: 90,
      score: 1.2e-7,
    });
  });

  it('reads only the first `limit` lines and never looks at the rest', async () => {
    // Line 3 is malformed; with limit 2 it is never parsed.
    const rows = await collect('flow', [FLOW_LINE('0.1'), FLOW_LINE('0.2'), 'garbage'].join('\n'), 2);
    expect(rows).toHaveLength(2);
  });

  it('stops the underlying stream after the limit', async () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => FLOW_LINE(String(i / 1e6)) + '\n');
    const stream = Readable.from(lines);
    const out: ResultsRow[] = [];
    for await (const r of readResults('flow', { name: 'big', stream }, { limit: 3 })) out.push(r);
    expect(out).toHaveLength(3);
    expect(stream.destroyed).toBe(true);
  });

  it('keeps DNS null fills (unknown, -1) and the padded tshark date', async () => {
    const [row] = await collect('dns', DNS_LINE('1E-10') + '\r\n');
    expect(row!.row).toMatchObject({
      frame_time: 'Jan  4, 2017 04:41:06.337519000 UTC',
      unix_tstamp: 1483504866,
      dns_qry_class: 'unknown',
      dns_qry_type: -1,
      dns_qry_rcode: -1,
      score: 1e-10,
    });
  });

  it('keeps proxy quotes and commas as data and the `-` fills', async () => {
    const [row] = await collect('proxy', `${PROXY_LINE('0.5')}\n`);
    expect(row!.row).toMatchObject({
      useragent: '-',
      resconttype: '-',
      uripath: '/a,b"c',
      fulluri: 'ex.com/a,b"c?q=1',
      duration: 120,
      scbytes: 1024,
      csbytes: 300,
      respcode: '200',
      score: 0.5,
    });
  });

  it('skips blank lines but keeps the file line numbers', async () => {
    const rows = await collect('flow', [FLOW_LINE('0.1'), '', FLOW_LINE('0.2'), ''].join('\n'));
    expect(rows.map((r) => r.line)).toEqual([1, 3]);
  });

  it('rejects a wrong column count naming file and line', async () => {
    const err = await errorOf(
      'flow',
      [FLOW_LINE('0.1'), FLOW_LINE('0.2').split('\t').slice(0, 17).join('\t')].join('\n'),
    );
    expect(err.message).toBe(
      '/data/flow_results.csv, line 2, field score: expected 18 tab-separated columns for flow results, found 17',
    );
    expect([err.line, err.field]).toEqual([2, 'score']);
  });

  it('rejects a comma-separated file', async () => {
    const err = await errorOf('flow', FLOW_LINE('0.1').replaceAll('\t', ','));
    expect(err.message).toBe(
      '/data/flow_results.csv, line 1, field tryear: expected 18 tab-separated columns for flow results, found 1',
    );
  });

  it('rejects a non-numeric score', async () => {
    const err = await errorOf('flow', FLOW_LINE('abc'));
    expect(err.message).toBe('/data/flow_results.csv, line 1, field score: not a number: "abc"');
  });

  it('rejects a non-integer int field', async () => {
    const err = await errorOf('dns', DNS_LINE('0.1').replace('\t74\t', '\t7x4\t'));
    expect(err.message).toBe('/data/dns_results.csv, line 1, field frame_len: not an integer: "7x4"');
  });

  it('rejects a bad flow date/time', async () => {
    const err = await errorOf('flow', FLOW_LINE('0.1').replace('2016-01-22 13:05:09', '22/01/2016 13:05'));
    expect(err.message).toBe(
      '/data/flow_results.csv, line 1, field treceived: bad date/time "22/01/2016 13:05" (expected YYYY-MM-DD HH:MM:SS)',
    );
  });

  it('rejects a bad proxy time and a bad DNS frame_time', async () => {
    expect((await errorOf('proxy', PROXY_LINE('0.1').replace('09:15:00', '9:15'))).message).toBe(
      '/data/proxy_results.csv, line 1, field p_time: bad time "9:15" (expected HH:MM:SS)',
    );
    expect(
      (await errorOf('dns', DNS_LINE('0.1').replace('Jan  4, 2017 04:41:06.337519000 UTC', '2017-01-04'))).field,
    ).toBe('frame_time');
  });

  it('rejects a bad IP', async () => {
    const err = await errorOf('flow', [FLOW_LINE('0.1'), FLOW_LINE('0.2', '10.0.0.256')].join('\n'));
    expect(err.message).toBe('/data/flow_results.csv, line 2, field sip: not an IP address: "10.0.0.256"');
  });

  it('accepts IPv6 addresses', async () => {
    const [row] = await collect('flow', `${FLOW_LINE('0.1', '2001:db8::1')}\n`);
    expect(row!.row.sip).toBe('2001:db8::1');
  });

  it('rejects an empty file', async () => {
    expect((await errorOf('flow', '')).message).toBe('/data/flow_results.csv: empty results file');
    expect((await errorOf('flow', '\n\n')).message).toBe('/data/flow_results.csv: empty results file');
  });

  it('rejects scores that are not ascending', async () => {
    const err = await errorOf('flow', [FLOW_LINE('0.1'), FLOW_LINE('0.3'), FLOW_LINE('0.2')].join('\n'));
    expect(err.message).toBe(
      '/data/flow_results.csv, line 3, field score: scores must be ascending (most suspicious first): 0.2 follows 0.3',
    );
  });

  it('accepts equal scores (ties)', async () => {
    expect(await collect('flow', [FLOW_LINE('0.1'), FLOW_LINE('0.1'), ''].join('\n'))).toHaveLength(2);
  });

  it('stops with CancelledError when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const gen = readResults('flow', fileOf(FLOW_LINE('0.1')), { limit: 5, signal: controller.signal });
    await expect(gen.next()).rejects.toBeInstanceOf(CancelledError);
  });

  it('refuses a last line without a line end: it may be cut inside the score (1.2E-7 read as 1.2)', async () => {
    const err = await errorOf('flow', `${FLOW_LINE('1.0E-9')}\n${FLOW_LINE('1.2')}`);
    expect(err.message).toMatch(/^\/data\/flow_results.csv, line 2, field score: the last line has no line end/);
    // Within the limit only: a file read for its first line never looks at the end.
    expect(await collect('flow', `${FLOW_LINE('1.0E-9')}\n${FLOW_LINE('1.2')}`, 1)).toHaveLength(1);
  });

  it('refuses a record over the size cap, naming file and line, without holding it', async () => {
    const huge = `${FLOW_LINE('0.1')}\n${'x'.repeat(RECORD_BYTES_CAP + 10)}\t${FLOW_LINE('0.2')}\n`;
    const err = await errorOf('flow', huge);
    expect(err.message).toMatch(/^\/data\/flow_results.csv, line 2: a record longer than 1048576 bytes/);
  });

  it('reports a stream error', async () => {
    const stream = new Readable({
      read() {
        this.destroy(new Error('ENOENT: no such file'));
      },
    });
    await expect(async () => {
      for await (const _ of readResults('flow', { name: 'x', stream }, { limit: 5 })) void _;
    }).rejects.toThrow('ENOENT');
  });
});
