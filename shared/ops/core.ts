import { z } from 'zod';
import {
  dateSchema,
  op,
  pipelineSchema,
  tableSchema,
  type AppInfo,
  type CacheCheck,
  type DaySummary,
  type JobState,
  type TableRows,
} from '../api-base';

/** The app, the cache and long-running jobs. */
export const coreOps = {
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
        /** A local data tree to read instead of the configured source (the CLI's --source). */
        source: z.string().min(1).max(4096).optional(),
      })
      .strict(),
  ),
  /** Scores a day of raw telemetry with the embedded LDA (spot-ml's model), writes its results file into the
   * local data tree, then runs the OA pipeline on it: a day without any cluster. */
  'ml.score': op<JobState>()(z.object({ pipeline: pipelineSchema, date: dateSchema }).strict()),
  /** Days the pipeline's configured source (local folder, ML node over SSH, Hive) has results for. */
  /** `dates`: days with a results file, to import; `unscored`: local raw days without one, to score locally. */
  'source.dates': op<{ source: string; dates: string[]; unscored: string[] }>()(
    z.object({ pipeline: pipelineSchema }).strict(),
  ),
  /**
   * The dry run of the detections pushed down for a day: each detector's statement as the engine would receive it
   * (default engine: the settings' database engine), nothing sent. `sql` null = the engine cannot run it (`reason`).
   */
  'detect.plan': op<{
    engine: 'duckdb' | 'hive' | 'impala';
    database: string;
    statements: Array<{ detector: string; sql: string | null; reason?: string }>;
  }>()(
    z
      .object({ pipeline: pipelineSchema, date: dateSchema, engine: z.enum(['duckdb', 'hive', 'impala']).optional() })
      .strict(),
  ),
  /** Generates the bundled sample day (if missing) and imports it for every pipeline. */
  'sample.load': op<JobState>()(z.object({}).strict()),
  'jobs.list': op<JobState[]>()(z.object({}).strict()),
  'jobs.cancel': op<{ cancelled: boolean }>()(z.object({ id: z.string().min(1).max(100) }).strict()),
  'cache.check': op<CacheCheck>()(z.object({}).strict()),
} as const;
