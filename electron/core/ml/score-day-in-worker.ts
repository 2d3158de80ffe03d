/**
 * scoreDayInWorker: scoreDay on a worker thread, so a big day never blocks the main process.
 * Progress comes back as messages; `signal` cancels (the worker stops at its next progress step, and is
 * terminated if it has not stopped within a grace period). Under tsx or vitest the TypeScript entry runs
 * through tsx's loader; a bundled build passes `workerPath` to its compiled worker file.
 */
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CancelledError, InputError } from '../errors';
import type { ScoreDayOptions, ScoreDayResult } from './score-day';
import type { WorkerMessage, WorkerOptions } from './score-worker';

export interface WorkerRunOptions extends ScoreDayOptions {
  /** The worker entry; default: score-worker.ts beside this file (run through tsx). */
  workerPath?: string | URL;
  /** How long a cancelled worker may take to stop before it is terminated (ms). */
  cancelGraceMs?: number;
}

/** Resolved lazily: in a CommonJS bundle import.meta.url is empty and the caller must pass workerPath. */
function besideThisModule(name: string): URL {
  const moduleUrl: string | undefined = import.meta.url;
  if (!moduleUrl) throw new Error(`scoreDayInWorker: pass workerPath (no module URL to find ${name} in a bundle)`);
  return new URL(name, moduleUrl);
}

export function scoreDayInWorker(opts: WorkerRunOptions): Promise<ScoreDayResult> {
  const { onProgress, signal, workerPath: chosenWorker, cancelGraceMs = 5000, ...rest } = opts;
  let workerPath: string | URL;
  try {
    workerPath = chosenWorker ?? besideThisModule('./score-worker.ts');
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
  const options: WorkerOptions = rest;
  if (signal?.aborted) return Promise.reject(new CancelledError());
  const cancelFlag = new SharedArrayBuffer(4);
  const url = typeof workerPath === 'string' ? pathToFileURL(workerPath) : workerPath;
  // A .ts entry starts through a JS bootstrap that registers tsx's loader inside the worker thread.
  const typescript = url.pathname.endsWith('.ts');
  const worker = new Worker(typescript ? besideThisModule('./score-worker-bootstrap.mjs') : url, {
    workerData: { options, cancelFlag, entry: url.href },
  });

  return new Promise<ScoreDayResult>((resolve, reject) => {
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const finish = (action: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      action();
      void worker.terminate();
    };
    const onAbort = (): void => {
      Atomics.store(new Int32Array(cancelFlag), 0, 1);
      killTimer = setTimeout(() => finish(() => reject(new CancelledError())), cancelGraceMs);
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') onProgress?.(message.fraction, message.message);
      else if (message.type === 'done') finish(() => resolve(message.result));
      else {
        finish(() => {
          if (message.name === 'CancelledError') reject(new CancelledError());
          else if (message.input) {
            const { file, line, field, problem } = message.input;
            reject(new InputError(file, line, field, problem));
          } else reject(new Error(message.message));
        });
      }
    });
    worker.on('error', (err) => finish(() => reject(err)));
    worker.on('exit', (code) => finish(() => reject(new Error(`scoring worker exited with code ${code}`))));
  });
}
