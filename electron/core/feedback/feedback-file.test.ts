import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FEEDBACK_COLUMNS, OA_TABLES, columnNames, type Pipeline } from '../../../shared/schema';
import type { OaRow } from '../cache/types';
import { InputError } from '../errors';
import { parseFeedback } from '../ml/feedback';
import { rowKey } from './rules';
import {
  buildFeedbackFile,
  feedbackEntriesFromScores,
  feedbackWindow,
  mergeFeedbackDays,
  readFeedbackFileAsSpotMl,
  type FeedbackEntry,
} from './feedback-file';

const flowRow: OaRow = {
  tstart: '2016-07-08 13:42:07',
  srcip: '10.0.0.1',
  dstip: '8.8.8.8',
  sport: 5353,
  dport: 53,
  proto: 'UDP',
  ipkt: 3,
  ibyt: 300,
  opkt: 0,
  obyt: 0,
  ml_score: 1.2e-7,
  rank: 0,
  srcip_internal: 1,
  dstip_internal: 0,
  src_geoloc: '',
  dst_geoloc: 'US;Mountain View',
  src_domain: '',
  dst_domain: 'google',
  src_rep: '',
  dst_rep: 'gti:MINIMAL',
};

const dnsRow: OaRow = {
  frame_time: 'Jul  8, 2016 13:42:07.123456000 UTC',
  unix_tstamp: 1467985327,
  frame_len: 120,
  ip_dst: '10.0.0.5',
  dns_qry_name: 'evil.example.com',
  dns_qry_class: '0x00000001',
  dns_qry_type: 1,
  dns_qry_rcode: 0,
  ml_score: 3.5e-9,
  tld: 'example.com',
  query_rep: '',
  hh: 13,
  dns_qry_class_name: 'IN',
  dns_qry_type_name: 'A',
  dns_qry_rcode_name: 'NoError',
  network_context: '',
};

const proxyRow: OaRow = {
  tdate: '2016-07-08',
  time: '09:04:05',
  clientip: '10.0.0.1',
  host: 'a.com',
  reqmethod: 'GET',
  useragent: 'Mozilla/5.0 (X11; Linux x86_64)\tEvil, Inc',
  resconttype: 'text/html',
  duration: 12,
  username: '-',
  webcat: 'Tech',
  referer: '-',
  respcode: 200,
  uriport: 80,
  uripath: '/x',
  uriquery: 'q=é',
  serverip: '93.184.216.34',
  scbytes: 1000,
  csbytes: 200,
  fulluri: 'http://a.com/x?q=é',
  word: '1_2_3',
  ml_score: 1e-6,
  uri_rep: 'gti:HIGH',
  respcode_name: 'OK',
  network_context: '',
};

function dataLines(text: string): string[][] {
  return text
    .split('\n')
    .slice(1, -1)
    .map((l) => l.split('\t'));
}

describe('buildFeedbackFile', () => {
  it('flow: TAB, one header, 9 columns, ipkt/ibyt not swapped, proto at 8', () => {
    const text = buildFeedbackFile('flow', [{ score: 3, row: flowRow }]);
    expect(text).toBe(
      'sev\ttstart\tsrcIP\tdstIP\tsport\tdport\tipkt\tibyt\tproto\n' +
        '3\t2016-07-08 13:42:07\t10.0.0.1\t8.8.8.8\t5353\t53\t3\t300\tUDP\n',
    );
  });

  it('writes every score (1, 2, 3) and keeps the latest per row', () => {
    const other = { ...flowRow, srcip: '10.0.0.2' };
    const text = buildFeedbackFile('flow', [
      { score: 3, row: flowRow },
      { score: 1, row: other },
      { score: 2, row: { ...flowRow, ml_score: 0.1 } }, // same event, re-scored later
    ]);
    const rows = dataLines(text);
    expect(rows.map((r) => [r[0], r[2]])).toEqual([
      ['2', '10.0.0.1'],
      ['1', '10.0.0.2'],
    ]);
    expect(text.split('\n').filter((l) => l.startsWith('sev\t'))).toHaveLength(1);
  });

  it('dns: 18 columns; ip_sev and dns_sev follow how the row was matched', () => {
    const text = buildFeedbackFile('dns', [{ score: 3, row: dnsRow, matchedBy: 'ip' }]);
    const [header, line] = text.split('\n');
    expect(header).toBe(columnNames(FEEDBACK_COLUMNS.dns).join('\t'));
    const cells = line!.split('\t');
    expect(cells).toHaveLength(18);
    expect([cells[0], cells[2], cells[3], cells[7], cells[11], cells[12], cells[17]]).toEqual([
      'Jul  8, 2016 13:42:07.123456000 UTC',
      '10.0.0.5',
      'evil.example.com',
      '3.5e-9',
      '3',
      '0',
      '1467985327',
    ]);
    const byQuery = dataLines(buildFeedbackFile('dns', [{ score: 3, row: dnsRow, matchedBy: 'query' }]))[0]!;
    expect([byQuery[11], byQuery[12]]).toEqual(['0', '3']);
    const both = dataLines(buildFeedbackFile('dns', [{ score: 2, row: dnsRow }]))[0]!;
    expect([both[11], both[12]]).toEqual(['2', '2']);
    const ipCounts = dataLines(
      buildFeedbackFile('dns', [{ score: 3, row: dnsRow, matchedBy: 'ip' }], { ipScoresCountForMl: true }),
    )[0]!;
    expect([ipCounts[11], ipCounts[12]]).toEqual(['3', '3']);
  });

  it('dns: an IP judgement and a query judgement of the same row are both kept', () => {
    const cells = dataLines(
      buildFeedbackFile('dns', [
        { score: 1, row: dnsRow, matchedBy: 'query' },
        { score: 3, row: dnsRow, matchedBy: 'ip' },
      ]),
    )[0]!;
    expect([cells[11], cells[12]]).toEqual(['3', '1']);
  });

  it('proxy: 26 columns, uri_sev at 22, hash = md5hex(clientip+fulluri)+HH, tabs in values become spaces', () => {
    const text = buildFeedbackFile('proxy', [{ score: 3, row: proxyRow }]);
    const cells = dataLines(text)[0]!;
    expect(cells).toHaveLength(26);
    expect(cells[5]).toBe('Mozilla/5.0 (X11; Linux x86_64) Evil, Inc');
    expect(cells[18]).toBe('http://a.com/x?q=é');
    expect([cells[20], cells[21], cells[22], cells[23], cells[24]]).toEqual(['0.000001', 'gti:HIGH', '3', 'OK', '']);
    // md5 computed independently (Python hashlib) of the UTF-8 bytes of "10.0.0.1http://a.com/x?q=é"
    expect(cells[25]).toBe('caeaaaff2ab9fdb637320a46b3040735' + '09');
  });

  it('writes only the header for no entries and rejects a bad score', () => {
    expect(buildFeedbackFile('proxy', [])).toBe(columnNames(FEEDBACK_COLUMNS.proxy).join('\t') + '\n');
    expect(() => buildFeedbackFile('flow', [{ score: 4 as 3, row: flowRow }])).toThrow(/1, 2 or 3/);
  });
});

