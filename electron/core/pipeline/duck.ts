import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
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

  /** Runs DuckDB work that an AbortSignal interrupts; an interrupted run is a CancelledError. */
  async guard<T>(signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
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

// The SQL text helpers are pure (profiles/ and cache/ use them without loading DuckDB); re-exported for callers here.
export { csvColumnsSql, DUCK_TYPE, fileListSql, sqlString } from './sql-text';
