/**
 * The PDF printer of browser mode and the CLI: ONE headless Chromium (the system's, through playwright-core) per
 * core, started at the first warm() or print and reused by every print until close(). Starting Chromium costs
 * more than a print, so the core warms it when a PDF becomes likely (the storyboard opens, a PDF export starts)
 * and the analyst's click then only pays for the print. A Chromium that died is started again at the next print.
 */
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { ApiError } from '../../../shared/api';
import { chromiumPdfOptions, type PdfPrinter, type PrintJob } from './pdf';

/** Where Chromium is looked for, best first. Debian's headless shell (package chromium-headless-shell) starts
 * in about a third of the full browser's time; the real binaries come before the launcher scripts, which only
 * add desktop flags. */
export const CHROMIUM_CANDIDATES = [
  '/usr/lib/chromium/chromium-headless-shell',
  '/usr/bin/chromium-headless-shell',
  '/usr/lib/chromium/chromium',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

/** The Chromium to print with: $CHROMIUM_PATH, else the usual system paths; null when there is none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = env.CHROMIUM_PATH ? [env.CHROMIUM_PATH] : CHROMIUM_CANDIDATES;
  return candidates.find((p) => existsSync(p)) ?? null;
}

/** Where one print's time went, in seconds. */
export interface PrintPhases {
  /** True when this print had to start Chromium itself (nothing had warmed it). */
  launched: boolean;
  /** Waiting for Chromium: its whole start when launched, the rest of a warm-up still running, else ~0. */
  engine: number;
  /** Loading the report HTML into the page (layout, fonts). */
  content: number;
  /** Chromium's print to PDF. */
  print: number;
}

export interface ChromiumPrinter extends PdfPrinter {
  /** How many times Chromium was started by this printer. */
  readonly launches: number;
  /** The phases of the last successful print; null before the first. */
  readonly lastPhases: PrintPhases | null;
}

/** Flags beyond playwright's own (which already turn off extensions, sync, background networking, updates). */
const CHROMIUM_ARGS = ['--disable-gpu'];

/** A page printed right after the start: the first print of a fresh page lays out and prints slower (fonts,
 * print machinery), and the warm-up pays that instead of the analyst. Same font stacks as the report. */
const WARM_UP_HTML =
  '<!doctype html><meta charset="utf-8"><body style="font:13px &quot;DejaVu Sans&quot;,&quot;Noto Sans CJK SC&quot;,sans-serif">' +
  '<p>Spot Desk — отчёт 报告</p><code style="font-family:&quot;DejaVu Sans Mono&quot;,monospace">10.0.0.1</code>' +
  '<svg width="40" height="20"><rect width="40" height="20" fill="#2c3e57"/></svg></body>';

interface Engine {
  browser: Browser;
  page: Page;
}

const seconds = (since: number) => (performance.now() - since) / 1000;

export interface ChromiumPrinterOptions {
  /** Chromium is closed after this long without a print or warm-up (it holds ~150 MB); the next one restarts it. */
  idleMs?: number;
}

export const DEFAULT_IDLE_MS = 10 * 60_000;

export function chromiumPrinter(
  env: NodeJS.ProcessEnv = process.env,
  { idleMs = DEFAULT_IDLE_MS }: ChromiumPrinterOptions = {},
): ChromiumPrinter {
  let engine: Promise<Engine> | null = null;
  let idleTimer: NodeJS.Timeout | null = null;
  /** Prints asked for and not finished: no idle close while there is one. */
  let pending = 0;
  let launches = 0;
  let lastPhases: PrintPhases | null = null;
  let closed = false;
  let queue: Promise<unknown> = Promise.resolve();

  const launch = async (): Promise<Engine> => {
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
    launches += 1;
    const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
    try {
      const context = await browser.newContext({ offline: true, javaScriptEnabled: false });
      // The report is self-contained; anything it would fetch is refused rather than waited for.
      await context.route('**/*', (route) =>
        route.request().url().startsWith('data:') ? route.continue() : route.abort(),
      );
      const page = await context.newPage();
      await page.setContent(WARM_UP_HTML, { waitUntil: 'load' });
      await page.pdf(
        chromiumPdfOptions({ html: '', headerTemplate: '<span></span>', footerTemplate: '<span></span>' }),
      );
      return { browser, page };
    } catch (err) {
      await browser.close().catch(() => undefined);
      throw err;
    }
  };

  /** The running engine, started when there is none or the last one died. */
  const running = (): { engine: Promise<Engine>; launched: boolean } => {
    if (engine) return { engine, launched: false };
    const started = launch();
    engine = started;
    started.then(
      ({ browser }) =>
        browser.on('disconnected', () => {
          if (engine === started) engine = null;
        }),
      () => {
        if (engine === started) engine = null;
      },
    );
    return { engine: started, launched: true };
  };

  /** Stops the engine, not the printer: the next print or warm-up starts a new one. */
  const retire = async (): Promise<void> => {
    const current = engine;
    engine = null;
    const started = await current?.catch(() => null);
    // A Chromium that already died has nothing left to close.
    await started?.browser.close().catch(() => undefined);
  };
  const stayAwake = () => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
  };
  const sleepWhenIdle = () => {
    stayAwake();
    if (closed || pending > 0) return;
    idleTimer = setTimeout(() => {
      idleTimer = null;
      void retire();
    }, idleMs);
    idleTimer.unref(); // never keeps a CLI process alive
  };

  /** One print on the running engine; when Chromium died under it (crash, killed), one more on a fresh one. */
  const printOne = async (job: PrintJob, mayRelaunch = true): Promise<Buffer> => {
    if (closed) throw new ApiError('internal', 'the PDF printer was closed (the app is shutting down)');
    const startEngine = performance.now();
    const { engine: ready, launched } = running();
    const { browser, page } = await ready;
    const engineSeconds = seconds(startEngine);
    try {
      const startContent = performance.now();
      // 'load', not 'networkidle': the report is self-contained, there is nothing to wait for.
      await page.setContent(job.html, { waitUntil: 'load' });
      const contentSeconds = seconds(startContent);
      const startPrint = performance.now();
      const pdf = await page.pdf(chromiumPdfOptions(job));
      lastPhases = { launched, engine: engineSeconds, content: contentSeconds, print: seconds(startPrint) };
      return pdf;
    } catch (err) {
      if (!mayRelaunch || closed || (browser.isConnected() && !page.isClosed())) throw err;
      if (engine === ready) engine = null;
      return printOne(job, false);
    }
  };

  return {
    print(job) {
      // One page, so prints run one at a time (a new page per print costs more than the print itself).
      stayAwake();
      pending += 1;
      const result = queue.then(() => printOne(job));
      queue = result
        .catch(() => undefined)
        .then(() => {
          pending -= 1;
          sleepWhenIdle();
        });
      return result;
    },
    warm() {
      if (closed) return;
      stayAwake();
      // A failed warm-up is not an error yet: the print that follows reports it.
      void running()
        .engine.catch(() => undefined)
        .then(sleepWhenIdle);
    },
    async close() {
      closed = true;
      stayAwake();
      await queue;
      await retire();
    },
    get launches() {
      return launches;
    },
    get lastPhases() {
      return lastPhases;
    },
  };
}
