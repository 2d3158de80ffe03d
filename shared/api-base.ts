/** Building blocks of the API contract (shared/api.ts): the operation helper, common schemas and types. */
import { z } from 'zod';
import type { OaTable, Pipeline } from './schema';
import { parseDay } from './spot-date';

export const pipelineSchema = z.enum(['flow', 'dns', 'proxy']);
export const dateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((s) => parseDay(s) !== null, { message: 'not a calendar date' });

export type Cell = string | number | null;

export interface DaySummary {
  pipeline: Pipeline;
  date: string;
  rows: number;
  source: string;
  importedAt: string;
  /** The raw day's lines read and rejected at import (null: not known, e.g. imported before it was kept). */
  rawRead: number | null;
  rawRejected: number | null;
  /** The first rejected line: file, line, field and reason. */
  rawNote: string | null;
  /** Which named detections the day has and where they were computed (null: imported before this was kept). */
  findings: DayFindings | null;
}

/**
 * A day's named detections as imported: computed (by the embedded scorer on this machine, or pushed down to where
 * the raw day lives), with the detectors that did not run and why; or none, and why the day has LDA scores only.
 */
export type DayFindings =
  | {
      computed: true;
      /** Where: e.g. "the embedded scorer's flow_detections.json" or "pushed down to Hive at host:10000". */
      origin: string;
      findings: number;
      detectorsRun: number;
      detectorsAsked: number;
      missing: { detector: string; why: string }[];
    }
  | { computed: false; why: string };

export interface TableRows {
  /** Column names in Spot's order (shared/schema.ts). */
  columns: string[];
  rows: Cell[][];
  /** Total rows matching, before limit/offset. */
  total: number;
}

export type JobKind = 'pipeline' | 'sample' | 'score' | 'push' | 'fetch' | 'search';
export type JobStatus = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobState {
  id: string;
  kind: JobKind;
  title: string;
  status: JobStatus;
  /** 0..1 */
  progress: number;
  message: string;
  error?: string;
  startedAt: string;
  endedAt?: string;
}

export interface AppInfo {
  name: string;
  version: string;
  mode: 'electron' | 'browser';
  dataDir: string;
  sampleDate: string;
  /** Why the cache cannot be written (its folder or file), when it cannot: the days can be viewed, not changed. */
  readOnly: string | null;
}

export interface CacheCheck {
  ok: boolean;
  messages: string[];
  days: number;
}

/** Events pushed from main to the renderer (IPC event or Server-Sent Event). */
export type ApiEvent =
  | { type: 'job'; job: JobState }
  | { type: 'days-changed' }
  /** A day's feedback push state changed (saved, queued, sending, sent, failed). */
  | { type: 'feedback'; pipeline: Pipeline; date: string; state: string };

export interface OperationDef<Req extends z.ZodType, Res> {
  request: Req;
  /** Phantom: the response type. Responses come from our own core, so they are typed, not re-validated. */
  response?: Res;
}
export const op =
  <Res>() =>
  <Req extends z.ZodType>(request: Req): OperationDef<Req, Res> => ({ request });

export const tableSchema = z.enum([
  'flow_scores',
  'flow_edge',
  'flow_chords',
  'flow_ingest_summary',
  'flow_threat_investigation',
  'flow_storyboard',
  'flow_timeline',
  'dns_scores',
  'dns_edge',
  'dns_dendro',
  'dns_threat_dendro',
  'dns_threat_investigation',
  'dns_storyboard',
  'dns_ingest_summary',
  'proxy_scores',
  'proxy_edge',
  'proxy_threat_investigation',
  'proxy_storyboard',
  'proxy_timeline',
  'proxy_ingest_summary',
] as const satisfies readonly OaTable[]);

export type ApiErrorCode = 'bad-request' | 'unknown-operation' | 'not-found' | 'input' | 'conflict' | 'internal';

/** The error shape that crosses every door; `message` is safe to show (never holds a secret). */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** What crosses a door for one invoke: the operation's value, or the error shape (core/dispatch.ts builds it). */
export type DispatchResult = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

export type { Pipeline };
