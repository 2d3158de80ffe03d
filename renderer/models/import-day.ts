/** What "Import…" says about the import it started: running, done (which pipeline and day, what the job
 * reported) or failed, so an analyst never has to guess whether a day arrived or where. */
import type { JobState } from '../../shared/api';
import type { Pipeline } from '../../shared/schema';

export interface ImportRun {
  jobId: string;
  pipeline: Pipeline;
  date: string;
  /** 'Importing' (results file) or 'Scoring' (raw day, scored and then imported). */
  doing: string;
}

export interface ImportOutcome {
  text: string;
  tone: 'pending' | 'ok' | 'error';
}

const LABEL: Record<Pipeline, string> = { flow: 'flow', dns: 'DNS', proxy: 'proxy' };

export function importOutcome(run: ImportRun, job: JobState | undefined): ImportOutcome {
  const what = `${LABEL[run.pipeline]} ${run.date}`;
  if (!job || job.status === 'running') {
    const progress = job ? ` ${Math.round(job.progress * 100)}%` : '';
    return { text: `${run.doing} ${what}…${progress}`, tone: 'pending' };
  }
  if (job.status === 'done') {
    const detail = job.message ? `: ${job.message}` : '';
    return { text: `Imported ${what}${detail}.`, tone: 'ok' };
  }
  if (job.status === 'cancelled') return { text: `${run.doing} ${what} was cancelled.`, tone: 'error' };
  return { text: `${what} was not imported: ${job.error ?? job.message}`, tone: 'error' };
}
