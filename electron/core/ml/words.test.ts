import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractDomain, splitDomain } from './domain';
import {
  bin,
  ceilLog2,
  dnsHour,
  dnsWord,
  ENTROPY_CUTS,
  entropy,
  flowWordKey,
  flowWords,
  log2i,
  proxyHour,
  proxyWord,
  proxyWordHead,
  WORD_ERROR,
} from './words';

describe('numeric helpers', () => {
  it('log2i truncates and maps 0 and 1 to 0', () => {
    expect([0, 1, 2, 3, 7, 8, 9, 213, 1024].map(log2i)).toEqual([0, 0, 1, 1, 2, 3, 3, 7, 10]);
  });
  it('ceilLog2 of x+1 bins bytes and packets', () => {
    expect(ceilLog2(223)).toBe(8);
    expect(ceilLog2(4)).toBe(2);
    expect(ceilLog2(1)).toBe(0);
  });
  it('bin picks the first cut ≥ value', () => {
    expect(bin(0, ENTROPY_CUTS)).toBe(0);
    expect(bin(1.0, ENTROPY_CUTS)).toBe(4);
    expect(bin(99, ENTROPY_CUTS)).toBe(19);
  });
  it('entropy is Shannon entropy in bits', () => {
    expect(entropy('')).toBe(0);
    expect(entropy('aaaa')).toBe(0);
    expect(entropy('ab')).toBeCloseTo(1, 12);
    expect(entropy('abcdefgh')).toBeCloseTo(3, 12);
  });
  it('entropy gives the same double as the per-call Map it replaced (terms summed in first-occurrence order)', () => {
    const mapEntropy = (s: string): number => {
      if (s.length === 0) return 0;
      const counts = new Map<number, number>();
      for (let i = 0; i < s.length; i++) counts.set(s.charCodeAt(i), (counts.get(s.charCodeAt(i)) ?? 0) + 1);
      let h = 0;
      for (const n of counts.values()) h += (-(n / s.length) * Math.log10(n / s.length)) / Math.log10(2);
      return h;
    };
    const text = fc.oneof(fc.string({ maxLength: 600 }), fc.string({ unit: 'binary', maxLength: 2000 }));
    fc.assert(
      fc.property(text, (s) => Object.is(entropy(s), mapEntropy(s))),
      { numRuns: 2000 },
    );
    const long = 'x'.repeat(70_000) + 'yz'.repeat(40_000);
    expect(entropy(long)).toBe(mapEntropy(long));
  });
});

describe('flow words (FlowWordCreator test vector)', () => {
  const base = { hour: 12, proto: 'UDP', ibyt: 222, ipkt: 3 };
  it('keeps the low port; the side that used it gets -1_', () => {
    expect(flowWords({ ...base, sport: 2132, dport: 23 })).toEqual({ src: '23_UDP_12_8_2', dst: '-1_23_UDP_12_8_2' });
    expect(flowWords({ ...base, sport: 23, dport: 2132 })).toEqual({ src: '-1_23_UDP_12_8_2', dst: '23_UDP_12_8_2' });
  });
  it('covers every port case (hand-worked rows)', () => {
    const w = (sport: number, dport: number) => flowWords({ hour: 3, proto: 'TCP', ibyt: 0, ipkt: 1, sport, dport });
    expect(w(0, 0)).toEqual({ src: '0_TCP_3_0_1', dst: '0_TCP_3_0_1' });
    expect(w(5000, 0)).toEqual({ src: '-1_5000_TCP_3_0_1', dst: '5000_TCP_3_0_1' });
    expect(w(0, 443)).toEqual({ src: '443_TCP_3_0_1', dst: '-1_443_TCP_3_0_1' });
    expect(w(53, 1024)).toEqual({ src: '111111_TCP_3_0_1', dst: '111111_TCP_3_0_1' });
    expect(w(40000, 50000)).toEqual({ src: '333333_TCP_3_0_1', dst: '333333_TCP_3_0_1' });
    // 1 MB in 700 packets: ceil(log2(1048577)) = 21, ceil(log2(701)) = 10
    expect(flowWords({ hour: 23, proto: 'TCP', ibyt: 1048576, ipkt: 700, sport: 51000, dport: 443 }).src).toBe(
      '443_TCP_23_21_10',
    );
  });
});

