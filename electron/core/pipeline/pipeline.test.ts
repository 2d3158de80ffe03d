// Golden tests: every OA output table of each pipeline over the hand-checked days in fixtures/ (see
// fixtures/README.md for why each expected row is there), on CSV and on Parquet raw days.
import { createHash } from 'node:crypto';
import { appendFileSync, readFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OA_OUTPUT_TABLES, OA_TABLES, RAW_COLUMNS, columnNames } from '../../../shared/schema';
import type { Pipeline } from '../../../shared/schema';
import type { DayImport } from '../cache/types';
import { CancelledError, InputError } from '../errors';
import { createLocalSource, rawDayDir, resultsPath } from '../sources/local';
import type { DaySource } from '../sources/types';
import { Duck, sqlString } from './duck';
import { DETECTORS } from '../detect/registry';
import { runPipeline } from './index';
import { fixtureDay, fixtureEnrichment } from './test-days';
import type { TestDay } from './test-days';
import type { Enrichment } from './types';

const DATE = '2026-11-24';
let enrichment: Enrichment;
const days: TestDay[] = [];
beforeAll(async () => {
  enrichment = await fixtureEnrichment();
});
afterEach(() => {
  for (const day of days.splice(0)) day.cleanup();
});

/** Runs the day in every scan mode (scan.ts) and checks they agree; returns the default mode's result. */
async function run(name: string, pipeline: Pipeline, parquet: boolean, top = 4): Promise<DayImport> {
  const day = await fixtureDay(name, pipeline, parquet);
  days.push(day);
  const source = createLocalSource(day.root);
  const byDefault = await runPipeline({ source, pipeline, date: DATE, top, enrichment });
  for (const scan of ['single', 'columnar', 'per-table'] as const)
    expect(await runPipeline({ source, pipeline, date: DATE, top, enrichment, scan }), scan).toEqual(byDefault);
  return byDefault;
}

function expectSchemaOrder(result: DayImport): void {
  expect(Object.keys(result.tables)).toEqual(OA_OUTPUT_TABLES[result.pipeline]);
  for (const [table, rows] of Object.entries(result.tables)) {
    for (const row of rows ?? [])
      expect(Object.keys(row)).toEqual(columnNames(OA_TABLES[table as keyof typeof OA_TABLES]));
  }
}

const FLOW_EDGE = [
  [
    '2026-11-24 13:05:09',
    '10.0.0.1',
    '8.8.8.8',
    51000,
    53,
    'UDP',
    '.A....',
    0,
    60,
    1,
    1,
    2,
    '10.255.0.1',
    90,
    1,
    13,
    5,
  ],
  [
    '2026-11-24 13:05:20',
    '192.0.2.77',
    '10.0.0.2',
    443,
    50500,
    'TCP',
    '.AP...',
    0,
    1000,
    10,
    1,
    2,
    '10.255.0.1',
    800,
    8,
    13,
    5,
  ],
  [
    '2026-11-24 13:05:40',
    '8.8.8.8',
    '10.0.0.1',
    53,
    51000,
    'UDP',
    '.A....',
    0,
    90,
    1,
    1,
    2,
    '10.255.0.1',
    60,
    1,
    13,
    5,
  ],
  [
    '2026-11-24 13:05:50',
    '10.0.0.2',
    '192.0.2.77',
    50500,
    443,
    'TCP',
    '.AP...',
    0,
    300,
    3,
    1,
    2,
    '10.255.0.1',
    300,
    3,
    13,
    5,
  ],
  [
    '2026-11-24 14:10:00',
    '10.0.0.1',
    '203.0.113.9',
    61234,
    40000,
    'TCP',
    '.AP.SF',
    0,
    500,
    5,
    1,
    2,
    '10.255.0.1',
    400,
    4,
    14,
    10,
  ],
];
const FLOW_CHORDS = [
  ['10.0.0.1', '10.0.0.1', '203.0.113.9', 500, 5],
  ['10.0.0.1', '10.0.0.1', '8.8.8.8', 160, 3],
  ['10.0.0.1', '203.0.113.9', '10.0.0.1', 40, 1],
  ['10.0.0.1', '8.8.8.8', '10.0.0.1', 90, 1],
];
const FLOW_INGEST = [
  ['2026-11-24 09:00', 1],
  ['2026-11-24 13:05', 5],
  ['2026-11-24 13:06', 1],
  ['2026-11-24 14:10', 1],
];

