// The storyboard as an analyst sends it: a saved threat with notes in Cyrillic and Chinese, the report exported from
// the view's buttons (PDF, HTML, IOC CSV, STIX 2.1) in browser mode with real Chromium, and the view and the PDF's
// pages captured at two window sizes, light and dark.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { stixBundleProblems } from '../electron/core/report/stix-schema';
import { C2_SERVER, C2_VICTIM, SAMPLE_DATE } from '../electron/core/sample/scenarios';
import {
  forEachLook,
  screenshot,
  SCREENSHOTS,
  useSampleDay,
  waitForJob,
  type AppBrowser,
  type RunningApp,
} from './fixtures/app';

let app: RunningApp;
let browser: AppBrowser;
const TITLE = `C2 beacon from ${C2_VICTIM} — <b>O'Brien</b>`;
const NOTE = 'Хост связывался с сервером управления каждые пять минут.\n该主机每五分钟连接一次命令与控制服务器。';

const { api } = useSampleDay({ pipelines: ['flow'] }, (ready) => ({ app, browser } = ready));

// The threat the report shows.
beforeAll(async () => {
  const started = await api('investigation.search', {
    pipeline: 'flow',
    date: SAMPLE_DATE,
    anchor: C2_VICTIM,
  });
  if (started.job) expect(await waitForJob(app, started.job.id)).toBe('done');
  await api('investigation.save', { pipeline: 'flow', date: SAMPLE_DATE, anchor: C2_VICTIM, title: TITLE, text: NOTE });
}, 300_000);

describe('storyboard report exports', () => {
  it('shows the threat with the report controls, at 1366×768 and 1600×1000, light and dark', async () => {
    const { page } = browser;
    await page.goto(app.openUrl);
    await page.evaluate((day) => {
      window.location.hash = `#/flow/storyboard?date=${day}`;
    }, SAMPLE_DATE);
    await page.getByTestId('threat-detail').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('threat-detail').locator('h1').textContent()).toBe(TITLE);
    expect(await page.getByTestId('threat-detail').locator('.summary').textContent()).toBe(NOTE);
    await forEachLook(page, async (look) => {
      const box = (await page.getByTestId('report-exports').boundingBox())!;
      // The controls fit in the briefing column without being cut off.
      expect(box.x + box.width, look.name).toBeLessThanOrEqual(310);
      await screenshot(page, `storyboard-report-${look.name}`);
    });
  });

  it('exports the day as PDF with the chosen marking and analyst, non-Latin text intact', async () => {
    const { page } = browser;
    await page.getByLabel('TLP marking').selectOption('RED');
    await page.getByLabel('Analyst name').fill('Ольга Петрова');
    await page.getByLabel('Analyst name').press('Tab');
    const exports = page.getByTestId('report-exports');
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      exports.getByRole('button', { name: 'PDF', exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`flow-report-${SAMPLE_DATE}.pdf`);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    const file = path.join(SCREENSHOTS, 'storyboard-report.pdf');
    await download.saveAs(file);
    const text = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    for (const piece of [
      TITLE,
      'Хост связывался с сервером управления',
      '该主机每五分钟连接一次命令与控制服务器。',
      'Ольга Петрова',
      'TLP:RED',
      C2_SERVER,
    ]) {
      expect(text, piece).toContain(piece);
    }
    // The pages as pictures, to look at (test artefacts).
    execFileSync('pdftoppm', ['-r', '70', '-png', file, path.join(SCREENSHOTS, 'storyboard-report-page')]);
    // The choice is remembered for the next export.
    await page.reload();
    await page.getByTestId('report-exports').waitFor();
    expect(await page.getByLabel('TLP marking').inputValue()).toBe('RED');
    expect(await page.getByLabel('Analyst name').inputValue()).toBe('Ольга Петрова');
  });

  it("exports one threat's indicators as a valid STIX bundle and as a spreadsheet-safe CSV", async () => {
    const { page } = browser;
    const threat = page.getByTestId('threat-exports');
    const [stix] = await Promise.all([
      page.waitForEvent('download'),
      threat.getByRole('button', { name: 'STIX 2.1' }).click(),
    ]);
    expect(stix.suggestedFilename()).toBe(`flow-iocs-${SAMPLE_DATE}-${C2_VICTIM}.json`);
    const bundle = JSON.parse(fs.readFileSync((await stix.path())!, 'utf8')) as {
      objects: Array<Record<string, unknown>>;
    };
    expect(stixBundleProblems(bundle)).toEqual([]);
    expect(bundle.objects.map((o) => o.pattern)).toContain(`[ipv4-addr:value = '${C2_SERVER}']`);
    expect(bundle.objects.find((o) => o.type === 'marking-definition')).toMatchObject({ name: 'TLP:RED' });
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      threat.getByRole('button', { name: 'CSV', exact: true }).click(),
    ]);
    const rows = fs.readFileSync((await csv.path())!, 'utf8').split('\r\n');
    expect(rows[0]).toBe('type,value,threat,anchor,count,first_seen,last_seen');
    expect(rows.some((r) => r.startsWith(`ipv4-addr,${C2_SERVER},`))).toBe(true);
  });
});
