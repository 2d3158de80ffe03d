/**
 * The day opens as cases (issue #16): the bundled sample day in Chromium opens as a handful of finding cases with
 * their evidence instead of thousands of rows; a case expands to its rows, is selected, scored and noted as one,
 * goes to threat investigation on its actor; the flat row list is one click away and remembered. Scores as
 * standing rules: a quick score and an allow-list entry apply to the rows "Score this day" imports, and the view
 * says what the new import changed.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationName, OperationRequest, OperationResponse } from '../shared/api';
import { C2_VICTIM, SAMPLE_DATE, SCANNER, TUNNEL_CLIENT } from '../electron/core/sample/scenarios';
import {
  forEachLook,
  invokeApi,
  openBrowser,
  screenshot,
  startApp,
  type RunningApp,
  waitForSampleDay,
} from './fixtures/app';

let app: RunningApp;
let browser: Awaited<ReturnType<typeof openBrowser>>;
let page: Page;

const api = <K extends OperationName>(name: K, request: OperationRequest<K>): Promise<OperationResponse<K>> =>
  invokeApi(app, name, request);

async function openView(p: Page, pipeline: string): Promise<void> {
  await p.evaluate((h) => (window.location.hash = h), `#/${pipeline}/suspicious?date=${SAMPLE_DATE}`);
  await p.locator('[data-testid=suspicious-view][data-status=ready]').waitFor({ timeout: 30_000 });
}

const cases = () => page.getByTestId('suspicious-cases');
/** The case whose title names this actor (its finding's actor, or a cluster's entity). */
const caseOf = (title: string) =>
  page.locator('[data-testid=case]', { has: page.locator('.title', { hasText: title }) });

/** Screenshots of the view at 1366×768 and 1600×1000, light and dark. */
const shots = (p: Page, name: string): Promise<void> =>
  forEachLook(p, async (look) => {
    await screenshot(p, `${name}-${look.name}`);
  });

beforeAll(async () => {
  app = await startApp();
  await waitForSampleDay(app, SAMPLE_DATE, { timeoutMs: 450_000 });
  browser = await openBrowser();
  page = browser.page;
  await page.goto(app.openUrl);
  await page.getByRole('navigation', { name: 'Pipeline' }).waitFor();
}, 500_000);
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
    // the actor's network-context name is written beside its IP, as in the tables
    await expect.poll(() => beacon.locator('.title .host-tag').textContent()).toBe('HQ workstations');
    // cases follow the risk order: the first case holds the first row of the flat list
    expect(await page.getByRole('button', { name: /clusters of model rows no finding covers/ }).isVisible()).toBe(true);
    await shots(page, 'cases-flow');
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
    const longTitle = (await long.getAttribute('data-title')) ?? '';
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
    // The tunnel sends TXT and NULL queries: one tunnelling finding per record type, each its own case, named so.
    expect(await caseOf(`dns tunnelling · ${TUNNEL_CLIENT}`).count()).toBe(2);
    expect(await caseOf('TXT records').count()).toBe(1);
    expect(await caseOf('NULL records').count()).toBe(1);
    // three findings, then the model's strongest clusters: six cases open, the other clusters folded
    expect(await page.locator('[data-testid=case].finding').count()).toBe(3);
    expect(await page.locator('[data-testid=case]').count()).toBe(6);
    await shots(page, 'cases-dns');
    await openView(page, 'proxy');
    await cases().waitFor();
    expect(await page.locator('[data-testid=case].finding').count()).toBeGreaterThanOrEqual(2);
    await page.getByRole('button', { name: /clusters of model rows/ }).click();
    expect(await page.locator('[data-testid=case]:not(.finding)').count()).toBe(4 + 100);
    await shots(page, 'cases-proxy-clusters');
  });
});

