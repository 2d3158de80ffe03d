import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCache, CacheFileError } from './index';
import { MIGRATIONS } from './migrations/index';
import { fakeDay } from './testing/fake-day';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spot-cache-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('opening the cache', () => {
  it('creates a new database, migrated to the latest version, in WAL mode', () => {
    const file = path.join(dir, 'nested', 'cache.db');
    const cache = createCache(file);
    cache.close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('refuses a file that is not SQLite and leaves it untouched', () => {
    const file = path.join(dir, 'cache.db');
    fs.writeFileSync(file, 'hello, these are my notes\n');
    expect(() => createCache(file)).toThrow(CacheFileError);
    expect(() => createCache(file)).toThrow(/is not a SQLite database.*will not use or overwrite/);
    expect(fs.readFileSync(file, 'utf8')).toBe('hello, these are my notes\n');
  });

  it("refuses another program's SQLite database", () => {
    const file = path.join(dir, 'cache.db');
    const other = new Database(file);
    other.exec('CREATE TABLE contacts (name TEXT)');
    other.close();
    const before = fs.readFileSync(file);
    expect(() => createCache(file)).toThrow(/another program/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it("refuses another program's database that holds only a view, even one with a cache table's name", () => {
    const file = path.join(dir, 'cache.db');
    const other = new Database(file);
    other.exec('CREATE VIEW days AS SELECT 1 AS pipeline');
    other.close();
    const before = fs.readFileSync(file);
    expect(() => createCache(file)).toThrow(/another program/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a corrupt database and does not overwrite it', () => {
    const file = path.join(dir, 'cache.db');
    const cache = createCache(file);
    cache.write.replaceDay(fakeDay('flow', '2026-11-24', 2000, 'old'));
    cache.close();
    const bytes = fs.readFileSync(file);
    // Smash pages in the middle of the file, keeping the header.
    bytes.fill(0x5a, 8192, bytes.length - 4096);
    fs.writeFileSync(file, bytes);
    expect(() => createCache(file)).toThrow(CacheFileError);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  it('refuses a database written by a newer version', () => {
    const file = path.join(dir, 'cache.db');
    createCache(file).close();
    const db = new Database(file);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => createCache(file)).toThrow(/newer Spot Desk/);
  });
});

describe('importing a day', () => {
  it('replaces the OA tables of a day and keeps the analyst tables and other days', () => {
    const cache = createCache(path.join(dir, 'cache.db'));
    cache.write.replaceDay(fakeDay('flow', '2026-11-23', 3, 'a'));
    cache.write.replaceDay(fakeDay('flow', '2026-11-24', 5, 'old'));
    // Analyst work on the day, written directly here (the analyst service does it in the app).
    const raw = new Database(cache.file);
    raw
      .prepare(`INSERT INTO flow_threat_investigation (day, tstart, srcip, score) VALUES (?, ?, ?, ?)`)
      .run('2026-11-24', '2026-11-24 10:00:00', '10.0.0.1', 1);
    raw.close();
    cache.write.replaceDay(fakeDay('flow', '2026-11-24', 4, 'new'));
    const scores = cache.read.tableRows('flow_scores', '2026-11-24', 100, 0);
    expect(scores.total).toBe(4);
    expect(scores.rows[0]?.[0]).toBe('new-0');
    expect(cache.read.tableRows('flow_scores', '2026-11-23', 100, 0).total).toBe(3);
    expect(cache.read.tableRows('flow_threat_investigation', '2026-11-24', 10, 0).total).toBe(1);
    expect(cache.read.listDays('flow').map((d) => [d.date, d.rows])).toEqual([
      ['2026-11-24', 4],
      ['2026-11-23', 3],
    ]);
    cache.close();
  });

  it('rejects a table that the pipeline does not produce, writing nothing', () => {
    const cache = createCache(path.join(dir, 'cache.db'));
    const day = fakeDay('dns', '2026-11-24', 2, 'x');
    day.tables.flow_scores = [];
    expect(() => cache.write.replaceDay(day)).toThrow(/flow_scores is not an output table of the dns pipeline/);
    expect(cache.read.listDays()).toEqual([]);
    cache.close();
  });

  it('a process killed with SIGKILL in the middle of an import leaves the previous day intact', async () => {
    const file = path.join(dir, 'cache.db');
    const cache = createCache(file);
    cache.write.replaceDay(fakeDay('flow', '2026-11-24', 100, 'old'));
    cache.close();

    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'testing', 'import-child.ts'), file, '2026-11-24', '200000', 'new'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let sawProgress = false;
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const text = chunk.toString();
        if (text.includes('done')) reject(new Error('the child finished before it could be killed'));
        if (!sawProgress && /progress (\d+)/.test(text) && Number(/progress (\d+)/.exec(text)?.[1]) >= 20000) {
          sawProgress = true;
          child.kill('SIGKILL');
        }
      });
      child.on('exit', () => resolve());
    });
    expect(sawProgress).toBe(true);

    const after = createCache(file);
    expect(after.read.integrityCheck().ok).toBe(true);
    const rows = after.read.tableRows('flow_scores', '2026-11-24', 1000, 0);
    expect(rows.total).toBe(100);
    expect(rows.rows.every((r) => String(r[0]).startsWith('old-'))).toBe(true);
    expect(after.read.listDays('flow')[0]?.source).toBe('test:old');
    after.close();
  });
});
