/** The app's shared state: where we are (mirrored in the URL hash), the cached days, and running jobs. */
import type { DaySummary, JobState } from '../../shared/api';
import { formatRoute, parseRoute, type Route } from '../models/route';
import { invoke, onEvent } from './invoke';

class AppState {
  route = $state<Route>(parseRoute(window.location.hash));
  days = $state<DaySummary[]>([]);
  daysLoaded = $state(false);
  daysError = $state<string | null>(null);
  jobs = $state<JobState[]>([]);
  /** Why the cache cannot be written, when it cannot (its folder or file): the days can be viewed, not changed. */
  readOnly = $state<string | null>(null);
  /** Why the sample day could not be loaded. */
  sampleError = $state<string | null>(null);

  constructor() {
    window.addEventListener('hashchange', () => {
      this.route = parseRoute(window.location.hash);
    });
    onEvent((event) => {
      if (event.type === 'job') {
        const others = this.jobs.filter((j) => j.id !== event.job.id);
        this.jobs = [event.job, ...others].slice(0, 20);
        if (event.job.status === 'done') void this.refreshDays();
      } else if (event.type === 'days-changed') void this.refreshDays();
    });
  }

  navigate(change: Partial<Route>): void {
    const next = { ...this.route, ...change };
    // A new day or pipeline clears the filter, as Spot's date picker does.
    if (
      (change.date !== undefined && change.date !== this.route.date) ||
      (change.pipeline && change.pipeline !== this.route.pipeline)
    ) {
      if (change.filter === undefined) next.filter = null;
    }
    this.route = next;
    const hash = formatRoute(next);
    if (window.location.hash !== hash) history.pushState(null, '', hash);
  }

  async refreshDays(): Promise<void> {
    try {
      this.days = await invoke('days.list', {});
      this.daysError = null;
    } catch (err) {
      this.daysError = err instanceof Error ? err.message : String(err);
    } finally {
      this.daysLoaded = true;
    }
  }

  async refreshJobs(): Promise<void> {
    this.jobs = await invoke('jobs.list', {});
  }

  /** What the core says of itself (for now: whether the cache is read-only); a failure leaves the app as it is. */
  async loadInfo(): Promise<void> {
    try {
      this.readOnly = (await invoke('app.info', {})).readOnly;
    } catch {
      // an older or busy core: nothing to say about the cache
    }
  }

  /** Starts loading the bundled sample day (a job); the day appears when the job ends. */
  async loadSample(): Promise<void> {
    this.sampleError = null;
    try {
      await invoke('sample.load', {});
    } catch (err) {
      this.sampleError = err instanceof Error ? err.message : String(err);
    }
  }

  /** Scores the shown day's raw telemetry with the embedded LDA, then re-imports it (a job). */
  async scoreDay(): Promise<void> {
    const date = this.date;
    if (date) await invoke('ml.score', { pipeline: this.route.pipeline, date });
  }

  /** Asks the core to stop a running job; its end arrives as a job event like any other. */
  async cancelJob(id: string): Promise<void> {
    await invoke('jobs.cancel', { id });
  }

  /** Days cached for the current pipeline, newest first. */
  get pipelineDays(): DaySummary[] {
    return this.days.filter((d) => d.pipeline === this.route.pipeline);
  }

  /** The date shown: the route's, else the newest cached day of the pipeline. */
  get date(): string | null {
    return this.route.date ?? this.pipelineDays[0]?.date ?? null;
  }

  get runningJobs(): JobState[] {
    return this.jobs.filter((j) => j.status === 'running');
  }
}

export const app = new AppState();
