import { describe, expect, it } from 'vitest';
import { Interner } from './corpus';
import { ProxyWordIds, type ProxyWordFields } from './proxy-word-ids';
import { proxyWordHead, proxyWordTail, WORD_ERROR } from './words';

const ctx = { topDomains: new Set(['google']), safeDomains: new Set(['intel']) };

/** Rows whose heads and tails repeat, differ by one part, fall back to the string path, or are word_error. */
function rows(): ProxyWordFields[] {
  const base: ProxyWordFields = {
    host: 'www.google.com',
    pTime: '07:01:02',
    reqmethod: 'GET',
    fulluri: 'http://www.google.com/search?q=a',
    resconttype: 'text/html',
    respcode: '200',
  };
  const out: ProxyWordFields[] = [base, { ...base }];
  for (const host of ['intel.com', 'example.org', '10.0.0.1:8080']) out.push({ ...base, host });
  for (const pTime of ['+7:00:00', '23:59:59', '24:00:00', '-1:00:00', 'x:00', '']) out.push({ ...base, pTime });
  for (const reqmethod of [null, 'null', 'POST', 'GET_1']) out.push({ ...base, reqmethod });
  for (const fulluri of ['', 'a', 'http://x/%41%42%43?zzzzzzzzzzzzzzzz', 'é'.repeat(300)])
    out.push({ ...base, fulluri });
  for (const resconttype of ['-', '/', '', '//x', 'image/png', 'application']) out.push({ ...base, resconttype });
  for (const respcode of [null, '404', 'unknown_response_code', '']) out.push({ ...base, respcode });
  // Past the key parts' limits of distinct methods, content types and response codes: the string path, same ids.
  for (let i = 0; i < 70_000; i++) {
    out.push({ ...base, reqmethod: `M${i % 300}`, resconttype: `t${i % 3000}/x`, respcode: `${i}` });
    out.push({ ...base, fulluri: `/${i}`, reqmethod: `M${i % 66_000}` });
  }
  return [...out, ...out.slice(0, 40)];
}

describe('ProxyWordIds', () => {
  it('gives the ids (and interns the strings in the order) that interning each row’s head and tail does', () => {
    const plain = { heads: new Interner(), tails: new Interner() };
    const keyed = { heads: new Interner(), tails: new Interner() };
    const ids = new ProxyWordIds(ctx, keyed.heads, keyed.tails);
    for (const r of rows()) {
      const head = proxyWordHead(
        { host: r.host, pTime: r.pTime, reqMethod: r.reqmethod, fullUri: r.fulluri, contentType: r.resconttype },
        ctx,
      );
      expect(ids.head(r)).toBe(head === WORD_ERROR ? -1 : plain.heads.id(head));
      expect(ids.tail(r)).toBe(plain.tails.id(proxyWordTail(r.fulluri, r.respcode)));
    }
    expect(keyed.heads.names).toEqual(plain.heads.names);
    expect(keyed.tails.names).toEqual(plain.tails.names);
    expect(keyed.heads.size).toBeGreaterThan(66_000);
  });
});
