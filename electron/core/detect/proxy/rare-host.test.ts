import { describe, expect, it } from 'vitest';
import { detectOn } from '../testing';
import { rareHost } from './rare-host';

const T0 = 1_700_000_000;
const req = (client: string, host: string, i: number, extra: Record<string, string | number> = {}) => ({
  ts: T0 + i * 600,
  client,
  host,
  method: 'GET',
  uri: `${host}/api/status?seq=${i}`,
  path: '/api/status',
  query: `seq=${i}`,
  useragent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/139.0.0.0',
  referer: 'https://www.example.com/',
  respcode: 200,
  csbytes: 400,
  scbytes: 5000,
  ...extra,
});
const background = Array.from({ length: 20 }, (_, c) => [
  req(`10.1.0.${c + 1}`, 'www.office.com', 0),
  req(`10.1.0.${c + 1}`, 'www.example.com', 1),
]).flat();

describe('proxy/rare_host', () => {
  it('finds a rare host contacted all day without referer, or sent megabytes by a script', async () => {
    const findings = await detectOn([rareHost], 'proxy', [
      ...background,
      ...Array.from({ length: 60 }, (_, i) => req('10.1.0.3', 'cdn-flash-updates.com', i, { referer: '-' })),
      ...Array.from({ length: 10 }, (_, i) =>
        req('10.1.0.4', '203.0.113.140:8443', i, { method: 'POST', csbytes: 5 * 2 ** 20, useragent: 'curl/8.4.0' }),
      ),
    ]);
    expect(findings.map((f) => f.keys)).toEqual([
      { clientip: '10.1.0.4', host: '203.0.113.140:8443' },
      { clientip: '10.1.0.3', host: 'cdn-flash-updates.com' },
    ]);
    expect(findings[0]!.strength).toBeGreaterThanOrEqual(0.6);
    expect(findings[1]!.strength).toBeGreaterThanOrEqual(0.4);
    expect(findings[1]!.strength).toBeLessThan(0.6);
  });

  it('makes no finding for a rare host alone, a page posting analytics, common hosts or update services', async () => {
    const findings = await detectOn([rareHost], 'proxy', [
      ...background,
      req('10.1.0.5', 'small-shop.example.net', 0),
      ...Array.from({ length: 20 }, (_, i) =>
        req('10.1.0.6', 'www.rare-travel.example', 0, { method: 'POST', csbytes: 6000, ts: T0 + i }),
      ),
      ...Array.from({ length: 60 }, (_, i) => req('10.1.0.7', 'www.office.com', i, { referer: '-', method: 'POST' })),
      ...Array.from({ length: 60 }, (_, i) =>
        req('10.1.0.8', 'ctldl.windowsupdate.com', i, { referer: '-', useragent: 'Microsoft-CryptoAPI/10.0' }),
      ),
    ]);
    expect(findings).toEqual([]);
  });
});
