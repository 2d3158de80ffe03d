/**
 * The one module that owns the SQLite cache. It opens the file, refuses files that are not ours or are corrupt
 * (never overwriting them), applies migrations, and hands out two handles: a writer (the only code that changes
 * the database) and a read-only reader on its own connection. WAL lets the reader see the last committed state
 * while an import is being written.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { MIGRATIONS } from './migrations/index';

/** PRAGMA application_id of a Spot Desk cache: 'SPDK'. */
export const APPLICATION_ID = 0x5350444b;
const SQLITE_HEADER = 'SQLite format 3\u0000';

export class CacheFileError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(
      `${file}: ${problem}. Spot Desk will not use or overwrite it; move it away or choose another data directory.`,
    );
    this.name = 'CacheFileError';
  }
}

export interface CacheHandles {
  readonly file: string;
  /** The writer connection: migrations, imports, analyst work. */
  readonly writeDb: Database.Database;
  /** A read-only connection for queries. */
  readonly readDb: Database.Database;
  close(): void;
}

function checkExistingFile(file: string): 'new' | 'existing' {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return 'new';
  }
  if (!stat.isFile()) throw new CacheFileError(file, 'is not a regular file');
  if (stat.size === 0) return 'new';
  const fd = fs.openSync(file, 'r');
  try {
    const header = Buffer.alloc(16);
    fs.readSync(fd, header, 0, 16, 0);
    if (header.toString('latin1') !== SQLITE_HEADER) throw new CacheFileError(file, 'is not a SQLite database');
  } finally {
    fs.closeSync(fd);
  }
  return 'existing';
}

function verifyOurs(db: Database.Database, file: string): void {
  let appId: number;
  let tables: number;
  try {
    appId = db.pragma('application_id', { simple: true }) as number;
    tables = (db.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'`).get() as { n: number }).n;
  } catch (err) {
    throw new CacheFileError(file, `cannot be read as a database (${(err as Error).message})`);
  }
  if (appId !== APPLICATION_ID && !(appId === 0 && tables === 0)) {
    throw new CacheFileError(file, 'is a SQLite database of another program');
  }
  const check = db.pragma('quick_check', { simple: true }) as string;
  if (check !== 'ok') throw new CacheFileError(file, `is corrupt (${check})`);
}

function migrate(db: Database.Database, file: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = MIGRATIONS.length;
  if (current > latest) {
    throw new CacheFileError(file, `was written by a newer Spot Desk (schema ${current}, this one knows ${latest})`);
  }
  for (const migration of MIGRATIONS.slice(current)) {
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
      db.pragma(`application_id = ${APPLICATION_ID}`);
    }).immediate();
  }
}

/** Creates the cache's folder; a path that is a file is named as such, not reported as an fs stack trace. */
function makeFolder(folder: string): void {
  try {
    fs.mkdirSync(folder, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    const problem =
      code === 'EEXIST' || code === 'ENOTDIR'
        ? 'is not a folder (a file has its name)'
        : `cannot be created (${(err as Error).message})`;
    throw new CacheFileError(folder, problem);
  }
}

export function openCache(file: string): CacheHandles {
  makeFolder(path.dirname(file));
  checkExistingFile(file);
  const writeDb = new Database(file, { fileMustExist: false });
  try {
    verifyOurs(writeDb, file);
    writeDb.pragma('journal_mode = WAL');
    writeDb.pragma('synchronous = NORMAL');
    writeDb.pragma('foreign_keys = ON');
    writeDb.pragma('busy_timeout = 5000');
    migrate(writeDb, file);
  } catch (err) {
    writeDb.close();
    throw err;
  }
  const readDb = new Database(file, { readonly: true, fileMustExist: true });
  readDb.pragma('busy_timeout = 5000');
  return {
    file,
    writeDb,
    readDb,
    close() {
      readDb.close();
      writeDb.close();
    },
  };
}
