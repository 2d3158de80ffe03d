/**
 * Issue #16's wrong-data bugs on the bundled sample day, in Chromium: a threat form belongs to one (pipeline, day,
 * anchor).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationName, OperationRequest, OperationResponse } from '../shared/api';
import { C2_VICTIM, SAMPLE_DATE, SCANNER, TUNNEL_CLIENT } from '../electron/core/sample/scenarios';
import { openBrowser, screenshot, startApp, type RunningApp } from './fixtures/app';

let app: RunningApp;
let browser: Awaited<ReturnType<typeof openBrowser>>;
let page: Page;

async function api<K extends OperationName>(name: K, request: OperationRequest<K>): Promise<OperationResponse<K>> {
  const response = await fetch(`${app.url}api/invoke/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-spot-desk-token': app.token },
    body: JSON.stringify(request),
  });
  const result = (await response.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
  if (!result.ok) throw new Error(`${name}: ${result.error?.message}`);
  return result.value as OperationResponse<K>;
}

beforeAll(async () => {
  app = await startApp();
  for (let i = 0; ; i++) {
    // A loaded machine may drop a connection while the sample day is generated: ask again.
    const days = await api('days.list', {}).catch(() => []);
    if (['flow', 'dns', 'proxy'].every((p) => days.some((d) => d.pipeline === p && d.date === SAMPLE_DATE))) break;
    if (i > 400) throw new Error('the sample day was not imported');
    await new Promise((r) => setTimeout(r, 1000));
  }
  browser = await openBrowser();
  page = browser.page;
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto(app.openUrl);
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function open(pipeline: 'Flow' | 'DNS' | 'Proxy', view: string) {
  await page.getByRole('navigation', { name: 'Pipeline' }).getByRole('button', { name: pipeline }).click();
  await page.getByRole('navigation', { name: 'View' }).getByRole('button', { name: view }).click();
}

async function searchAnchor(anchor: string) {
  await page.getByTestId('investigation-view').waitFor();
  await page.getByLabel('Anchor').fill(anchor);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByTestId('search-result').waitFor({ timeout: 120_000 });
}

async function saveThreat(title: string, summary: string) {
  await page.getByLabel('Threat title').fill(title);
  await page.getByLabel('Threat summary').fill(summary);
  await page.getByRole('button', { name: 'Save to storyboard' }).click();
  await page.getByText(/^Saved “/).waitFor({ timeout: 30_000 });
}

const FLOW_TITLE = `C2 beaconing from ${C2_VICTIM}`;
const FLOW_SUMMARY = 'Beacons every 5 minutes to a known C2 server.';

describe('bug 1: a threat form belongs to one (pipeline, day, anchor)', () => {
  it('a DNS search after saving a flow threat starts with an empty form; the flow threat keeps its own text', async () => {
    await open('Flow', 'Threat investigation');
    await searchAnchor(C2_VICTIM);
    await saveThreat(FLOW_TITLE, FLOW_SUMMARY);

    await open('DNS', 'Threat investigation');
    await searchAnchor(TUNNEL_CLIENT);
    expect(await page.getByLabel('Threat title').inputValue()).toBe('');
    expect(await page.getByLabel('Threat summary').inputValue()).toBe('');
    // A draft typed for the DNS client stays with it, not with the next anchor.
    await page.getByLabel('Threat title').fill('DNS tunnelling draft');
    await open('Flow', 'Threat investigation');
    await searchAnchor(C2_VICTIM);
    expect(await page.getByLabel('Threat title').inputValue()).toBe(FLOW_TITLE);
    expect(await page.getByLabel('Threat summary').inputValue()).toBe(FLOW_SUMMARY);
    await searchAnchor(SCANNER);
    expect(await page.getByLabel('Threat title').inputValue()).toBe('');
  });
});
