import { beforeEach, describe, expect, it } from 'vitest';
import type { DayImport } from '../cache/index';
import { useTestCore } from '../test-core';

const DATE = '2026-11-24';
const EMPTY_DAY = '2026-11-25';
const T0 = 1795510800; // 2026-11-24 09:00:00 UTC

function score(seconds: number, client: string, name: string, rcode = 0) {
  return {
    frame_time: 'Nov 24, 2026 09:00:00',
    unix_tstamp: T0 + seconds,
    frame_len: 120,
    ip_dst: client,
    dns_qry_name: name,
    dns_qry_class: '0x00000001',
    dns_qry_type: 1,
    dns_qry_rcode: rcode,
    ml_score: 1e-8 * (seconds + 1),
    tld: 'example.com',
    query_rep: '',
    hh: 9,
    dns_qry_class_name: 'IN',
    dns_qry_type_name: 'A',
    dns_qry_rcode_name: rcode === 3 ? 'NXDomain' : 'NoError',
    network_context: '',
  };
}
function edge(seconds: number, client: string, name: string, answers: string) {
  return {
    unix_tstamp: T0 + seconds,
    frame_len: 120,
    ip_dst: client,
    ip_src: '10.0.0.2',
    dns_qry_name: name,
    dns_qry_class: '0x00000001',
    dns_qry_type: 1,
    dns_qry_rcode: 0,
    dns_a: answers,
    hh: 9,
    dns_qry_class_name: 'IN',
    dns_qry_type_name: 'A',
    dns_qry_rcode_name: 'NoError',
    network_context: '',
  };
}

const day: DayImport = {
  pipeline: 'dns',
  date: DATE,
  source: 'test',
  tables: {
    dns_scores: [
      score(1, '10.10.5.120', 'a.example.com'), // 0: in dns_edge, two answers (one repeated)
      score(2, '10.10.5.121', 'a.example.com'), // 1: same query, another client: its own answer only
      score(3, '10.10.5.120', 'b.example.com'), // 2: only dns_dendro kept it
      score(4, '10.10.5.120', 'nx.example.com', 3), // 3: the event is kept, the server answered nothing
      score(5, '10.10.5.122', 'lost.example.com'), // 4: no raw event kept (past Spot's 250 per key)
    ],
    dns_edge: [
      edge(1, '10.10.5.120', 'a.example.com', '93.184.216.34|93.184.216.35'),
      edge(1, '10.10.5.120', 'a.example.com', '93.184.216.34'),
      edge(2, '10.10.5.121', 'a.example.com', '198.51.100.7'),
      edge(9, '10.10.5.120', 'a.example.com', '203.0.113.1'), // another second: not row 0's event
      edge(4, '10.10.5.120', 'nx.example.com', ''),
    ],
    dns_dendro: [
      { unix_tstamp: T0 + 3, dns_a: '192.0.2.10', dns_qry_name: 'b.example.com', ip_dst: '10.10.5.120' },
      { unix_tstamp: T0 + 3, dns_a: '192.0.2.10', dns_qry_name: 'b.example.com', ip_dst: '10.10.9.9' },
    ],
    dns_ingest_summary: [],
  },
};

const t = useTestCore({ per: 'test', prefix: 'spot-desk-answers-' });
beforeEach(() => {
  t.core.cache.write.replaceDay(day);
  t.core.cache.write.replaceDay({
    pipeline: 'dns',
    date: EMPTY_DAY,
    source: 'test',
    tables: { dns_scores: [score(1, '10.10.5.120', 'a.example.com')], dns_ingest_summary: [] },
  });
});

describe('dns.answers', () => {
  it('answers each asked row from its own raw event (exact time, client and query), deduplicated', async () => {
    const out = await t.core.handlers['dns.answers']({ date: DATE, rows: [4, 0, 1, 2, 3] });
    expect(out).toEqual({
      hasData: true,
      rows: [
        { row: 0, answers: ['93.184.216.34', '93.184.216.35'] },
        { row: 1, answers: ['198.51.100.7'] },
        { row: 2, answers: ['192.0.2.10'] },
        { row: 3, answers: [] },
        { row: 4, answers: null },
      ],
    });
  });

  it('returns only the asked rows, and nothing for indexes past the end', async () => {
    const out = await t.core.handlers['dns.answers']({ date: DATE, rows: [2, 2, 99] });
    expect(out.rows).toEqual([{ row: 2, answers: ['192.0.2.10'] }]);
  });

  it('says when the day kept no answers data at all', async () => {
    const out = await t.core.handlers['dns.answers']({ date: EMPTY_DAY, rows: [0] });
    expect(out).toEqual({ hasData: false, rows: [{ row: 0, answers: null }] });
  });

  it('is validated at the door: a day not cached, a negative index, too many rows', async () => {
    expect(await t.dispatch('dns.answers', { date: '2026-11-23', rows: [0] })).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'dns 2026-11-23 is not cached' },
    });
    const negative = await t.dispatch('dns.answers', { date: DATE, rows: [-1] });
    expect(negative.ok).toBe(false);
    if (!negative.ok) expect(negative.error.code).toBe('bad-request');
    const many = await t.dispatch('dns.answers', {
      date: DATE,
      rows: Array.from({ length: 2001 }, (_, i) => i),
    });
    expect(many.ok).toBe(false);
  });
});