describe('read back with spot-ml rules', () => {
  it('keeps only severity 3 and finds every column where spot-ml looks', () => {
    const flowText = buildFeedbackFile('flow', [
      { score: 3, row: flowRow },
      { score: 1, row: { ...flowRow, srcip: '10.9.9.9' } },
    ]);
    const flow = readFeedbackFileAsSpotMl('flow', flowText);
    expect(flow).toHaveLength(1);
    expect(flow[0]!.fields.slice(1, 8)).toEqual([
      '2016-07-08 13:42:07',
      '10.0.0.1',
      '8.8.8.8',
      '5353',
      '53',
      '3',
      '300',
    ]);

    const dns = readFeedbackFileAsSpotMl('dns', buildFeedbackFile('dns', [{ score: 3, row: dnsRow, matchedBy: 'ip' }]));
    expect(dns).toHaveLength(0); // IP-only score: dns_sev 0, as in Spot
    const dns2 = readFeedbackFileAsSpotMl('dns', buildFeedbackFile('dns', [{ score: 3, row: dnsRow }]));
    expect(dns2[0]!.fields[17]).toBe('1467985327');

    const proxy = readFeedbackFileAsSpotMl('proxy', buildFeedbackFile('proxy', [{ score: 3, row: proxyRow }]));
    expect(proxy[0]!.fields[18]).toBe(proxyRow.fulluri);
    expect(proxy[0]!.fields[11]).toBe('200');
  });

  it("shows why Spot 1.0's comma file is unusable: spot-ml fails on the first data line", () => {
    const spot10 = 'sev,tstart,sip,dip,sport,dport,ipkt,ibyt\n3,2016-07-08 13:42:07,10.0.0.1,8.8.8.8,5353,53,300,3\n';
    expect(() => readFeedbackFileAsSpotMl('flow', spot10)).toThrow(InputError);
    expect(() => readFeedbackFileAsSpotMl('flow', spot10)).toThrow(/line 2, field 0: severity .* not an integer/);
  });

  it('property: any rows, any text in cells — every line has the right column count and spot-ml keeps exactly the distinct score-3 rows', () => {
    const cellText = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\t', '\n', '\r', ',', '"', 'é', '1') });
    for (const pipeline of ['flow', 'dns', 'proxy'] as Pipeline[]) {
      const table = OA_TABLES[`${pipeline}_scores` as const];
      // proxy_scores.time is a time of day (the hash takes its hour)
      const timeArb = fc
        .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
        .map(([h, m]) => `${h}:${String(m).padStart(2, '0')}:00`);
      const rowArb = fc.record(
        Object.fromEntries(
          table.map((c) => [
            c.name,
            c.name === 'time' ? timeArb : c.type === 'string' ? cellText : fc.integer({ min: 0, max: 99 }),
          ]),
        ),
      ) as fc.Arbitrary<OaRow>;
      fc.assert(
        fc.property(
          fc.array(fc.record({ score: fc.constantFrom<1 | 2 | 3>(1, 2, 3), row: rowArb }), { maxLength: 12 }),
          (entries: FeedbackEntry[]) => {
            const text = buildFeedbackFile(pipeline, entries);
            const lines = text.split('\n');
            expect(lines.pop()).toBe('');
            for (const line of lines) expect(line.split('\t')).toHaveLength(FEEDBACK_COLUMNS[pipeline].length);
            // latest score per distinct row (by its event columns) decides
            const latest = new Map<string, number>();
            for (const e of entries) latest.set(rowKey(pipeline, e.row), e.score);
            const expected = [...latest.values()].filter((s) => s === 3).length;
            const kept = readFeedbackFileAsSpotMl(pipeline, text);
            expect(kept).toHaveLength(expected);
          },
        ),
        { numRuns: 150 },
      );
    }
  });
});