const values = (rows: unknown[] | undefined): unknown[][] => (rows ?? []).map((row) => Object.values(row as object));

describe.each([
  ['flow28', false],
  ['flow28', true],
  ['flow27', false],
  ['flow27', true],
])('flow OA on %s (parquet: %s)', (name, parquet) => {
  it('builds flow_scores, flow_edge, flow_chords and flow_ingest_summary', async () => {
    const result = await run(name, 'flow', parquet);
    expectSchemaOrder(result);
    expect(result.source).toMatch(/flow\/scored_results\/20261124\/scores\/flow_results\.csv$/);
    const scores = result.tables.flow_scores!;
    // top 4 of 5 lines; rank = 0-based line index; the 5th line (score 0.001) is not read.
    expect(scores.map((r) => [r.srcip, r.dstip, r.rank, r.ml_score])).toEqual([
      ['10.0.0.1', '8.8.8.8', 0, 1.2e-7],
      ['10.0.0.1', '203.0.113.9', 1, 3e-7],
      ['192.0.2.77', '10.0.0.2', 2, 3e-7],
      ['8.8.8.8', '10.0.0.1', 3, 5.5e-6],
    ]);
    expect(scores[0]).toMatchObject({
      tstart: '2026-11-24 13:05:09',
      sport: 51000,
      dport: 53,
      proto: 'UDP',
      ipkt: 1,
      ibyt: 60,
      opkt: 1,
      obyt: 90,
    });
    // internal = inside ipranges.csv (10/8); 192.0.2.77 and 8.8.8.8 are outside every range.
    expect(scores.map((r) => [r.srcip_internal, r.dstip_internal])).toEqual([
      [1, 0],
      [1, 0],
      [0, 1],
      [0, 1],
    ]);
    // geo: "<state>;<city> <owner>" and the domain column; 203.0.113.9 and 192.0.2.77 fall in no iploc range.
    expect(scores.map((r) => [r.src_geoloc, r.dst_geoloc, r.src_domain, r.dst_domain])).toEqual([
      ['Private;LAN RFC1918', 'California;Mountain View Google LLC', 'local', 'google.com'],
      ['Private;LAN RFC1918', '', 'local', ''],
      ['', 'Private;LAN RFC1918', '', 'local'],
      ['California;Mountain View Google LLC', 'Private;LAN RFC1918', 'google.com', 'local'],
    ]);
    // Both lists' verdicts on one IP are merged (Spot 1.0's flow kept one service per IP).
    expect(scores.map((r) => [r.src_rep, r.dst_rep])).toEqual(FLOW_REPUTATION);
    expect(values(result.tables.flow_edge)).toEqual(FLOW_EDGE);
    expect(values(result.tables.flow_chords)).toEqual(FLOW_CHORDS);
    expect(values(result.tables.flow_ingest_summary)).toEqual(FLOW_INGEST);
    expect(result.explanations?.map((e) => e.rank)).toEqual([0, 1, 2, 3]);
  });
});

const FLOW_REPUTATION = [
  ['', 'intel:NON_MALICIOUS:0::local:Known resolver:1'],
  ['', 'intel:C2 server:3'],
  ['', ''],
  ['intel:NON_MALICIOUS:0::local:Known resolver:1', ''],
];

