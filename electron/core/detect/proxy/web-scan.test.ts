import { describe, expect, it } from 'vitest';
import { detectOn } from '../testing';
import { webScan } from './web-scan';

const req = (client: string, host: string, path: string, respcode = 200, i = 0) => ({
  ts: 1_700_000_000 + i,
  client,
  host,
  method: 'GET',
  uri: `${host}${path}`,
  path,
  query: '',
  useragent: 'Mozilla/5.0',
  respcode,
  csbytes: 400,
  scbytes: 3000,
});

describe('proxy/web_scan', () => {
  it('finds a crawl of many paths that mostly fail, and restricted-file probes', async () => {
    const findings = await detectOn([webScan], 'proxy', [
      ...Array.from({ length: 120 }, (_, i) =>
        req(
          '10.0.0.5',
          '192.168.4.161',
          `/app/${['admin', 'backup', 'test', 'old'][i % 4]}${i}/`,
          i % 3 === 0 ? 200 : 404,
          i,
        ),
      ),
      ...['/.git/config', '/.env', '/wp-config.php.bak', '/.svn/entries', '/phpmyadmin/', '/server-status'].map(
        (p, i) => req('10.0.0.6', 'shop.example.com', p, 404, i),
      ),
    ]);
    expect(findings.map((f) => f.keys)).toEqual([
      { clientip: '10.0.0.5', host: '192.168.4.161' },
      { clientip: '10.0.0.6', host: 'shop.example.com' },
    ]);
    expect(findings[0]!.strength).toBeGreaterThanOrEqual(0.65);
    expect(findings[0]!.evidence).toContain('120 distinct paths');
    expect(findings[1]!.evidence).toContain('6 restricted file(s)');
  });

  it('does not fire on browsing a large site, rate limits, a few missing images, or update services', async () => {
    const findings = await detectOn([webScan], 'proxy', [
      ...Array.from({ length: 300 }, (_, i) =>
        req('10.0.0.7', 'news.example.com', `/img/${i}.jpg`, i % 20 === 0 ? 404 : 200, i),
      ),
      ...Array.from({ length: 150 }, (_, i) =>
        req('10.0.0.8', 'blog.example.com', `/wp-content/${i}.js`, i % 2 ? 429 : 200, i),
      ),
      ...Array.from({ length: 100 }, (_, i) =>
        req('10.0.0.9', 'download.windowsupdate.com', `/d/msdownload/${i}.cab`, i % 2 ? 404 : 200, i),
      ),
      req('10.0.0.10', 'shop.example.com', '/robots.txt', 404),
      req('10.0.0.10', 'shop.example.com', '/favicon.ico', 404),
    ]);
    expect(findings).toEqual([]);
  });
});
