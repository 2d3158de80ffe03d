/**
 * The PDF printer of the Electron app: the report HTML printed by Electron's own Chromium in a hidden window. Only
 * the print call differs from browser mode (chromium-printer.ts): the same HTML, page and templates (pdf.ts). The
 * window comes from main.ts (the only place that may import electron), so this file is plain Node and tested as such.
 *
 * The HTML is loaded from a private temporary file, not a data: URL: Chromium refuses URLs over 2 MiB, which a day of
 * a dozen threats with maps and evidence exceeds once base64-encoded.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { electronPdfOptions, type PdfPrinter } from './pdf';

/** What the printer needs of Electron's BrowserWindow (a hidden one with printWindowPreferences()). */
export interface PrintWindow {
  loadFile(path: string): Promise<void>;
  webContents: { printToPDF(options: ReturnType<typeof electronPdfOptions>): Promise<Buffer> };
  destroy(): void;
}

/** The report's file name in its private folder (the window's title and the PDF's metadata come from its <title>). */
export const REPORT_FILE = 'report.html';

export function electronPrinter(openWindow: () => PrintWindow, tempRoot: string = tmpdir()): PdfPrinter {
  return {
    async print(job) {
      // A folder of its own (mode 0700): the report may be TLP:RED, no other account reads it meanwhile.
      const dir = await mkdtemp(join(tempRoot, 'spot-desk-print-'));
      const win = openWindow();
      try {
        const file = join(dir, REPORT_FILE);
        await writeFile(file, job.html, { mode: 0o600 });
        await win.loadFile(file);
        return await win.webContents.printToPDF(electronPdfOptions(job));
      } finally {
        win.destroy();
        await rm(dir, { recursive: true, force: true });
      }
    },
    // Electron's Chromium is already running; a hidden window costs little.
    warm() {},
    async close() {},
  };
}
