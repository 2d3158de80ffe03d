import { closeSync, openSync, readSync } from 'node:fs';
import type { Column, Pipeline } from '../../../shared/schema';
import { InputError } from '../errors';
import {
  checkCount,
  checkSomeRows,
  fileRows,
  originalLine,
  RECORD_BYTES_CAP,
  rejectMore,
  scanCsvFile,
  sumAccounts,
  type RowAccount,
  type ScannedCsv,
  visible,
} from '../parse/raw-lines';
import { rawSchemaOfFile } from '../parse/raw-header';
import { profileOf } from '../profiles/index';
import type { RawDayRef } from '../sources/types';
import type { Duck } from './duck';
import { csvColumnsSql, fileListSql } from './duck';
import { NO_FACTS, type ColumnFacts } from './scan';
import { sqlIdent } from './sql-text';

export interface RawView {
  /** Column names the view exposes. */
  columns: Set<string>;
  /** Flow only: whether unix_tstamp exists (Spot 1.0's 28 columns) or not (the seed's 27). */
  hasUnixTstamp: boolean;
  /** Every raw CSV line accounted for (read = accepted + rejected, per file); Parquet files count as read whole. */
  rows: RowAccount;
  /** What the files' statistics prove about every row (Parquet; none for CSV). */
  facts: ColumnFacts;
  /** Whether the table asked for (`RawDayTable`) was made in the pass that converts and counts (CSV days). */
  tableLoaded: boolean;
}

/**
 * A table of the day's rows a caller wants (detect/day.ts: the detectors' `events`), made from the same read of a
 * CSV day that converts and counts its lines: the day is parsed once, not once to check it and again to load it.
 */
export interface RawDayTable {
  name: string;
  /** Its SELECT list over the raw columns present (the CSV's declared columns). */
  select(columns: ReadonlySet<string>): string;
}

/** Copies of raw files with rejected lines, by the path DuckDB reads: its errors name the original file and line. */
const COPIES = new Map<string, ScannedCsv>();

/**
 * Scans each raw CSV file (parse/raw-lines.ts) and returns the paths DuckDB reads: the file itself, or a copy of
 * its good lines when some were rejected. A file another reader has scanned with the same columns (`scans`) is
 * not scanned again: a copy of its scan is used (the conversion below may reject more lines of it, in this view
 * only).
 */
function scanCsvDay(
  duck: Duck,
  ref: RawDayRef,
  columns: readonly Column[],
  scans?: ReadonlyMap<string, Readonly<ScannedCsv>>,
): ScannedCsv[] {
  const names = columns.map((c) => c.name);
  return ref.files.map((file) => {
    const given = scans?.get(file);
    const same = given !== undefined && given.columns.join(',') === names.join(',');
    const scanned = same ? copyOfScan(given) : scanCsvFile(file, duck.spillDir, names);
    if (scanned.readPath !== file) COPIES.set(scanned.readPath, scanned);
    return scanned;
  });
}

/**
 * DuckDB reads every column of every file once, converting each value to its type; lines it cannot convert (a
 * text where a port belongs, an integer out of range) are rejected too, and their files copied again without
 * them, so the view reads only lines that convert. Then its count per file is checked against the scan's:
 * read = accepted + rejected, or an error.
 */
