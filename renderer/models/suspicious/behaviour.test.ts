import { describe, expect, it } from 'vitest';
import { SUSPICIOUS_COLUMNS } from './columns';
import { NO_TOPIC_MIX, dayStats, explainRow, shannon } from './explain';
import { describeFilter, filterForNode, isIp, matchesDayFilter } from './filter';
import { commandForKey, selectionAfterMove } from './keyboard';
import { rowCaption, rowEntities, toRows, withScores } from './rows';
import { hiddenCounts, quickTarget, rowsTarget, visibleRows } from './scoring';
import { sortRows } from './table';
import { flowRow, row } from './testing';

describe('day filter (Spot semantics)', () => {
  it('flow: an IP matches as source or destination, exactly', () => {
    const r = flowRow(0, '10.10.7.43', '203.0.113.77', 443, 1e-9);
    expect(matchesDayFilter('flow', r, '203.0.113.77')).toBe(true);
    expect(matchesDayFilter('flow', r, '203.0.113.7')).toBe(false);
    expect(matchesDayFilter('flow', r, null)).toBe(true);
  });
  it('dns: an IP is the client, text is contained in the query', () => {
    const r = row(0, { ip_dst: '10.10.5.120', dns_qry_name: 'A1.CloudSync-Metrics.net' });
    expect(matchesDayFilter('dns', r, '10.10.5.120')).toBe(true);
    expect(matchesDayFilter('dns', r, 'cloudsync-metrics')).toBe(true);
    expect(matchesDayFilter('dns', r, '10.10.5.12')).toBe(false);
  });
  it('proxy: an IP is the client, text is contained in the URI; nodes give their filter', () => {
    const r = row(0, { clientip: '10.10.3.88', fulluri: 'cdn-flash-updates.com/dl/x.exe' });
    expect(matchesDayFilter('proxy', r, '/dl/x.exe')).toBe(true);
    expect(matchesDayFilter('proxy', r, '10.10.3.88')).toBe(true);
    expect(isIp('2001:db8::1')).toBe(true);
    expect(isIp('abc:def')).toBe(false);
    const node = { id: 'x', kind: 'path', value: '/dl/x.exe' } as Parameters<typeof filterForNode>[0];
    expect(filterForNode(node)).toBe('/dl/x.exe');
    expect(filterForNode({ ...node, kind: 'method' })).toBeNull();
    // The proxy tree's "N more" node stands for several values: it filters nothing.
    expect(filterForNode({ ...node, kind: 'more', value: '' })).toBeNull();
    expect(describeFilter('dns', 'evil')).toBe('query contains “evil”');
  });
  it('reads every filter in the words of its pipeline', () => {
    expect(describeFilter('flow', '10.0.0.1')).toBe('IP 10.0.0.1');
    expect(describeFilter('flow', '4444')).toBe('4444');
    expect(describeFilter('dns', '10.0.0.1')).toBe('client 10.0.0.1');
    expect(describeFilter('proxy', '10.0.0.1')).toBe('client 10.0.0.1');
    expect(describeFilter('proxy', '/dl')).toBe('URI contains “/dl”');
  });
  it('flow: text looks in both IPs and both ports; IPv6 letters match in either case', () => {
    const r = flowRow(0, '2001:db8::a', '203.0.113.77', 4444, 1e-6);
    expect(matchesDayFilter('flow', r, '4444')).toBe(true);
    expect(matchesDayFilter('flow', r, '40000')).toBe(true);
    expect(matchesDayFilter('flow', r, 'DB8')).toBe(true);
    expect(matchesDayFilter('flow', r, '5555')).toBe(false);
  });
});

describe('a row in the words of its pipeline', () => {
  it('names the entities the day can be filtered by, DNS its domain or else the query', () => {
    expect(rowEntities('flow', flowRow(0, '10.0.0.1', '8.8.8.8', 53, 1))).toEqual([
      { word: 'source IP', value: '10.0.0.1' },
      { word: 'destination IP', value: '8.8.8.8' },
    ]);
    expect(rowEntities('dns', row(0, { ip_dst: '10.0.0.2', tld: 'evil.com', dns_qry_name: 'x.evil.com' }))).toEqual([
      { word: 'client', value: '10.0.0.2' },
      { word: 'domain', value: 'evil.com' },
    ]);
    expect(rowEntities('dns', row(0, { ip_dst: '10.0.0.2', tld: '', dns_qry_name: 'x.evil.com' }))[1]).toEqual({
      word: 'domain',
      value: 'x.evil.com',
    });
    expect(rowEntities('proxy', row(0, { clientip: '10.0.0.3', host: null }))).toEqual([
      { word: 'client', value: '10.0.0.3' },
      { word: 'host', value: '' },
    ]);
  });
  it('writes its caption', () => {
    expect(rowCaption('dns', row(0, { ip_dst: '10.0.0.2', dns_qry_name: 'x.evil.com' }))).toBe(
      '10.0.0.2 asked x.evil.com',
    );
  });
});

