// A data folder or cache file that cannot be written is reported as such, not as a bad database, and the cached
// days stay readable (issue #20). How a path is made unwritable when the tests run as root: test/fixtures/unwritable.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeUnwritable, unlockAll } from '../../../test/fixtures/unwritable';
import { createCache, CacheNotWritableError } from './index';
import { fakeDay } from './testing/fake-day';

let base: string;
beforeAll(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'spot-readonly-'));
});
afterEach(unlockAll);
afterAll(() => {
  unlockAll();
  fs.rmSync(base, { recursive: true, force: true });
});

/** A data folder holding a cache with one flow day of 3 rows. */
function dataFolderWithDay(name: string): { folder: string; file: string } {
  const folder = path.join(base, name);
  const file = path.join(folder, 'cache.db');
  const cache = createCache(file);
  cache.write.replaceDay(fakeDay('flow', '2026-11-24', 3, 'kept'));
  cache.close();
  return { folder, file };
}

function expectReadableButNotWritable(file: string, unwritable: string): void {
  const before = fs.readFileSync(file);
  const cache = createCache(file);
  try {
    expect(cache.readOnly).toBeInstanceOf(CacheNotWritableError);
    expect(cache.read.listDays('flow').map((d) => [d.date, d.rows])).toEqual([['2026-11-24', 3]]);
    expect(cache.read.tableRows('flow_scores', '2026-11-24', 10, 0).total).toBe(3);
    let error: unknown;
    try {
      cache.write.replaceDay(fakeDay('flow', '2026-11-25', 2, 'new'));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(CacheNotWritableError);
    const message = (error as Error).message;
    expect(message).toContain(unwritable);
    expect(message).toMatch(/not writable/);
    expect(message).toMatch(/make it writable or choose another data directory/);
    expect(message).not.toMatch(/not a SQLite database|corrupt|cannot be read as a database/);
  } finally {
    cache.close();
  }
  expect(fs.readFileSync(file).equals(before)).toBe(true);
}

describe('a cache that cannot be written', () => {
  it('in a data folder that is not writable: the days stay readable; a write names the folder', () => {
    const { folder, file } = dataFolderWithDay('folder-locked');
    makeUnwritable(folder);
    expectReadableButNotWritable(file, folder);
  });

  it('whose cache.db is not writable: the days stay readable; a write names the file', () => {
    const { file } = dataFolderWithDay('file-locked');
    makeUnwritable(file);
    expectReadableButNotWritable(file, file);
  });

  it('folder and file both locked: still readable', () => {
    const { folder, file } = dataFolderWithDay('both-locked');
    makeUnwritable(file);
    makeUnwritable(folder);
    expectReadableButNotWritable(file, folder);
  });

  it('no cache yet in a folder that is not writable: says the folder is not writable, not a bad database', () => {
    const folder = path.join(base, 'empty-locked');
    fs.mkdirSync(folder);
    makeUnwritable(folder);
    let error: unknown;
    try {
      createCache(path.join(folder, 'cache.db')).close();
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(CacheNotWritableError);
    expect((error as Error).message).toContain(folder);
    expect((error as Error).message).toMatch(/not writable.*cannot create/);
    expect(fs.existsSync(path.join(folder, 'cache.db'))).toBe(false);
  });
});
