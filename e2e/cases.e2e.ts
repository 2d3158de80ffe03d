/**
 * The day opens as cases (issue #16): the bundled sample day in Chromium opens as a handful of finding cases with
 * their evidence instead of thousands of rows; a case expands to its rows, is selected, scored and noted as one,
 * goes to threat investigation on its actor; the flat row list is one click away and remembered.
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

async function openView(p: Page, pipeline: string): Promise<void> {
  await p.evaluate((h) => (window.location.hash = h), `#/${pipeline}/suspicious?date=${SAMPLE_DATE}`);
  await p.locator('[data-testid=suspicious-view][data-status=ready]').waitFor({ timeout: 30_000 });
}

const cases = () => page.getByTestId('suspicious-cases');
/** The case whose title names this actor (its finding's actor, or a cluster's entity). */
const caseOf = (title: string) =>
  page.locator('[data-testid=case]', { has: page.locator('.title', { hasText: title }) });

async function shots(p: Page, name: string): Promise<void> {
  for (const [width, height] of [
    [1366, 768],
    [1600, 1000],
  ] as const) {
    await p.setViewportSize({ width, height });
    await p.waitForTimeout(300);
    await screenshot(p, `${name}-${width}x${height}`);
  }
  await p.setViewportSize({ width: 1440, height: 900 });
}

