/**
 * One-click feedback: the outbox (feedback/outbox.ts) backed by SQLite, whose sender regenerates the day's
 * ml_feedback.csv from the analyst's scores and pushes it to the ML node over SSH (ssh/push.ts). Scoring offline
 * queues nothing to lose: the scores are in the cache, and the outbox retries with backoff until the file is sent.
 */
import { createHash } from 'node:crypto';
import type { FeedbackStatus } from '../../../shared/ops/feedback';
import type { Pipeline } from '../../../shared/schema';
import type { Settings } from '../../../shared/settings';
import type { Cache } from '../cache/index';
import { Outbox, type OutboxEntry } from '../feedback/outbox';
import { pushFeedback, type FeedbackTarget } from '../ssh/push';
import type { SshSettings } from '../ssh/connect';
import { ML_NODE_NOT_CONFIGURED } from './feedback-status';
import { SqliteOutboxStore } from './outbox-store';
import type { OutboxHook, ScoringService } from './service';

export interface FeedbackPushDeps {
  cache: Cache;
  scoring: () => ScoringService;
  settings: () => Promise<Settings>;
  ssh: (settings: Settings) => SshSettings | null;
  onChange?: (status: FeedbackStatus) => void;
}

export function feedbackTargetOf(settings: Settings): FeedbackTarget {
  return settings.mlNode.feedbackTarget === 'local'
    ? { kind: 'local', lpathTemplate: settings.mlNode.lpathTemplate, luser: settings.mlNode.luser }
    : { kind: 'hdfs', huser: settings.mlNode.huser };
}

export class FeedbackPush implements OutboxHook {
  readonly outbox: Outbox;
  private target: string | null = null;

  constructor(private readonly deps: FeedbackPushDeps) {
    const store = new SqliteOutboxStore(deps.cache.analystWrite, () => this.target);
    this.outbox = new Outbox(store, (pipeline, date, signal) => this.send(pipeline, date, signal), {
      onChange: (entry) => deps.onChange?.(this.status(entry)),
    });
  }

  private async send(pipeline: Pipeline, date: string, signal: AbortSignal) {
    const settings = await this.deps.settings();
    const ssh = this.deps.ssh(settings);
    if (!ssh) throw new Error(ML_NODE_NOT_CONFIGURED);
    const { content } = this.deps.scoring().feedbackFile(pipeline, date, settings.localMl.feedbackWindowDays);
    this.target = `${ssh.user}@${ssh.host}`;
    const result = await pushFeedback(ssh, pipeline, date, content, feedbackTargetOf(settings), signal);
    return { path: `${ssh.host}:${result.path}`, hash: createHash('sha256').update(content).digest('hex') };
  }

  /** Called inside the scoring transaction: the day's file changed. A day waiting to be sent stays queued with
   * the new content; otherwise it becomes "saved" (sent only when the analyst clicks Send). */
  scoresChanged(pipeline: Pipeline, day: string): void {
    const entry = this.outbox.get(pipeline, day);
    const waiting =
      entry &&
      (entry.state === 'queued' ||
        entry.state === 'sending' ||
        (entry.state === 'failed' && entry.nextAttemptAt !== null));
    if (waiting) this.pendingEnqueue.add(`${pipeline}/${day}`);
    this.outbox.markSaved(pipeline, day);
  }

  private readonly pendingEnqueue = new Set<string>();

  /** After the scoring transaction committed: re-queue the days that were waiting to be sent. */
  flush(): void {
    for (const key of this.pendingEnqueue) {
      const [pipeline, day] = key.split('/') as [Pipeline, string];
      this.outbox.enqueue(pipeline, day);
    }
    this.pendingEnqueue.clear();
  }

  /** Queues the day and waits for this attempt; the outbox keeps retrying in the background if it fails. */
  async sendNow(pipeline: Pipeline, date: string, signal: AbortSignal): Promise<OutboxEntry> {
    this.outbox.enqueue(pipeline, date);
    return this.outbox.sendNow(pipeline, date, signal);
  }

  status(entry: OutboxEntry): FeedbackStatus {
    const row = this.deps.cache.analystRead.outbox(entry.pipeline, entry.date)[0];
    return {
      pipeline: entry.pipeline,
      date: entry.date,
      state: entry.state,
      scoredRows: row?.scored_rows ?? 0,
      attempts: entry.attempts,
      lastError: entry.reason,
      updatedAt: new Date(entry.updatedAt).toISOString(),
      target: entry.sentPath ?? row?.target ?? null,
      file: this.deps.scoring().feedbackFilePath(entry.pipeline, entry.date),
    };
  }

  start(): void {
    this.outbox.start();
  }

  stop(): Promise<void> {
    return this.outbox.stop();
  }
}