describe('DNS words (DNSWordCreationTest vector)', () => {
  const ctx = { topDomains: new Set(['google', 'youtube']), userDomain: 'apache' };
  it('builds 2_7_11_2_10_1_1_0 for abcdefg.apache.com', () => {
    const word = dnsWord(
      {
        frameTime: 'May  12 2015 11:32:45.543421000 UTC',
        frameLen: 213,
        queryName: 'abcdefg.apache.com',
        queryType: 1,
        queryRcode: 0,
      },
      ctx,
    );
    expect(word).toBe('2_7_11_2_10_1_1_0');
  });
  it('hand-worked rows: top domain, no domain, reverse lookups, comma dates', () => {
    const row = (queryName: string, frameTime = 'Jan  4, 2017 04:41:06.337519000 UTC') =>
      dnsWord({ frameTime, frameLen: 90, queryName, queryType: 28, queryRcode: 3 }, ctx);
    // www.google.co.uk: strip uk, then co is not a generic TLD → domain "co", subdomain www.google
    expect(row('www.google.co.uk')).toBe(`0_6_4_3_${bin(entropy('www.google'), ENTROPY_CUTS)}_2_28_3`);
    expect(row('mail.google.com')).toBe(`1_6_4_2_${bin(entropy('mail'), ENTROPY_CUTS)}_1_28_3`);
    expect(row('google.com')).toBe('1_6_4_0_0_1_28_3');
    expect(row('4.3.2.1.in-addr.arpa')).toBe('0_6_4_0_0_2_28_3');
    expect(row('localhost')).toBe('0_6_4_0_0_0_28_3');
    expect(dnsHour('garbage')).toBeNaN();
    expect(row('x.com', 'garbage')).toBe(WORD_ERROR);
  });
  it('gives the same word for a name seen before (the split is remembered per name, the context is not)', () => {
    const row = (queryName: string, c: typeof ctx) =>
      dnsWord(
        { frameTime: 'May  12 2015 11:32:45.543421000 UTC', frameLen: 213, queryName, queryType: 1, queryRcode: 0 },
        c,
      );
    const first = ['abcdefg.apache.com', 'mail.google.com', 'a.b.c.example.org'].map((n) => row(n, ctx));
    expect(['abcdefg.apache.com', 'mail.google.com', 'a.b.c.example.org'].map((n) => row(n, ctx))).toEqual(first);
    expect(first[0]).toBe('2_7_11_2_10_1_1_0');
    // Another user domain changes the class of the same, already seen name.
    expect(row('abcdefg.apache.com', { ...ctx, userDomain: 'intel' })).toBe('0_7_11_2_10_1_1_0');
  });
});

describe('domain processor', () => {
  it('strips a country code then a generic TLD', () => {
    expect(splitDomain('a.b.example.com.au')).toMatchObject({ domain: 'example', subdomain: 'a.b', numParts: 5 });
    expect(extractDomain('maw.bronto.com')).toBe('bronto');
    expect(extractDomain('intel.com')).toBe('intel');
    expect(extractDomain('example.xyz')).toBe('None');
    expect(splitDomain('com')).toMatchObject({ domain: 'None', numParts: 1 });
    // Java split drops trailing empty labels: "a.b.com." has three parts
    expect(splitDomain('a.b.com.')).toMatchObject({ domain: 'b', subdomain: 'a', numParts: 3 });
  });
});

describe('proxy words (ProxyWordCreationTest vectors)', () => {
  const ctx = { topDomains: new Set(['bronto']), safeDomains: new Set(['intel']) };
  // Ten rows of the Scala test: nine share the Safari agent, one uses Mozilla.
  const rows = [
    ['intel.com', '00:57:36', 'PUT', 'Mozilla/5.0', 'text/plain', '202', 'ab'],
    ['maw.bronto.com', '01:57:36', 'PUT', 'Safari/537.36', 'image', '202', 'abc'],
    ['maw.bronto.com', '02:57:36', 'PUT', 'Safari/537.36', 'image', '304', 'abcd'],
    ['maw.bronto.com', '03:57:36', 'PUT', 'Safari/537.36', 'binary', '304', 'abcde'],
    ['maw.bronto.com', '10:57:36', 'PUT', 'Safari/537.36', 'binary', '206', 'abcdef'],
    ['maw.bronto.com', '11:57:36', 'GET', 'Safari/537.36', 'binary', '206', 'abcdefghijklmnopqrstuvwxyz'],
    ['maw.bronto.com', '13:57:36', 'GET', 'Safari/537.36', 'text/plain', '200', 'aaa'],
    ['maw.bronto.com', '14:57:36', 'GET', 'Safari/537.36', 'text/plain', '200', 'aaabbb'],
    ['maw.bronto.com', '22:57:36', 'GET', 'Safari/537.36', 'text/plain', '302', 'aaaaaaaaaaabbbbbbbbbbbccccccccccc'],
    [
      'maw.bronto.com',
      '23:57:36',
      'GET',
      'Safari/537.36',
      'text/plain',
      '302',
      'maw.bronto.com/sites/c37i4q22szvir8ga3m8mtxaft7gwnm5fio8hfxo35mu81absi1/carts/4b3a313d-50f6-4117-8ffd-4e804fd354ef/fiddle',
    ],
  ] as const;
  it('reproduces all ten published words', () => {
    const agentCounts = new Map<string, number>();
    for (const r of rows) agentCounts.set(r[3], (agentCounts.get(r[3]) ?? 0) + 1);
    const words = rows.map(([host, pTime, reqMethod, ua, contentType, respCode, fullUri]) =>
      proxyWord(
        { host, pTime, reqMethod, fullUri, contentType, userAgentCount: agentCounts.get(ua) ?? 0, respCode },
        ctx,
      ),
    );
    expect(words).toEqual([
      '2_0_PUT_4_text_0_1_202',
      '1_1_PUT_6_image_3_1_202',
      '1_2_PUT_7_image_3_2_304',
      '1_3_PUT_8_binary_3_2_304',
      '1_10_PUT_9_binary_3_2_206',
      '1_11_GET_16_binary_3_4_206',
      '1_13_GET_0_text_3_1_200',
      '1_14_GET_4_text_3_2_200',
      '1_22_GET_6_text_3_5_302',
      '1_23_GET_17_text_3_6_302',
    ]);
  });
  it('null response code and bad time', () => {
    const e = { host: 'x.org', pTime: '7:00:00', reqMethod: 'GET', fullUri: 'x.org/', contentType: '-' };
    expect(proxyWord({ ...e, userAgentCount: 1, respCode: null }, ctx)).toBe(
      `0_7_GET_${bin(entropy('x.org/'), ENTROPY_CUTS)}_-_0_2_unknown_response_code`,
    );
    expect(proxyWord({ ...e, pTime: 'noon', userAgentCount: 1, respCode: '200' }, ctx)).toBe(WORD_ERROR);
  });
});

