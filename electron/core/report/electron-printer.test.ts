// The Electron printer's wiring without the Electron binary (none can be downloaded here): what it hands the window
// (the report's HTML, whole, and the page options shared with Chromium) and what it leaves behind. The window below
// only records; it does not pretend to print, and the test never reads its bytes as a PDF.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { electronPrinter, REPORT_FILE, type PrintWindow } from './electron-printer';
import { reportHtml } from './html';
import { buildReport } from './model';
import { chromiumPdfOptions, printJob, REPORT_PAGE } from './pdf';
import { reportInput } from './testing';

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
