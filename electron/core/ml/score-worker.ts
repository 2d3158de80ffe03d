/**
 * Worker-thread entry of scoreDayInWorker: runs scoreDay with the options from workerData, posts progress,
 * and aborts when the parent sets the shared cancel flag (checked at every progress step, so it also works
 * while the LDA loop keeps this thread busy).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../errors';
import { scoreDay, type ScoreDayOptions } from './score-day';

export type WorkerOptions = Omit<ScoreDayOptions, 'onProgress' | 'signal'>;

export type WorkerMessage =
  | { type: 'progress'; fraction: number; message: string }
  | { type: 'done'; result: Awaited<ReturnType<typeof scoreDay>> }
  | {
      type: 'error';
      name: string;
      message: string;
      input?: { file: string; line: number | null; field: string | null; problem: string };
    };

const { options, cancelFlag } = workerData as { options: WorkerOptions; cancelFlag: SharedArrayBuffer };
const flag = new Int32Array(cancelFlag);
const controller = new AbortController();
const post = (message: WorkerMessage): void => parentPort?.postMessage(message);

scoreDay({
  ...options,
  signal: controller.signal,
  onProgress: (fraction, message) => {
    if (Atomics.load(flag, 0) === 1) controller.abort();
    post({ type: 'progress', fraction, message });
  },
}).then(
  (result) => post({ type: 'done', result }),
  (err: unknown) => {
    const error = err instanceof Error ? err : new Error(String(err));
    post({
      type: 'error',
      name: error.name,
      message: error.message,
      input:
        error instanceof InputError
          ? { file: error.file, line: error.line, field: error.field, problem: error.problem }
          : undefined,
    });
  },
);