describe.each([false, true])('dns OA (parquet: %s)', (parquet) => {
  it('builds dns_scores, dns_edge, dns_dendro and dns_ingest_summary', async () => {
    const result = await run('dns', 'dns', parquet);
    expectSchemaOrder(result);
    expect(values(result.tables.dns_scores)).toEqual([
      [
        'Nov 24, 2026 13:05:09.123456000 UTC',
        1795525509,
        80,
        '10.0.0.5',
        'www.evil.co.uk',
        '0x00000001',
        1,
        0,
        1e-8,
        'evil.co.uk',
        'intel:MALICIOUS:3::local:Seen in incident 42:2',
        13,
        'Internet (IN)',
        'A',
        'NoError',
        'Alice laptop. VPN user',
      ],
      [
        'Nov 24, 2026 14:20:00.123456000 UTC',
        1795530000,
        80,
        '10.0.0.5',
        'x.bad-domain.com',
        '0x00000001',
        28,
        3,
        2e-8,
        'bad-domain.com',
        '',
        14,
        'Internet (IN)',
        'AAAA',
        'NXDomain',
        'Alice laptop. VPN user',
      ],
      // ML's null fills (unknown, -1, -1); the client is outside every context range.
      [
        'Nov 24, 2026 13:59:00.123456000 UTC',
        1795528740,
        80,
        '172.16.9.9',
        'www.evil.co.uk',
        'unknown',
        -1,
        -1,
        2e-8,
        'evil.co.uk',
        'intel:MALICIOUS:3::local:Seen in incident 42:2',
        13,
        'UNKNOWN',
        'UNKNOWN',
        'UNKNOWN',
        '',
      ],
      // Unknown type code; `a.b` has no public suffix so tld is Spot's "None".
      [
        'Nov 24, 2026 13:30:00.123456000 UTC',
        1795527000,
        80,
        '10.0.0.6',
        'a.b',
        '0x00000001',
        65280,
        0,
        4.4e-7,
        'None',
        '',
        13,
        'Internet (IN)',
        'Unknown (65280)',
        'NoError',
        'Office LAN',
      ],
    ]);
    expect(values(result.tables.dns_edge)).toEqual([
      [
        1795527000,
        80,
        '10.0.0.6',
        '10.0.0.53',
        'a.b',
        '0x00000001',
        65280,
        0,
        '10.1.1.1',
        13,
        'Internet (IN)',
        'Unknown (65280)',
        'NoError',
        'Office LAN',
      ],
      // The two suspicious www.evil.co.uk rows of hour 13 share one set of details; sub.www.evil.co.uk
      // (Spot's LIKE '%name%') and the 14:01 query (another hour) are not details.
      [
        1795525509,
        80,
        '10.0.0.5',
        '10.0.0.53',
        'www.evil.co.uk',
        '0x00000001',
        1,
        0,
        '1.2.3.4|5.6.7.8',
        13,
        'Internet (IN)',
        'A',
        'NoError',
        'Alice laptop. VPN user',
      ],
      [
        1795527600,
        80,
        '10.0.0.7',
        '10.0.0.53',
        'www.evil.co.uk',
        '0x00000001',
        1,
        0,
        '1.2.3.4',
        13,
        'Internet (IN)',
        'A',
        'NoError',
        'Office LAN',
      ],
      [1795528740, 80, '172.16.9.9', '10.0.0.53', 'www.evil.co.uk', null, null, null, null, 13, '', '', '', ''],
      // Empty answer (NXDomain).
      [
        1795530000,
        80,
        '10.0.0.5',
        '10.0.0.53',
        'x.bad-domain.com',
        '0x00000001',
        28,
        3,
        null,
        14,
        'Internet (IN)',
        'AAAA',
        'NXDomain',
        'Alice laptop. VPN user',
      ],
    ]);
    expect(values(result.tables.dns_dendro)).toEqual([
      // The two identical 09:00 www.google.com queries are one group.
      [1795510800, '142.250.1.1', 'www.google.com', '10.0.0.5'],
      [1795525509, '1.2.3.4|5.6.7.8', 'www.evil.co.uk', '10.0.0.5'],
      [1795525800, '9.9.9.9', 'sub.www.evil.co.uk', '10.0.0.5'],
      [1795530000, null, 'x.bad-domain.com', '10.0.0.5'],
      [1795527000, '10.1.1.1', 'a.b', '10.0.0.6'],
      [1795528740, null, 'www.evil.co.uk', '172.16.9.9'],
    ]);
    // The row without class/type/rcode and the one without frame_time are not counted (Spot's filter).
    expect(values(result.tables.dns_ingest_summary)).toEqual([
      ['2026-11-24 09:00', 2],
      ['2026-11-24 13:05', 1],
      ['2026-11-24 13:10', 1],
      ['2026-11-24 13:30', 1],
      ['2026-11-24 13:40', 1],
      ['2026-11-24 14:01', 1],
      ['2026-11-24 14:20', 1],
    ]);
  });
});