describe('keyboard triage', () => {
  it('moves with j/k and arrows within bounds, extends with Shift', () => {
    expect(commandForKey({ key: 'j' }, -1, 10)).toEqual({ type: 'move', to: 0, extend: false });
    expect(commandForKey({ key: 'ArrowDown' }, 9, 10)).toEqual({ type: 'move', to: 9, extend: false });
    expect(commandForKey({ key: 'K', shiftKey: true }, 3, 10)).toEqual({ type: 'move', to: 2, extend: true });
    expect(commandForKey({ key: 'j' }, -1, 0)).toBeNull();
    expect(selectionAfterMove(3, 5, true)).toEqual({ anchor: 3, positions: [3, 4, 5] });
    expect(selectionAfterMove(3, 1, false)).toEqual({ anchor: 1, positions: [1] });
  });
  it('maps Enter, f, Esc, 1/2/3 and ?, ignoring keys typed into fields except Esc', () => {
    expect(commandForKey({ key: 'Enter' }, 2, 10)).toEqual({ type: 'open' });
    expect(commandForKey({ key: 'Enter' }, -1, 10)).toBeNull();
    expect(commandForKey({ key: 'f' }, 0, 10)).toEqual({ type: 'focus-filter' });
    expect(commandForKey({ key: '2' }, 0, 10)).toEqual({ type: 'score', severity: 2 });
    expect(commandForKey({ key: '?' }, 0, 10)).toEqual({ type: 'help' });
    expect(commandForKey({ key: 'j', inField: true }, 0, 10)).toBeNull();
    expect(commandForKey({ key: 'Escape', inField: true }, 0, 10)).toEqual({ type: 'clear' });
    expect(commandForKey({ key: 'j', ctrlKey: true }, 0, 10)).toBeNull();
  });
});

describe('scoring from the view', () => {
  it('builds quick-scoring targets per pipeline', () => {
    expect(quickTarget('flow', ' 203.0.113.77 ')).toMatchObject({ ok: true, target: { ip: '203.0.113.77' } });
    expect(quickTarget('flow', '4444')).toMatchObject({ ok: true, target: { dport: 4444 } });
    expect(quickTarget('flow', 'evil.com')).toMatchObject({ ok: false });
    expect(quickTarget('dns', '10.10.5.120')).toMatchObject({ target: { clientIp: '10.10.5.120' } });
    expect(quickTarget('dns', 'a.evil.com')).toMatchObject({ target: { dnsQuery: 'a.evil.com' } });
    expect(quickTarget('proxy', 'h/p?q')).toMatchObject({ target: { uri: 'h/p?q' } });
    expect(quickTarget('proxy', '')).toMatchObject({ ok: false });
    // What a pipeline does not score as an IP or a port it scores as text.
    expect(quickTarget('proxy', '10.0.0.1')).toMatchObject({ target: { uri: '10.0.0.1' } });
    expect(quickTarget('dns', '443')).toMatchObject({ target: { dnsQuery: '443' } });
    expect(quickTarget('flow', '70000')).toMatchObject({
      ok: false,
      error: 'Flow quick scoring takes an IP or a destination port.',
    });
    expect(rowsTarget([5, 2, 5])).toEqual({ rows: [2, 5] });
  });

  it('hides scored and allow-listed rows unless shown, counting both', () => {
    const data = {
      columns: ['srcip'],
      rows: [['a'], ['b'], ['c']],
      explanations: [null, null, null],
      total: 3,
    };
    const rows = toRows(data, [{ rowIndex: 1, score: 3, note: 'benign', by: 'me', at: '' }]);
    expect(rows[1]).toMatchObject({ severity: 3, note: 'benign' });
    const allow = new Set([2]);
    expect(
      visibleRows(rows, { showScored: false, showAllowListed: false, allowListed: allow }).map((r) => r.index),
    ).toEqual([0]);
    expect(visibleRows(rows, { showScored: true, showAllowListed: true, allowListed: allow })).toHaveLength(3);
    expect(hiddenCounts(rows, allow)).toEqual({ scored: 1, allowListed: 1 });
    const rescored = withScores(rows, []);
    expect(rescored[1]!.severity).toBeNull();
    expect(rescored[0]).toBe(rows[0]);
  });
});

