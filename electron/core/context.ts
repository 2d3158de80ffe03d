import type { ApiEvent, OperationDef, ValidRequest } from '../../shared/api';
import type { z } from 'zod';
import type { Cache } from './cache/index';
import type { JobRunner } from './jobs';
import type { DataPaths } from './paths';
import type { SessionSecrets } from './sources/remote';
import type { PdfPrinter } from './report/pdf';

/** What every handler group gets: the cache, the job runner, the data paths and the event channel. */
export interface CoreContext {
  readonly cache: Cache;
  readonly jobs: JobRunner;
  readonly paths: DataPaths;
  /** Passwords typed this session (memory only). */
  readonly secrets: SessionSecrets;
  readonly mode: 'electron' | 'browser';
  readonly version: string;
  /** In a bundled build, where a compiled worker lives (e.g. 'score-worker' → dist/electron/score-worker.cjs). */
  readonly workerPath?: (name: string) => string;
  /** Prints report HTML to PDF (Electron: webContents.printToPDF; browser mode and CLI: system Chromium). */
  readonly printPdf: PdfPrinter;
  /** Start the PDF engine when the storyboard opens (the app and browser mode; not the CLI or tests). */
  readonly warmPdfOnStoryboard: boolean;
  emit(event: ApiEvent): void;
  /** Runs at core.close(): stop background loops, release handles. */
  onClose(dispose: () => void | Promise<void>): void;
}

/** The handler type of one domain's operations (shared/ops/<domain>.ts). */
export type HandlersOf<Ops extends Record<string, OperationDef<z.ZodType, unknown>>> = {
  [K in keyof Ops]: (
    request: Ops[K] extends OperationDef<infer Req, unknown> ? z.output<Req> : never,
  ) => Promise<Ops[K] extends OperationDef<z.ZodType, infer Res> ? Res : never>;
};

export type { ValidRequest };