const UA = 'Mozilla/5.0 (X11; "quoted")';
const URI = 'evil.com/a,b"c?q=1';
describe.each([false, true])('proxy OA (parquet: %s)', (parquet) => {
  it('builds proxy_scores, proxy_edge and proxy_ingest_summary', async () => {
    const result = await run('proxy', 'proxy', parquet);
    expectSchemaOrder(result);
    const common = ['evil.com', 'GET'];
    expect(values(result.tables.proxy_scores)).toEqual([
      [
        '2026-11-24',
        '10:15:00',
        '10.0.0.5',
        ...common,
        UA,
        'text/html',
        120,
        'bob',
        'Malicious, Sites',
        'http://ref.example/?a=1,2',
        200,
        80,
        '/a,b"c',
        'q=1',
        '93.184.216.34',
        1000,
        200,
        URI,
        'word_0',
        1.5e-9,
        'intel:Phishing kit:2',
        'OK',
        'Alice laptop. VPN user',
      ],
      // Unknown HTTP code 799, uriport "-" → null, useragent "-" (ML's fill), client outside every context.
      [
        '2026-11-24',
        '11:00:00',
        '172.16.9.9',
        ...common,
        '-',
        'text/html',
        120,
        'bob',
        'Malicious, Sites',
        'http://ref.example/?a=1,2',
        799,
        null,
        '/x',
        '-',
        '93.184.216.34',
        1000,
        200,
        'evil.com/x',
        'word_4',
        2.5e-9,
        'intel:Phishing kit:2',
        'Unknown (799)',
        '',
      ],
      [
        '2026-11-24',
        '10:45:00',
        '10.0.0.5',
        ...common,
        UA,
        'text/html',
        120,
        'bob',
        'Malicious, Sites',
        'http://ref.example/?a=1,2',
        404,
        80,
        '/a,b"c',
        'q=1',
        '93.184.216.34',
        1000,
        200,
        URI,
        'word_5',
        1e-7,
        'intel:Phishing kit:2',
        'Not Found',
        'Alice laptop. VPN user',
      ],
      [
        '2026-11-24',
        '09:59:59',
        '10.0.0.8',
        'other.com',
        'GET',
        UA,
        'text/html',
        120,
        'bob',
        'Malicious, Sites',
        'http://ref.example/?a=1,2',
        200,
        80,
        '/a,b"c',
        'q=1',
        '93.184.216.34',
        1000,
        200,
        'other.com/',
        'word_7',
        0.9,
        '',
        'OK',
        'Office LAN',
      ],
    ]);
    const edge = (time: string, client: string, code: string, uri: string, hh: number, port = '80', sc = 1000) => [
      '2026-11-24',
      time,
      client,
      uri === 'other.com/' ? 'other.com' : 'evil.com',
      'Malicious, Sites',
      code,
      'GET',
      UA,
      'text/html',
      'http://ref.example/?a=1,2',
      port,
      '93.184.216.34',
      sc,
      200,
      uri,
      hh,
      code === '200' ? 'OK' : code === '404' ? 'Not Found' : `Unknown (${code})`,
    ];
    // Same fulluri + clientip + hour: 11:05 (other hour) and 10.0.0.6 (other client) are not details.
    expect(values(result.tables.proxy_edge)).toEqual([
      edge('09:59:59', '10.0.0.8', '200', 'other.com/', 9),
      edge('10:15:00', '10.0.0.5', '200', URI, 10),
      edge('10:20:00', '10.0.0.5', '200', URI, 10, '80', 1001),
      edge('10:45:00', '10.0.0.5', '404', URI, 10),
      edge('11:00:00', '172.16.9.9', '799', 'evil.com/x', 11, '-'),
    ]);
    // The row without host is not counted.
    expect(values(result.tables.proxy_ingest_summary)).toEqual([
      ['2026-11-24 09:59', 1],
      ['2026-11-24 10:15', 1],
      ['2026-11-24 10:20', 1],
      ['2026-11-24 10:30', 1],
      ['2026-11-24 10:45', 1],
      ['2026-11-24 11:00', 1],
      ['2026-11-24 11:05', 1],
    ]);
    // md5hex(clientip + fulluri) + HH, for feedback.
    expect(result.explanations?.[0]?.hash).toMatch(/^[0-9a-f]{32}10$/);
    expect(result.explanations?.[0]?.hash).toBe(result.explanations?.[2]?.hash);
  });
});

