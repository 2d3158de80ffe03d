import { describe, expect, it } from 'vitest';
import { Duck } from '../../pipeline/duck';
import { networkSettings } from '../network';
import { baseDomain, domainsPattern, isIpLiteral, isSoftwareDistribution, isWebSearch } from './background';

async function evaluate(sql: string): Promise<unknown[]> {
  const duck = await Duck.open({ memoryLimit: '256MB', threads: 1 });
  try {
    return (await duck.all(sql)).map((r) => {
      const v = Object.values(r)[0];
      return v === 'true' ? true : v === 'false' ? false : v;
    });
  } finally {
    duck.close();
  }
}
const values = (xs: string[]) => `(VALUES ${xs.map((x) => `('${x}')`).join(', ')}) AS t(h)`;

describe('proxy/background', () => {
  it('finds the registrable base domain, IP literals whole', async () => {
    const hosts = [
      'www.example.com',
      'a.b.example.co.uk',
      'shop.example.com.ar',
      'example.org:8080',
      '203.0.113.9:81',
      'localhost',
    ];
    expect(await evaluate(`SELECT ${baseDomain('h')} FROM ${values(hosts)}`)).toEqual([
      'example.com',
      'example.co.uk',
      'example.com.ar',
      'example.org',
      '203.0.113.9',
      'localhost',
    ]);
    expect(await evaluate(`SELECT ${isIpLiteral('h')} FROM ${values(hosts)}`)).toEqual([
      false,
      false,
      false,
      false,
      true,
      false,
    ]);
  });

  it('knows software distribution by domain, not by words in a name', async () => {
    const hosts = [
      'download.windowsupdate.com',
      'dl.google.com',
      'x.cloudfront.net',
      'cdn-flash-updates.com',
      'windowsupdate.com.evil.example',
    ];
    expect(await evaluate(`SELECT ${isSoftwareDistribution('h', networkSettings())} FROM ${values(hosts)}`)).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(new RegExp(domainsPattern(['a.com'])).test('x.a.com')).toBe(true);
    expect(new RegExp(domainsPattern(['a.com'])).test('xa.com')).toBe(false);
  });

  it('tells a search engine result page from other pages of the same host', async () => {
    const rows =
      "('www.google.com', '/search'), ('duckduckgo.com', '/'), ('www.google.com', '/maps/place/x'), ('shop.example.com', '/search')";
    expect(await evaluate(`SELECT ${isWebSearch('h', 'p')} FROM (VALUES ${rows}) AS t(h, p)`)).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});
