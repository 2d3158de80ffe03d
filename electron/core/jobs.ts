import { randomUUID } from 'node:crypto';
import type { JobKind, JobState } from '../../shared/api';
import { CancelledError } from './errors';

export interface JobContext {
  signal: AbortSignal;
  /** fraction 0..1 of the whole job */
  progress(fraction: number, message: string): void;
}

type Listener = (job: JobState) => void;

/** Long work (pipeline run, sample generation, scoring, fetch, push) runs as a job: it reports progress events and
 * can be cancelled, the same through every door. */
export class JobRunner {
  private readonly jobs = new Map<string, { state: JobState; controller: AbortController; done: Promise<void> }>();
  private readonly listeners = new Set<Listener>();

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(state: JobState): void {
    for (const listener of this.listeners) listener({ ...state });
  }

  start(kind: JobKind, title: string, work: (ctx: JobContext) => Promise<string | void>): JobState {
    const controller = new AbortController();
    const state: JobState = {
      id: randomUUID(),
      kind,
      title,
      status: 'running',
      progress: 0,
      message: 'starting',
      startedAt: new Date().toISOString(),
    };
    let lastEmit = 0;
    const ctx: JobContext = {
      signal: controller.signal,
      progress: (fraction, message) => {
        if (controller.signal.aborted) throw new CancelledError();
        state.progress = Math.max(0, Math.min(1, fraction));
        state.message = message;
        // Throttle events to ~10 per second; the last one always goes out when the job ends.
        const now = Date.now();
        if (now - lastEmit > 100) {
          lastEmit = now;
          this.emit(state);
        }
      },
    };
    const done = (async () => {
      try {
        const summary = await work(ctx);
        if (controller.signal.aborted) throw new CancelledError();
        state.status = 'done';
        state.progress = 1;
        state.message = summary || 'done';
      } catch (err) {
        if (controller.signal.aborted || err instanceof CancelledError) {
          state.status = 'cancelled';
          state.message = 'cancelled';
        } else {
          state.status = 'failed';
          state.error = err instanceof Error ? err.message : String(err);
          state.message = 'failed';
        }
      } finally {
        state.endedAt = new Date().toISOString();
        this.emit(state);
      }
    })();
    this.jobs.set(state.id, { state, controller, done });
    this.emit(state);
    return { ...state };
  }

  list(): JobState[] {
    return [...this.jobs.values()].map((j) => ({ ...j.state })).reverse();
  }

  get(id: string): JobState | undefined {
    const job = this.jobs.get(id);
    return job ? { ...job.state } : undefined;
  }

  cancel(id: string): boolean {
    const job = this.jobs.get(id);
    if (!job || job.state.status !== 'running') return false;
    job.controller.abort();
    return true;
  }

  /** Resolves when the job has ended (for the CLI and tests). */
  async wait(id: string): Promise<JobState> {
    const job = this.jobs.get(id);
    if (!job) throw new Error(`no job ${id}`);
    await job.done;
    return { ...job.state };
  }

  cancelAll(): void {
    for (const job of this.jobs.values()) job.controller.abort();
  }
}
