/**
 * Issue #16's wrong-data bugs on the bundled sample day, in Chromium: a threat form belongs to one (pipeline, day,
 * anchor); number keys score only visible rows and the cursor follows; undo/redo go back more than one step; the
 * storyboard names a host the same way in the progression, the impact drill-down and the exports.
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

const selectedRows = () => page.locator('[data-testid=suspicious-table] [role=row][aria-selected=true]');
const cursorRowKey = () =>
  page.locator('[data-testid=suspicious-table] [role=row].cursor').getAttribute('data-row-key');
const detailsCaption = async () =>
  (await page.getByTestId('details-panel').locator('.caption').textContent())?.split(' · ')[0] ?? '';
const tableRows = async () => Number(await page.getByTestId('suspicious-table').getAttribute('data-rows'));

describe('bug 2: number keys score only what is visible; the cursor and Details follow; undo/redo are multi-step', () => {
  it('scores 6 rows High, then only the next row Medium; undo twice restores both, redo re-applies', async () => {
    await page.evaluate((d) => (window.location.hash = `#/flow/suspicious?date=${d}`), SAMPLE_DATE);
    await page.locator('[data-testid=suspicious-view][data-status=ready]').waitFor({ timeout: 30_000 });
    const total = await tableRows();
    await page.getByRole('heading', { name: /Suspicious flow/i }).click();
    await page.keyboard.press('Escape');
    await page.keyboard.press('j');
    for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+J');
    expect(await selectedRows().count()).toBe(6);
    const six = (await selectedRows().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row-key')))).map(
      Number,
    );
    // The row that follows the six is where the cursor should land.
    const next = Number(
      await page.locator('[data-testid=suspicious-table] [role=row][aria-rowindex="7"]').getAttribute('data-row-key'),
    );

    await page.keyboard.press('1');
    await expect.poll(() => tableRows()).toBe(total - 6);
    await expect.poll(() => page.getByTestId('scoring-bar').locator('.what').textContent()).toBe('1 selected');
    expect(Number(await cursorRowKey())).toBe(next);
    expect(await detailsCaption()).toBe(`#${next + 1}`);

    await page.keyboard.press('2');
    await expect.poll(() => tableRows()).toBe(total - 7);
    const scores = await api('scores.list', { pipeline: 'flow', date: SAMPLE_DATE });
    const byIndex = (a: number, b: number) => a - b;
    expect(
      scores
        .filter((s) => s.score === 1)
        .map((s) => s.rowIndex)
        .sort(byIndex),
    ).toEqual([...six].sort(byIndex));
    expect(scores.filter((s) => s.score === 2).map((s) => s.rowIndex)).toEqual([next]);
    await screenshot(page, 'bugs-suspicious-after-scoring');

    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect.poll(() => tableRows()).toBe(total - 6);
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect.poll(() => tableRows()).toBe(total);
    expect(await api('scores.list', { pipeline: 'flow', date: SAMPLE_DATE })).toEqual([]);
    await page.getByRole('button', { name: 'Redo', exact: true }).click();
    await expect.poll(() => tableRows()).toBe(total - 6);
    const redone = await api('scores.list', { pipeline: 'flow', date: SAMPLE_DATE });
    expect(redone.map((s) => s.rowIndex).sort(byIndex)).toEqual([...six].sort(byIndex));
    // Ctrl+Z undoes from the keyboard too.
    await page.getByRole('heading', { name: /Suspicious flow/i }).click();
    await page.keyboard.press('Control+z');
    await expect.poll(() => tableRows()).toBe(total);
  });
});

describe('bug 3: one host classification in the progression, the impact drill-down and the exports', () => {
  it('names the scanner’s peers the same way in the tree, the impact bars and the HTML export', async () => {
    await open('Flow', 'Threat investigation');
    await searchAnchor(SCANNER);
    await saveThreat(`Port scan from ${SCANNER}`, 'Vertical and horizontal scans.');
    const detail = await api('storyboard.detail', { pipeline: 'flow', date: SAMPLE_DATE, anchor: SCANNER });
    const byDirection = (bars: Array<{ name: string; children: Array<{ name: string }> }>) =>
      bars
        .map((d) => ({ direction: d.name, classes: d.children.map((c) => c.name).sort() }))
        .filter((d) => d.classes.length > 0);
    expect(byDirection(detail.tree!.children)).toEqual(byDirection(detail.impact!.children));
    const classes = new Set(detail.tree!.children.flatMap((d) => d.children.map((c) => c.name)));
    expect(classes.has('HQ workstations')).toBe(true);

    await open('Flow', 'Storyboard');
    await page.getByTestId('briefing-list').getByText(`Port scan from ${SCANNER}`).click();
    await page.getByTestId('incident-tree').waitFor();
    const treeText = (await page.getByTestId('incident-tree').textContent()) ?? '';
    // Drill into the first direction that has connections (an empty one cannot be drilled into).
    await page.getByTestId('impact-bars').locator('button.row:not([disabled])').first().click();
    const drilled = (await page.getByTestId('impact-bars').locator('.label').allTextContents()).map((t) => t.trim());
    expect(drilled.length).toBeGreaterThan(0);
    for (const name of drilled) expect(treeText).toContain(name);
    await screenshot(page, 'bugs-storyboard-scanner');

    const html = await api('export.storyboard', {
      pipeline: 'flow',
      date: SAMPLE_DATE,
      anchor: SCANNER,
      format: 'html',
    });
    const text = Buffer.from(html.base64, 'base64').toString('utf8');
    for (const name of classes) expect(text).toContain(name.replace(/&/g, '&amp;'));
  });
});
