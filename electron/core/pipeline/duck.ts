import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Column, ColumnType } from '../../../shared/schema';
import type { CellValue, OaRow } from '../cache/types';
import { CancelledError } from '../errors';

export interface DuckSettings {
  /** DuckDB memory_limit, e.g. '1GB'; beyond it DuckDB spills to a private temp folder. */
  memoryLimit?: string;
  threads?: number;
  /** Keep a scan's rows in file order (readers that number rows by position need it; SQL with ORDER BY does not). */
  keepRowOrder?: boolean;
}

/** An in-memory DuckDB with bounded memory and threads, its own spill folder, and cancellation. */
export class Duck {
  private constructor(
    readonly connection: DuckDBConnection,
    private readonly instance: DuckDBInstance,
    /** A private folder removed on close (DuckDB's spill files; copies of raw files with rejected lines). */
    readonly spillDir: string,
  ) {}

  static async open(settings: DuckSettings = {}): Promise<Duck> {
    const spillDir = mkdtempSync(join(tmpdir(), 'spot-desk-duck-'));
    const instance = await DuckDBInstance.create(':memory:', {
      memory_limit: settings.memoryLimit ?? '1GB',
      threads: String(settings.threads ?? 2),
      temp_directory: spillDir,
      // Row order of the outputs comes from explicit ORDER BYs; insertion order need not be kept unless asked.
      preserve_insertion_order: settings.keepRowOrder ? 'true' : 'false',
    });
    const connection = await instance.connect();
    return new Duck(connection, instance, spillDir);
  }

  /** Runs a statement; an AbortSignal interrupts it mid-query. */
  async run(sql: string, signal?: AbortSignal): Promise<void> {
    await this.guard(signal, () => this.connection.run(sql));
  }

  /** Streams a query's rows as plain objects (BIGINT → number) chunk by chunk. */
  async *rows(sql: string, signal?: AbortSignal): AsyncGenerator<OaRow> {
    const result = await this.guard(signal, () => this.connection.stream(sql));
    for await (const chunk of result.yieldRowObjectJs()) {
      if (signal?.aborted) throw new CancelledError();
      for (const row of chunk) yield toOaRow(row);
    }
  }

  /** All rows of a small query (key tables, column lists). */
  async all(sql: string, signal?: AbortSignal): Promise<OaRow[]> {
    const out: OaRow[] = [];
    for await (const row of this.rows(sql, signal)) out.push(row);
    return out;
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
    rmSync(this.spillDir, { recursive: true, force: true });
  }

  private async guard<T>(signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
    if (signal?.aborted) throw new CancelledError();
    const onAbort = (): void => this.connection.interrupt();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await work();
    } catch (err) {
      if (signal?.aborted) throw new CancelledError();
      throw err;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }
}

function toOaRow(row: Record<string, unknown>): OaRow {
  const out: OaRow = {};
  for (const [key, value] of Object.entries(row)) out[key] = toCell(value);
  return out;
}

function toCell(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' || typeof value === 'string') return value;
  return String(value);
}

/** A SQL string literal (DuckDB, SQLite: a quote is doubled; HiveQL escapes differently: hive/sql.ts). */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** How a Spot column type is read into DuckDB. */
export const DUCK_TYPE: Record<ColumnType, string> = {
  string: 'VARCHAR',
  int: 'BIGINT',
  bigint: 'BIGINT',
  float: 'DOUBLE',
};

/** The `columns = {...}` struct of a read_csv that declares Spot's columns (a CSV is never sniffed). */
export function csvColumnsSql(columns: readonly Column[], types: Record<ColumnType, string> = DUCK_TYPE): string {
  return `{${columns.map((c) => `${sqlString(c.name)}: ${sqlString(types[c.type])}`).join(', ')}}`;
}

/** A DuckDB list of files to read as named. DuckDB globs every path it is given (a list's items too), so each of
 * `[ ] * ?` is put in a one-character class: `data [x]` must not read `data x`. */
export function fileListSql(files: readonly string[]): string {
  return `[${files.map((file) => sqlString(file.replace(/[[\]*?]/g, '[$&]'))).join(', ')}]`;
}
