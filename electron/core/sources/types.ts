import type { Readable } from 'node:stream';
import type { Pipeline } from '../../../shared/schema';

/** Where a raw day lives; the pipeline's set-based queries run over it. */
export type RawDayRef =
  | {
      kind: 'files';
      /** Absolute glob DuckDB can read, e.g. /data/flow/hive/y=2026/m=11/d=24/** /*.parquet */
      glob: string;
      format: 'csv' | 'parquet';
    }
  | { kind: 'hive'; database: string; table: string };

export interface ResultsFile {
  /** A name for error messages (a local path, or ssh://host/path). */
  name: string;
  stream: Readable;
}

/** One kind of input (local folder, ML node over SSH, Hive). Implementations: local.ts, ssh.ts, hive.ts. */
export interface DaySource {
  /** Dates (YYYY-MM-DD) that have a results file for the pipeline, newest first. */
  listDates(pipeline: Pipeline): Promise<string[]>;
  /** The day's `<type>_results.csv`, streamed. Throws a clear error naming the path when missing. */
  openResults(pipeline: Pipeline, date: string): Promise<ResultsFile>;
  /** The raw telemetry of the day, for details, chords, dendro, ingest summary and expanded search. */
  rawDay(pipeline: Pipeline, date: string): Promise<RawDayRef>;
}
