import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpDoor, TOKEN_HEADER, type HttpDoor } from './http-door';
import { useTestCore } from './core/test-core';

let door: HttpDoor;

// node's fetch cannot set Host, so requests are made with http.request to control every header.
function request(
  pathName: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: door.port, path: pathName, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

const host = () => `127.0.0.1:${door.port}`;
const invoke = (name: string, body: unknown, headers: Record<string, string> = {}) =>
  request(`/api/invoke/${name}`, {
    method: 'POST',
    headers: { host: host(), 'content-type': 'application/json', [TOKEN_HEADER]: door.token, ...headers },
    body: JSON.stringify(body),
  });

const t = useTestCore({
  per: 'file',
  prefix: 'spot-http-',
  dataSubdir: 'data',
  version: '0.0.0-test',
  prepare: (dir) => {
    fs.mkdirSync(path.join(dir, 'static'));
    fs.writeFileSync(path.join(dir, 'static', 'index.html'), '<!doctype html><title>Spot Desk</title>');
  },
});
beforeAll(async () => {
  door = await startHttpDoor(t.core, { staticDir: path.join(t.dir, 'static') });
});
afterAll(async () => {
  await door.close();
});

describe('browser-mode HTTP door', () => {
  it('listens on 127.0.0.1 only and gives a link with a 256-bit token in the fragment', () => {
    expect(door.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(door.token).toMatch(/^[0-9a-f]{64}$/);
    expect(door.openUrl).toBe(`${door.url}#token=${door.token}`);
  });

  it('answers a declared operation with the token', async () => {
    const res = await invoke('app.info', {});
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, value: { name: 'Spot Desk', mode: 'browser' } });
  });

  it('refuses requests without the token or with a wrong one', async () => {
    const without = await request('/api/invoke/app.info', {
      method: 'POST',
      headers: { host: host(), 'content-type': 'application/json' },
      body: '{}',
    });
    expect(without.status).toBe(401);
    const wrong = await invoke('app.info', {}, { [TOKEN_HEADER]: 'f'.repeat(64) });
    expect(wrong.status).toBe(401);
    const events = await request('/api/events?token=nope', { headers: { host: host() } });
    expect(events.status).toBe(401);
  });

  it('refuses a rebinding Host header even with the right token', async () => {
    const res = await invoke('app.info', {}, { host: `evil.example:${door.port}` });
    expect(res.status).toBe(403);
    expect(res.body).toContain('foreign Host');
    const page = await request('/', { headers: { host: 'attacker.test' } });
    expect(page.status).toBe(403);
  });

  it('refuses a foreign Origin and cross-site fetches', async () => {
    const res = await invoke('app.info', {}, { origin: 'http://localhost:8080' });
    expect(res.status).toBe(403);
    expect(res.body).toContain('foreign Origin');
    const crossSite = await invoke('app.info', {}, { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    const same = await invoke(
      'app.info',
      {},
      { origin: `http://127.0.0.1:${door.port}`, 'sec-fetch-site': 'same-origin' },
    );
    expect(same.status).toBe(200);
  });

  it('accepts only declared operations and validates each request', async () => {
    const unknown = await invoke('fs.readFile', { path: '/etc/passwd' });
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body).error.code).toBe('unknown-operation');
    const bad = await invoke('table.rows', { table: 'flow_scores', date: '2026-13-45' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.message).toContain('date');
    const injected = await invoke('table.rows', { table: 'flow_scores; DROP TABLE days', date: '2026-11-24' });
    expect(injected.status).toBe(400);
    const extra = await invoke('days.list', { pipeline: 'flow', sql: 'select 1' });
    expect(extra.status).toBe(400);
  });

  it('serves the app with a strict Content-Security-Policy and never outside its folder', async () => {
    const page = await request('/', { headers: { host: host() } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const escape = await request('/..%2f..%2fpackage.json', { headers: { host: host() } });
    expect(escape.body).not.toContain('"dependencies"');
  });
});