describe('why it is suspicious', () => {
  it('shows stored facts first, skipping internal keys, then derived lines labelled as such', () => {
    const rows = [
      flowRow(0, '10.10.7.43', '203.0.113.77', 443, 1e-9, { dst_rep: 'gti:High:3' }),
      flowRow(1, '10.10.7.43', '203.0.113.77', 443, 1e-8),
      flowRow(2, '10.10.4.201', '10.1.0.10', 4444, 1e-7),
    ];
    rows[0]!.explanation = {
      rank: 0,
      line: 'raw',
      word: '443_10_1',
      detections: [{ name: 'beaconing', detail: 'every 300 s' }],
    };
    const stats = dayStats('flow', rows);
    const lines = explainRow('flow', rows[0]!, stats);
    expect(lines.slice(0, 2)).toEqual([
      { text: 'Its LDA word is “443_10_1”: the model sees the event as this word.', source: 'pipeline' },
      { text: 'Detected: beaconing: every 300 s.', source: 'pipeline' },
    ]);
    const derived = lines.filter((l) => l.source === 'derived').map((l) => l.text);
    expect(derived[0]).toContain('#1 lowest of 3');
    expect(derived).toContain('Direction: an internal host talking out to an external one.');
    expect(derived).toContain("Destination port 443 appears in 2 of the day's 3 suspicious rows.");
    expect(derived).toContain('gti rates 203.0.113.77 High (3).');
    const rare = explainRow('flow', rows[2]!, stats).map((l) => l.text);
    expect(rare).toContain("Destination port 4444 appears in the only one of the day's 3 suspicious rows.");
  });

  it('says what the combined risk is, and keeps the order facts (finding keys, entity) to itself', () => {
    const rows = [flowRow(0, '10.10.7.43', '203.0.113.77', 443, 1e-9)];
    rows[0]!.explanation = {
      risk: 1.1,
      findings: [{ key: 'beaconing|10.10.7.43', strength: 1 }],
      entity: '203.0.113.77:443',
      detections: [{ name: 'beaconing', detail: 'every 300 s (strength 1.00)', strength: 1 }],
    };
    const texts = explainRow('flow', rows[0]!, dayStats('flow', rows)).map((l) => l.text);
    expect(texts[0]).toMatch(/^Combined risk 1\.10: the strongest named finding covering the row/);
    expect(texts[1]).toBe('Detected: beaconing: every 300 s (strength 1.00).');
    expect(texts.join(' ')).not.toMatch(/findings:|entity:|"key"/);
  });

  it('a scored row of a day without topic mixes says so and how to get them, instead of nothing', () => {
    const rows = [
      flowRow(0, '10.10.7.43', '203.0.113.77', 443, 1e-9),
      flowRow(1, '10.10.7.43', '203.0.113.77', 443, 2e-9),
      flowRow(2, '10.10.7.43', '203.0.113.77', 443, 3e-9),
    ];
    rows[0]!.explanation = { risk: 0.3, word: '443_TCP_9_10_4' };
    rows[1]!.explanation = {
      risk: 0.3,
      topicMix: { topicCount: 2, ends: [{ document: '10.10.7.43', word: 'w', probability: 0.1, topics: [] }] },
    };
    rows[2]!.explanation = { risk: 0.9, outsideTop: 3000 };
    const stats = dayStats('flow', rows);
    const old = explainRow('flow', rows[0]!, stats);
    expect(old).toContainEqual({ text: NO_TOPIC_MIX, source: 'missing' });
    expect(NO_TOPIC_MIX).toMatch(/scored before topic mixes existed.*Score this day again to see it/);
    // A day with mixes, and a detection's row from outside the model's list (it never has one), say nothing of it.
    expect(explainRow('flow', rows[1]!, stats).map((l) => l.text)).not.toContain(NO_TOPIC_MIX);
    expect(explainRow('flow', rows[2]!, stats).map((l) => l.text)).not.toContain(NO_TOPIC_MIX);
  });

  it('a row kept by a re-score says in a sentence why it is still listed, not as a raw key', () => {
    const rows = [flowRow(0, '10.10.7.43', '203.0.113.77', 443, 1e-9)];
    rows[0]!.explanation = {
      risk: 0,
      findings: [],
      kept: 'you scored it; the re-scored day no longer ranks it among its top rows',
    };
    const texts = explainRow('flow', rows[0]!, dayStats('flow', rows)).map((l) => l.text);
    expect(texts).toContain(
      'Kept in the list after Score this day: you scored it; the re-scored day no longer ranks it among its top rows.',
    );
    expect(texts.join(' ')).not.toMatch(/kept:/);
  });

  it('a detection example from outside the top N says so, and is not called one of the least probable', () => {
    const rows = [flowRow(0, '10.0.0.1', '10.0.0.2', 53, 1e-9), flowRow(1, '10.10.7.43', '203.0.113.77', 443, 9e-5)];
    rows[1]!.explanation = {
      rank: 1,
      line: null,
      riskRank: 0,
      detections: [{ name: 'beaconing', detail: 'every 300 s', strength: 0.9 }],
      outsideTop: 1,
    };
    const text = explainRow('flow', rows[1]!, dayStats('flow', rows)).map((l) => l.text);
    expect(text.slice(0, 2)).toEqual([
      'Detected: beaconing: every 300 s.',
      'Not among the 1 lowest LDA scores imported for the day: added because a named detection covers it.',
    ]);
    expect(text[2]).toBe(
      'Its ML score 9.00e-5 is #2 lowest of 2 suspicious rows today (outside the top by LDA): the model alone found it ordinary.',
    );
  });

  it('dns: long random labels, rare domains and NXDomain', () => {
    const name = 'q8zk3v9xw1mf7t2b0ltp4n6c.cloudsync-metrics.net';
    const r = row(0, {
      dns_qry_name: name,
      tld: 'cloudsync-metrics.net',
      dns_qry_rcode_name: 'NXDomain',
      dns_qry_type_name: 'TXT',
      ml_score: 1e-9,
    });
    const text = explainRow('dns', r, dayStats('dns', [r])).map((l) => l.text);
    expect(text.some((t) => t.startsWith('The query is long'))).toBe(true);
    expect(text.some((t) => t.startsWith('Its first label looks random'))).toBe(true);
    expect(text).toContain('The answer was NXDomain.');
    expect(shannon('aaaa')).toBe(0);
    expect(shannon('ab')).toBe(1);
  });

  it('proxy: executables and error answers', () => {
    const r = row(0, {
      host: 'cdn',
      fulluri: 'cdn/dl/x.exe',
      respcode: 404,
      respcode_name: 'Not Found',
      useragent: 'u',
      ml_score: 1,
    });
    const text = explainRow('proxy', r, dayStats('proxy', [r])).map((l) => l.text);
    expect(text).toContain('The URI fetches an executable file.');
    expect(text).toContain('The server answered 404 Not Found.');
  });
});

