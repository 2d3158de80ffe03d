/**
 * The report HTML printed to PDF by a real browser engine. Browser mode and the CLI print with the system's
 * Chromium through playwright-core (headless, offline, no script); the Electron shell passes its own printer
 * (webContents.printToPDF) through CoreOptions. Without Chromium, the export says what is missing.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { ApiError } from '../../../shared/api';
import { escapeHtml } from './escape';
import { TLP_COLOUR } from './html';
import type { Tlp } from './model';

export interface PrintJob {
  html: string;
  /** Chromium print templates (the same in Electron): the TLP marking on top, page numbers below. */
  headerTemplate: string;
  footerTemplate: string;
}

export type PdfPrinter = (job: PrintJob) => Promise<Buffer>;

/** The page templates of a report: TLP marking on every page (as TLP 2.0 asks), title and page x/y below. */
export function printJob(html: string, tlp: Tlp, title: string): PrintJob {
  const style = 'font-family:DejaVu Sans,sans-serif;font-size:8px;width:100%;margin:0 14mm;display:flex;';
  return {
    html,
    headerTemplate: `<div style="${style}justify-content:flex-end"><span style="-webkit-print-color-adjust:exact;print-color-adjust:exact;background:#000;color:${TLP_COLOUR[tlp]};padding:2px 6px;font-weight:bold;font-size:9px">TLP:${escapeHtml(tlp)}</span></div>`,
    footerTemplate: `<div style="${style}justify-content:space-between;color:#5c6773"><span>${escapeHtml(title)}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`,
  };
}

export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The Chromium to print with: $CHROMIUM_PATH, else the usual system paths; null when there is none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = env.CHROMIUM_PATH ? [env.CHROMIUM_PATH] : CHROMIUM_CANDIDATES;
  return candidates.find((p) => existsSync(p)) ?? null;
}

/** A printer on one headless Chromium, started at the first print and kept until close(). */
export function chromiumPrinter(env: NodeJS.ProcessEnv = process.env): PdfPrinter & { close(): Promise<void> } {
  let browser: Promise<Browser> | null = null;
  const launch = async (): Promise<Browser> => {
    const executablePath = findChromium(env);
    if (!executablePath) {
      throw new ApiError(
        'internal',
        `PDF export needs Chromium and none was found (looked for ${
          env.CHROMIUM_PATH ? `$CHROMIUM_PATH=${env.CHROMIUM_PATH}` : CHROMIUM_CANDIDATES.join(', ')
        }): install the "chromium" package or set CHROMIUM_PATH; the HTML export works without it`,
      );
    }
    const { chromium } = await import('playwright-core');
    return chromium.launch({
      executablePath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
  };
  const print = async (job: PrintJob): Promise<Buffer> => {
    browser ??= launch();
    let b: Browser;
    try {
      b = await browser;
    } catch (err) {
      browser = null;
      throw err;
    }
    const context = await b.newContext({ offline: true, javaScriptEnabled: false });
    try {
      // The report is self-contained; anything it would fetch is refused rather than waited for.
      await context.route('**/*', (route) =>
        route.request().url().startsWith('data:') ? route.continue() : route.abort(),
      );
      const page = await context.newPage();
      await page.setContent(job.html, { waitUntil: 'load' });
      return await page.pdf({
        format: 'A4',
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: job.headerTemplate,
        footerTemplate: job.footerTemplate,
        margin: { top: '16mm', bottom: '16mm', left: '14mm', right: '14mm' },
      });
    } finally {
      await context.close();
    }
  };
  return Object.assign(print, {
    async close() {
      const b = browser;
      browser = null;
      if (b) await (await b.catch(() => null))?.close();
    },
  });
}
