/**
 * The one API contract. Each operation is declared once here: its name, a zod schema that validates the request
 * (every door — Electron IPC, HTTP, CLI — validates with it before the core sees the request) and its response
 * type. electron/core/api.ts implements every operation once; the renderer reaches them through one typed invoke().
 */
import { z } from 'zod';
import type { OaTable, Pipeline } from './schema';

export const pipelineSchema = z.enum(['flow', 'dns', 'proxy']);
export const dateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), {
    message: 'not a calendar date',
  });

export type Cell = string | number | null;

export interface DaySummary {
  pipeline: Pipeline;
  date: string;
  rows: number;
  source: string;
  importedAt: string;
}

export interface TableRows {
  /** Column names in Spot's order (shared/schema.ts). */
  columns: string[];
  rows: Cell[][];
  /** Total rows matching, before limit/offset. */
  total: number;
}

export type JobKind = 'pipeline' | 'sample' | 'score' | 'push' | 'fetch';
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
}

export interface CacheCheck {
  ok: boolean;
  messages: string[];
  days: number;
}

/** Events pushed from main to the renderer (IPC event or Server-Sent Event). */
export type ApiEvent = { type: 'job'; job: JobState } | { type: 'days-changed' };

interface OperationDef<Req extends z.ZodType, Res> {
  request: Req;
  /** Phantom: the response type. Responses come from our own core, so they are typed, not re-validated. */
  response?: Res;
}
const op =
  <Res>() =>
  <Req extends z.ZodType>(request: Req): OperationDef<Req, Res> => ({ request });

const tableSchema = z.enum([
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

export const API = {
  'app.info': op<AppInfo>()(z.object({}).strict()),
  'days.list': op<DaySummary[]>()(z.object({ pipeline: pipelineSchema.optional() }).strict()),
  /** Rows of one cached OA table for one day, in Spot's column order. */
  'table.rows': op<TableRows>()(
    z
      .object({
        table: tableSchema,
        date: dateSchema,
        limit: z.number().int().min(1).max(100_000).default(5000),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
  ),
  'ingest.summary': op<Array<{ minute: string; total: number }>>()(
    z.object({ pipeline: pipelineSchema, start: dateSchema, end: dateSchema }).strict(),
  ),
  /** Runs the OA pipeline for a day (from the configured source) into the cache; returns the job. */
  'pipeline.run': op<JobState>()(
    z
      .object({
        pipeline: pipelineSchema,
        date: dateSchema,
        top: z.number().int().min(1).max(1_000_000).optional(),
      })
      .strict(),
  ),
  /** Generates the bundled sample day (if missing) and imports it for every pipeline. */
  'sample.load': op<JobState>()(z.object({}).strict()),
  'jobs.list': op<JobState[]>()(z.object({}).strict()),
  'jobs.cancel': op<{ cancelled: boolean }>()(z.object({ id: z.string().min(1).max(100) }).strict()),
  'cache.check': op<CacheCheck>()(z.object({}).strict()),
} as const;

export type OperationName = keyof typeof API;
export type OperationRequest<K extends OperationName> = z.input<(typeof API)[K]['request']>;
/** The request after validation and defaults, as the core receives it. */
export type ValidRequest<K extends OperationName> = z.output<(typeof API)[K]['request']>;
export type OperationResponse<K extends OperationName> =
  (typeof API)[K] extends OperationDef<z.ZodType, infer Res> ? Res : never;

export function isOperationName(name: string): name is OperationName {
  return Object.prototype.hasOwnProperty.call(API, name);
}

/** Validates a request for a declared operation; throws ApiError('bad-request') naming the fields. */
export function validateRequest<K extends OperationName>(name: K, request: unknown): ValidRequest<K> {
  const parsed = API[name].request.safeParse(request ?? {});
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(request)'}: ${issue.message}`)
      .join('; ');
    throw new ApiError('bad-request', `${name}: ${detail}`);
  }
  return parsed.data as ValidRequest<K>;
}

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

/** The signature both transports give the renderer. */
export type Invoke = <K extends OperationName>(name: K, request: OperationRequest<K>) => Promise<OperationResponse<K>>;

export type { Pipeline };
