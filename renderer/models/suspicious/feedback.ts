/** What the scoring bar says about the day's ml_feedback.csv: never a calm "queued" beside a failed send. */
import type { JobState } from '../../../shared/api';
import type { FeedbackStatus } from '../../../shared/ops/feedback';

export type Tone = 'ok' | 'error' | 'pending' | 'neutral';

export interface FeedbackLine {
  text: string;
  tone: Tone;
  /** The day's ml_feedback.csv on this machine. */
  file: string | null;
}

const rows = (n: number) => `${n} scored row${n === 1 ? '' : 's'}`;

export function feedbackLine(status: FeedbackStatus | null): FeedbackLine {
  if (!status) return { text: 'nothing scored yet', tone: 'neutral', file: null };
  const scored = rows(status.scoredRows);
  const to = status.target ? ` to ${status.target}` : '';
  switch (status.state) {
    case 'sent':
      return { text: `${scored} · sent${to}`, tone: 'ok', file: status.file };
    case 'failed':
      return { text: `${scored} · not sent: ${status.lastError ?? 'unknown error'}`, tone: 'error', file: status.file };
    case 'queued':
      // Queued after a failure means "will be retried", not "on its way".
      return status.lastError
        ? { text: `${scored} · not sent yet, retrying: ${status.lastError}`, tone: 'error', file: status.file }
        : { text: `${scored} · queued${to}`, tone: 'pending', file: status.file };
    case 'sending':
      return { text: `${scored} · sending${to}…`, tone: 'pending', file: status.file };
    default:
      return { text: `${scored} · saved, not sent`, tone: 'neutral', file: status.file };
  }
}

/** The message of a finished Send job: what was sent where, or why not. */
export function sendOutcome(job: JobState): { ok: boolean; text: string } | null {
  if (job.status === 'running') return null;
  if (job.status === 'done') return { ok: true, text: `Feedback ${job.message}.` };
  if (job.status === 'cancelled') return { ok: false, text: 'Feedback not sent: cancelled.' };
  return { ok: false, text: `Feedback not sent: ${job.error ?? job.message}` };
}

/** The end of a long path (the part that says which day), with "…" for what is left out. */
export function tailOfPath(path: string, max = 56): string {
  return path.length <= max ? path : `…${path.slice(path.length - max + 1)}`;
}
