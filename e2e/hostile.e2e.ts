/**
 * Hostile input in the data: a host, URI and user agent carrying HTML and script must show as text everywhere —
 * table, details, tooltips, graph, investigation, storyboard and the exported HTML — and never run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RAW_COLUMNS } from '../shared/schema';
import { openBrowser, screenshot, startApp, type RunningApp } from './fixtures/app';

const DAY = '2026-11-24';
const HOST = '<img src=x onerror="window.__xss=1">.evil.example';
const URI = `${HOST}/dl/<script>window.__xss=2</script>.exe`;
const AGENT = 'Mozilla/5.0 "><svg onload="window.__xss=3">';
const TITLE = 'Payload <img src=x onerror="window.__xss=4"> & "quotes"';

let app: RunningApp;
let browser: Awaited<ReturnType<typeof openBrowser>>;
let root: string;
const dialogs: string[] = [];

function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A small proxy day in Spot's layout whose most suspicious request carries the payloads. */
function writeHostileDay(dir: string): void {
  const raw = path.join(dir, 'proxy', 'hive', 'y=2026', 'm=11', 'd=24', 'h=10');
  const scores = path.join(dir, 'proxy', 'scored_results', '20261124', 'scores');
  fs.mkdirSync(raw, { recursive: true });
  fs.mkdirSync(scores, { recursive: true });
  const requests = [
    { client: '10.0.0.66', host: HOST, uri: URI, agent: AGENT, path: '/dl/<script>window.__xss=2</script>.exe' },
    {
      client: '10.0.0.67',
      host: 'intranet.corp',
      uri: 'intranet.corp/index.html',
      agent: 'Mozilla/5.0',
      path: '/index.html',
    },
  ];
  const rawRows = requests.map((r, i) => {
    const values: Record<string, string | number> = {
      p_date: DAY,
      p_time: `10:0${i}:00`,
      clientip: r.client,
      host: r.host,
      reqmethod: 'GET',
      useragent: r.agent,
      resconttype: 'application/octet-stream',
      duration: 5,
      username: '-',
      authgroup: '-',
      exceptionid: '-',
      filterresult: 'OBSERVED',
      webcat: 'Uncategorized',
      referer: '-',
      respcode: 200,
      action: 'TCP_NC_MISS',
      urischeme: 'http',
      uriport: 80,
      uripath: r.path,
      uriquery: '-',
      uriextension: 'exe',
      serverip: '198.51.100.9',
      scbytes: 90000,
      csbytes: 400,
      virusid: '-',
      bcappname: '-',
      bcappoper: '-',
      fulluri: r.uri,
    };
    return RAW_COLUMNS.proxy.map((c) => csvCell(values[c.name] ?? '-')).join(',');
  });
  fs.writeFileSync(
    path.join(raw, 'part-0.csv'),
    [RAW_COLUMNS.proxy.map((c) => c.name).join(','), ...rawRows].join('\n') + '\n',
  );
  const results = requests.map((r, i) =>
    [
      DAY,
      `10:0${i}:00`,
      r.client,
      r.host,
      'GET',
      r.agent,
      'application/octet-stream',
      5,
      '-',
      'Uncategorized',
      '-',
      200,
      80,
      r.path,
      '-',
      '198.51.100.9',
      90000,
      400,
      r.uri,
      '0_10_GET_16_application_0_6_200',
      `${i + 1}.0E-9`,
    ].join('\t'),
  );
  fs.writeFileSync(path.join(scores, 'proxy_results.csv'), results.join('\n') + '\n');
}