describe('detail limits', () => {
  it('keeps 250 dns_edge rows per (hour, name), 250 dendro groups per client and 250 proxy_edge rows per key', async () => {
    const dns = await fixtureDay('dns', 'dns');
    const proxy = await fixtureDay('proxy', 'proxy');
    days.push(dns, proxy);
    const dnsRows = Array.from({ length: 300 }, (_, i) =>
      [
        `"Nov 24, 2026 13:20:${String(i % 60).padStart(2, '0')}.000000000 UTC"`,
        1795526400 + (i % 60),
        90,
        `10.9.${Math.floor(i / 250)}.${i % 250}`,
        '10.0.0.53',
        'www.evil.co.uk',
        '0x00000001',
        1,
        0,
        `1.1.1.${i % 250}`,
      ].join(','),
    );
    // 300 distinct queries by suspicious client 10.0.0.6 → its dendro keeps 250.
    const clientRows = Array.from({ length: 300 }, (_, i) =>
      [
        `"Nov 24, 2026 15:00:00.000000000 UTC"`,
        1795532400 + i,
        90,
        '10.0.0.6',
        '10.0.0.53',
        `q${i}.example.com`,
        '0x00000001',
        1,
        0,
        '',
      ].join(','),
    );
    appendFileSync(
      join(rawDayDir(dns.root, 'dns', DATE), 'h=13/part-0.csv'),
      [...dnsRows, ...clientRows].join('\n') + '\n',
    );
    const proxyRows = Array.from({ length: 300 }, (_, i) =>
      [
        '2026-11-24',
        `10:${String(i % 60).padStart(2, '0')}:30`,
        '10.0.0.5',
        'evil.com',
        'GET',
        'ua',
        'text/html',
        1,
        'bob',
        '-',
        '-',
        'OBSERVED',
        'cat',
        '-',
        '200',
        'TCP_HIT',
        'http',
        '80',
        '"/a,b""c"',
        'q=1',
        '-',
        '93.184.216.34',
        i,
        1,
        '-',
        '-',
        '-',
        `"${URI.replaceAll('"', '""')}"`,
      ].join(','),
    );
    appendFileSync(join(rawDayDir(proxy.root, 'proxy', DATE), 'h=10/part-0.csv'), proxyRows.join('\n') + '\n');
    const dnsDay = await runPipeline({
      source: createLocalSource(dns.root),
      pipeline: 'dns',
      date: DATE,
      top: 4,
      enrichment,
    });
    const evil13 = dnsDay.tables.dns_edge!.filter((r) => r.dns_qry_name === 'www.evil.co.uk' && r.hh === 13);
    expect(evil13).toHaveLength(250);
    expect(dnsDay.tables.dns_dendro!.filter((r) => r.ip_dst === '10.0.0.6')).toHaveLength(250);
    const proxyDay = await runPipeline({
      source: createLocalSource(proxy.root),
      pipeline: 'proxy',
      date: DATE,
      top: 4,
      enrichment,
    });
    const uriRows = proxyDay.tables.proxy_edge!.filter((r) => r.fulluri === URI && r.clientip === '10.0.0.5');
    expect(uriRows).toHaveLength(250);
    // Ordered by time: the kept rows are the earliest of the hour.
    expect(uriRows[0]!.time).toBe('10:00:30');
  });
});

