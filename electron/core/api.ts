/**
 * The core: one implementation of every operation of shared/api.ts, grouped by domain under handlers/. Every door
 * (Electron IPC, HTTP in browser mode, the CLI) calls these handlers through dispatch(), which validates first.
 */
import type { ApiEvent, OperationName, OperationResponse, ValidRequest } from '../../shared/api';
import { createCache, type Cache } from './cache/index';
import type { CoreContext } from './context';
import { coreHandlers } from './handlers/core';
import { feedbackHandlers } from './handlers/feedback';
import { investigationHandlers } from './handlers/investigation';
import { settingsHandlers } from './handlers/settings';
import { triageHandlers } from './handlers/triage';
import { JobRunner } from './jobs';
import { dataPaths, type DataPaths } from './paths';
import { SessionSecrets } from './sources/remote';
import { chromiumPrinter } from './report/chromium-printer';
import type { PdfPrinter } from './report/pdf';

export { SAMPLE_DATE } from './handlers/core';

export type Handlers = {
  [K in OperationName]: (request: ValidRequest<K>) => Promise<OperationResponse<K>>;
};

export interface Core {
  readonly handlers: Handlers;
  readonly jobs: JobRunner;
  readonly paths: DataPaths;
  readonly cache: Cache;
  onEvent(listener: (event: ApiEvent) => void): () => void;
  close(): Promise<void>;
}

export interface CoreOptions {
  dataDir: string;
  mode: 'electron' | 'browser';
  version: string;
  /** Bundled builds: where compiled workers live (see scripts/build-electron.js). */
  workerPath?: (name: string) => string;
  /** The Electron shell's printer; elsewhere the system Chromium prints. */
  printPdf?: PdfPrinter;
  /** An interactive app (Electron, browser mode): start the PDF engine in the background when the storyboard
   * opens, so the first PDF export does not wait for it. Off for the CLI and tests, which may never print. */
  warmPdfOnStoryboard?: boolean;
}

export function createCore(options: CoreOptions): Core {
  const paths = dataPaths(options.dataDir);
  const cache = createCache(paths.cache);
  const jobs = new JobRunner();
  const listeners = new Set<(event: ApiEvent) => void>();
  const emit = (event: ApiEvent) => listeners.forEach((l) => l(event));
  jobs.onChange((job) => emit({ type: 'job', job }));
  const secrets = new SessionSecrets();
  const disposers: Array<() => void | Promise<void>> = [];
  const printPdf = options.printPdf ?? chromiumPrinter();
  // Closed with the core: no Chromium outlives it.
  disposers.push(() => printPdf.close());
  const ctx: CoreContext = {
    cache,
    jobs,
    paths,
    secrets,
    mode: options.mode,
    version: options.version,
    workerPath: options.workerPath,
    printPdf,
    warmPdfOnStoryboard: options.warmPdfOnStoryboard ?? false,
    emit,
    onClose: (dispose) => disposers.push(dispose),
  };

  const handlers: Handlers = {
    ...coreHandlers(ctx),
    ...triageHandlers(ctx),
    ...feedbackHandlers(ctx),
    ...investigationHandlers(ctx),
    ...settingsHandlers(ctx),
  };

  return {
    handlers,
    jobs,
    paths,
    cache,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      jobs.cancelAll();
      for (const dispose of disposers) await dispose();
      cache.close();
    },
  };
}
