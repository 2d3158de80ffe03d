import { describe, expect, it } from 'vitest';
import { detectOn } from '../testing';
import { largeUpload } from './large-upload';

const MB = 2 ** 20;
const post = (client: string, host: string, bytes: number, i: number, method = 'POST') => ({
  ts: 1_700_000_000 + i * 60,
  client,
  host,
  method,
  uri: `${host}/upload/chunk`,
  path: '/upload/chunk',
  query: '',
  useragent: 'curl/8.4.0',
  respcode: 200,
  csbytes: bytes,
  scbytes: 200,
});
const get = (client: string, host: string) => ({ ...post(client, host, 500, 0, 'GET'), scbytes: 50_000 });
const background = Array.from({ length: 20 }, (_, i) => get(`10.1.0.${i + 1}`, 'northwind.sharepoint.com'));

describe('proxy/large_upload', () => {
  it('finds hundreds of MB posted to a rare host, strongest', async () => {
    const findings = await detectOn([largeUpload], 'proxy', [
      ...background,
      ...Array.from({ length: 48 }, (_, i) => post('10.1.0.9', 'files-transfer-secure.com', 6 * MB, i)),
      ...Array.from({ length: 5 }, (_, i) => post('10.1.0.3', 'uploads.example.net', 6 * MB, i, 'PUT')),
    ]);
    expect(findings.map((f) => f.keys)).toEqual([
      { clientip: '10.1.0.9', host: 'files-transfer-secure.com' },
      { clientip: '10.1.0.3', host: 'uploads.example.net' },
    ]);
    expect(findings[0]!.strength).toBeGreaterThanOrEqual(0.9);
    expect(findings[0]!.evidence).toContain('288.0 MB to files-transfer-secure.com in 48 POST/PUT/CONNECT');
    expect(findings[1]!.strength).toBeGreaterThan(0.5);
    expect(findings[1]!.strength).toBeLessThan(0.8);
  });

  it('halves uploads to sanctioned cloud storage and common hosts, ignores small ones and update/telemetry services', async () => {
    const findings = await detectOn([largeUpload], 'proxy', [
      ...background,
      ...Array.from({ length: 30 }, (_, i) => post('10.1.0.4', 'northwind.sharepoint.com', 10 * MB, i)),
      ...Array.from({ length: 20 }, (_, i) => post('10.1.0.5', 'v10.events.data.microsoft.com', 2 * MB, i)),
      ...Array.from({ length: 20 }, (_, i) => post('10.1.0.6', 'api.example.com', 100_000, i)),
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.keys.host).toBe('northwind.sharepoint.com');
    expect(findings[0]!.strength).toBeLessThan(0.5);
    expect(findings[0]!.evidence).toContain('sanctioned');
  });
});
