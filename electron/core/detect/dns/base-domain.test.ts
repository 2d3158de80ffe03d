import { getDomain, getPublicSuffix } from 'tldts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Duck, sqlString } from '../../pipeline/duck';
import { MULTI_LABEL_SUFFIXES, baseDomainSql, subdomainSql } from './base-domain';

let duck: Duck;
beforeAll(async () => {
  duck = await Duck.open({ memoryLimit: '256MB', threads: 1 });
});
afterAll(() => duck.close());

async function split(names: readonly string[]): Promise<{ base: string; sub: string }[]> {
  const values = names.map((n, i) => `(${i}, ${sqlString(n)})`).join(', ');
  const rows = await duck.all(
    `WITH n(i, q) AS (VALUES ${values}), b AS (SELECT i, q, ${baseDomainSql('q')} AS base FROM n)
     SELECT base, ${subdomainSql('q', 'base')} AS sub FROM b ORDER BY i`,
  );
  return rows.map((r) => ({ base: String(r.base), sub: String(r.sub) }));
}

const ORDINARY = [
  'a.b.example.co.uk',
  'www.google.com',
  'google.com',
  'r3---sn-4g5e6nsz.googlevideo.com',
  'www.google.com.br',
  'news.bbc.co.uk',
  'x.y.z.example.com.au',
  'mail.example.co.jp',
  'www.example.ne.jp',
  'portal.example.gov.uk',
  'a.example.me.uk',
  'e1234.dsca.akamaiedge.net',
  'd3c33hcgiwev3.cloudfront.net',
  'host.example.co.nz',
  'www.example.co.za',
  'shop.example.com.cn',
  'youtube.co',
  'foo.example.io',
  'a.b.c.d.example.org',
  'vtvw3s7dycfr44um2kjedxy5uivbcvdiglqyg3oa4lnc7bnytbz6qmn.9ac8.t.cloudsync-metrics.net',
  'x.school.k12.ca.us',
];

describe('dns base domain', () => {
  it('agrees with the public suffix list (tldts) on ordinary names', async () => {
    const got = await split(ORDINARY);
    expect(got.map((g) => g.base)).toEqual(ORDINARY.map((n) => getDomain(n)));
  });

  it('every listed multi-label suffix is a public suffix', () => {
    for (const s of MULTI_LABEL_SUFFIXES) expect(getPublicSuffix(`x.${s}`), s).toBe(s);
  });

  it('gives the labels before the base domain', async () => {
    const got = await split(['a.b.example.co.uk', 'example.com', '7f3a.t.example.net']);
    expect(got.map((g) => g.sub)).toEqual(['a.b', '', '7f3a.t']);
  });

  it('folds reverse lookups into their zone; single labels and IP literals are their own base', async () => {
    const got = await split(['4.3.2.1.in-addr.arpa', 'b.a.9.8.ip6.arpa', 'wpad', 'co.uk', '10.1.2.3', 'printer.local']);
    expect(got.map((g) => g.base)).toEqual(['in-addr.arpa', 'ip6.arpa', 'wpad', 'co.uk', '10.1.2.3', 'printer.local']);
  });
});