async function convertAndCount(
  duck: Duck,
  sourceOf: (files: ScannedCsv[], extra: string) => string,
  scanned: ScannedCsv[],
  columns: readonly Column[],
  signal?: AbortSignal,
  table?: RawDayTable,
): Promise<void> {
  // This pass's own rejects tables (a connection keeps earlier scans' rejects in the default ones).
  const id = ++rejectTables;
  const options = `, filename = true, rejects_table = 'rejects_${id}', rejects_scan = 'rejects_scan_${id}'`;
  let counted;
  if (table === undefined) {
    const every = columns.map((c) => `count(${sqlIdent(c.name)})`).join(' + ');
    counted = await duck.all(
      `SELECT filename, count(*) AS n, ${every} AS v FROM ${sourceOf(scanned, options)} GROUP BY filename`,
      signal,
    );
  } else {
    // The caller's table from this same read. DuckDB converts only the columns a query uses, so a column every
    // value of the line goes into (dropped after) makes a bad value in any column reject its line, as the count does.
    const every = columns.map((c) => `${sqlIdent(c.name)} IS NULL`).join(' AND ');
    const name = sqlIdent(table.name);
    const select = table.select(new Set(columns.map((c) => c.name)));
    await duck.run(
      `CREATE OR REPLACE TEMP TABLE ${name} AS SELECT ${select}, filename AS ${LOADED_FILE}, ${every} AS ${LOADED_CHECK} ` +
        `FROM ${sourceOf(scanned, options)}`,
      signal,
    );
    counted = await duck.all(`SELECT ${LOADED_FILE} AS filename, count(*) AS n FROM ${name} GROUP BY 1`, signal);
    await duck.run(
      `ALTER TABLE ${name} DROP COLUMN ${LOADED_FILE}; ALTER TABLE ${name} DROP COLUMN ${LOADED_CHECK}`,
      signal,
    );
  }
  const rejects = await duck.all(
    `SELECT s.file_path AS file, e.line, e.column_name AS field, e.error_message AS reason
     FROM rejects_${id} e JOIN rejects_scan_${id} s USING (scan_id, file_id) ORDER BY 1, 2`,
    signal,
  );
  await duck.run(`DROP TABLE rejects_${id}; DROP TABLE rejects_scan_${id}`, signal);
  const byPath = new Map(scanned.map((f) => [f.readPath, f]));
  const more = new Map<ScannedCsv, Array<{ line: number; field: string | null; reason: string }>>();
  for (const reject of rejects) {
    const file = byPath.get(String(reject.file));
    if (!file) throw new InputError(String(reject.file), Number(reject.line), null, String(reject.reason));
    const list = more.get(file) ?? [];
    const line = originalLine(file, Number(reject.line));
    if (!list.some((r) => r.line === line)) {
      list.push({
        line,
        field: reject.field === null ? null : String(reject.field),
        reason: String(reject.reason).split('\n')[0]!.trim(),
      });
    }
    more.set(file, list);
  }
  const counts = new Map(counted.map((row) => [String(row.filename), Number(row.n)]));
  for (const file of scanned) {
    const n = counts.get(file.readPath) ?? 0;
    const extra = more.get(file);
    if (extra) rejectMore(file, duck.spillDir, extra);
    checkCount(file, n);
  }
}

let rejectTables = 0;
/** The loaded table's passing columns (dropped once the files are counted). */
const LOADED_FILE = '__raw_file';
const LOADED_CHECK = '__raw_converted';

/** A scan this view may extend (rejectMore) without touching its owner's. */
function copyOfScan(scan: Readonly<ScannedCsv>): ScannedCsv {
  return {
    ...scan,
    firstRejected: [...scan.firstRejected],
    columns: [...scan.columns],
    leftOut: [...scan.leftOut],
  };
}

/**
 * Creates the views `raw_files` and `raw` over the day's files. CSV columns are declared from Spot's schema (no sniffing, and
 * a 27-column seed flow file is told apart from a 28-column one by its header); Parquet keeps its own types.
 */
