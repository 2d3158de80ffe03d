/**
 * Browser mode against a real browser: another local web page (a different origin on 127.0.0.1) tries every way a
 * page can reach the API — fetch with and without the token, a no-CORS "simple" POST, a form post, an EventSource —
 * and a DNS-rebinding name; all are refused and nothing runs.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, startApp, type RunningApp } from './fixtures/app';

let app: RunningApp;
let browser: Awaited<ReturnType<typeof openBrowser>>;
let evil: http.Server;
let evilUrl: string;

async function jobs(): Promise<unknown[]> {
  const res = await fetch(`${app.url}api/invoke/jobs.list`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-spot-desk-token': app.token },
    body: '{}',
  });
  return ((await res.json()) as { value: unknown[] }).value;
}

beforeAll(async () => {
  app = await startApp({ args: ['--no-sample'] });
  browser = await openBrowser();
  evil = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>another local page</title><form id="f" method="POST"></form>');
  });
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
  evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await new Promise((resolve) => evil?.close(resolve));
});

describe('the API refuses other local web pages', () => {
  it('fetch, no-cors POST, form post and EventSource from another origin all fail, and nothing runs', async () => {
    const { page } = browser;
    await page.goto(evilUrl);
    const api = `${app.url}api/invoke/sample.load`;
    const outcome = await page.evaluate(
      async ({ api, token, events }) => {
        const results: Record<string, string> = {};
        try {
          const r = await fetch(api, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-spot-desk-token': token },
            body: '{}',
          });
          results.withToken = `status ${r.status}`;
        } catch (e) {
          results.withToken = `blocked: ${(e as Error).name}`;
        }
        try {
          const r = await fetch(api, {
            method: 'POST',
            mode: 'no-cors',
            headers: { 'content-type': 'text/plain' },
            body: '{}',
          });
          results.noCors = `opaque ${r.type}`;
        } catch (e) {
          results.noCors = `blocked: ${(e as Error).name}`;
        }
        const form = document.getElementById('f') as HTMLFormElement;
        form.action = api;
        form.target = 'sink';
        const sink = document.createElement('iframe');
        sink.name = 'sink';
        document.body.append(sink);
        form.submit();
        await new Promise((r) => setTimeout(r, 1000));
        results.events = await new Promise<string>((resolve) => {
          const source = new EventSource(events);
          source.onopen = () => resolve('opened');
          source.onerror = () => {
            source.close();
            resolve('refused');
          };
        });
        return results;
      },
      { api, token: app.token, events: `${app.url}api/events?token=${app.token}` },
    );
    // Even with a stolen token the browser's CORS preflight is refused, so the request never reaches the core.
    expect(outcome.withToken).toMatch(/^blocked/);
    expect(outcome.noCors).toBe('opaque opaque');
    expect(outcome.events).toBe('refused');
    expect(await jobs()).toEqual([]);
  });

  it('a DNS-rebinding name for 127.0.0.1 is refused even with the token', async () => {
    const port = new URL(app.url).port;
    // Chromium resolves *.localhost to loopback, like a rebinding attacker's name would.
    const res = await browser.page.goto(`http://rebind.localhost:${port}/`);
    expect(res?.status()).toBe(403);
    const apiStatus = await browser.page.evaluate(async (token) => {
      const r = await fetch('/api/invoke/app.info', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-spot-desk-token': token },
        body: '{}',
      });
      return r.status;
    }, app.token);
    expect(apiStatus).toBe(403);
    expect(await jobs()).toEqual([]);
  });
});
