/**
 * The Suspicious tables on the bundled sample day, in Chromium: each pipeline's default columns show the evidence,
 * numbers carry separators and units, IPs carry their network-context name or country, the identity columns stay
 * put when the table scrolls sideways, and one UTC/local switch rewrites every time. Screenshots of each pipeline
 * at 1366×768 and 1600×1000, light and dark.
 */
import type { Locator, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_DATE } from '../electron/core/sample/scenarios';
import {
  forEachLook,
  openAppPage,
  screenshot,
  useSampleDay,
  type AppBrowser,
  type Look,
  type RunningApp,
} from './fixtures/app';

let app: RunningApp;
const { api, openRows } = useSampleDay({ page: false }, (started) => ({ app } = started));
const openView = (page: Page, pipeline: string, filter?: string) => openRows(pipeline, filter, page);

const headers = (page: Page) => page.locator('[data-testid=suspicious-table] [role=columnheader]').allTextContents();
const firstRow = (page: Page) => page.locator('[data-testid=suspicious-table] [role=row][aria-rowindex="1"]');

describe('tables that show the evidence', () => {
  let browser: AppBrowser;
  let page: Page;
  beforeAll(async () => {
    browser = await openAppPage(app, { size: { width: 1366, height: 768 } });
    page = browser.page;
  });
  afterAll(async () => browser?.close());

  it('flow: default columns, units, names beside IPs, pinned identity columns', async () => {
    await openView(page, 'flow');
    const shown = (await headers(page)).map((h) => h.trim());
    expect(shown.slice(0, 2)).toEqual(['Time (UTC)', 'Source IP']);
    for (const label of ['Destination IP', 'Sport', 'Dport', 'Proto', 'Packets', 'Bytes', 'Finding', 'Score'])
      expect(shown).toContain(label);
    // Bytes in decimal units, packets with separators; the day's table writes the time of day, the whole time in
    // the one format on hover.
    const cells = await page
      .locator('[data-testid=suspicious-table] [role=row][aria-rowindex] [role=gridcell]')
      .allTextContents();
    expect(cells.some((c) => /^\d+(\.\d)? (B|kB|MB|GB)$/.test(c.trim()))).toBe(true);
    expect(cells.some((c) => /^\d\d:\d\d:\d\d$/.test(c.trim()))).toBe(true);
    expect(await firstRow(page).locator('[role=gridcell] [title]').first().getAttribute('title')).toMatch(
      /^20\d\d-\d\d-\d\d \d\d:\d\d:\d\d UTC$/,
    );
    // Internal hosts carry their network-context name, outside hosts their country.
    await expect.poll(async () => page.locator('[data-testid=suspicious-table] .host-tag').count()).toBeGreaterThan(0);
    const tags = await page.locator('[data-testid=suspicious-table] .host-tag').allTextContents();
    expect(tags.some((t) => /workstations|proxy|ns\d|dc\d/i.test(t))).toBe(true);
    await screenshot(page, 'tables-flow-1366-light');
    // Scrolling sideways keeps the time and source in place (a window narrower than 1366, where flow scrolls).
    await page.setViewportSize({ width: 1100, height: 768 });
    const scroller = page.locator('[data-testid=suspicious-table] .scroll');
    const timeCell = firstRow(page).locator('[role=gridcell]').first();
    const before = await timeCell.boundingBox();
    await scroller.evaluate((el) => (el.scrollLeft = 400));
    await expect.poll(() => scroller.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    const after = await timeCell.boundingBox();
    expect(after?.x).toBe(before?.x);
    const third = await firstRow(page).locator('[role=gridcell]').nth(2).boundingBox();
    await screenshot(page, 'tables-flow-1366-scrolled');
    expect(third!.x).toBeLessThan(before!.x + 400);
    await scroller.evaluate((el) => (el.scrollLeft = 0));
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('one UTC/local switch rewrites the times and is remembered', async () => {
    const timeCell = firstRow(page).locator('[role=gridcell]').first();
    // The whole time is the cell's hover text ("2026-11-24 09:41:17 UTC"); the cell writes its time of day.
    const utc = ((await timeCell.locator('[title]').getAttribute('title')) ?? '').replace(/ UTC$/, '');
    const expectedLocal = await page.evaluate((text) => {
      const [d, t] = text.split(' ');
      const at = new Date(`${d}T${t}Z`);
      const p = (n: number) => String(n).padStart(2, '0');
      return `${at.getFullYear()}-${p(at.getMonth() + 1)}-${p(at.getDate())} ${p(at.getHours())}:${p(at.getMinutes())}:${p(at.getSeconds())}`;
    }, utc);
    await page.getByTestId('time-zone').click();
    await expect.poll(async () => (await headers(page))[0]?.trim()).toBe('Time (local)');
    expect(await timeCell.locator('[title]').getAttribute('title')).toMatch(new RegExp(`^${expectedLocal} local`));
    expect((await timeCell.textContent())?.trim()).toMatch(new RegExp(`^${expectedLocal.slice(11)}( [+−]\\dd)?$`));
    await page.reload();
    await page.locator(`[data-testid=suspicious-view][data-status=ready]`).waitFor({ timeout: 30_000 });
    expect((await headers(page))[0]?.trim()).toBe('Time (local)');
    await page.getByTestId('time-zone').click();
    await expect.poll(async () => (await headers(page))[0]?.trim()).toBe('Time (UTC)');
  });

  it('dns and proxy: the columns an analyst decides on', async () => {
    await openView(page, 'dns');
    const dns = (await headers(page)).map((h) => h.trim());
    expect(dns.slice(0, 2)).toEqual(['Time (UTC)', 'Client IP']);
    for (const label of ['Query', 'Type', 'Rcode', 'Answers', 'Finding', 'Score']) expect(dns).toContain(label);
    await screenshot(page, 'tables-dns-1366-light');
    await openView(page, 'proxy');
    const proxy = (await headers(page)).map((h) => h.trim());
    expect(proxy.slice(0, 2)).toEqual(['Time (UTC)', 'Client IP']);
    for (const label of ['Host', 'Method', 'URI', 'Status', 'Content type', 'Bytes up', 'Bytes down'])
      expect(proxy).toContain(label);
    await screenshot(page, 'tables-proxy-1366-light');
  });

  it('dns: the answers fill in after the first paint, one read per page of rows on screen', async () => {
    const asked: number[][] = [];
    const onRequest = (request: Request) => {
      if (request.url().endsWith('/api/invoke/dns.answers'))
        asked.push((JSON.parse(request.postData() ?? '{}') as { rows: number[] }).rows);
    };
    page.on('request', onRequest);
    try {
      await openView(page, 'dns');
      const shown = (await headers(page)).map((h) => h.trim());
      expect(shown.slice(0, 6)).toEqual(['Time (UTC)', 'Client IP', 'Query', 'Type', 'Rcode', 'Answers']);
      const answersCell = (row: Locator) => row.locator('[role=gridcell]').nth(5);
      // Filled in: no cell of the rows in view still says it is loading.
      const rowsInView = page.locator('[data-testid=suspicious-table] [role=row][aria-rowindex]');
      await expect
        .poll(async () =>
          (await rowsInView.evaluateAll((rs) => rs.map((r) => r.children[5]?.textContent?.trim()))).includes('…'),
        )
        .toBe(false);
      expect(asked.length).toBeGreaterThan(0);
      expect(asked[0]!.length).toBeLessThanOrEqual(200);
      // Each cell shows what the door says of that row's raw event.
      const keys = (await rowsInView.evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('data-row-key'))))).slice(
        0,
        12,
      );
      const truth = await api('dns.answers', { date: SAMPLE_DATE, rows: keys });
      expect(truth.hasData).toBe(true);
      for (const { row, answers } of truth.rows) {
        const text = (
          await answersCell(page.locator(`[data-testid=suspicious-table] [data-row-key="${row}"]`)).textContent()
        )?.trim();
        expect(text).toBe(answers === null ? 'not kept' : answers.length === 0 ? 'no answer' : answers.join(', '));
      }
      const texts = await rowsInView.evaluateAll((rs) => rs.map((r) => r.children[5]?.textContent?.trim() ?? ''));
      expect(texts.some((t) => /^\d+\.\d+\.\d+\.\d+/.test(t) || t === 'no answer')).toBe(true);
      await screenshot(page, 'tables-dns-answers-1366-light');
      // Scrolling far down asks for the new page only, and fills it in.
      const before = asked.length;
      await page
        .locator('[data-testid=suspicious-table] .scroll')
        .evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
      await expect.poll(() => asked.length).toBeGreaterThan(before);
      const firstPage = new Set(asked[0]);
      expect(
        asked
          .slice(before)
          .flat()
          .some((i) => firstPage.has(i)),
      ).toBe(false);
      await expect
        .poll(async () =>
          (await rowsInView.evaluateAll((rs) => rs.map((r) => r.children[5]?.textContent?.trim()))).includes('…'),
        )
        .toBe(false);
    } finally {
      page.off('request', onRequest);
    }
  });

  it('the column chooser is remembered', async () => {
    await openView(page, 'proxy');
    await page.getByRole('button', { name: 'Choose columns' }).click();
    await page.getByRole('group', { name: 'Columns shown' }).getByLabel('User agent').check();
    await page.getByRole('button', { name: 'Choose columns' }).click();
    expect(await headers(page)).toContain('User agent');
    await page.reload();
    await page.locator(`[data-testid=suspicious-view][data-status=ready]`).waitFor({ timeout: 30_000 });
    expect(await headers(page)).toContain('User agent');
  });

  it('screenshots at 1600×1000', async () => {
    await page.setViewportSize({ width: 1600, height: 1000 });
    for (const pipeline of ['flow', 'dns', 'proxy']) {
      await openView(page, pipeline);
      await screenshot(page, `tables-${pipeline}-1600-light`);
    }
  });
});