async function api(
  name: string,
  body: unknown,
): Promise<{ ok: boolean; value?: unknown; error?: { message: string } }> {
  const res = await fetch(`${app.url}api/invoke/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-spot-desk-token': app.token },
    body: JSON.stringify(body),
  });
  return (await res.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'spot-hostile-'));
  writeHostileDay(root);
  app = await startApp({ args: ['--no-sample'] });
  browser = await openBrowser();
  browser.page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  // The hostile day is the configured local data folder, so the import and the expanded search both read it.
  const settings = (await api('settings.get', {})).value as { local: { root: string | null } };
  settings.local.root = root;
  expect((await api('settings.save', { settings })).ok).toBe(true);
  const job = (await api('pipeline.run', { pipeline: 'proxy', date: DAY })) as { value: { id: string } };
  await waitForJob(job.value.id);
});

async function waitForJob(id: string): Promise<void> {
  for (let i = 0; i < 240; i++) {
    const jobs = (await api('jobs.list', {})).value as Array<{ id: string; status: string; error?: string }>;
    const state = jobs.find((j) => j.id === id);
    if (state && state.status !== 'running') {
      if (state.status !== 'done') throw new Error(`job failed: ${state.error}`);
      return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('job did not end');
}
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

async function noScriptRan(): Promise<void> {
  expect(await browser.page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);
  // No element the payload describes exists: it stayed text.
  expect(await browser.page.locator('img[src="x"], svg[onload]').count()).toBe(0);
}

describe('hostile strings in the data', () => {
  it('show as text in the suspicious table, details, graph and tooltips', async () => {
    const { page } = browser;
    await page.goto(app.openUrl);
    await page.evaluate((day) => {
      window.location.hash = `#/proxy/suspicious?date=${day}`;
    }, DAY);
    await page.getByTestId('suspicious-view').waitFor();
    await page.getByText(HOST, { exact: false }).first().waitFor({ timeout: 30_000 });
    await page.getByText(HOST).first().click();
    await page.getByTestId('details-panel').waitFor();
    // Hover the graph so its tooltips render the names.
    const canvas = page.getByTestId('network-view').locator('canvas').first();
    const box = await canvas.boundingBox();
    if (box)
      for (const [fx, fy] of [
        [0.5, 0.5],
        [0.3, 0.4],
        [0.7, 0.6],
      ] as const)
        await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
    await screenshot(page, 'hostile-proxy-suspicious');
    expect(await page.getByTestId('details-panel').textContent()).toContain('<script>window.__xss=2</script>');
    await noScriptRan();
  });

  it('stay text in a saved threat, the storyboard and the exported HTML', async () => {
    const search = (await api('investigation.search', { pipeline: 'proxy', date: DAY, anchor: URI })) as {
      value: { job: { id: string } | null };
    };
    if (search.value.job) await waitForJob(search.value.job.id);
    const saved = await api('investigation.save', {
      pipeline: 'proxy',
      date: DAY,
      anchor: URI,
      title: TITLE,
      text: `Seen: ${AGENT}`,
    });
    expect(saved.ok, saved.error?.message).toBe(true);
    const { page } = browser;
    await page.evaluate((day) => {
      window.location.hash = `#/proxy/storyboard?date=${day}`;
    }, DAY);
    await page.getByText(TITLE).first().waitFor({ timeout: 30_000 });
    await page.getByText(TITLE).first().click();
    await screenshot(page, 'hostile-proxy-storyboard');
    await noScriptRan();

    const exported = (await api('export.storyboard', { pipeline: 'proxy', date: DAY, format: 'html' })) as {
      ok: boolean;
      value: { base64: string };
    };
    expect(exported.ok).toBe(true);
    const html = Buffer.from(exported.value.base64, 'base64').toString('utf8');
    expect(html).toContain('&lt;img src=x onerror=');
    expect(html).not.toMatch(/<img[^>]*onerror/i);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<svg[^>]*onload/i);
    // Open the exported file itself in the browser: nothing runs there either.
    const file = path.join(app.dataDir, 'exported.html');
    fs.writeFileSync(file, html);
    await page.goto(`file://${file}`);
    await page.getByText(TITLE).first().waitFor();
    await noScriptRan();
  });
});
