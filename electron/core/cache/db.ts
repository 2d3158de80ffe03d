/**
 * The one module that owns the SQLite cache. It opens the file, refuses files that are not ours or are corrupt
 * (never overwriting them), applies migrations, and hands out two handles: a writer (the only code that changes
 * the database) and a read-only reader on its own connection. WAL lets the reader see the last committed state
 * while an import is being written.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
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

/** The cache's folder or file cannot be written (file modes, an immutable file, a read-only file system). */
export class CacheNotWritableError extends Error {
  constructor(
    /** The folder or file that cannot be written. */
    readonly target: string,
    readonly code: string,
    /** True when the cached days can still be read. */
    readonly readable: boolean,
  ) {
    const what = code === 'EROFS' ? 'is on a read-only file system' : `is not writable (${code})`;
    super(
      readable
        ? `${target}: ${what}: the cached days can be viewed, but nothing can be imported, scored or saved; ` +
            'make it writable or choose another data directory.'
        : `${target}: ${what}: Spot Desk cannot create its cache there; make it writable or choose another data directory.`,
    );
    this.name = 'CacheNotWritableError';
  }
}

export interface CacheHandles {
  readonly file: string;
  /** The writer connection: migrations, imports, analyst work. */
  readonly writeDb: Database.Database;
  /** A read-only connection for queries. */
  readonly readDb: Database.Database;
  /** Set when the folder or file cannot be written: then writeDb is a read-only connection too. */
  readonly readOnly: CacheNotWritableError | null;
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
  let objects: number;
  try {
    appId = db.pragma('application_id', { simple: true }) as number;
    // Any schema object (table, view, index, trigger) makes the file someone's: only an empty file is adopted.
    objects = (db.prepare(`SELECT count(*) AS n FROM sqlite_schema`).get() as { n: number }).n;
  } catch (err) {
    throw new CacheFileError(file, `cannot be read as a database (${(err as Error).message})`);
  }
  if (appId !== APPLICATION_ID && !(appId === 0 && objects === 0)) {
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

/** The error code when `target` exists and cannot be written (access(2) honours modes, immutable files and
 * read-only mounts, for root too), else null. */
function unwritable(target: string): string | null {
  try {
    fs.accessSync(target, fs.constants.W_OK);
    return null;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EACCES';
    return code === 'ENOENT' ? null : code;
  }
}

/**
 * The cache of a folder or file that cannot be written, opened read-only so the cached days can still be shown.
 * A WAL database needs its -shm file beside it even to be read; when the folder cannot hold one, SQLite cannot
 * open the file in place, so a private copy is read instead (removed on close).
 */
function openReadOnly(file: string, problem: CacheNotWritableError): CacheHandles {
  let copyDir: string | null = null;
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('schema_version');
  } catch {
    db?.close();
    copyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spot-desk-readonly-'));
    try {
      const copy = path.join(copyDir, 'cache.db');
      fs.copyFileSync(file, copy);
      if (fs.existsSync(`${file}-wal`)) fs.copyFileSync(`${file}-wal`, `${copy}-wal`);
      db = new Database(copy, { readonly: true, fileMustExist: true });
    } catch (err) {
      fs.rmSync(copyDir, { recursive: true, force: true });
      throw new CacheFileError(file, `cannot be read (${(err as Error).message})`);
    }
  }
  const readDb = db;
  const cleanup = () => {
    readDb.close();
    if (copyDir) fs.rmSync(copyDir, { recursive: true, force: true });
  };
  try {
    verifyOurs(readDb, file);
    const current = readDb.pragma('user_version', { simple: true }) as number;
    if (current > MIGRATIONS.length) {
      throw new CacheFileError(
        file,
        `was written by a newer Spot Desk (schema ${current}, this one knows ${MIGRATIONS.length})`,
      );
    }
    if (current < MIGRATIONS.length) {
      // An older cache must be migrated before this version can read it, and that needs writing.
      throw new CacheNotWritableError(problem.target, problem.code, false);
    }
    readDb.pragma('busy_timeout = 5000');
  } catch (err) {
    cleanup();
    throw err;
  }
  return { file, writeDb: readDb, readDb, readOnly: problem, close: cleanup };
}

export function openCache(file: string): CacheHandles {
  const folder = path.dirname(file);
  makeFolder(folder);
  const state = checkExistingFile(file);
  const folderCode = unwritable(folder);
  const fileCode = state === 'existing' ? unwritable(file) : null;
  // The folder first: SQLite needs it writable for its -wal and -shm files even when the file is writable.
  const code = folderCode ?? fileCode;
  if (code !== null) {
    const problem = new CacheNotWritableError(folderCode ? folder : file, code, state === 'existing');
    if (state === 'new') throw problem;
    return openReadOnly(file, problem);
  }
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
    readOnly: null,
    close() {
      readDb.close();
      writeDb.close();
    },
  };
}
