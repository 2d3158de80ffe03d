/** The feedback outbox (feedback/outbox.ts) stored in the cache's feedback_outbox table. */
import type { Pipeline } from '../../../shared/schema';
import type { AnalystWriter, OutboxRow } from '../cache/analyst';
import type { OutboxEntry, OutboxStore } from '../feedback/outbox';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const ms = (text: string | null) => (text === null ? null : Date.parse(text));

export function entryFromRow(row: OutboxRow): OutboxEntry {
  return {
    pipeline: row.pipeline,
    date: row.day,
    state: row.state,
    reason: row.last_error,
    attempts: row.attempts,
    nextAttemptAt: ms(row.next_attempt_at),
    generation: row.generation,
    sentGeneration: row.sent_generation,
    sentPath: row.sent_path,
    sentHash: row.sent_hash,
    sentAt: ms(row.sent_at),
    updatedAt: Date.parse(row.updated_at),
  };
}

export class SqliteOutboxStore implements OutboxStore {
  constructor(
    private readonly writer: AnalystWriter,
    /** Where pushes go, shown in the status (host:path). */
    private readonly targetLabel: () => string | null,
  ) {}

  get(pipeline: Pipeline, date: string): OutboxEntry | undefined {
    const row = this.writer.outbox(pipeline, date);
    return row ? entryFromRow(row) : undefined;
  }

  put(entry: OutboxEntry): void {
    this.writer.putOutboxState({
      pipeline: entry.pipeline,
      day: entry.date,
      state: entry.state,
      attempts: entry.attempts,
      last_error: entry.reason,
      next_attempt_at: iso(entry.nextAttemptAt),
      target: entry.sentPath ?? this.targetLabel(),
      updated_at: new Date(entry.updatedAt).toISOString(),
      generation: entry.generation,
      sent_generation: entry.sentGeneration,
      sent_path: entry.sentPath,
      sent_hash: entry.sentHash,
      sent_at: iso(entry.sentAt),
    });
  }

  list(): OutboxEntry[] {
    return this.writer.allOutbox().map(entryFromRow);
  }
}
