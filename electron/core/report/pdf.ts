/**
 * The report HTML printed to PDF by a real browser engine. Browser mode and the CLI print with the system's
 * Chromium through playwright-core (headless, offline, no script); the Electron shell passes its own printer
 * (webContents.printToPDF) through CoreOptions. Without Chromium, the export says what is missing.
 */
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
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

/** A printer on one headless Chromium, started at the first print and kept until close(). One page is reused
 * (a new browser context per print costs more than the print itself), so prints run one at a time. */
export function chromiumPrinter(env: NodeJS.ProcessEnv = process.env): PdfPrinter & { close(): Promise<void> } {
  let engine: Promise<{ browser: Browser; page: Page }> | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  const launch = async (): Promise<{ browser: Browser; page: Page }> => {
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
    const browser = await chromium.launch({
      executablePath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
    const context = await browser.newContext({ offline: true, javaScriptEnabled: false });
    // The report is self-contained; anything it would fetch is refused rather than waited for.
    await context.route('**/*', (route) =>
      route.request().url().startsWith('data:') ? route.continue() : route.abort(),
    );
    return { browser, page: await context.newPage() };
  };
  const printOne = async (job: PrintJob): Promise<Buffer> => {
    engine ??= launch();
    let running: { browser: Browser; page: Page };
    try {
      running = await engine;
    } catch (err) {
      engine = null;
      throw err;
    }
    const { browser, page } = running;
    try {
      await page.setContent(job.html, { waitUntil: 'load' });
      return await page.pdf({
        format: 'A4',
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: job.headerTemplate,
        footerTemplate: job.footerTemplate,
        margin: { top: '16mm', bottom: '16mm', left: '14mm', right: '14mm' },
      });
    } catch (err) {
      // A crashed or closed Chromium is started again at the next print.
      if (page.isClosed() || !browser.isConnected()) engine = null;
      throw err;
    }
  };
  const print = (job: PrintJob): Promise<Buffer> => {
    const result = queue.then(() => printOne(job));
    queue = result.catch(() => undefined);
    return result;
  };
  return Object.assign(print, {
    async close() {
      const e = engine;
      engine = null;
      if (e) await (await e.catch(() => null))?.browser.close();
    },
  });
}
