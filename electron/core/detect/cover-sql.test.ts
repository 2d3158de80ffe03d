import { describe, expect, it } from 'vitest';
import type { Pipeline } from '../../../shared/schema';
import { Duck, sqlString } from '../pipeline/duck';
import { findingCoversRow } from './cover';
import { coverPredicateSql } from './cover-sql';
import type { FindingKeys } from './types';

type Row = Record<string, string>;

/** The rows of `raw_files` (all text) the predicate keeps, as indexes. */
async function covered(rows: Row[], pipeline: Pipeline, keys: FindingKeys): Promise<number[]> {
  const duck = await Duck.open({ memoryLimit: '256MB', threads: 1 });
  try {
    const columns = Object.keys(rows[0]!);
    const values = rows.map((r, i) => `(${i}, ${columns.map((c) => sqlString(r[c] ?? '')).join(', ')})`).join(', ');
    await duck.run(`CREATE TEMP TABLE raw_files AS SELECT * FROM (VALUES ${values}) t(i, ${columns.join(', ')})`);
    const out = await duck.all(`SELECT i FROM raw_files WHERE ${coverPredicateSql(pipeline, keys)} ORDER BY i`);
    return out.map((r) => Number(r.i));
  } finally {
    duck.close();
  }
}

const expected = (rows: Row[], keys: FindingKeys): number[] =>
  rows.flatMap((row, i) => (findingCoversRow(keys, row) ? [i] : []));

describe('coverPredicateSql (agrees with cover.ts)', () => {
  const flow: Row[] = [
    { sip: '10.0.0.5', dip: '192.0.2.1', dport: '443', proto: 'tcp' },
    { sip: '10.0.0.5', dip: '192.0.2.1', dport: '80', proto: 'TCP' },
    { sip: '10.0.0.6', dip: '192.0.2.1', dport: '443', proto: 'TCP' },
  ];
  const dns: Row[] = [
    { ip_dst: '10.0.0.9', dns_qry_name: 'abc.Tunnel.example.', dns_qry_type: '16', dns_qry_rcode: '0' },
    { ip_dst: '10.0.0.9', dns_qry_name: 'tunnel.example', dns_qry_type: '1', dns_qry_rcode: '0' },
    { ip_dst: '10.0.0.9', dns_qry_name: 'nottunnel.example', dns_qry_type: '16', dns_qry_rcode: '3' },
    { ip_dst: '10.0.0.8', dns_qry_name: 'x.tunnel.example', dns_qry_type: '16', dns_qry_rcode: '0' },
  ];
  const proxy: Row[] = [
    {
      clientip: '10.1.0.2',
      host: 'Shop.example.com',
      useragent: 'curl/8',
      fulluri: 'shop.example.com/?id=1 UNION SELECT 1',
    },
    { clientip: '10.1.0.2', host: 'shop.example.com', useragent: 'Mozilla', fulluri: 'shop.example.com/?id=1' },
    { clientip: '10.1.0.3', host: 'cdn.example.com', useragent: 'curl/8', fulluri: 'cdn.example.com/a.js' },
  ];
  const cases: [string, Row[], Pipeline, FindingKeys][] = [
    ['flow source, port and protocol', flow, 'flow', { srcip: '10.0.0.5', dport: 443, proto: 'TCP' }],
    ['flow destination', flow, 'flow', { dstip: '192.0.2.1' }],
    [
      'DNS zone and client (suffix, case, trailing dot)',
      dns,
      'dns',
      { domain: 'tunnel.example', clientip: '10.0.0.9' },
    ],
    ['DNS type and rcode', dns, 'dns', { qtype: 16, rcode: 3 }],
    ['proxy client and URI pattern', proxy, 'proxy', { clientip: '10.1.0.2', uriPattern: 'union[+ ]select' }],
    ['proxy host and user agent', proxy, 'proxy', { host: 'shop.example.com', useragent: 'curl/8' }],
    ['proxy domain suffix', proxy, 'proxy', { domain: 'example.com' }],
  ];
  for (const [name, rows, pipeline, keys] of cases) {
    it(name, async () => {
      const want = expected(rows, keys);
      expect(want.length).toBeGreaterThan(0);
      expect(await covered(rows, pipeline, keys)).toEqual(want);
    });
  }

  it('keeps quotes in key values as data', async () => {
    expect(await covered(proxy, 'proxy', { useragent: "x' OR '1'='1" })).toEqual([]);
  });
});
