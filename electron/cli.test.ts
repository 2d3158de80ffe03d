// The terminal door as a user runs it: a real process. Every failure is one line on stderr that names the file
// and says what to do, with a non-zero exit code — never a stack trace (issue #20).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeUnwritable, unlockAll } from '../test/fixtures/unwritable';
import { createCache } from './core/cache/index';
import { fakeDay } from './core/cache/testing/fake-day';

const CLI = path.join(import.meta.dirname, 'cli.ts');
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spot-cli-'));
});
afterEach(unlockAll);
afterAll(() => {
  unlockAll();
  fs.rmSync(dir, { recursive: true, force: true });
});

function cli(args: string[], dataDir: string) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    env: { ...process.env, SPOT_DESK_DATA: dataDir },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function expectOneLineFailure(result: { status: number | null; stderr: string }): string {
  expect(result.status).not.toBe(0);
  expect(result.status).not.toBeNull();
  expect(result.stderr).not.toMatch(/^\s+at /m);
  const lines = result.stderr.split('\n').filter((line) => line.trim() !== '');
  expect(lines, result.stderr).toHaveLength(1);
  return lines[0] ?? '';
}

describe('CLI failures', () => {
  it('a cache.db that is not a database: one line naming the file and what to do', () => {
    const data = path.join(dir, 'garbage');
    fs.mkdirSync(data);
    fs.writeFileSync(path.join(data, 'cache.db'), 'these are not the pages you are looking for\n'.repeat(200));
    const line = expectOneLineFailure(cli(['days'], data));
    expect(line).toContain(path.join(data, 'cache.db'));
    expect(line).toMatch(/is not a SQLite database/);
    expect(line).toMatch(/move it away or choose another data directory/);
  });

  it('a data folder that is a file: one line naming it', () => {
    const data = path.join(dir, 'a-file');
    fs.writeFileSync(data, 'not a folder');
    const line = expectOneLineFailure(cli(['days'], data));
    expect(line).toContain(data);
    expect(line).toMatch(/--data|SPOT_DESK_DATA/);
  });

  it('a bad request: one line naming the field', () => {
    const line = expectOneLineFailure(cli(['oa', '--type', 'flow', '--date', '2026-13-45'], path.join(dir, 'ok')));
    expect(line).toMatch(/date/);
  });

  it('a data folder that cannot be written: the days are listed, with one warning line; an import fails in one line', () => {
    const data = path.join(dir, 'locked');
    const cache = createCache(path.join(data, 'cache.db'));
    cache.write.replaceDay(fakeDay('flow', '2026-11-24', 3, 'kept'));
    cache.close();
    makeUnwritable(data);
    const days = cli(['days'], data);
    expect(days.status).toBe(0);
    expect(days.stdout).toContain('2026-11-24\tflow\t3 rows');
    expect(days.stderr.trim().split('\n')).toHaveLength(1);
    expect(days.stderr).toMatch(new RegExp(`^warning: ${data}: is not writable \\(E(PERM|ACCES)\\)`));
    const source = path.join(import.meta.dirname, 'core', 'pipeline', 'fixtures', 'flow28');
    const oa = cli(['oa', '--type', 'flow', '--date', '2026-11-24', '--source', source], data);
    expect(oa.status).toBe(1);
    expect(oa.stderr).toMatch(new RegExp(`^failed: ${data}: is not writable \\(E(PERM|ACCES)\\)`, 'm'));
    expect(oa.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('CLI row accounting', () => {
  it('oa on a raw day with a broken line: imports, and says how many rows were read, accepted and rejected, naming file and line', () => {
    const source = path.join(dir, 'broken-day');
    fs.cpSync(path.join(import.meta.dirname, 'core/pipeline/fixtures/flow28'), source, { recursive: true });
    const raw = path.join(source, 'flow/hive/y=2026/m=11/d=24/rest.csv');
    fs.appendFileSync(raw, '2026-11-24 13:59:00,"unterminated,quote\n');
    const result = cli(['oa', '--type', 'flow', '--date', '2026-11-24', '--source', source], path.join(dir, 'rows'));
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/raw day: 11 rows read, 10 accepted, 1 rejected/);
    expect(result.stdout).toContain(
      `${raw}, line 5, field unix_tstamp: a quote (") opened in this field is not closed`,
    );
  });
});