export async function createRawView(
  duck: Duck,
  pipeline: Pipeline,
  ref: RawDayRef,
  signal?: AbortSignal,
  /** Scans of the day's CSV files already made by another reader (scoreDay's), reused instead of scanning again. */
  scans?: ReadonlyMap<string, Readonly<ScannedCsv>>,
  /** A table of the day's rows to make in the same read (CSV days; see `tableLoaded`). */
  table?: RawDayTable,
): Promise<RawView> {
  let source: string;
  let rows: RowAccount;
  let facts = NO_FACTS;
  let tableLoaded = false;
  try {
    if (ref.format === 'parquet') {
      // union_by_name would read another pipeline's file (a DNS file among flow files) as rows with empty columns:
      // every file must hold the pipeline's raw columns itself.
      for (const file of ref.files) {
        const described = await duck.all(`DESCRIBE SELECT * FROM read_parquet(${fileListSql([file])})`, signal);
        const names = new Set(described.map((row) => String(row.column_name)));
        const lacking = profileOf(pipeline).requiredRawColumns.filter((name) => !names.has(name));
        if (lacking.length > 0) {
          throw new InputError(
            file,
            null,
            lacking[0]!,
            `lacks the raw ${pipeline} column(s) ${lacking.join(', ')} (another pipeline's file, or written without them)`,
          );
        }
      }
      source = `read_parquet(${fileListSql(ref.files)}, hive_partitioning = false, union_by_name = true)`;
      const counted = await duck.all(`SELECT filename, count(*) AS n FROM ${source} GROUP BY filename`, signal);
      const byFile = new Map(counted.map((row) => [String(row.filename), Number(row.n)]));
      rows = sumAccounts(
        ref.files.map((file) => {
          const n = byFile.get(file) ?? 0;
          return { file, read: n, accepted: n, rejected: 0, firstRejected: [] };
        }),
      );
      facts = await parquetFacts(duck, ref.files, signal);
    } else {
      // Only the header decides which schema applies (the seed's 27-column flow lacks unix_tstamp).
      const detected = await detectCsvHeader(pipeline, ref);
      const scanned = scanCsvDay(duck, ref, detected, scans);
      const sourceOf = (files: ScannedCsv[], extra = ''): string =>
        `read_csv(${fileListSql(files.map((f) => f.readPath))}, header = true, delim = ',', quote = '"', ` +
        `escape = '"', auto_detect = false, columns = ${csvColumnsSql(detected)}, null_padding = false, ` +
        `max_line_size = ${RECORD_BYTES_CAP + 2}${extra})`;
      await convertAndCount(duck, sourceOf, scanned, detected, signal, table);
      tableLoaded = table !== undefined;
      for (const file of scanned) if (file.readPath !== file.file) COPIES.set(file.readPath, file);
      rows = sumAccounts(scanned.map(fileRows));
      source = sourceOf(scanned);
    }
    if (ref.wholeDay) checkSomeRows(ref.name, rows);
    await duck.run(`CREATE OR REPLACE TEMP VIEW raw_files AS SELECT * FROM ${source}`, signal);
    // `raw` starts as the whole day; a single-scan run replaces it with the touching rows (scan.ts).
    await duck.run('CREATE OR REPLACE TEMP VIEW raw AS SELECT * FROM raw_files', signal);
    const described = await duck.all('DESCRIBE raw_files', signal);
    const columns = new Set(described.map((row) => String(row.column_name)));
    const missing = profileOf(pipeline).requiredRawColumns.filter((name) => !columns.has(name));
    if (missing.length > 0) {
      throw new InputError(ref.name, null, missing[0]!, `raw ${pipeline} data lacks column(s) ${missing.join(', ')}`);
    }
    return { columns, hasUnixTstamp: columns.has('unix_tstamp'), rows, facts, tableLoaded };
  } catch (err) {
    throw asInputError(err, ref.name);
  }
}

/**
 * What the Parquet files' footers prove about every row: a column is non-null when every file has it and every row
 * group records a null count of 0, constant when every row group's minimum and maximum are one value. A writer
 * that records no statistics proves nothing.
 */
export async function parquetFacts(duck: Duck, files: readonly string[], signal?: AbortSignal): Promise<ColumnFacts> {
  const stats = await duck.all(
    `SELECT path_in_schema AS name,
       CAST(count(DISTINCT file_name) = ${files.length} AND bool_and(coalesce(stats_null_count = 0, false)) AS INTEGER)
         AS non_null,
       CASE WHEN bool_and(coalesce(stats_min_value = stats_max_value, false)) AND count(DISTINCT stats_min_value) = 1
         THEN min(stats_min_value) END AS constant
     FROM parquet_metadata(${fileListSql(files)}) GROUP BY path_in_schema`,
    signal,
  );
  const nonNull = new Set<string>();
  const constant = new Map<string, string>();
  for (const row of stats) {
    if (Number(row.non_null) !== 1) continue;
    nonNull.add(String(row.name));
    if (row.constant !== null) constant.set(String(row.name), String(row.constant));
  }
  return { nonNull, constant };
}

/** The schema the header of the day's first CSV file names (the local source has checked they agree). */
async function detectCsvHeader(pipeline: Pipeline, ref: RawDayRef): Promise<readonly Column[]> {
  const file = [...ref.files].sort()[0];
  if (file === undefined) throw new InputError(ref.name, null, null, 'no raw CSV files');
  return rawSchemaOfFile(pipeline, file);
}

