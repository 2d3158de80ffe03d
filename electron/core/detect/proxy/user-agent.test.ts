import { describe, expect, it } from 'vitest';
import { detectOn } from '../testing';
import { userAgent } from './user-agent';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/139.0.0.0 Safari/537.36';
const req = (client: string, host: string, useragent: string, method = 'GET', i = 0) => ({
  ts: 1_700_000_000 + i,
  client,
  host,
  method,
  uri: `${host}/x`,
  path: '/x',
  query: '',
  useragent,
  respcode: 200,
  csbytes: 500,
  scbytes: 5000,
});
/** Twenty clients browsing popular sites with the same browser: the organisation's norm. */
const background = Array.from({ length: 20 }, (_, i) => [
  req(`10.1.0.${i + 1}`, 'www.office.com', CHROME),
  req(`10.1.0.${i + 1}`, 'intranet.example.com', CHROME),
  req(`10.1.0.${i + 1}`, 'api.example.com', 'python-requests/2.31.0'),
]).flat();

describe('proxy/user_agent', () => {
  it('finds attack tools, scripted uploads and outdated browsers talking to rare hosts', async () => {
    const findings = await detectOn([userAgent], 'proxy', [
      ...background,
      req('10.1.0.30', '192.168.4.161', 'sqlmap/1.7.2#stable (https://sqlmap.org)'),
      ...Array.from({ length: 10 }, (_, i) => req('10.1.0.31', 'files-transfer-secure.com', 'curl/8.4.0', 'POST', i)),
      ...Array.from({ length: 10 }, (_, i) =>
        req(
          '10.1.0.32',
          'cdn-flash-updates.com',
          'Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0)',
          'GET',
          i,
        ),
      ),
      ...Array.from({ length: 10 }, (_, i) =>
        req(
          '10.1.0.33',
          'rare.example.org',
          'Mozilla/5.0 (Windows NT 6.3) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/41.0.2272.16 Safari/537.36',
          'GET',
          i,
        ),
      ),
    ]);
    const strength = (client: string) => findings.find((f) => f.keys.clientip === client)?.strength ?? 0;
    expect(strength('10.1.0.30')).toBeGreaterThanOrEqual(0.84);
    expect(strength('10.1.0.31')).toBeGreaterThanOrEqual(0.5);
    expect(strength('10.1.0.32')).toBeGreaterThanOrEqual(0.4);
    expect(strength('10.1.0.33')).toBeGreaterThanOrEqual(0.4);
    expect(findings.find((f) => f.keys.clientip === '10.1.0.31')!.keys).toEqual({
      clientip: '10.1.0.31',
      useragent: 'curl/8.4.0',
    });
    expect(findings).toHaveLength(4);
  });

  it('does not fire on the common browser, update agents, scripts to common or software-distribution hosts, Firefox ESR', async () => {
    const findings = await detectOn([userAgent], 'proxy', [
      ...background,
      req('10.1.0.1', 'download.windowsupdate.com', 'Microsoft-Delivery-Optimization/10.0'),
      req('10.1.0.2', 'github.com', 'curl/8.4.0'),
      req('10.1.0.2', 'files.pythonhosted.org', 'pip/24.0 {"python":"3.12"}'),
      req('10.1.0.3', 'api.example.com', 'Go-http-client/1.1'),
      req(
        '10.1.0.4',
        'www.office.com',
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:115.0) Gecko/20100101 Firefox/115.0',
      ),
      req(
        '10.1.0.5',
        'rare-news.example.com',
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
      ),
      req('10.1.0.6', 'rare-shop.example.com', '-'),
    ]);
    expect(findings).toEqual([]);
  });
});