describe('runPipeline errors and control', () => {
  it('names the missing raw day folder', async () => {
    const day = await fixtureDay('flow28', 'flow');
    days.push(day);
    const source = createLocalSource(day.root);
    await expect(
      runPipeline({ source, pipeline: 'flow', date: DATE, top: 4, enrichment: enrichment }),
    ).resolves.toBeTruthy();
    mkdirSync(join(day.root, 'flow/scored_results/20261125/scores'), { recursive: true });
    writeFileSync(
      resultsPath(day.root, 'flow', '2026-11-25'),
      '2026-11-25 00:00:00\t2026\t11\t25\t0\t0\t0\t0\t1.1.1.1\t2.2.2.2\t1\t2\tTCP\t1\t1\t1\t1\t0.1\n',
    );
    const err = await runPipeline({ source, pipeline: 'flow', date: '2026-11-25', top: 4, enrichment }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toBe(
      `${rawDayDir(day.root, 'flow', '2026-11-25')}: no raw flow data for 2026-11-25 (folder missing)`,
    );
  });

  it('counts a raw CSV row whose values do not convert as rejected, naming its file, line and column', async () => {
    const day = await fixtureDay('proxy', 'proxy');
    days.push(day);
    const file = join(rawDayDir(day.root, 'proxy', DATE), 'h=10/part-0.csv');
    const badLine =
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l !== '').length + 1;
    appendFileSync(
      file,
      ['2026-11-24', '10:00:00', '10.0.0.5', 'h', 'GET', 'u', 't', 'not-a-number']
        .concat(Array.from({ length: RAW_COLUMNS.proxy.length - 8 }, () => 'x'))
        .join(',') + '\n',
    );
    const result = await runPipeline({
      source: createLocalSource(day.root),
      pipeline: 'proxy',
      date: DATE,
      top: 4,
      enrichment,
    });
    // The exact file, its physical line and the column: the analyst can open the file and fix that cell.
    expect(result.rawRows).toMatchObject({ rejected: 1 });
    const [rejected] = result.rawRows!.firstRejected;
    expect(rejected).toMatchObject({ file, line: badLine });
    expect(['duration', 'scbytes', 'csbytes']).toContain(rejected!.field);
    expect(rejected!.reason).toMatch(/Could not convert string "(not-a-number|x)"/);
    expect(result.notes?.join('\n')).toContain(`${file}, line ${badLine}, field ${rejected!.field}`);
  });

  it('names the missing column of a Parquet raw day', async () => {
    const day = await fixtureDay('dns', 'dns');
    days.push(day);
    const dir = rawDayDir(day.root, 'dns', DATE);
    const duck = await Duck.open({ memoryLimit: '256MB' });
    try {
      // A Parquet day written without dns_a.
      for (const hour of ['h=9', 'h=13']) {
        const csv = join(dir, hour, 'part-0.csv');
        await duck.run(
          `COPY (SELECT * EXCLUDE (dns_a) FROM read_csv(${sqlString(csv)}, header = true)) ` +
            `TO ${sqlString(csv.replace(/\.csv$/, '.parquet'))} (FORMAT parquet)`,
        );
        rmSync(csv);
      }
    } finally {
      duck.close();
    }
    const err = await runPipeline({
      source: createLocalSource(day.root),
      pipeline: 'dns',
      date: DATE,
      top: 4,
      enrichment,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    // Each Parquet file is checked on its own (a file of another pipeline must not pass for the day's): the first
    // file in path order is named.
    expect((err as InputError).message).toBe(
      `${join(dir, 'h=13', 'part-0.parquet')}, field dns_a: lacks the raw dns column(s) dns_a ` +
        `(another pipeline's file, or written without them)`,
    );
  });

  it('stops with CancelledError when aborted before or during the run, and reports progress in order', async () => {
    const day = await fixtureDay('flow28', 'flow');
    days.push(day);
    const source = createLocalSource(day.root);
    const early = new AbortController();
    early.abort();
    await expect(
      runPipeline({ source, pipeline: 'flow', date: DATE, top: 4, enrichment, signal: early.signal }),
    ).rejects.toBeInstanceOf(CancelledError);
    const mid = new AbortController();
    const seen: number[] = [];
    const result = runPipeline({
      source,
      pipeline: 'flow',
      date: DATE,
      top: 4,
      enrichment,
      signal: mid.signal,
      onProgress: (fraction, message) => {
        seen.push(fraction);
        if (message.includes('chords')) mid.abort();
      },
    });
    await expect(result).rejects.toBeInstanceOf(CancelledError);
    expect(seen.length).toBeGreaterThan(3);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(seen.at(-1)).toBeLessThan(1);
  });

  it('takes the ingest summary from the source when the raw day is partial', async () => {
    const day = await fixtureDay('proxy', 'proxy');
    days.push(day);
    const local = createLocalSource(day.root);
    const remote: DaySource = {
      listDates: (p) => local.listDates(p),
      openResults: (p, d) => local.openResults(p, d),
      rawDay: async (p, d, keys) => {
        expect(keys.uris).toEqual([URI, 'evil.com/x', 'other.com/']);
        expect(keys.clients).toEqual(['10.0.0.5', '172.16.9.9', '10.0.0.8']);
        return { ...(await local.rawDay(p, d, keys)), wholeDay: false };
      },
      ingestCounts: async () => [{ minute: '2026-11-24 10:15', total: 123456 }],
    };
    const result = await runPipeline({ source: remote, pipeline: 'proxy', date: DATE, top: 4, enrichment });
    expect(result.tables.proxy_ingest_summary).toEqual([{ tdate: '2026-11-24 10:15', total: 123456 }]);
    expect(result.tables.proxy_edge).toHaveLength(5);
  });

  it('rejects a non-positive top', async () => {
    const source = createLocalSource('/nonexistent');
    await expect(runPipeline({ source, pipeline: 'dns', date: DATE, top: 0, enrichment })).rejects.toThrow(
      'top must be a positive integer, got 0',
    );
  });
});

describe("the embedded scorer's named detections", () => {
  const RESULTS_NAMES = ['frame_time', 'unix_tstamp', 'frame_len', 'ip_dst', 'dns_qry_name', 'dns_qry_class'];
  /** A detections file beside the fixture's dns results: its examples are results lines 1 and 4. */
  function writeDetections(
    root: string,
    examples: string[][],
    extra: Record<string, unknown> = {},
    header: Record<string, unknown> = {},
  ): string {
    const names = [...RESULTS_NAMES, 'dns_qry_type', 'dns_qry_rcode', 'score'];
    const file = join(root, 'dns/scored_results/20261124/scores/dns_detections.json');
    const detections = [
      {
        name: 'dns_tunnelling',
        strength: 0.9,
        evidence: '40 distinct subdomains of a.b',
        keys: { domain: 'a.b', clientip: '10.0.0.6' },
        events: 40,
        examples: examples.map((fields) => Object.fromEntries(fields.map((v, i) => [names[i], v]))),
        ...extra,
      },
    ];
    writeFileSync(file, JSON.stringify({ pipeline: 'dns', date: DATE, ...header, detections }, null, 1));
    return file;
  }
  const resultsLines = (root: string): string[][] =>
    readFileSync(resultsPath(root, 'dns', DATE), 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => l.split('\t'));

  it('imports the examples outside the top N once, marks them and ranks covered rows first', async () => {
    const day = await fixtureDay('dns', 'dns');
    days.push(day);
    const lines = resultsLines(day.root);
    // Line 4 (a.b from 10.0.0.6) is outside the top 2; line 1 is inside and must not be added twice.
    writeDetections(day.root, [lines[3]!, lines[0]!, lines[3]!]);
    const result = await runPipeline({
      source: createLocalSource(day.root),
      pipeline: 'dns',
      date: DATE,
      top: 2,
      enrichment,
    });
    const scores = result.tables.dns_scores!;
    expect(scores.map((r) => r.dns_qry_name)).toEqual(['www.evil.co.uk', 'x.bad-domain.com', 'a.b']);
    expect(scores[2]).toMatchObject({ ip_dst: '10.0.0.6', ml_score: 4.4e-7, dns_qry_type: 65280 });
    // The added row is enriched and gets its details like any other suspicious row.
    expect(result.tables.dns_edge!.some((r) => r.dns_qry_name === 'a.b')).toBe(true);
    expect(result.explanations?.[2]).toMatchObject({
      line: null,
      outsideTop: 2,
      riskRank: 1,
      detections: [{ name: 'dns tunnelling', strength: 0.9 }],
    });
    // www.evil.co.uk has a malicious reputation (intel value 3): threat intel is a finding of the same strength as
    // the tunnel's, and the tie goes to Spot's order.
    expect(result.explanations?.[0]).toMatchObject({
      line: 1,
      riskRank: 0,
      findings: [{ key: 'bad_reputation|evil.co.uk', strength: 0.9 }],
    });
    expect(result.explanations?.[0]).not.toHaveProperty('outsideTop');
    expect(result.explanations?.[1]).toMatchObject({ line: 2, riskRank: 2 });
  });

  it('imports every event a finding names, identical ones included (a flood of equal rows is that many rows)', async () => {
    const day = await fixtureDay('dns', 'dns');
    days.push(day);
    const lines = resultsLines(day.root);
    const names = [...RESULTS_NAMES, 'dns_qry_type', 'dns_qry_rcode', 'score'];
    const record = (fields: string[]) => Object.fromEntries(fields.map((v, i) => [names[i], v]));
    // The scorer's format: rows listed once, named by index. Rows 0-2 are three events with equal columns outside
    // the top 2 (line 4); row 3 is line 1, already in the top 2; the second finding names row 1 again.
    const file = join(day.root, 'dns/scored_results/20261124/scores/dns_detections.json');
    const finding = { evidence: 'x', keys: { domain: 'a.b', clientip: '10.0.0.6' }, events: 3 };
    writeFileSync(
      file,
      JSON.stringify({
        pipeline: 'dns',
        date: DATE,
        detections: [
          { name: 'dns_tunnelling', strength: 0.9, ...finding, rows: [0, 1, 2, 3] },
          { name: 'query_rate', strength: 0.5, ...finding, rows: [1] },
        ],
        rows: [record(lines[3]!), record(lines[3]!), record(lines[3]!), record(lines[0]!)],
      }),
    );
    const result = await runPipeline({
      source: createLocalSource(day.root),
      pipeline: 'dns',
      date: DATE,
      top: 2,
      enrichment,
    });
    expect(result.tables.dns_scores!.map((r) => r.dns_qry_name)).toEqual([
      'www.evil.co.uk',
      'x.bad-domain.com',
      'a.b',
      'a.b',
      'a.b',
    ]);
    expect(result.explanations?.slice(2).map((e) => e.outsideTop)).toEqual([2, 2, 2]);
  });

  it('leaves out a detections file computed for another results file, and says so', async () => {
    const day = await fixtureDay('dns', 'dns');
    days.push(day);
    const lines = resultsLines(day.root);
    const hash = createHash('sha256')
      .update(readFileSync(resultsPath(day.root, 'dns', DATE)))
      .digest('hex');
    const source = createLocalSource(day.root);
    writeDetections(day.root, [lines[3]!], {}, { resultsSha256: hash });
    const current = await runPipeline({ source, pipeline: 'dns', date: DATE, top: 2, enrichment });
    expect(current.tables.dns_scores).toHaveLength(3);
    expect(current.notes).toBeUndefined();
    expect(current.findings).toMatchObject({ computed: true, origin: "the embedded scorer's dns_detections.json" });
    // The results file is replaced (e.g. copied in from the cluster): the old detections no longer apply.
    appendFileSync(resultsPath(day.root, 'dns', DATE), lines[4]!.join('\t') + '\n');
    const replaced = await runPipeline({ source, pipeline: 'dns', date: DATE, top: 2, enrichment });
    expect(replaced.tables.dns_scores).toHaveLength(2);
    expect(replaced.explanations?.every((e) => !('detections' in e))).toBe(true);
    expect(replaced.notes).toEqual([
      `${join(day.root, 'dns/scored_results/20261124/scores/dns_detections.json')} was computed for another results file; its detections are left out`,
    ]);
    expect(replaced.findings).toEqual({
      computed: false,
      why: 'dns_detections.json was computed for another results file, and this source cannot run the detectors',
    });
  });

  it('says where the findings come from, or why a day has none', async () => {
    const day = await fixtureDay('dns', 'dns');
    days.push(day);
    const file = writeDetections(
      day.root,
      [resultsLines(day.root)[3]!],
      {},
      { failedDetectors: [{ detector: 'dns/dga', error: 'out of memory' }] },
    );
    const source = createLocalSource(day.root);
    const scored = await runPipeline({ source, pipeline: 'dns', date: DATE, top: 2, enrichment });
    expect(scored.findings).toEqual({
      computed: true,
      origin: "the embedded scorer's dns_detections.json",
      findings: 1,
      detectorsRun: DETECTORS.dns.length - 1,
      detectorsAsked: DETECTORS.dns.length,
      missing: [{ detector: 'dns/dga', why: 'out of memory' }],
    });
    // Results as Spot's ML node writes them, in a local folder: no detections file, and no engine to run them.
    rmSync(file);
    const ldaOnly = await runPipeline({ source, pipeline: 'dns', date: DATE, top: 2, enrichment });
    expect(ldaOnly.findings).toEqual({
      computed: false,
      why: 'the results come without a detections file, and this source cannot run the detectors where the raw day lives',
    });
  });

  it('rejects a bad detections file naming the file and the field, before anything is built', async () => {
    const day = await fixtureDay('dns', 'dns');
    days.push(day);
    const bad = [...resultsLines(day.root)[3]!];
    bad[3] = 'not-an-ip';
    const file = writeDetections(day.root, [bad]);
    const run = () =>
      runPipeline({ source: createLocalSource(day.root), pipeline: 'dns', date: DATE, top: 2, enrichment });
    await expect(run()).rejects.toThrow(
      `${file}, field detections[0].examples[0].ip_dst: not an IP address: "not-an-ip"`,
    );
    writeDetections(day.root, [], { strength: 7 });
    await expect(run()).rejects.toThrow(`${file}, field detections[0].strength: expected a number from 0 to 1, got 7`);
  });
});
