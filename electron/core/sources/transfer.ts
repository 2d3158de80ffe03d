/**
 * A transfer from a remote source (files from the ML node over SSH or SFTP, rows from Hive/Impala): what the import
 * job shows while a results file or a raw day comes over, and how the job stops it. Pure: the sources report, the
 * pipeline words it for the job bar.
 */
import type { Pipeline } from '../../../shared/schema';

export interface TransferProgress {
  what: 'results' | 'raw day';
  pipeline: Pipeline;
  /** YYYY-MM-DD. */
  date: string;
  /** Where it comes from, e.g. `ssh://spot@node`, `hive://cluster:10000/spot`. */
  from: string;
  /** Bytes received so far (a file transfer). */
  bytes?: number;
  /** Bytes in all, when the source knows (HDFS listings and SFTP do; a results file's `cat` does not). */
  totalBytes?: number;
  /** Rows received so far (a query's result: the Hive source's raw rows); their total is not known in advance. */
  rows?: number;
  /** Files received so far and in all (a raw day is several files). */
  filesDone?: number;
  files?: number;
}

/** Passed by a job to a source's call: progress of what it transfers, and the job's cancellation. */
export interface TransferOptions {
  signal?: AbortSignal;
  onTransfer?: (progress: TransferProgress) => void;
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** 1536 → "1.5 KB"; decimal-free below 10 of a unit only when whole. */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const text = unit === 0 || value >= 100 ? String(Math.round(value)) : value.toFixed(1);
  return `${text} ${UNITS[unit]}`;
}

/** The job bar's line, e.g. "raw flow day 2026-03-07 from ssh://spot@node: 12.0 MB of 45.0 MB (file 2 of 5)",
 * "raw dns day 2026-03-07 from hive://cluster:10000/spot: 12,000 rows". */
export function describeTransfer(t: TransferProgress): string {
  const bytes = t.bytes ?? 0;
  const amount =
    t.rows !== undefined
      ? `${t.rows.toLocaleString('en-US')} row${t.rows === 1 ? '' : 's'}`
      : t.totalBytes !== undefined
        ? `${formatBytes(bytes)} of ${formatBytes(t.totalBytes)}`
        : formatBytes(bytes);
  const files =
    t.files !== undefined && t.files > 1 ? ` (file ${Math.min((t.filesDone ?? 0) + 1, t.files)} of ${t.files})` : '';
  const what = t.what === 'results' ? `${t.pipeline} results` : `raw ${t.pipeline} day`;
  return `fetching ${what} ${t.date} from ${t.from}: ${amount}${files}`;
}

/** Where in [from, to] of a job the transfer is: by bytes when the total is known, else at `from`. */
export function transferFraction(t: TransferProgress, from: number, to: number): number {
  if (t.totalBytes === undefined || t.totalBytes <= 0) return from;
  return from + (to - from) * Math.min(1, (t.bytes ?? 0) / t.totalBytes);
}
