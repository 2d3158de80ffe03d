/**
 * `npm run test:crash`: 50 times, a child process imports a day into a real cache file and is killed with SIGKILL
 * at a random moment (before, during or after its write transaction). After each kill the cache must pass
 * PRAGMA integrity_check, and every cached day must be exactly one complete version: the previous one or the new
 * one, never a mix. Prints runs, corrupted caches and half-written days; exits non-zero if any.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { createCache } from '../electron/core/cache/index';
import { fakeDay } from '../electron/core/cache/testing/fake-day';

const here = path.dirname(fileURLToPath(import.meta.url));
const child = path.join(here, '..', 'electron', 'core', 'cache', 'testing', 'import-child.ts');
const RUNS = Number(process.env.CRASH_RUNS ?? 50);
const DATE = '2026-11-24';

interface DayState {
  tag: string;
  rows: number;
}

/** Which version each flow table of the day holds, read straight from SQLite. */
function inspect(file: string): {
  integrity: string;
  versions: Map<string, Set<string>>;
  counts: Map<string, number>;
  source: string | null;
} {
  const db = new Database(file, { readonly: true });
  try {
    const integrity = (db.pragma('integrity_check', { simple: true }) as string) ?? 'no answer';
    const versions = new Map<string, Set<string>>();
    const counts = new Map<string, number>();
    for (const table of ['flow_scores', 'flow_edge', 'flow_chords', 'flow_ingest_summary']) {
      const first = table === 'flow_chords' ? 'ip_threat' : table === 'flow_ingest_summary' ? 'tdate' : 'tstart';
      const rows = db.prepare(`SELECT ${first} AS v FROM ${table} WHERE day = ?`).all(DATE) as Array<{ v: string }>;
      versions.set(table, new Set(rows.map((r) => r.v.split('-')[0]!)));
      counts.set(table, rows.length);
    }
    const day = db.prepare(`SELECT source FROM days WHERE pipeline = 'flow' AND day = ?`).get(DATE) as
      { source: string } | undefined;
    return { integrity, versions, counts, source: day?.source ?? null };
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spot-crash-'));
  const file = path.join(dir, 'cache.db');
  const cache = createCache(file);
  let committed: DayState = { tag: 'v0', rows: 500 };
  cache.write.replaceDay(fakeDay('flow', DATE, committed.rows, committed.tag));
  cache.close();

  // Calibrate: how long one uninterrupted import takes here, so the kills spread over its whole life.
  const started = Date.now();
  const calibration = spawn(process.execPath, ['--import', 'tsx', child, file, DATE, '30000', 'calibration'], {
    stdio: 'ignore',
  });
  await new Promise((resolve) => calibration.once('exit', resolve));
  const importMs = Date.now() - started;
  committed = { tag: 'calibration', rows: 30000 };

  let corrupted = 0;
  let halfWritten = 0;
  let completedImports = 0;
  for (let run = 1; run <= RUNS; run++) {
    const next: DayState = { tag: `v${run}`, rows: 30000 };
    const killAfterMs = Math.floor(Math.random() * importMs * 1.15);
    const proc = spawn(process.execPath, ['--import', 'tsx', child, file, DATE, String(next.rows), next.tag], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let finished = false;
    proc.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('done')) finished = true;
    });
    const timer = setTimeout(() => proc.kill('SIGKILL'), killAfterMs);
    await new Promise((resolve) => proc.once('exit', resolve));
    clearTimeout(timer);
    const state = inspect(file);
    if (state.integrity !== 'ok') corrupted++;
    const tags = new Set([...state.versions.values()].flatMap((s) => [...s]));
    const expected = tags.size === 1 ? [...tags][0] : null;
    const candidate = expected === next.tag ? next : expected === committed.tag ? committed : null;
    const consistent =
      candidate !== null &&
      [...state.counts.values()].every((n) => n === candidate.rows) &&
      state.source === `test:${candidate.tag}`;
    if (!consistent) halfWritten++;
    else if (candidate === next) {
      committed = next;
      completedImports++;
    }
    process.stderr.write(
      `run ${run}/${RUNS}: killed after ${killAfterMs} ms, ${finished ? 'import had finished' : 'mid-import'}; cache holds ${expected ?? 'a MIX'} ` +
        `${consistent ? 'complete' : 'INCONSISTENT'}\n`,
    );
  }
  fs.rmSync(dir, { recursive: true, force: true });
  process.stdout.write(
    `\ncrash test: ${RUNS} runs, ${completedImports} imports committed before the kill, ${corrupted} corrupted caches, ${halfWritten} half-written days\n`,
  );
  process.exit(corrupted === 0 && halfWritten === 0 ? 0 : 1);
}

void main();
