/**
 * Streams the columns the scorer needs from one raw day of the local data tree
 * (`<root>/<type>/hive/y=Y/m=M/d=D/**` as *.csv with a header, or *.parquet — docs/CONVENTIONS.md).
 * Every value arrives as text (or null), so CSV and Parquet go through the same parsing and validity rules.
 * Files are read one at a time in sorted path order, so event indexes are stable across passes.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CancelledError, InputError } from '../errors';
import { Duck, fileListSql, sqlString } from '../pipeline/duck';
import {
  checkCount,
  fileRows,
  originalLine,
  RECORD_BYTES_CAP,
  scanCsvFile,
  sumAccounts,
  type RowAccount,
  type ScannedCsv,
} from '../parse/raw-lines';
import { csvRecordPick } from '../parse/csv-record';
import { LineReader } from '../parse/csv-lines';
import { packedTextSql, PackedRow } from './packed';

/** All *.csv and *.parquet files under dir (recursively, e.g. h=H/ sub-folders), sorted by path. */
export function listRawFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string): void => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(csv|parquet)$/i.test(name)) out.push(path);
    }
  };
  try {
    walk(dir);
  } catch (err) {
    throw new InputError(dir, null, null, `no raw day here: ${(err as Error).message}`);
  }
  if (out.length === 0) throw new InputError(dir, null, null, 'the raw day has no .csv or .parquet files');
  return out.sort();
}

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function isParquet(file: string): boolean {
  return /\.parquet$/i.test(file);
}

/** A CSV file is read as its scan says (parse/raw-lines.ts): its good lines, every column as text. */
function sourceSql(file: string, scanned?: ScannedCsv): string {
  if (isParquet(file) || !scanned) return `read_parquet(${fileListSql([file])})`;
  const columns = `{${scanned.columns.map((name) => `${sqlString(name)}: 'VARCHAR'`).join(', ')}}`;
  return (
    `read_csv(${fileListSql([scanned.readPath])}, header = true, auto_detect = false, columns = ${columns}, ` +
    `delim = ',', quote = '"', escape = '"', null_padding = false, max_line_size = ${RECORD_BYTES_CAP + 2})`
  );
}

/** How a column is fetched: as text, as a number (TRY_CAST to DOUBLE; null if not numeric), or only its presence. */
export type ColumnKind = 'text' | 'num' | 'presence';

/** One row of a file picked by its index (rowsAt). */
export interface PickedRow {
  /** The row's index among the file's rows (0 = the first data row), as stream() counts them. */
  row: number;
  /** Column c (index into the requested specs) as stream() gives it. */
  value(c: number): string | number | null;
}

export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
  /** A missing required column is an InputError; a missing optional one reads as null. */
  required?: boolean;
}

/** A chunk of rows. Values are decoded only when asked for (decoding text is the costly part). */
export interface RawChunk {
  file: string;
  rows: number;
  /** Column c (index into the requested specs) of a row: string for text, number for num/presence, or null. */
  value(c: number, row: number): string | number | null;
}

function selectSql(spec: ColumnSpec): string {
  const col = ident(spec.name);
  if (spec.kind === 'text') return `CAST(${col} AS VARCHAR)`;
  if (spec.kind === 'num') return `TRY_CAST(${col} AS DOUBLE)`;
  return `CASE WHEN ${col} IS NULL THEN NULL ELSE 1.0 END`;
}

/** Rows per chunk of a CSV file read line by line (DuckDB's vector size). */
const CSV_CHUNK_ROWS = 256;

/**
 * Whether the reader splits a file's lines itself (csvChunks, rowsAt) rather than have DuckDB parse it: a scanned
 * CSV file (its lines are known to be well formed) with unique column names, every column asked for as text.
 */
function readsLines(scanned: ScannedCsv | undefined, specs: readonly ColumnSpec[]): scanned is ScannedCsv {
  return (
    scanned !== undefined &&
    specs.every((spec) => spec.kind === 'text') &&
    new Set(scanned.columns).size === scanned.columns.length
  );
}

export class RawDayReader {
  /** Each CSV file's scan (its account and what DuckDB reads), made on first use. */
  private readonly scans_ = new Map<string, ScannedCsv>();
  /** Parquet files' row counts (read whole). */
  private readonly parquetRows = new Map<string, number>();

  private constructor(private readonly duck: Duck) {}

  /** DuckDB's one memory and spill policy (pipeline/duck.ts); copies of files with rejected lines go in its folder. */
  static async open(): Promise<RawDayReader> {
    // Event indexes are row positions: the scan keeps file order.
    return new RawDayReader(await Duck.open({ keepRowOrder: true }));
  }

  close(): void {
    this.duck.close();
  }

  private get connection() {
    return this.duck.connection;
  }

