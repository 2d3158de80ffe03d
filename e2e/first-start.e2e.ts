import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, screenshot, startApp, type RunningApp } from './fixtures/app';

let app: RunningApp;
let browser: Awaited<ReturnType<typeof openBrowser>>;

beforeAll(async () => {
  app = await startApp();
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('first start on a fresh data directory', () => {
  it('generates and imports the bundled sample day with a progress bar, then shows it', async () => {
    const { page } = browser;
    await page.goto(app.openUrl);
    // The sample job starts with the server; the shell shows its progress until the first day is cached.
    await page.getByTestId('job-progress').first().waitFor({ timeout: 60_000 });
    await screenshot(page, 'first-start-progress');
    await page.getByTestId('suspicious-view').waitFor({ timeout: 240_000 });
    const day = page.getByRole('combobox', { name: 'Cached day' });
    expect(await day.inputValue()).toBe('2026-11-24');
    // Wait for all three pipelines, then check each has its day.
    await page.getByTestId('job-progress').first().waitFor({ state: 'detached', timeout: 240_000 });
    for (const pipeline of ['DNS', 'Proxy', 'Flow']) {
      await page.getByRole('navigation', { name: 'Pipeline' }).getByRole('button', { name: pipeline }).click();
      await page.getByTestId('suspicious-view').waitFor();
      expect(await page.getByRole('combobox', { name: 'Cached day' }).inputValue()).toBe('2026-11-24');
    }
    await screenshot(page, 'first-start-flow');
  });

  it('"Score this day" scores the raw day with the embedded LDA and re-imports it', async () => {
    const { page } = browser;
    await page.getByRole('navigation', { name: 'Pipeline' }).getByRole('button', { name: 'DNS' }).click();
    await page.getByRole('button', { name: 'Score this day' }).click();
    await page.getByTestId('job-progress').first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'score-this-day-progress');
    await page.getByTestId('job-progress').first().waitFor({ state: 'detached', timeout: 240_000 });
    const res = await fetch(`${app.url}api/invoke/jobs.list`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-spot-desk-token': app.token },
      body: '{}',
    });
    const jobs = (
      (await res.json()) as { value: Array<{ kind: string; status: string; message: string; error?: string }> }
    ).value;
    const score = jobs.find((j) => j.kind === 'score');
    expect(score?.error).toBeUndefined();
    expect(score?.status).toBe('done');
    expect(score?.message).toMatch(/scored \d+ events .*dns 2026-11-24: \d+ suspicious rows imported/);
    await page.getByTestId('suspicious-view').waitFor();
  });

  it('"Import…" lists the days the source has and imports the chosen one', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Import…' }).click();
    const panel = page.getByTestId('import-day');
    await panel.getByRole('combobox', { name: 'Day to import' }).waitFor();
    expect(await panel.getByRole('combobox', { name: 'Day to import' }).inputValue()).toBe('2026-11-24');
    await panel.getByRole('button', { name: 'Import' }).click();
    await panel.getByRole('status').waitFor();
    await page.getByTestId('job-progress').first().waitFor({ state: 'detached', timeout: 240_000 });
    await screenshot(page, 'import-day');
  });

  it('a restart reuses the cached sample instead of generating it again', async () => {
    await app.stop();
    app = await startApp({ dataDir: app.dataDir });
    const res = await fetch(`${app.url}api/invoke/jobs.list`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-spot-desk-token': app.token, host: new URL(app.url).host },
      body: '{}',
    });
    const body = (await res.json()) as { ok: boolean; value: Array<{ kind: string; id: string }> };
    expect(body.ok).toBe(true);
    const sample = body.value.find((j) => j.kind === 'sample');
    expect(sample).toBeDefined();
    // Poll until that job ends; it must say the sample was already cached.
    for (let i = 0; i < 120; i++) {
      const r = await fetch(`${app.url}api/invoke/jobs.list`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-spot-desk-token': app.token },
        body: '{}',
      });
      const jobs = ((await r.json()) as { value: Array<{ id: string; status: string; message: string }> }).value;
      const job = jobs.find((j) => j.id === sample!.id)!;
      if (job.status !== 'running') {
        expect(job.status).toBe('done');
        expect(job.message).toContain('already cached');
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error('the sample job did not end');
  });

  it('a raw day without results: Import… offers "Score and import", which scores it locally and imports it', async () => {
    const { page } = browser;
    const call = async <T>(name: string, body: unknown): Promise<T> => {
      const r = await fetch(`${app.url}api/invoke/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-spot-desk-token': app.token },
        body: JSON.stringify(body),
      });
      const result = (await r.json()) as { ok: boolean; value: T; error?: { message: string } };
      if (!result.ok) throw new Error(`${name}: ${result.error?.message}`);
      return result.value;
    };
    // An analyst's own tree: raw telemetry and context files in Spot's layout, no results from any cluster.
    const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'spot-desk-raw-tree-'));
    fs.cpSync(path.join(app.dataDir, 'sample'), tree, {
      recursive: true,
      filter: (source) => !source.includes(`${path.sep}scored_results`),
    });
    const settings = await call<Record<string, unknown>>('settings.get', {});
    await call('settings.save', { settings: { ...settings, local: { root: tree } } });

    await page.goto(app.openUrl);
    await page.getByRole('navigation', { name: 'Pipeline' }).getByRole('button', { name: 'DNS' }).click();
    await page.getByRole('button', { name: 'Import…' }).click();
    const panel = page.getByTestId('import-day');
    const raw = panel.getByRole('combobox', { name: 'Raw day to score' });
    await raw.waitFor();
    expect(await raw.inputValue()).toBe('2026-11-24');
    expect(await panel.getByRole('combobox', { name: 'Day to import' }).count()).toBe(0);
    await screenshot(page, 'import-raw-day');
    await panel.getByRole('button', { name: 'Score and import' }).click();
    await panel.getByRole('status').waitFor();
    await page.getByTestId('job-progress').first().waitFor({ state: 'detached', timeout: 240_000 });
    const jobs = await call<Array<{ kind: string; status: string; message: string }>>('jobs.list', {});
    const score = jobs.find((j) => j.kind === 'score' && j.message.includes('149502'));
    expect(score?.status).toBe('done');
    // The detectors find the tunnel and the DGA client at least (docs/ml.md §5), each maybe several ways.
    const found =
      /^scored 149502 events \((\d+) named detections\); dns 2026-11-24: \d+ suspicious rows imported; raw day: 149502 rows read, 149502 accepted, 0 rejected$/.exec(
        score?.message ?? '',
      );
    expect(found, score?.message).not.toBeNull();
    expect(Number(found?.[1])).toBeGreaterThanOrEqual(2);
    const days = await call<Array<{ pipeline: string; source: string }>>('days.list', { pipeline: 'dns' });
    expect(days[0]?.source).toBe(path.join(tree, 'dns/scored_results/20261124/scores/dns_results.csv'));
    expect(fs.existsSync(path.join(tree, 'dns/scored_results/20261124/scores/dns_detections.json'))).toBe(true);
    await page.getByTestId('suspicious-view').waitFor();
    fs.rmSync(tree, { recursive: true, force: true });
  });
});
