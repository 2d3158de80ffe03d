/**
 * Issue #16's wrong-data bugs on the bundled sample day, in Chromium: a threat form belongs to one (pipeline, day,
 * anchor); number keys score only visible rows and the cursor follows; undo/redo go back more than one step; the
 * storyboard names a host the same way in the progression, the impact drill-down and the exports.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  C2_VICTIM,
  MALWARE_HOST,
  MALWARE_URI,
  SAMPLE_DATE,
  SCANNER,
  TUNNEL_CLIENT,
} from '../electron/core/sample/scenarios';
import { openBrowser, openSuspiciousRows, screenshot, useSampleDay, type RunningApp } from './fixtures/app';

let app: RunningApp;
let page: Page;
const { api } = useSampleDay({ page: { width: 1600, height: 1000 } }, (ready) => ({ app, page } = ready));

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
    await openSuspiciousRows(page, 'flow', SAMPLE_DATE);
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

const settingsField = (label: string) =>
  page.locator('label.field', { hasText: label }).locator('input, select, textarea').first();

async function setField(label: string, value: string) {
  await settingsField(label).fill(value);
  await settingsField(label).dispatchEvent('change');
}

describe('feedback and settings tell the truth', () => {
  it('a failed Send says why (never "queued"), shows the file, and the failure clears once the ML node is set', async () => {
    await openSuspiciousRows(page, 'flow', SAMPLE_DATE);
    const total = await tableRows();
    await page.getByRole('heading', { name: /Suspicious flow/i }).click();
    await page.keyboard.press('Escape');
    await page.keyboard.press('j');
    await page.keyboard.press('3');
    await expect.poll(() => tableRows()).toBe(total - 1);
    const bar = page.getByTestId('scoring-bar');
    await bar.getByRole('button', { name: 'Send', exact: true }).click();
    await bar.getByRole('alert').filter({ hasText: 'Feedback not sent' }).waitFor({ timeout: 60_000 });
    const state = page.getByTestId('feedback-state');
    await expect.poll(() => state.textContent()).toContain('not sent: the ML node is not configured');
    expect(await state.textContent()).not.toContain('queued');
    expect(await state.getAttribute('class')).toContain('tone-error');
    expect(await bar.locator('.message').count()).toBe(0);
    expect(await page.getByTestId('feedback-file').getAttribute('title')).toMatch(
      /feedback[/\\]flow[/\\]20261124[/\\]ml_feedback\.csv$/,
    );
    await screenshot(page, 'truth-feedback-failed');

    // Test connection uses the values typed on screen, before they are saved.
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByTestId('settings-view').waitFor();
    await settingsField('Host').waitFor();
    await setField('Host', '127.0.0.1');
    await setField('Port', '1');
    await setField('User', 'spot');
    await page.getByRole('button', { name: 'Test connection' }).first().click();
    const result = page.locator('fieldset', { hasText: 'Test connection' }).first().getByRole('status');
    await expect.poll(() => result.textContent(), { timeout: 60_000 }).toContain('(unsaved values on screen)');
    expect(await result.textContent()).not.toContain('not set');
    await screenshot(page, 'truth-settings-test-unsaved');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^\s*Saved\s*$/ })
      .waitFor();

    await page.evaluate((d) => (window.location.hash = `#/flow/suspicious?date=${d}`), SAMPLE_DATE);
    await page.locator('[data-testid=suspicious-view][data-status=ready]').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('feedback-state').textContent()).toContain('saved, not sent');
    expect(await page.getByTestId('feedback-state').textContent()).not.toContain('not configured');
  });

  it('"Import…" says when the import finished and which pipeline and day it imported', async () => {
    await open('DNS', 'Suspicious');
    await page.getByRole('button', { name: 'Import…' }).click();
    const panel = page.getByTestId('import-day');
    await panel.getByRole('combobox', { name: 'Day to import' }).waitFor();
    expect(await panel.textContent()).toContain('Import a dns day from');
    await panel.getByRole('button', { name: 'Import', exact: true }).click();
    await expect
      .poll(() => panel.getByTestId('import-outcome').textContent(), { timeout: 240_000 })
      .toMatch(new RegExp(`^Imported DNS ${SAMPLE_DATE}`));
    expect(await panel.getByTestId('import-outcome').getAttribute('class')).toContain('tone-ok');
    await screenshot(page, 'truth-import-done');
    await page.getByRole('button', { name: 'Import…' }).click();
  });
});

describe('threat investigation items', () => {
  it('lists items with counts and reasons, searches proxy by host, keeps the search when leaving, reads headers', async () => {
    await open('Proxy', 'Threat investigation');
    const first = page.getByTestId('suspicious-list').getByTestId('candidate').first();
    await first.waitFor();
    expect(await first.locator('.count').textContent()).toMatch(/^\d[\d,]* rows?$/);
    expect((await first.locator('.reason').textContent())?.trim()).not.toBe('');

    await searchAnchor(MALWARE_HOST);
    const result = page.getByTestId('search-result');
    expect(await result.textContent()).toContain(MALWARE_URI);
    const headers = await result.locator('[role=columnheader]').allTextContents();
    expect(headers.some((h) => h.includes('Full URI'))).toBe(true);
    expect(headers.some((h) => h.includes('fulluri'))).toBe(false);
    await screenshot(page, 'items-investigation-proxy-host');

    await open('Proxy', 'Suspicious');
    await page.getByTestId('suspicious-view').waitFor();
    await open('Proxy', 'Threat investigation');
    await page.getByTestId('search-result').waitFor();
    expect(await page.getByLabel('Anchor').inputValue()).toBe(MALWARE_HOST);
    expect(await page.getByTestId('search-result').textContent()).toContain(MALWARE_URI);
  });
});

describe('screenshots of the views this work touched', () => {
  it('Suspicious, Threat investigation, Storyboard and Settings at 1366×768 and 1600×1000, light and dark', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const b = await openBrowser({ colorScheme: scheme });
      try {
        const p = b.page;
        await p.goto(app.openUrl);
        for (const [width, height] of [
          [1366, 768],
          [1600, 1000],
        ] as const) {
          await p.setViewportSize({ width, height });
          const name = (view: string) => `views-${view}-${width}x${height}-${scheme}`;
          await openSuspiciousRows(p, 'flow', SAMPLE_DATE);
          await p.locator('[data-testid=suspicious-table] [role=row][aria-rowindex="1"]').click();
          await p.waitForTimeout(800);
          await screenshot(p, name('suspicious'));
          await p.evaluate((d) => (window.location.hash = `#/flow/investigation?date=${d}`), SAMPLE_DATE);
          await p.getByTestId('investigation-view').waitFor();
          await p.getByLabel('Anchor').fill(C2_VICTIM);
          await p.getByRole('button', { name: 'Search', exact: true }).click();
          await p.getByTestId('search-result').waitFor({ timeout: 120_000 });
          await screenshot(p, name('investigation'));
          await p.evaluate((d) => (window.location.hash = `#/flow/storyboard?date=${d}`), SAMPLE_DATE);
          await p.getByTestId('briefing-list').getByText(`Port scan from ${SCANNER}`).click();
          await p.getByTestId('impact-bars').waitFor();
          await p.waitForTimeout(800);
          await screenshot(p, name('storyboard'));
          await p.evaluate(() => (window.location.hash = '#/flow/settings'));
          await p.getByTestId('settings-view').waitFor();
          await p.waitForTimeout(300);
          await screenshot(p, name('settings'));
        }
      } finally {
        await b.close();
      }
    }
  }, 600_000);
});
