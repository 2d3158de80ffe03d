/**
 * Test helper: a real core (SQLite cache, handlers, jobs) on a fresh temp dir, for the tests that drive the core
 * through its operations, in the core and beside the doors. One home for the temp dir, the core's start and close,
 * and calling an op through the dispatcher.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { DispatchResult } from '../../shared/api-base';
import type { Pipeline } from '../../shared/schema';
import { createCore, type Core } from './api';
import { dispatch } from './dispatch';

export interface TestCore {
  /** The temp dir, removed after. */
  readonly dir: string;
  /** Where the core keeps its data: the temp dir, or a folder in it (`dataSubdir`). */
  readonly dataDir: string;
  readonly core: Core;
  /** An operation through the dispatcher, validation included; throws the error's message when it fails. */
  call<T = unknown>(name: string, request: unknown): Promise<T>;
  /** An operation through the dispatcher, its result as it is (ok or the error). */
  dispatch(name: string, request: unknown): Promise<DispatchResult>;
}

export interface TestCoreOptions {
  /** The temp dir's name starts with it (a leftover dir says which test made it). */
  prefix: string;
  /** The data dir inside the temp dir, when the test keeps other things beside it (static files, a raw tree). */
  dataSubdir?: string;
  /** Runs before the core starts: a local raw tree, settings files. */
  prepare?: (dir: string) => void | Promise<void>;
  version?: string;
}

/** Calls an operation of a core through the dispatcher; throws the error's message when it fails. */
export async function callOp<T = unknown>(core: Core, name: string, request: unknown): Promise<T> {
  const result = await dispatch(core.handlers, name, request);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as T;
}

/** A temp dir and a core on it; `close()` closes the core and removes the dir. */
export async function startTestCore(options: TestCoreOptions): Promise<TestCore & { close(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), options.prefix));
  try {
    await options.prepare?.(dir);
    const dataDir = options.dataSubdir ? path.join(dir, options.dataSubdir) : dir;
    const core = createCore({ dataDir, mode: 'browser', version: options.version ?? 'test' });
    return {
      dir,
      dataDir,
      core,
      call: (name, request) => callOp(core, name, request),
      dispatch: (name, request) => dispatch(core.handlers, name, request),
      async close() {
        try {
          await core.close();
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/**
 * A fresh core around each test (`per: 'test'`) or one for the whole file (`per: 'file'`), closed and its dir
 * removed after. The returned view follows the current core: read `t.core`, `t.dir` inside hooks and tests.
 */
export function useTestCore(options: TestCoreOptions & { per: 'test' | 'file' }): TestCore {
  let current: (TestCore & { close(): Promise<void> }) | null = null;
  const live = (): TestCore => {
    if (!current) throw new Error('useTestCore: the core exists only inside hooks and tests');
    return current;
  };
  const [before, after] = options.per === 'test' ? [beforeEach, afterEach] : [beforeAll, afterAll];
  before(async () => {
    current = await startTestCore(options);
  });
  after(async () => {
    await current?.close();
    current = null;
  });
  return {
    get dir() {
      return live().dir;
    },
    get dataDir() {
      return live().dataDir;
    },
    get core() {
      return live().core;
    },
    call: (name, request) => live().call(name, request),
    dispatch: (name, request) => live().dispatch(name, request),
  };
}

/** Runs `use` with a core on an existing data dir and closes the core after: seeds a dir a CLI or a server opens. */
export async function withCore<T>(dataDir: string, use: (core: Core) => Promise<T>): Promise<T> {
  const core = createCore({ dataDir, mode: 'browser', version: 'test' });
  try {
    return await use(core);
  } finally {
    await core.close();
  }
}

/** Searches an anchor's raw telemetry (the expanded search, waited for) and saves a storyboard threat of it. */
export async function saveSearchedThreat(
  core: Core,
  threat: { pipeline: Pipeline; date: string; anchor: string; title: string; text: string },
): Promise<void> {
  const { pipeline, date, anchor } = threat;
  const started = await core.handlers['investigation.search']({ pipeline, date, anchor, refresh: false });
  if (started.job) await core.jobs.wait(started.job.id);
  await core.handlers['investigation.save'](threat);
}