describe("read back with Spot Desk's own ML reader (electron/core/ml/feedback.ts)", () => {
  it('turns every score-3 row into the training record of the original row', () => {
    const flow = parseFeedback(buildFeedbackFile('flow', [{ score: 3, row: flowRow }]), 'flow', 'f');
    expect(flow.benign).toEqual([
      {
        pipeline: 'flow',
        record: {
          hour: 13,
          minute: 42,
          second: 7,
          sip: '10.0.0.1',
          dip: '8.8.8.8',
          sport: 5353,
          dport: 53,
          ipkt: 3,
          ibyt: 300,
          proto: 'UDP',
        },
      },
    ]);
    const dns = parseFeedback(buildFeedbackFile('dns', [{ score: 3, row: dnsRow, matchedBy: 'query' }]), 'dns', 'd');
    expect(dns.benign[0]!.record).toMatchObject({
      ipDst: '10.0.0.5',
      queryName: 'evil.example.com',
      unixTstamp: 1467985327,
      frameLen: 120,
    });
    const proxy = parseFeedback(
      buildFeedbackFile('proxy', [
        { score: 3, row: proxyRow },
        { score: 1, row: { ...proxyRow, time: '10:00:00' } },
      ]),
      'proxy',
      'p',
    );
    expect(proxy.lines).toBe(2);
    expect(proxy.benign.map((b) => b.record)).toEqual([
      expect.objectContaining({
        pTime: '09:04:05',
        fulluri: 'http://a.com/x?q=é',
        respcode: '200',
        useragent: 'Mozilla/5.0 (X11; Linux x86_64) Evil, Inc',
      }),
    ]);
  });
});

describe('feedbackEntriesFromScores', () => {
  it("applies each logged score with Spot's matching rules, oldest first", () => {
    const rows = [dnsRow, { ...dnsRow, ip_dst: '10.0.0.9' }, { ...dnsRow, dns_qry_name: 'ok.example.com' }];
    const entries = feedbackEntriesFromScores(
      'dns',
      [
        { criteria: { dnsQuery: 'evil.example.com' }, score: 1 },
        { criteria: { clientIp: '10.0.0.5' }, score: 3 },
      ],
      rows,
    );
    expect(entries.map((e) => [rows.indexOf(e.row), e.score, e.matchedBy])).toEqual([
      [0, 1, 'query'],
      [1, 1, 'query'],
      [0, 3, 'ip'],
      [2, 3, 'ip'],
    ]);
    const cells = dataLines(buildFeedbackFile('dns', entries)).map((c) => [c[2], c[3], c[11], c[12]]);
    expect(cells).toEqual([
      ['10.0.0.5', 'evil.example.com', '3', '1'],
      ['10.0.0.9', 'evil.example.com', '0', '1'],
      ['10.0.0.5', 'ok.example.com', '3', '0'],
    ]);
  });
});

describe('feedback of the last K days', () => {
  it('window is the day and the K days before it', () => {
    expect(feedbackWindow('2016-03-01', 0)).toEqual(['2016-03-01']);
    expect(feedbackWindow('2016-03-01', 2)).toEqual(['2016-02-28', '2016-02-29', '2016-03-01']);
    expect(() => feedbackWindow('2016-03-01', -1)).toThrow();
  });

  it('merges the days in the window oldest first, so the dedupe keeps the latest judgement', () => {
    const a = { ...flowRow, srcip: '10.0.0.10' };
    const perDay = [
      { date: '2016-07-08', entries: [{ score: 1 as const, row: a }] },
      {
        date: '2016-07-06',
        entries: [
          { score: 3 as const, row: a },
          { score: 3 as const, row: flowRow },
        ],
      },
      { date: '2016-07-01', entries: [{ score: 3 as const, row: { ...flowRow, srcip: 'old' } }] },
    ];
    const merged = mergeFeedbackDays('2016-07-08', 3, perDay);
    const rows = dataLines(buildFeedbackFile('flow', merged));
    expect(rows.map((r) => [r[0], r[2]])).toEqual([
      ['1', '10.0.0.10'],
      ['3', '10.0.0.1'],
    ]);
    expect(mergeFeedbackDays('2016-07-08', 0, perDay)).toHaveLength(1);
  });
});
