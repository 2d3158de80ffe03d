import { describe, expect, it } from 'vitest';
import { detectOn } from '../testing';
import { beaconing } from './beaconing';

const T0 = 1_700_000_000;
const req = (client: string, host: string, ts: number, csbytes = 400, path = '/api/v2/status') => ({
  ts,
  client,
  host,
  method: 'GET',
  uri: `${host}${path}`,
  path,
  query: '',
  useragent: 'Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0)',
  respcode: 200,
  csbytes,
  scbytes: 200,
});
/** A request every `period` s (± jitter) for `count` check-ins. */
const every = (client: string, host: string, period: number, count: number, jitter = 0, size = 400) =>
  Array.from({ length: count }, (_, i) =>
    req(client, host, T0 + i * period + ((i * 7) % (2 * jitter + 1)) - jitter, size),
  );

describe('proxy/beaconing', () => {
  it('finds a client polling a rare host every 600 s with constant-size requests', async () => {
    const [finding, ...rest] = await detectOn(
      [beaconing],
      'proxy',
      every('10.10.3.88', 'cdn-flash-updates.com', 600, 84, 3),
    );
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ keys: { clientip: '10.10.3.88', host: 'cdn-flash-updates.com' }, events: 84 });
    expect(finding!.strength).toBeGreaterThanOrEqual(0.8);
    expect(finding!.evidence).toContain('every 600 s');
    expect(finding!.evidence).toContain('~400 B sent each');
  });

  it('keeps a beacon whose check-in is two requests a second apart', async () => {
    const rows = every('10.0.0.7', 'c2.example.net', 300, 40).flatMap((r) => [
      r,
      { ...r, ts: r.ts + 1, path: '/result' },
    ]);
    const findings = await detectOn([beaconing], 'proxy', rows);
    expect(findings.map((f) => f.keys)).toEqual([{ clientip: '10.0.0.7', host: 'c2.example.net' }]);
  });

  it('does not fire on irregular browsing, short bursts, update services, CDNs or hosts most clients poll', async () => {
    const browsing = Array.from({ length: 60 }, (_, i) =>
      req(
        '10.0.0.2',
        'news.example.com',
        T0 + Math.round(i * 400 + ((i * i * 37) % 380)),
        300 + ((i * 131) % 4000),
        `/a/${i}`,
      ),
    );
    const common = Array.from({ length: 20 }, (_, c) => every(`10.0.1.${c + 1}`, 'teams.example.com', 60, 100)).flat();
    const findings = await detectOn([beaconing], 'proxy', [
      ...browsing,
      ...every('10.0.0.3', 'ctldl.windowsupdate.com', 3600, 24),
      ...every('10.0.0.3', 'update.googleapis.com', 1800, 48),
      ...every('10.0.0.4', 'd1234abcd.cloudfront.net', 300, 100),
      ...every('10.0.0.5', 'ticker.example.org', 5, 200),
      ...every('10.0.0.6', 'short.example.org', 60, 20),
      ...common,
    ]);
    expect(findings).toEqual([]);
  });
});