describe('dark', () => {
  it('screenshots each pipeline in dark at both sizes', async () => {
    const browser = await openAppPage(app, { colorScheme: 'dark' });
    try {
      const page = browser.page;
      const dark = async ({ width }: Look) => {
        for (const pipeline of ['flow', 'dns', 'proxy']) {
          await openView(page, pipeline);
          await firstRow(page).click();
          await screenshot(page, `tables-${pipeline}-${width}-dark`);
        }
      };
      await forEachLook(page, dark, { schemes: ['dark'] });
    } finally {
      await browser.close();
    }
  });
});

describe('details panel', () => {
  const detailHeaders = (page: Page) =>
    page.locator('[data-testid=details-table] [role=columnheader]').allTextContents();

  /** Selects the first row and waits for its details table. */
  async function openDetails(page: Page, pipeline: string): Promise<string[]> {
    await openView(page, pipeline);
    await firstRow(page).click();
    await page.locator('[data-testid=details-table][data-rows]').waitFor();
    await expect.poll(async () => (await detailHeaders(page)).length).toBeGreaterThan(0);
    return (await detailHeaders(page)).map((h) => h.trim());
  }

  it("shows each pipeline's details columns from the profile, times in the one format following the switch", async () => {
    const browser = await openAppPage(app, { size: { width: 1366, height: 768 } });
    try {
      const page = browser.page;
      const expected: Record<string, string[]> = {
        flow: ['Time (UTC)', 'Source IP', 'Destination IP', 'Src port', 'Dst port', 'Proto', 'Flags'],
        dns: ['Time (UTC)', 'Length', 'Client IP', 'Server IP', 'Query', 'Class', 'Type', 'Rcode', 'Answers'],
        proxy: ['Time (UTC)', 'Client IP', 'Host', 'Web category', 'Response', 'Method', 'User agent'],
      };
      for (const pipeline of ['flow', 'dns', 'proxy']) {
        const shown = await openDetails(page, pipeline);
        expect(shown.slice(0, expected[pipeline]!.length), pipeline).toEqual(expected[pipeline]);
        const timeCell = page.locator('[data-testid=details-table] [role=row][aria-rowindex="1"] [role=gridcell]');
        const utc = (await timeCell.first().textContent())?.trim() ?? '';
        expect(utc, pipeline).toMatch(/^20\d\d-\d\d-\d\d \d\d:\d\d:\d\d$/);
        await page.getByTestId('time-zone').click();
        await expect.poll(async () => (await detailHeaders(page))[0]?.trim()).toBe('Time (local)');
        const local = await page.evaluate((text) => {
          const at = new Date(`${text.replace(' ', 'T')}Z`);
          const p = (n: number) => String(n).padStart(2, '0');
          return `${at.getFullYear()}-${p(at.getMonth() + 1)}-${p(at.getDate())} ${p(at.getHours())}:${p(at.getMinutes())}:${p(at.getSeconds())}`;
        }, utc);
        expect((await timeCell.first().textContent())?.trim(), pipeline).toBe(local);
        await page.getByTestId('time-zone').click();
        await expect.poll(async () => (await detailHeaders(page))[0]?.trim()).toBe('Time (UTC)');
      }
      // Proxy's request tab writes the time as one instant too, not the bare time of day.
      await page.getByRole('tab', { name: 'Request' }).click();
      const request = page.getByTestId('proxy-request');
      expect(await request.locator('dt').first().textContent()).toBe('Time (UTC)');
      expect((await request.locator('dd').first().textContent())?.trim()).toMatch(/^20\d\d-\d\d-\d\d \d\d:\d\d:\d\d$/);
    } finally {
      await browser.close();
    }
  });

  it('screenshots the details of each pipeline at both sizes, light and dark', async () => {
    const browser = await openAppPage(app);
    try {
      const page = browser.page;
      await forEachLook(page, async ({ width, scheme }) => {
        for (const pipeline of ['flow', 'dns', 'proxy']) {
          await openDetails(page, pipeline);
          await screenshot(page, `details-${pipeline}-${width}-${scheme}`);
        }
      });
    } finally {
      await browser.close();
    }
  });
});
