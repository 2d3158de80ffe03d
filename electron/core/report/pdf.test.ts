// The report printed by a real headless Chromium (the system's, through playwright-core), read back with poppler.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { reportHtml } from './html';
import { buildReport } from './model';
import { chromiumPrinter, findChromium } from './chromium-printer';
import { chromiumPdfOptions, electronPdfOptions, printJob, REPORT_PAGE } from './pdf';
import { CHINESE_NOTE, CYRILLIC_NOTE, IDN_DOMAIN, reportInput } from './testing';

const dir = mkdtempSync(join(tmpdir(), 'spot-desk-report-'));
const printer = chromiumPrinter();
afterAll(async () => {
  await printer.close();
  rmSync(dir, { recursive: true, force: true });
});

const model = buildReport(reportInput({ tlp: 'AMBER' }));
const html = reportHtml(model);

describe('PDF print', () => {
  it('keeps non-Latin text (IDN domain, Cyrillic and Chinese notes) and draws the charts and map as vectors', async () => {
    const pdf = await printer.print(printJob(html, model.tlp, model.title));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const file = join(dir, 'report.pdf');
    writeFileSync(file, pdf);
    // -raw: text in content order, so a wrapped note is still one run of characters
    const text = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    for (const piece of [IDN_DOMAIN, CYRILLIC_NOTE, CHINESE_NOTE, 'Аня 分析员', 'TLP:AMBER', 'Executive summary']) {
      expect(text, piece).toContain(piece);
    }
    // Hostile text is printed as text.
    expect(text).toContain(`<script>alert("x")</script>`);
    // Chart labels are real text (vector charts, not pictures) and no chart was rasterised.
    expect(text).toContain('Impact analysis');
    expect(text).toContain('03:00'); // a timeline tick
    expect(execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).trim().split('\n')).toHaveLength(2);
    // Vector content: the map page, turned into SVG by poppler, holds the country outlines as paths.
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
    let paths = 0;
    for (let p = 1; p <= pages; p++) {
      const svg = join(dir, `page-${p}.svg`);
      execFileSync('pdftocairo', ['-svg', '-f', String(p), '-l', String(p), file, svg]);
      paths = Math.max(paths, (readFileSync(svg, 'utf8').match(/<path /g) ?? []).length);
    }
    expect(paths).toBeGreaterThan(150);
  });

  it('without Chromium says what is missing instead of writing a lesser PDF', async () => {
    const none = chromiumPrinter({ CHROMIUM_PATH: join(dir, 'no-chromium-here') });
    await expect(none.print(printJob('<p>x</p>', 'CLEAR', 't'))).rejects.toThrow(
      /PDF export needs Chromium and none was found \(looked for \$CHROMIUM_PATH=.*no-chromium-here\): install the "chromium" package or set CHROMIUM_PATH/,
    );
    await none.close();
  });
});

describe('page of the report', () => {
  it('is the same A4 page with the same margins and templates in Electron as in Chromium', () => {
    const job = printJob('<p>x</p>', 'RED', 'T');
    const chromium = chromiumPdfOptions(job);
    const electron = electronPdfOptions(job);
    expect(electron.pageSize).toBe(chromium.format);
    expect(chromium.format).toBe('A4');
    for (const side of ['top', 'bottom', 'left', 'right'] as const) {
      expect(chromium.margin[side]).toBe(`${REPORT_PAGE.marginMm[side]}mm`);
      expect(electron.margins[side] * 25.4).toBeCloseTo(REPORT_PAGE.marginMm[side], 9);
    }
    for (const key of ['printBackground', 'displayHeaderFooter', 'headerTemplate', 'footerTemplate'] as const) {
      expect(electron[key]).toBe(chromium[key]);
    }
    expect(chromium.headerTemplate).toContain('TLP:RED');
  });

  it('prints as A4 from Chromium', async () => {
    const file = join(dir, 'a4.pdf');
    writeFileSync(file, await printer.print(printJob('<p>x</p>', 'CLEAR', 'a4')));
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(
      /Page size:\s+59\d\.\d+ x 84\d\.\d+ pts \(A4\)/,
    );
  });
});

describe('HTML export in a browser', () => {
  it('opens offline with no request beyond the file itself, runs nothing, and shows hostile text as text', async () => {
    const file = join(dir, 'report.html');
    writeFileSync(file, html);
    const browser = await chromium.launch({ executablePath: findChromium()!, args: ['--no-sandbox'] });
    try {
      const context = await browser.newContext({ offline: true });
      const page = await context.newPage();
      const requests: string[] = [];
      const dialogs: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.goto(`file://${file}`, { waitUntil: 'load' });
      expect(requests).toEqual([`file://${file}`]);
      expect(dialogs).toEqual([]);
      expect(await page.locator('.threat h2').first().textContent()).toContain(`C2 "beacon" <b>O'Brien</b>`);
      expect(await page.locator('svg.map path.land').count()).toBeGreaterThan(150);
      expect(await page.locator('img, script').count()).toBe(0);
    } finally {
      await browser.close();
    }
    expect(readdirSync(dir)).toContain('report.html');
  });
});