beforeAll(async () => {
  app = await startApp();
  const deadline = Date.now() + 200_000;
  for (;;) {
    const days = await api('days.list', {});
    if (['flow', 'dns', 'proxy'].every((p) => days.some((d) => d.pipeline === p && d.date === SAMPLE_DATE))) break;
    if (Date.now() > deadline) throw new Error(`sample day not cached in time: ${JSON.stringify(days)}`);
    await new Promise((r) => setTimeout(r, 2000));
  }
  browser = await openBrowser();
  page = browser.page;
  await page.goto(app.openUrl);
  await page.getByRole('navigation', { name: 'Pipeline' }).waitFor();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('the day opens as cases', () => {
  it('flow: about six finding cases with count, time span, activity and evidence; model clusters folded', async () => {
    await openView(page, 'flow');
    await cases().waitFor();
    const findings = page.locator('[data-testid=case].finding');
    const n = await findings.count();
    expect(n).toBeGreaterThanOrEqual(4);
    expect(n).toBeLessThanOrEqual(9);
    // thousands of rows, a handful of lines: the scan is one case holding its thousands of rows
    expect(Number(await cases().getAttribute('data-rows'))).toBeGreaterThan(5000);
    const scan = caseOf(`port scan · ${SCANNER}`);
    expect(Number(await scan.getAttribute('data-rows'))).toBeGreaterThan(1000);
    expect(await scan.textContent()).toMatch(/\d\d:\d\d:\d\d–\d\d:\d\d:\d\d/);
    expect(await scan.locator('.evidence').textContent()).toContain(`${SCANNER} probed`);
    expect(await scan.getByTestId('case-status').textContent()).toBe('unscored');
    // the C2 beacon is a case of its own, with activity across the whole day
    const beacon = caseOf(`beaconing · ${C2_VICTIM}`);
    expect(await beacon.locator('.evidence').textContent()).toContain('every 300 s');
    expect(await beacon.locator('svg.spark rect.hour').count()).toBe(24);
    // cases follow the risk order: the first case holds the first row of the flat list
    expect(await page.getByRole('button', { name: /clusters of model rows no finding covers/ }).isVisible()).toBe(true);
    await shots(page, 'cases-flow-light');
  });

  it('a case expands to its rows; selecting it selects all of them for one score', async () => {
    const scan = caseOf(`port scan · ${SCANNER}`);
    await scan.getByRole('button', { name: `Expand port scan · ${SCANNER}` }).click();
    const listed = scan.locator('ul.rows button.row');
    expect(await listed.count()).toBe(50);
    expect(await listed.first().textContent()).toContain(SCANNER);
    const more = (Number(await scan.getAttribute('data-rows')) - 50).toLocaleString('en-US');
    expect(await scan.locator('li.more').textContent()).toMatch(
      new RegExp(`^${more} more — the row list has\\s+them all$`),
    );
    // one of its rows: Details shows that row
    await listed.nth(2).click();
    expect(await page.getByTestId('scoring-bar').textContent()).toContain('1 selected');
    await scan.getByRole('button', { name: `Collapse port scan · ${SCANNER}` }).click();
    // the whole case
    const rows = Number(await scan.getAttribute('data-rows'));
    await scan.locator('button.pick').click();
    await expect.poll(() => page.getByTestId('scoring-bar').textContent()).toContain(`${rows} selected`);
    expect(await scan.getAttribute('class')).toContain('selected');
  });

  it('a case is scored and noted as one: its rows hide, and shown again it says how it was scored', async () => {
    const title = `beaconing · ${C2_VICTIM}`;
    const beacon = caseOf(title);
    const rows = Number(await beacon.getAttribute('data-rows'));
    await beacon.locator('button.pick').click();
    await page.getByLabel('Score note').fill('C2 beacon, confirmed');
    await page.getByTestId('scoring-bar').getByRole('button', { name: '1 High' }).click();
    await expect.poll(() => beacon.count()).toBe(0);
    const scores = await api('scores.list', { pipeline: 'flow', date: SAMPLE_DATE });
    const noted = scores.filter((s) => s.note === 'C2 beacon, confirmed');
    expect(noted).toHaveLength(rows);
    expect(noted.every((s) => s.score === 1)).toBe(true);
    await page.getByLabel(/show scored/).check();
    await expect.poll(() => beacon.getByTestId('case-status').textContent()).toBe('all scored High');
    await page.getByLabel(/show scored/).uncheck();
    // the case's own buttons score it without a note
    const long = page.locator('[data-testid=case].finding', { hasText: 'long connection' }).first();
    const longTitle = (await long.locator('.title').textContent()) ?? '';
    await long.getByRole('button', { name: '3', exact: true }).click();
    await expect.poll(() => caseOf(longTitle).count()).toBe(0);
    expect(await page.getByRole('status').filter({ hasText: 'Scored case' }).textContent()).toContain(longTitle);
  });

  it('sends a case to threat investigation on its actor', async () => {
    await caseOf(`port scan · ${SCANNER}`).getByRole('button', { name: 'Investigate' }).click();
    await expect.poll(() => page.evaluate(() => window.location.hash)).toContain('/flow/investigation');
    expect(decodeURIComponent(await page.evaluate(() => window.location.hash))).toContain(`filter=${SCANNER}`);
    await page.getByTestId('investigation-view').waitFor();
    expect(await page.getByLabel('Anchor', { exact: true }).inputValue()).toBe(SCANNER);
  });

  it('the flat row list is one click away, and the choice is remembered', async () => {
    await openView(page, 'flow');
    await cases().waitFor();
    await page.getByRole('button', { name: 'Rows', exact: true }).click();
    await page.getByTestId('suspicious-table').waitFor();
    expect(await cases().count()).toBe(0);
    await page.reload();
    await page.locator('[data-testid=suspicious-view][data-status=ready]').waitFor({ timeout: 30_000 });
    await page.getByTestId('suspicious-table').waitFor();
    expect(await page.getByRole('button', { name: 'Rows', exact: true }).getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('button', { name: 'Cases', exact: true }).click();
    await cases().waitFor();
  });

  it('dns and proxy open as their findings too; screenshots light and dark', async () => {
    await openView(page, 'dns');
    await cases().waitFor();
    expect(await caseOf(`dns tunnelling · ${TUNNEL_CLIENT}`).count()).toBe(1);
    expect(await page.locator('[data-testid=case].finding').count()).toBeLessThanOrEqual(6);
    await shots(page, 'cases-dns-light');
    await openView(page, 'proxy');
    await cases().waitFor();
    expect(await page.locator('[data-testid=case].finding').count()).toBeGreaterThanOrEqual(2);
    await page.getByRole('button', { name: /clusters of model rows/ }).click();
    expect(await page.locator('[data-testid=case]:not(.finding)').count()).toBe(100);
    await shots(page, 'cases-proxy-clusters-light');

    const dark = await openBrowser({ colorScheme: 'dark' });
    try {
      await dark.page.goto(app.openUrl);
      for (const pipeline of ['flow', 'dns', 'proxy']) {
        await openView(dark.page, pipeline);
        await dark.page.getByTestId('suspicious-cases').waitFor();
        await shots(dark.page, `cases-${pipeline}-dark`);
      }
    } finally {
      await dark.close();
    }
  });
});