describe('the cases layout by keyboard, at 1366 px', () => {
  it('j/k move through cases and expanded rows, Enter/Space expand, a number key scores the case; undo survives a reload', async () => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await openView(page, 'proxy');
    await cases().waitFor();
    const all = page.locator('[data-testid=case]');
    const selectedCount = async () =>
      /(\d+) selected/.exec((await page.getByTestId('scoring-bar').textContent()) ?? '')?.[1];
    const rowsOf = async (i: number) => String(Number(await all.nth(i).getAttribute('data-rows')));
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('j');
    await expect.poll(() => cases().getAttribute('data-cursor')).toBe('0');
    expect(await all.nth(0).getAttribute('class')).toMatch(/cursor/);
    await expect.poll(selectedCount).toBe(await rowsOf(0));
    await page.keyboard.press('j');
    await expect.poll(() => cases().getAttribute('data-cursor')).toBe('1');
    await expect.poll(selectedCount).toBe(await rowsOf(1));
    const second = all.nth(1);
    const secondKey = await second.getAttribute('data-case-key');
    // Enter expands the case; j goes into its rows (one row selected, Details follows it); k comes back.
    await page.keyboard.press('Enter');
    await expect.poll(() => second.locator('button.chevron').getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('j');
    await expect.poll(() => second.locator('button.row.cursor').count()).toBe(1);
    await expect.poll(selectedCount).toBe('1');
    expect(await second.locator('button.row').first().getAttribute('class')).toMatch(/active/);
    await page.keyboard.press('k');
    await expect.poll(selectedCount).toBe(await rowsOf(1));
    // Space folds it again.
    await page.keyboard.press(' ');
    await expect.poll(() => second.locator('button.chevron').getAttribute('aria-expanded')).toBe('false');
    await screenshot(page, 'cases-keyboard-1366');
    // 3 scores the case under the cursor Low: it hides, the cursor lands on the case now in its place, selected.
    const scoresBefore = await api('scores.list', { pipeline: 'proxy', date: SAMPLE_DATE });
    await page.keyboard.press('3');
    await expect.poll(() => page.locator(`[data-testid=case][data-case-key="${secondKey}"]`).count()).toBe(0);
    // (A folded cluster may move up into the list in its place: the count of cases need not drop.)
    expect(await all.nth(1).getAttribute('data-case-key')).not.toBe(secondKey);
    await expect.poll(() => all.nth(1).getAttribute('class')).toMatch(/cursor/);
    await expect.poll(selectedCount).toBe(await rowsOf(1));
    // The undo history outlives a reload: Ctrl+z after it brings the case back, and the analyst's scores are
    // exactly what they were before the key.
    await page.reload();
    await page.locator('[data-testid=suspicious-view][data-status=ready]').waitFor({ timeout: 30_000 });
    await cases().waitFor();
    expect(await page.locator(`[data-testid=case][data-case-key="${secondKey}"]`).count()).toBe(0);
    await expect.poll(() => page.getByRole('button', { name: 'Undo' }).isEnabled()).toBe(true);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator(`[data-testid=case][data-case-key="${secondKey}"]`).count()).toBe(1);
    expect(await api('scores.list', { pipeline: 'proxy', date: SAMPLE_DATE })).toEqual(scoresBefore);
  });

  it('a long case title wraps instead of being cut at 1366 px', async () => {
    await page.setViewportSize({ width: 1366, height: 768 });
    for (const pipeline of ['dns', 'proxy', 'flow']) {
      await openView(page, pipeline);
      await cases().waitFor();
      const cut = await page
        .locator('[data-testid=case] .title')
        .evaluateAll((titles) =>
          titles
            .filter((t) => t.scrollWidth > t.clientWidth + 1 || t.scrollHeight > t.clientHeight + 1)
            .map((t) => t.textContent),
        );
      expect(cut, `${pipeline} titles cut`).toEqual([]);
    }
    await openView(page, 'dns');
    await screenshot(page, 'cases-dns-titles-1366');
    await page.setViewportSize({ width: 1440, height: 900 });
  });
});

