// The Electron printer without the Electron binary (none can be downloaded here). First its wiring: what it hands
// the window (the report's HTML, whole, and the page options shared with Chromium) and what it leaves behind, with a
// window that only records. Then a real print: Electron's printToPDF is Chromium's print-to-PDF behind a translation
// of its options (lib/browser/api/web-contents.ts: a named page size becomes inches, margins are inches), so a window
// that makes the same translation and calls DevTools' Page.printToPDF of the system's Chromium prints what the app
// would, and the PDF is read back with poppler.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { chromiumPrinter, findChromium } from './chromium-printer';
import { electronPrinter, REPORT_FILE, type PrintWindow } from './electron-printer';
import { reportHtml } from './html';
import { buildReport } from './model';
import { chromiumPdfOptions, printJob, REPORT_PAGE, type electronPdfOptions } from './pdf';
import { CHINESE_NOTE, CYRILLIC_NOTE, IDN_DOMAIN, reportInput } from './testing';

/** Chromium refuses to load a URL longer than this (content's kMaxURLChars): why the HTML goes through a file. */
const CHROMIUM_MAX_URL_CHARS = 2 * 1024 * 1024;

const root = mkdtempSync(join(tmpdir(), 'spot-desk-electron-print-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Recorded {
  file: string;
  html: string;
  mode: number;
  options: unknown;
  destroyed: boolean;
}

/** A window that records what it was given; its printToPDF returns a marker, or fails when asked to. */
function recordingWindow(log: Recorded[], fail = false): () => PrintWindow {
  return () => {
    const seen: Recorded = { file: '', html: '', mode: 0, options: null, destroyed: false };
    log.push(seen);
    return {
      async loadFile(file) {
        seen.file = file;
        seen.html = readFileSync(file, 'utf8');
        seen.mode = statSync(file).mode & 0o777;
      },
      webContents: {
        async printToPDF(options) {
          seen.options = options;
          if (fail) throw new Error('printing failed');
          return Buffer.from('bytes of printToPDF');
        },
      },
      destroy() {
        seen.destroyed = true;
      },
    };
  };
}

describe('Electron printer', () => {
  const one = reportInput({ tlp: 'RED' });
  // A day of a dozen threats with maps: larger than a data: URL may be once base64-encoded.
  const model = buildReport({ ...one, threats: Array.from({ length: 12 }, () => one.threats[0]!) });
  const html = reportHtml(model);
  const job = printJob(html, model.tlp, model.title);

  it('loads the whole report HTML from a private file and prints it with the page Chromium uses', async () => {
    expect(Buffer.from(html).toString('base64').length).toBeGreaterThan(CHROMIUM_MAX_URL_CHARS);
    const log: Recorded[] = [];
    const pdf = await electronPrinter(recordingWindow(log), root).print(job);
    expect(pdf.toString()).toBe('bytes of printToPDF');
    expect(log).toHaveLength(1);
    const [seen] = log as [Recorded];
    expect(seen.html).toBe(html);
    expect(basename(seen.file)).toBe(REPORT_FILE);
    expect(seen.mode).toBe(0o600);
    expect(statSync(root).isDirectory()).toBe(true);
    // One page setup: Electron's options are Chromium's in Electron's units.
    const chromium = chromiumPdfOptions(job);
    expect(seen.options).toEqual({
      pageSize: chromium.format,
      printBackground: chromium.printBackground,
      displayHeaderFooter: chromium.displayHeaderFooter,
      headerTemplate: chromium.headerTemplate,
      footerTemplate: chromium.footerTemplate,
      margins: Object.fromEntries(
        (['top', 'bottom', 'left', 'right'] as const).map((side) => [side, REPORT_PAGE.marginMm[side] / 25.4]),
      ),
    });
    expect(chromium.headerTemplate).toContain('TLP:RED');
    // The window is gone and so is the report's file and folder.
    expect(seen.destroyed).toBe(true);
    expect(readdirSync(root)).toEqual([]);
    expect(dirname(seen.file).startsWith(root)).toBe(true);
  });

  it('closes the window and removes the file when printing fails, and says why', async () => {
    const log: Recorded[] = [];
    await expect(electronPrinter(recordingWindow(log, true), root).print(job)).rejects.toThrow('printing failed');
    expect(log[0]!.destroyed).toBe(true);
    expect(readdirSync(root)).toEqual([]);
  });
});

/** Electron's paper sizes in inches (its paperFormats table), for the sizes the report may use. */
const ELECTRON_PAPER_INCHES: Record<string, { width: number; height: number }> = {
  a4: { width: 8.27, height: 11.7 },
  letter: { width: 8.5, height: 11 },
};

/** A window over a real Chromium page whose printToPDF translates Electron's options as Electron does. */
function chromiumWindow(browser: Browser): () => PrintWindow {
  return () => {
    const opened = browser.newPage();
    return {
      async loadFile(file) {
        await (await opened).goto(pathToFileURL(file).href, { waitUntil: 'load' });
      },
      webContents: {
        async printToPDF(options: ReturnType<typeof electronPdfOptions>) {
          const paper = ELECTRON_PAPER_INCHES[options.pageSize.toLowerCase()];
          if (!paper) throw new Error(`Invalid pageSize ${options.pageSize}`); // Electron's own message
          const page = await opened;
          const cdp = await page.context().newCDPSession(page);
          const { data } = await cdp.send('Page.printToPDF', {
            landscape: false,
            displayHeaderFooter: options.displayHeaderFooter,
            headerTemplate: options.headerTemplate,
            footerTemplate: options.footerTemplate,
            printBackground: options.printBackground,
            scale: 1,
            paperWidth: paper.width,
            paperHeight: paper.height,
            marginTop: options.margins.top,
            marginBottom: options.margins.bottom,
            marginLeft: options.margins.left,
            marginRight: options.margins.right,
            preferCSSPageSize: false,
          });
          return Buffer.from(data, 'base64');
        },
      },
      destroy() {
        void opened.then((page) => page.close());
      },
    };
  };
}

const pdfText = (file: string): string =>
  execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
const pdfInfo = (file: string): string => execFileSync('pdfinfo', [file], { encoding: 'utf8' });

describe("Electron printer, printed by Chromium's printToPDF as Electron calls it", () => {
  it('prints the report on A4 with the TLP marking on every page, non-Latin text intact, as browser mode does', async () => {
    const model = buildReport(reportInput({ tlp: 'AMBER' }));
    const job = printJob(reportHtml(model), model.tlp, model.title);
    const browser = await chromium.launch({ executablePath: findChromium()!, args: ['--no-sandbox'] });
    const browserMode = chromiumPrinter();
    try {
      const electronFile = join(root, 'electron.pdf');
      writeFileSync(electronFile, await electronPrinter(chromiumWindow(browser), root).print(job));
      const browserFile = join(root, 'browser-mode.pdf');
      writeFileSync(browserFile, await browserMode.print(job));

      const info = pdfInfo(electronFile);
      expect(info).toMatch(/Page size:\s+59\d\.\d+ x 84\d\.\d+ pts \(A4\)/);
      const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
      expect(pages).toBeGreaterThan(1);
      const text = pdfText(electronFile);
      for (const piece of [IDN_DOMAIN, CYRILLIC_NOTE, CHINESE_NOTE, 'Аня 分析员', 'Executive summary']) {
        expect(text, piece).toContain(piece);
      }
      // The page header carries the marking on each page.
      expect(text.split('TLP:AMBER').length - 1).toBeGreaterThanOrEqual(pages);
      // Electron's options in inches lay the report out as browser mode's in millimetres: same pages, same text.
      expect(Number(/Pages:\s+(\d+)/.exec(pdfInfo(browserFile))![1])).toBe(pages);
      expect(pdfText(browserFile)).toBe(text);
    } finally {
      await browserMode.close();
      await browser.close();
    }
    expect(readdirSync(root).filter((name) => name.startsWith('spot-desk-print-'))).toEqual([]);
  });
});
