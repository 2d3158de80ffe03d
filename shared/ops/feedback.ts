/** Analyst scoring (audit-logged, undoable), allow-list rules, and ml_feedback.csv push to the ML node. */
import { z } from 'zod';
import { dateSchema, op, pipelineSchema, type JobState } from '../api-base';
import type { Severity } from '../schema';

const severitySchema = z.union([z.literal(1), z.literal(2), z.literal(3)]);

/** What a score applies to: explicit rows of the day's `<pipeline>_scores` (row index = position in Spot's
 * order, 0-based) and/or Spot's matching criteria (feedback.md §1). */
export const scoreTargetSchema = z
  .object({
    rows: z.array(z.number().int().min(0)).max(100_000).optional(),
    /** flow: AND of the keys that are set; `ip` matches as source OR destination (quick scoring). */
    srcip: z.string().max(64).optional(),
    dstip: z.string().max(64).optional(),
    sport: z.number().int().min(0).max(65535).optional(),
    dport: z.number().int().min(0).max(65535).optional(),
    ip: z.string().max(64).optional(),
    /** dns: client IP OR query name (exact) */
    clientIp: z.string().max(64).optional(),
    dnsQuery: z.string().max(1024).optional(),
    /** proxy: full URI (exact) */
    uri: z.string().max(8192).optional(),
  })
  .strict();
export type ScoreTarget = z.infer<typeof scoreTargetSchema>;

export interface RowScore {
  rowIndex: number;
  score: Severity;
  note: string;
  by: string;
  at: string;
}

export interface AuditEntry {
  id: number;
  pipeline: 'flow' | 'dns' | 'proxy';
  date: string;
  action: 'score' | 'undo';
  target: ScoreTarget;
  score: Severity | null;
  note: string;
  /** row index → previous score (null = unscored), to undo exactly */
  changes: Array<{ rowIndex: number; from: number | null; to: number | null }>;
  by: string;
  at: string;
  undoneBy: number | null;
}

export type FeedbackState = 'unsaved' | 'saved' | 'queued' | 'sending' | 'sent' | 'failed';
export interface FeedbackStatus {
  pipeline: 'flow' | 'dns' | 'proxy';
  date: string;
  state: FeedbackState;
  scoredRows: number;
  attempts: number;
  lastError: string | null;
  updatedAt: string;
  /** Where the file goes (host:path), when a target is configured. */
  target: string | null;
  /** The day's ml_feedback.csv on this machine, as last regenerated from the scores. */
  file: string;
}

export interface AllowRule {
  id: number;
  kind: 'ip' | 'cidr' | 'domain' | 'uri';
  pattern: string;
  reason: string;
  createdAt: string;
}

export const feedbackOps = {
  /** How many rows a score would change (the preview before quick scoring). */
  'scores.preview': op<{ matched: number; rows: number[] }>()(
    z.object({ pipeline: pipelineSchema, date: dateSchema, target: scoreTargetSchema }).strict(),
  ),
  'scores.apply': op<AuditEntry>()(
    z
      .object({
        pipeline: pipelineSchema,
        date: dateSchema,
        target: scoreTargetSchema,
        score: severitySchema,
        note: z.string().max(4000).default(''),
      })
      .strict(),
  ),
  'scores.list': op<RowScore[]>()(z.object({ pipeline: pipelineSchema, date: dateSchema }).strict()),
  'scores.undo': op<AuditEntry>()(z.object({ auditId: z.number().int().min(1) }).strict()),
  'scores.audit': op<AuditEntry[]>()(
    z.object({ pipeline: pipelineSchema.optional(), date: dateSchema.optional() }).strict(),
  ),
  'feedback.status': op<FeedbackStatus[]>()(
    z.object({ pipeline: pipelineSchema.optional(), date: dateSchema.optional() }).strict(),
  ),
  /** Regenerates ml_feedback.csv from the audit log and queues the push; the outbox retries until it is sent. */
  'feedback.send': op<JobState>()(z.object({ pipeline: pipelineSchema, date: dateSchema }).strict()),
  'allowlist.list': op<AllowRule[]>()(z.object({}).strict()),
  'allowlist.add': op<AllowRule>()(
    z
      .object({
        kind: z.enum(['ip', 'cidr', 'domain', 'uri']),
        pattern: z.string().min(1).max(2048),
        reason: z.string().max(1000).default(''),
      })
      .strict(),
  ),
  'allowlist.remove': op<{ removed: boolean }>()(z.object({ id: z.number().int().min(1) }).strict()),
  /** Adds the rules of an allow-list file (its text; JSON or CSV `kind,pattern,reason`), all or none. */
  'allowlist.import': op<{ added: number }>()(
    z.object({ text: z.string().max(5_000_000), fileName: z.string().max(512).default('allow-list.csv') }).strict(),
  ),
  /** Every rule as a file to download. */
  'allowlist.export': op<{ filename: string; mimeType: string; base64: string }>()(
    z.object({ format: z.enum(['csv', 'json']) }).strict(),
  ),
  /** Rows the allow-list hides in a day (the view shows the count and can show them). */
  'allowlist.hidden': op<{ rows: number[] }>()(z.object({ pipeline: pipelineSchema, date: dateSchema }).strict()),
} as const;