describe('scores as standing rules', () => {
  it('a quick score and an allow-list entry hold for the rows "Score this day" imports; the view says what changed', async () => {
    const resolver = '10.1.1.10';
    // The day as a first, smaller import left it (the top 300 rows by LDA score, plus the findings' rows): the
    // next import brings rows of the resolver this one does not have.
    const small = await api('pipeline.run', { pipeline: 'dns', date: SAMPLE_DATE, top: 300 });
    await expect
      .poll(async () => (await api('jobs.list', {})).find((j) => j.id === small.id)?.status, { timeout: 300_000 })
      .toBe('done');
    await openView(page, 'dns');
    const before = await api('suspicious.rows', { pipeline: 'dns', date: SAMPLE_DATE });
    const client = before.columns.indexOf('ip_dst');
    const query = before.columns.indexOf('dns_qry_name');
    const eventKey = (row: unknown[]) => before.columns.map((_, i) => String(row[i])).join('|');
    const resolverBefore = new Set(before.rows.filter((r) => r[client] === resolver).map(eventKey));
    expect(resolverBefore.size).toBeGreaterThan(0);

    // The analyst quick-scores the resolver Low (a criteria score: it stands) and allow-lists a domain.
    await page.getByLabel('Quick scoring').fill(resolver);
    await page.getByLabel('Quick score severity').selectOption('3');
    await page.getByLabel('Score note').fill('internal resolver');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByTestId('score-preview').waitFor();
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Scored' }).count()).toBeGreaterThan(0);
    await api('allowlist.add', { kind: 'domain', pattern: 'microsoft.com', reason: 'vendor updates' });

    // Score this day: the embedded LDA re-scores the raw day (learning from the feedback) and re-imports it.
    await page.getByRole('button', { name: 'Score this day' }).click();
    await page.getByTestId('job-progress').first().waitFor({ timeout: 30_000 });
    await page.getByTestId('job-progress').first().waitFor({ state: 'detached', timeout: 400_000 });
    const jobs = await api('jobs.list', {});
    const job = jobs.find((j) => j.kind === 'score');
    expect(job?.status, job?.error).toBe('done');

    // Every row of the resolver in the new import is scored Low with the note: the same events keep their score,
    // the new ones get it from the standing rule.
    const after = await api('suspicious.rows', { pipeline: 'dns', date: SAMPLE_DATE });
    const scores = new Map(
      (await api('scores.list', { pipeline: 'dns', date: SAMPLE_DATE })).map((s) => [s.rowIndex, s]),
    );
    const resolverRows = after.rows.flatMap((r, i) => (r[client] === resolver ? [i] : []));
    expect(resolverRows.length).toBeGreaterThan(0);
    for (const i of resolverRows)
      expect(scores.get(i), `row ${i}`).toMatchObject({ score: 3, note: 'internal resolver' });
    const fresh = resolverRows.filter((i) => !resolverBefore.has(eventKey(after.rows[i]!))).length;
    expect(fresh).toBeGreaterThan(0);
    const changes = await api('suspicious.changes', { pipeline: 'dns', date: SAMPLE_DATE });
    expect(changes.standing).toEqual({ rules: 1, rows: fresh });
    expect(job?.message).toContain(`${fresh} rows scored by 1 standing rule`);
    // The allow-list hides the domain's rows of the new import too.
    const hidden = new Set((await api('allowlist.hidden', { pipeline: 'dns', date: SAMPLE_DATE })).rows);
    const vendor = after.rows.flatMap((r, i) => (/(^|\.)microsoft\.com$/.test(String(r[query])) ? [i] : []));
    expect(vendor.length).toBeGreaterThan(0);
    for (const i of vendor) expect(hidden.has(i), `row ${i}`).toBe(true);

    // The view says what the new import changed, against the previous import of the day.
    expect(changes.changes).not.toBeNull();
    const banner = page.getByTestId('import-changes');
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.textContent()).toMatch(/Since the import of \d\d:\d\d UTC: [\d,]+ new rows?, [\d,]+ dropped/);
    expect(await banner.textContent()).toContain('Cases:');
    expect(await banner.textContent()).toContain(`Standing rules scored ${fresh.toLocaleString('en-US')} new row`);
    await shots(page, 'cases-dns-after-score-this-day');
    await page.getByRole('button', { name: 'Dismiss what the import changed' }).click();
    expect(await banner.count()).toBe(0);
  });
});
