import type { Readable } from 'node:stream';
import type { Pipeline } from '../../../shared/schema';
import type { SourceDetections } from '../detect/at-source';
import type { TransferOptions } from './transfer';

/** Where a raw day (or the part of it a pipeline needs) lives; DuckDB runs the set-based queries over it. */
export interface RawDayRef {
  /** The day's files: absolute, literal paths (never a glob, so a folder named `data [x]` is read as named;
   * pipeline/duck.ts fileListSql hands them to DuckDB). Never empty. */
  files: string[];
  /** What messages name: the day's folder (local) or file (fetched). */
  name: string;
  format: 'csv' | 'parquet';
  /** True when the files hold the whole day (local source); false when a remote source fetched only the rows
   * touching the suspicious keys, in which case the ingest summary comes from `DaySource.ingestCounts`. */
  wholeDay: boolean;
}

/** The keys of a day's suspicious rows; a remote source fetches only raw rows that touch them. */
export interface SuspiciousKeys {
  /** flow: every srcip and dstip of the suspicious rows */
  ips?: string[];
  /** dns: suspicious query names and client IPs (ip_dst) */
  dnsNames?: string[];
  clients?: string[];
  /** proxy: suspicious fulluri values (with their client IPs in `clients`) */
  uris?: string[];
}

export interface ResultsFile {
  /** A name for error messages (a local path, or ssh://host/path). */
  name: string;
  stream: Readable;
}

/** A JSON file the embedded scorer wrote beside the results file (detections, topics). */
export interface DetectionsFile {
  /** A name for error messages (a local path). */
  name: string;
  text: string;
  /** sha256 (hex) of the day's results file as it is now, to tell a detections file from another run. */
  resultsSha256: string;
}

/** Records ingested per minute: `minute` is `YYYY-MM-DD HH:MM` (zero-padded). */
export interface IngestCount {
  minute: string;
  total: number;
}

/** One kind of input (local folder, ML node over SSH, Hive). Implementations: local.ts, ssh.ts, hive.ts. */
export interface DaySource {
  /** Dates (YYYY-MM-DD) that have a results file for the pipeline, newest first. */
  listDates(pipeline: Pipeline): Promise<string[]>;
  /**
   * Dates (YYYY-MM-DD) with raw telemetry in the tree, newest first, whether scored or not: the embedded scorer
   * can score them. Only sources holding the raw day locally implement it.
   */
  listRawDates?(pipeline: Pipeline): Promise<string[]>;
  /** The day's `<type>_results.csv`, streamed. Throws a clear error naming the path when missing. */
  openResults(pipeline: Pipeline, date: string, transfer?: TransferOptions): Promise<ResultsFile>;
  /** The raw telemetry of the day: all of it, or at least every row touching `keys`. */
  rawDay(pipeline: Pipeline, date: string, keys: SuspiciousKeys, transfer?: TransferOptions): Promise<RawDayRef>;
  /**
   * The embedded scorer's `<type>_detections.json` beside the results file (docs/ml.md §5), or null when the day
   * has none (Spot's own ML writes none). Sources that cannot hold one leave this out.
   */
  openDetections?(pipeline: Pipeline, date: string): Promise<DetectionsFile | null>;
  /** The embedded scorer's `<type>_topics.json` (the kept rows' topic mix, ml/topic-mix.ts), or null when absent. */
  openTopics?(pipeline: Pipeline, date: string): Promise<DetectionsFile | null>;
  /**
   * The named detections computed where the raw day lives (detectors pushed down to Hive/Impala), for a day whose
   * results came without a detections file (Spot's ML node). Sources that cannot run detectors leave it out.
   */
  detectAtSource?(
    pipeline: Pipeline,
    date: string,
    signal?: AbortSignal,
    onTransfer?: TransferOptions['onTransfer'],
  ): Promise<SourceDetections>;
  /** Per-minute ingest counts computed at the source (remote sources); local sources leave it out. Aborting the
   * signal cancels the query at the source. */
  ingestCounts?(pipeline: Pipeline, date: string, signal?: AbortSignal): Promise<IngestCount[]>;
}