/** DuckDB read errors (bad CSV row, unreadable Parquet) become InputErrors naming the raw day; resource
 * errors (out of memory, interrupted) are not input problems and pass through. */
export function asInputError(err: unknown, file: string): Error {
  if (err instanceof InputError || !(err instanceof Error)) return err as Error;
  if (err.name === 'CancelledError') return err;
  if (/out of memory|could not allocate|interrupt/i.test(err.message)) return err;
  return (
    duckCsvError(err.message) ?? new InputError(file, null, null, err.message.split('\n').slice(0, 6).join(' ').trim())
  );
}

/** DuckDB's CSV errors carry the file, the physical line and the column: name all three. */
export function duckCsvError(message: string): InputError | null {
  const readLine = /CSV Error on Line: (\d+)/.exec(message)?.[1];
  const readFile = /^\s*file = (.+)$/m.exec(message)?.[1]?.trim();
  // A copy of a file's good lines: name the original file and line.
  const copy = readFile ? COPIES.get(readFile) : undefined;
  const file = copy ? copy.file : readFile;
  const line = readLine && copy ? String(originalLine(copy, Number(readLine))) : readLine;
  if (file && !line) return locateCsvProblem(file);
  if (!line || !file) return null;
  const column = /converting column "([^"]+)"/.exec(message)?.[1];
  const count = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(message);
  const conversion = /(Could not convert [^\n]*)/.exec(message)?.[1];
  if (column) return new InputError(file, Number(line), column, conversion ?? 'value of the wrong type');
  if (count)
    return new InputError(
      file,
      Number(line),
      'columns',
      `expected ${count[1]} comma-separated columns, found ${count[2]}`,
    );
  // The message quotes the broken line after "Original Line:" (it may run over several lines up to a blank one):
  // the reason is the first line after that quote, and the line shown is the one DuckDB names.
  const lines = message.split('\n');
  const quoted = lines.findIndex((l) => /Original Line/.test(l));
  let after = quoted;
  if (quoted >= 0) while (after < lines.length && lines[after]!.trim() !== '') after++;
  const reason =
    lines.slice(after < 0 ? 0 : after).find((l) => l.trim() && !/CSV Error on Line|Original Line/.test(l)) ??
    'malformed CSV';
  const text = quoted >= 0 ? /Original Line: ?(.*)$/.exec(lines[quoted]!)?.[1] : undefined;
  return new InputError(
    file,
    Number(line),
    'row',
    `${reason.replace(/^[A-Za-z ]+Error: /, '').trim()}${text ? ` (line: "${visible(text, 120)}")` : ''}`,
  );
}

/**
 * When DuckDB gives up without a line number ("the CSV Parser state machine reached an invalid state"), find the
 * first line that breaks RFC 4180 ourselves: a bare carriage return, an unterminated quote, or a column count
 * that differs from the header's. Reads the file in 1 MiB chunks; runs only on that error path.
 */
export function locateCsvProblem(file: string): InputError | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const buffer = Buffer.alloc(1 << 20);
    let line = 1;
    let columns = 1;
    let headerColumns = 0;
    let inQuotes = false;
    let previous = 0;
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, null);
      if (read === 0) break;
      for (let i = 0; i < read; i++) {
        const byte = buffer[i]!;
        if (byte === 0x22) inQuotes = !inQuotes;
        else if (!inQuotes && byte === 0x2c) columns++;
        else if (!inQuotes && previous === 0x0d && byte !== 0x0a) {
          return new InputError(file, line, 'row', 'a carriage return (CR) without a line feed inside the line');
        } else if (!inQuotes && byte === 0x0a) {
          if (line === 1) headerColumns = columns;
          else if (columns !== headerColumns) {
            return new InputError(
              file,
              line,
              'columns',
              `expected ${headerColumns} comma-separated columns, found ${columns}`,
            );
          }
          line++;
          columns = 1;
        }
        previous = byte;
      }
    }
    if (inQuotes) return new InputError(file, line, 'row', 'a quote (") opened here is never closed');
    return null;
  } finally {
    closeSync(fd);
  }
}
