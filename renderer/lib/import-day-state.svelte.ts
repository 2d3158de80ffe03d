/** The state behind one "Import…" panel: the days the configured source has for a pipeline, and the import started
 * from the panel (it may be of another pipeline than the one now shown) with what it came to. */
import type { Pipeline } from '../../shared/schema';
import { importOutcome, type ImportOutcome, type ImportRun } from '../models/import-day';
import { app } from './app-state.svelte';
import { invoke } from './invoke';

/** What the source offers for a pipeline: days with results, and raw days no model has scored yet. */
export interface SourceDays {
  source: string;
  dates: string[];
  unscored: string[];
}

export type ImportOperation = 'pipeline.run' | 'ml.score';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class ImportDayState {
  /** Null while the source is being read. */
  found = $state.raw<SourceDays | null>(null);
  error = $state<string | null>(null);
  run = $state.raw<ImportRun | null>(null);
  private asked = 0;

  readonly outcome = $derived.by((): ImportOutcome | null => {
    const run = this.run;
    return run
      ? importOutcome(
          run,
          app.jobs.find((j) => j.id === run.jobId),
        )
      : null;
  });

  /** Reads the source's days for a pipeline (the one now shown). */
  async look(pipeline: Pipeline): Promise<void> {
    const asked = ++this.asked;
    this.found = null;
    this.error = null;
    // A finished import's message stays until the next one; only a running one of this pipeline keeps its line.
    if (this.run && this.run.pipeline !== pipeline && this.outcome?.tone === 'pending') this.run = null;
    try {
      const found = await invoke('source.dates', { pipeline });
      if (asked === this.asked) this.found = found;
    } catch (err) {
      if (asked === this.asked) this.error = message(err);
    }
  }

  /** Starts a job and says so; a day with results is imported, a raw day no model has scored is scored first. */
  async start(operation: ImportOperation, pipeline: Pipeline, date: string, doing: string): Promise<void> {
    this.error = null;
    try {
      const started = await invoke(operation, { pipeline, date });
      if (!app.jobs.some((j) => j.id === started.id)) app.jobs = [started, ...app.jobs];
      this.run = { jobId: started.id, pipeline, date, doing };
    } catch (err) {
      this.error = message(err);
    }
  }
}