  /**
   * Rows of a file as the scorer reads them: a CSV file's accepted lines (its scan), a Parquet file's rows. DuckDB's
   * count of a CSV file is checked against its scan (read = accepted + rejected) when the file is first streamed
   * whole (pass 1, before anything is written), so a row cannot go missing unreported — without a count(*) pass
   * that parses every line once more.
   */
  async countRows(file: string, signal?: AbortSignal): Promise<number> {
    const scanned = this.scan(file);
    if (scanned) return scanned.accepted;
    const reader = await this.guard(file, signal, () =>
      this.connection.runAndReadAll(`SELECT count(*) FROM ${sourceSql(file, scanned)}`),
    );
    const rows = Number(reader.getRows()[0]?.[0] ?? 0);
    this.parquetRows.set(file, rows);
    return rows;
  }

  /** Each CSV file's scan so far, by file (what its lines were judged; another reader of the day may reuse it). */
  scans(): ReadonlyMap<string, Readonly<ScannedCsv>> {
    return this.scans_;
  }

  /** The account of every file counted so far: read = accepted + rejected, per file. */
  account(): RowAccount {
    const files = [...this.scans_.values()].map(fileRows);
    for (const [file, n] of this.parquetRows)
      files.push({ file, read: n, accepted: n, rejected: 0, firstRejected: [] });
    return sumAccounts(files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)));
  }

  private scan(file: string): ScannedCsv | undefined {
    if (isParquet(file)) return undefined;
    let scanned = this.scans_.get(file);
    if (!scanned) {
      try {
        scanned = scanCsvFile(file, this.duck.spillDir);
      } catch (err) {
        throw new InputError(file, null, null, `cannot read: ${(err as Error).message}`);
      }
      this.scans_.set(file, scanned);
    }
    return scanned;
  }

  /** The SELECT list of the given columns of a file; a required column missing from it is an InputError. */
  async selectList(file: string, specs: readonly ColumnSpec[], signal?: AbortSignal): Promise<string[]> {
    return (await this.selectExpressions(file, specs, signal)).map((expression, i) => `${expression} AS c${i}`);
  }

  /** Each column's SELECT expression (NULL for a missing optional column). */
  private async selectExpressions(file: string, specs: readonly ColumnSpec[], signal?: AbortSignal): Promise<string[]> {
    const scanned = this.scan(file);
    const described = await this.guard(file, signal, () =>
      this.connection.runAndReadAll(`DESCRIBE SELECT * FROM ${sourceSql(file, scanned)}`),
    );
    const present = new Set(described.getRows().map((row) => String(row[0])));
    return specs.map((spec) => {
      if (present.has(spec.name)) return selectSql(spec);
      if (spec.required) throw new InputError(file, 1, spec.name, 'required column is missing from the header');
      return 'NULL';
    });
  }

  /**
   * Streams the given columns of a file, one DuckDB chunk at a time. `packText`: for a pass that reads every text
   * column of every row, a CSV file's text columns come as one value per row (packed.ts), decoded once per row
   * instead of once per column (taking a string out of DuckDB costs the same for 8 bytes as for 200).
   */
  async *stream(
    file: string,
    specs: readonly ColumnSpec[],
    signal?: AbortSignal,
    options: { packText?: boolean } = {},
  ): AsyncGenerator<RawChunk> {
    const scanned = this.scan(file);
    if (readsLines(scanned, specs)) {
      yield* this.csvChunks(scanned, specs, signal);
      return;
    }
    const expressions = await this.selectExpressions(file, specs, signal);
    // Only a scanned CSV file's lines are known to hold no NUL byte (the scan rejects them): Parquet reads as is.
    const texts = specs.flatMap((spec, c) => (spec.kind === 'text' ? [c] : []));
    const pack = options.packText === true && scanned !== undefined && texts.length > 1;
    const slotOf = new Int32Array(specs.length).fill(-1);
    if (pack) texts.forEach((c, slot) => (slotOf[c] = slot));
    const select = pack
      ? [packedTextSql(texts.map((c) => expressions[c]!)), ...expressions.filter((_, c) => slotOf[c]! < 0)]
      : expressions;
    // Column c's position in the result: unpacked columns follow the packed one, in spec order.
    const position = new Int32Array(specs.length);
    let next = pack ? 1 : 0;
    specs.forEach((_, c) => (position[c] = slotOf[c]! >= 0 ? 0 : next++));
    const result = await this.guard(file, signal, () =>
      this.connection.stream(
        `SELECT ${select.map((e, i) => `${e} AS c${i}`).join(', ')} FROM ${sourceSql(file, scanned)}`,
      ),
    );
    let rows = 0;
    for (;;) {
      const chunk = await this.guard(file, signal, () => result.fetchChunk());
      if (!chunk || chunk.rowCount === 0) break;
      rows += chunk.rowCount;
      const vectors = select.map((_, i) => chunk.getColumnVector(i));
      const packed = pack ? new PackedRow(vectors[0]!, texts.length, file) : null;
      yield {
        file,
        rows: chunk.rowCount,
        value: (c, row) => {
          const slot = slotOf[c]!;
          if (slot >= 0) return packed!.value(row, slot);
          return (vectors[position[c]!]?.getItem(row) ?? null) as string | number | null;
        },
      };
    }
    if (scanned) checkCount(scanned, rows);
  }

  /**
   * The given rows of a file (ascending indexes among its rows), their values as stream() gives them. A scanned CSV
   * file's lines are picked out of its good lines (the scan's readPath: the header, then exactly one line per
   * accepted row) and split here, so a pass that needs a few rows of a large day neither parses nor converts the
   * others; the file is read only as far as its last wanted row. Parquet (and a non-text column) goes through stream().
   */
  async *rowsAt(
    file: string,
    specs: readonly ColumnSpec[],
    rows: readonly number[],
    signal?: AbortSignal,
  ): AsyncGenerator<PickedRow> {
    if (rows.length === 0) return;
    const scanned = this.scan(file);
    if (!readsLines(scanned, specs)) {
      yield* this.rowsFromStream(file, specs, rows, signal);
      return;
    }
    const index = this.headerIndexes(scanned, specs);
    const lines = new LineReader(scanned.readPath, signal);
    try {
      lines.next(); // the header
      let row = 0;
      for (const wanted of rows) {
        for (; row <= wanted; row++) {
          if (!lines.next())
            throw new InputError(
              scanned.file,
              null,
              null,
              `row ${wanted + 1} asked for, but the file has fewer rows than when it was scanned`,
            );
        }
        const values = this.pick(scanned, lines, wanted, index);
        yield { row: wanted, value: (c) => values[c] ?? null };
      }
    } finally {
      lines.close();
    }
  }

  /** Each spec's column in a scanned file's header (-1 for a missing optional one). */
  private headerIndexes(scanned: ScannedCsv, specs: readonly ColumnSpec[]): number[] {
    return specs.map((spec) => {
      const at = scanned.columns.indexOf(spec.name);
      if (at < 0 && spec.required)
        throw new InputError(scanned.file, 1, spec.name, 'required column is missing from the header');
      return at;
    });
  }

  /** The picked values of the reader's current line, data row `row` of a scanned file. */
  private pick(scanned: ScannedCsv, lines: LineReader, row: number, index: readonly number[]): (string | null)[] {
    const values = csvRecordPick(lines.text(), scanned.columns.length, index);
    if (!values) {
      // The scan accepted this line with the header's column count: the file changed since.
      const line = originalLine(scanned, row + 2);
      throw new InputError(scanned.file, line, 'columns', 'the line changed since the file was scanned');
    }
    return values;
  }

  /**
   * A scanned CSV file's rows read here, line by line, when every column asked for is text (a value as DuckDB
   * would give it: csv-record.ts): the pass that reads every row needs no DuckDB parse of the file and no string
   * taken out of DuckDB per value.
   */
  private *csvChunks(scanned: ScannedCsv, specs: readonly ColumnSpec[], signal?: AbortSignal): Generator<RawChunk> {
    const index = this.headerIndexes(scanned, specs);
    const lines = new LineReader(scanned.readPath, signal);
    try {
      lines.next(); // the header
      let rows = 0;
      for (let more = true; more;) {
        const batch: (string | null)[][] = [];
        while (batch.length < CSV_CHUNK_ROWS && (more = lines.next()))
          batch.push(this.pick(scanned, lines, rows + batch.length, index));
        if (batch.length === 0) break;
        rows += batch.length;
        yield { file: scanned.file, rows: batch.length, value: (c, row) => batch[row]![c] ?? null };
      }
      checkCount(scanned, rows);
    } finally {
      lines.close();
    }
  }

  /** rowsAt through a whole stream() of the file. */
  private async *rowsFromStream(
    file: string,
    specs: readonly ColumnSpec[],
    rows: readonly number[],
    signal?: AbortSignal,
  ): AsyncGenerator<PickedRow> {
    let first = 0;
    let next = 0;
    for await (const chunk of this.stream(file, specs, signal)) {
      while (next < rows.length && (rows[next] as number) < first + chunk.rows) {
        const row = rows[next] as number;
        yield { row, value: (c) => chunk.value(c, row - first) };
        next += 1;
      }
      first += chunk.rows;
    }
  }

  /** DuckDB work on a file (cancellable through Duck.guard); a read error becomes an InputError naming the line. */
  private async guard<T>(file: string, signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
    try {
      return await this.duck.guard(signal, work);
    } catch (err) {
      if (err instanceof CancelledError || err instanceof InputError) throw err;
      const message = (err as Error).message;
      const found = /line:? (\d+)/i.exec(message);
      // A copy of the file's good lines is read where lines were rejected: name the original line.
      const scanned = this.scans_.get(file);
      const line = found ? (scanned ? originalLine(scanned, Number(found[1])) : Number(found[1])) : null;
      const column = /converting column "([^"]+)"/.exec(message)?.[1] ?? null;
      throw new InputError(file, line, column, `cannot read: ${message.split('\n')[0]}`);
    }
  }
}
