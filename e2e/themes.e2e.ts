/**
 * Every view in light and dark at 1366×768 and 1600×1000 (issue #16 "themes"): screenshots to look at, and in dark
 * no form field (input, select, textarea) is drawn light on the dark page, and the storyboard's globe is drawn dark.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationName, OperationRequest, OperationResponse } from '../shared/api';
import { C2_VICTIM, SAMPLE_DATE } from '../electron/core/sample/scenarios';
import { invokeApi, openBrowser, screenshot, startApp, type RunningApp, waitForSampleDay } from './fixtures/app';

let app: RunningApp;

const api = <K extends OperationName>(name: K, request: OperationRequest<K>): Promise<OperationResponse<K>> =>
  invokeApi(app, name, request);

beforeAll(async () => {
  app = await startApp();
  await waitForSampleDay(app, SAMPLE_DATE, { timeoutMs: 450_000 });
  // A saved flow threat, so the storyboard (and its globe) has something to show.
  const request = { pipeline: 'flow' as const, date: SAMPLE_DATE, anchor: C2_VICTIM };
  await api('investigation.search', request);
  for (let i = 0; (await api('investigation.result', request)) === null; i++) {
    if (i > 120) throw new Error('the flow search did not finish');
    await new Promise((r) => setTimeout(r, 1000));
  }
  await api('investigation.save', { ...request, title: `C2 beaconing from ${C2_VICTIM}`, text: 'Every 5 minutes.' });
}, 500_000);
afterAll(async () => {
  await app?.stop();
});

const VIEWS = [
  ['flow', 'suspicious'],
  ['dns', 'suspicious'],
  ['proxy', 'suspicious'],
  ['flow', 'investigation'],
  ['flow', 'storyboard'],
  ['dns', 'ingest'],
  ['flow', 'settings'],
] as const;

async function show(page: Page, pipeline: string, view: string): Promise<void> {
  await page.evaluate((h) => (window.location.hash = h), `#/${pipeline}/${view}?date=${SAMPLE_DATE}`);
  const testid = view === 'suspicious' ? 'suspicious-view' : `${view}-view`;
  await page.getByTestId(testid).waitFor({ timeout: 30_000 });
  if (view === 'suspicious')
    await page.locator('[data-testid=suspicious-view][data-status=ready]').waitFor({ timeout: 30_000 });
  if (view === 'storyboard') {
    await page.getByTestId('threat-detail').waitFor({ timeout: 30_000 });
    const globe = page.locator('[data-testid="globe-canvas"][data-ready="yes"]');
    if (
      (await page.getByTestId('globe-view').count()) > 0 &&
      (await page.getByTestId('globe-unavailable').count()) === 0
    )
      await globe.waitFor({ timeout: 120_000 });
  }
  await page.waitForTimeout(400);
}

/** Form fields whose background is light (relative luminance above 0.5), by their label or name. */
function lightFields(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const luminance = (css: string) => {
      const [r = 0, g = 0, b = 0, a = 1] = (css.match(/[\d.]+/g) ?? []).map(Number);
      if (a === 0) return null; // transparent: the panel behind shows
      const lin = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const fields = [
      ...document.querySelectorAll<HTMLElement>(
        'input:not([type=checkbox]):not([type=radio]):not([type=file]), select, textarea',
      ),
    ];
    return fields
      .filter((f) => f.offsetParent !== null)
      .filter((f) => (luminance(getComputedStyle(f).backgroundColor) ?? 0) > 0.5)
      .map((f) => f.getAttribute('aria-label') ?? f.getAttribute('name') ?? f.outerHTML.slice(0, 80));
  });
}

describe('every view in light and dark', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`${scheme}: screenshots at both sizes${scheme === 'dark' ? '; no light form field, a dark globe' : ''}`, async () => {
      const browser = await openBrowser({ colorScheme: scheme });
      try {
        const page = browser.page;
        await page.goto(app.openUrl);
        await page.getByRole('navigation', { name: 'Pipeline' }).waitFor();
        for (const [width, height] of [
          [1366, 768],
          [1600, 1000],
        ] as const) {
          await page.setViewportSize({ width, height });
          for (const [pipeline, view] of VIEWS) {
            await show(page, pipeline, view);
            await screenshot(page, `view-${pipeline}-${view}-${width}-${scheme}`);
            if (scheme === 'dark') expect(await lightFields(page), `${pipeline} ${view}`).toEqual([]);
          }
        }
        if (scheme === 'dark') {
          // The globe's texture: the dark theme draws the night-toned earth (mean brightness of the canvas low).
          await show(page, 'flow', 'storyboard');
          const canvas = page.locator('[data-testid="globe-canvas"] canvas');
          if ((await canvas.count()) > 0) {
            await canvas.scrollIntoViewIfNeeded();
            const brightness = await canvas.evaluate((c: HTMLCanvasElement) => {
              const copy = document.createElement('canvas');
              copy.width = c.width;
              copy.height = c.height;
              const ctx = copy.getContext('2d')!;
              ctx.drawImage(c, 0, 0);
              const data = ctx.getImageData(0, 0, copy.width, copy.height).data;
              let sum = 0;
              let n = 0;
              for (let i = 0; i < data.length; i += 4 * 37) {
                if (data[i + 3]! < 200) continue; // outside the globe
                sum += (data[i]! + data[i + 1]! + data[i + 2]!) / 3;
                n += 1;
              }
              return n === 0 ? null : sum / n;
            });
            expect(brightness).not.toBeNull();
            expect(brightness!).toBeLessThan(110);
            await screenshot(page, 'view-flow-storyboard-globe-dark');
          }
        }
      } finally {
        await browser.close();
      }
    });
  }
});