describe('suspicious columns', () => {
  it('rank follows Spot order, severity and reputation sort as numbers', () => {
    const rows = [
      flowRow(0, 'a', 'b', 1, 1e-9, { dst_rep: 'gti:Medium:2' }),
      flowRow(1, 'a', 'c', 1, 1e-8, { dst_rep: 'gti:High:3::fb:UNKNOWN:-1' }),
    ];
    const cols = SUSPICIOUS_COLUMNS.flow;
    expect(sortRows(rows, cols, { key: 'dst_rep:level', direction: 'desc' }).map((r) => r.index)).toEqual([1, 0]);
    expect(cols.find((c) => c.key === 'rank')!.value(rows[1]!)).toBe(2);
    // A detection's example from outside the top N has no rank among them.
    expect(cols.find((c) => c.key === 'rank')!.value({ ...rows[1]!, explanation: { outsideTop: 1 } })).toBeNull();
    for (const pipeline of ['flow', 'dns', 'proxy'] as const) {
      const keys = SUSPICIOUS_COLUMNS[pipeline].map((c) => c.key);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });
});

describe('why: the decoded flow word', () => {
  it('says what the word is, what it reads as and how many rows share it', () => {
    const r = {
      ...flowRow(0, '10.10.7.43', '203.0.113.77', 443, 1e-9),
      explanation: {
        flowWords: 'source document 443_TCP_10_9_3, destination document -1_443_TCP_10_9_3',
        decodedWord: 'port 443',
        wordShare: 1,
      },
    };
    const text = explainRow('flow', r, dayStats('flow', [r]))
      .map((l) => l.text)
      .join('\n');
    expect(text).toContain('the words source document 443_TCP_10_9_3');
    expect(text).toContain('The word reads as: port 443.');
    expect(text).toContain('No other suspicious row of the day has this word');
  });
});

describe('why: the decoded DNS word', () => {
  it('says which word the model saw, what it reads as, and that other rows share it', () => {
    const base = flowRow(0, '10.10.5.120', '10.1.0.53', 53, 1e-9);
    const r = {
      ...base,
      explanation: {
        modelWord: '0_8_1_5_15_3_16_0',
        decodedWord: 'domain: not a popular domain; query type: TXT (16); response code: NoError (0)',
        wordShare: 240,
      },
    };
    const text = explainRow('dns', r, dayStats('dns', [r]))
      .map((l) => l.text)
      .join('\n');
    expect(text).toContain('Its LDA word is “0_8_1_5_15_3_16_0”');
    expect(text).toContain(
      'The word reads as: domain: not a popular domain; query type: TXT (16); response code: NoError (0).',
    );
    expect(text).toContain('240 suspicious rows of the day share this word');
  });
});