describe('proxy word parts without per-row splits and regexes', () => {
  const ctx = { topDomains: new Set(['google']), safeDomains: new Set(['intel']), userDomain: '' };
  it('reads the hour and the content-type class as split() did (Java semantics)', () => {
    const splitHour = (t: string): number => {
      const h = t.split(':')[0] ?? '';
      return /^[+-]?\d+$/.test(h) ? Number.parseInt(h, 10) : NaN;
    };
    for (const t of ['13:05:09', '7', ':10', '', '+3:00', 'x:1', '01:'])
      expect(Object.is(proxyHour(t), splitHour(t))).toBe(true);
    const splitClass = (c: string): string => (/^\/+$/.test(c) ? 'unknown_content_type' : (c.split('/')[0] ?? ''));
    const head = (contentType: string, host = 'www.google.com') =>
      proxyWordHead({ host, pTime: '10:00:00', reqMethod: 'GET', fullUri: 'a/b', contentType }, ctx);
    for (const c of ['text/html', '/', '//', '', '-', '/x', 'a//', 'image/png;q=1', '///a'])
      expect(head(c).split('_').slice(4).join('_')).toBe(splitClass(c));
    // The domain class, remembered per host, is the same on every call.
    expect([head('-'), head('-'), head('-', 'a.intel.com'), head('-', 'a.intel.com')].map((w) => w[0])).toEqual([
      '1',
      '1',
      '2',
      '2',
    ]);
  });
});

describe('flowWordKey', () => {
  it('maps inputs with equal keys to equal words (property)', async () => {
    const fc = await import('fast-check');
    const port = fc.oneof(fc.constantFrom(0, 1, 53, 443, 1024, 1025, 8080, 65535), fc.integer({ min: 0, max: 65535 }));
    const flow = fc.record({
      sport: port,
      dport: port,
      proto: fc.constantFrom('TCP', 'UDP', 'ICMP'),
      hour: fc.integer({ min: 0, max: 23 }),
      ibyt: fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 2 ** 40 })),
      ipkt: fc.integer({ min: 0, max: 100000 }),
    });
    const protoId = (p: string) => ['TCP', 'UDP', 'ICMP'].indexOf(p);
    fc.assert(
      fc.property(flow, flow, (a, b) => {
        const ka = flowWordKey(a.sport, a.dport, protoId(a.proto), a.hour, a.ibyt, a.ipkt);
        const kb = flowWordKey(b.sport, b.dport, protoId(b.proto), b.hour, b.ibyt, b.ipkt);
        const same = JSON.stringify(flowWords(a)) === JSON.stringify(flowWords(b));
        return (ka === kb) === same;
      }),
      { numRuns: 5000 },
    );
    // Pairs sharing a key by construction: ephemeral ports differ, words do not.
    const base = { proto: 'TCP', hour: 9, ibyt: 900, ipkt: 7 };
    expect(flowWordKey(40000, 443, 0, 9, 900, 7)).toBe(flowWordKey(51234, 443, 0, 9, 900, 7));
    expect(flowWords({ ...base, sport: 40000, dport: 443 })).toEqual(flowWords({ ...base, sport: 51234, dport: 443 }));
  });
});
