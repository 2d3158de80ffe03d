/**
 * The ML node without a database (real sshd, the fake `hdfs` of test/fixtures/sshd.ts): a raw day is streamed once
 * from the node's HDFS (Hive's extension-less data files included) with progress, then read locally for the OA
 * details and the named detections, which equal the local detectors' on the same files. An import job shows the
 * transfer's bytes in its progress, and cancelling it stops the transfer and leaves the cache as it was.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sshSettingsFor, startSshd, type SshdFixture } from '../../../test/fixtures/sshd';
import { compactDay } from '../../../shared/spot-date';
import { detectDay } from '../detect/day';
import { createEnrichment } from '../enrich';
import { CancelledError, InputError } from '../errors';
import { JobRunner } from '../jobs';
import { runPipeline } from '../pipeline';
import { generateSampleDay } from '../sample/generate';
import { createLocalSource } from './local';
import { createSshSource } from './ssh';
import type { TransferProgress } from './transfer';

// On a loaded shared machine an SSH handshake can take many seconds: these tests assert behaviour, never speed.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 240_000 });

let sshd: SshdFixture;
let work: string;
let date: string;
let files: string[];

beforeAll(async () => {
  sshd = await startSshd();
  work = mkdtempSync(join(tmpdir(), 'ssh-raw-'));
  date = (await generateSampleDay({ root: join(work, 'day'), scale: 0.02, format: 'parquet' })).date;
  files = (await createLocalSource(join(work, 'day')).rawDay('flow', date, {})).files;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  // As Hive writes a table's files: no extension, one under an h= sub-folder, a _SUCCESS marker beside them.
  const dir = join(sshd.hdfsRoot, 'user/spot/flow/hive', `y=${y}`, `m=${m}`, `d=${d}`);
  files.forEach((file, i) => {
    const target = i === 0 ? join(dir, 'h=0', '000000_0') : join(dir, `00000${i}_0`);
    mkdirSync(join(target, '..'), { recursive: true });
    copyFileSync(file, target);
  });
  writeFileSync(join(dir, '_SUCCESS'), '');
  // The ML node's results file, where Spot's ML writes it on HDFS.
  const scores = join(sshd.hdfsRoot, 'user/spot/flow/scored_results', compactDay(date), 'scores');
  mkdirSync(scores, { recursive: true });
  copyFileSync(
    join(work, 'day', 'flow', 'scored_results', compactDay(date), 'scores', 'flow_results.csv'),
    join(scores, 'flow_results.csv'),
  );
});

afterAll(async () => {
  await sshd?.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

function source(cacheDir: string) {
  return createSshSource({ ssh: sshSettingsFor(sshd), cacheDir });
}

describe('ML node without a database: the raw day streamed once over SSH', () => {
  it('streams the day with progress, keeps it, and its detections equal the local detectors’', async () => {
    const cacheDir = join(work, 'cache');
    const progress: TransferProgress[] = [];
    const node = source(cacheDir);
    try {
      const found = await node.detectAtSource!('flow', date, undefined, (p) => progress.push(p));
      // Bytes grow to the HDFS listing's total, file by file.
      const total = files.reduce((sum, f) => sum + statSync(f).size, 0);
      expect(progress.every((p) => p.totalBytes === total && p.files === files.length)).toBe(true);
      expect(progress.map((p) => p.bytes)).toEqual(
        [...progress.map((p) => p.bytes)].sort((a, b) => (a ?? 0) - (b ?? 0)),
      );
      expect(progress.at(-1)).toMatchObject({ bytes: total, filesDone: files.length });
      expect(new Set(progress.map((p) => p.filesDone))).toEqual(new Set(files.map((_, i) => i).concat(files.length)));
      expect(found.origin).toMatch(/^local detectors on the raw day streamed from ssh:\/\//);
      const here = await detectDay({
        pipeline: 'flow',
        date,
        raw: await createLocalSource(join(work, 'day')).rawDay('flow', date, {}),
      });
      expect(found.findings.length).toBeGreaterThan(0);
      expect(found.findings).toEqual(here.findings);
      expect(found.failed).toEqual([]);

      // Streamed once: the OA's raw day is the same local copy, no second transfer.
      const raw = await node.rawDay('flow', date, {});
      expect(raw.wholeDay).toBe(true);
      expect(raw.format).toBe('parquet');
      expect(raw.files).toHaveLength(files.length);
      const events = progress.length;
      const local = raw.files[0]!.slice(0, raw.files[0]!.lastIndexOf('/'));
      expect(readdirSync(local).sort()).toEqual([
        '.complete',
        ...files.map((_, i) => `part-${String(i).padStart(5, '0')}.parquet`),
      ]);
      expect(progress).toHaveLength(events);
    } finally {
      node.close();
    }
  });

  it('says which HDFS folder has no raw day', async () => {
    const node = source(join(work, 'cache-empty'));
    try {
      const missing = node.rawDay('flow', '2019-01-02', {});
      await expect(missing).rejects.toBeInstanceOf(InputError);
      await expect(missing).rejects.toThrow(
        /\/user\/spot\/flow\/hive\/y=2019\/m=1\/d=2.*no raw flow files for 2019-01-02/,
      );
      expect(
        existsSync(
          join(
            work,
            'cache-empty',
            `${sshd.host}_${sshd.port}`,
            'raw',
            'flow',
            'hive',
            'y=2019',
            'm=1',
            'd=2',
            '.complete',
          ),
        ),
      ).toBe(false);
    } finally {
      node.close();
    }
  });
});

describe('an import job fetching over SSH', () => {
  const dayDir = (cacheDir: string): string => {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    return join(cacheDir, `${sshd.host}_${sshd.port}`, 'raw', 'flow', 'hive', `y=${y}`, `m=${m}`, `d=${d}`);
  };
  /** Every entry under the raw cache (a cancelled transfer must leave no part folder or file). */
  const rawCache = (cacheDir: string): string[] => {
    const root = join(cacheDir, `${sshd.host}_${sshd.port}`, 'raw');
    return existsSync(root) ? readdirSync(root, { recursive: true }).map(String).sort() : [];
  };
  const slow = (on: boolean): void => {
    const marker = join(sshd.hdfsRoot, '.slow-cat');
    if (on) writeFileSync(marker, '0.05');
    else rmSync(marker, { force: true });
  };

  async function importJob(cacheDir: string, cancelAt?: RegExp) {
    const jobs = new JobRunner();
    const node = source(cacheDir);
    const seen: { progress: number; message: string; status: string }[] = [];
    const enrichment = await createEnrichment({});
    jobs.onChange((job) => {
      seen.push({ progress: job.progress, message: job.message, status: job.status });
      if (cancelAt && job.status === 'running' && cancelAt.test(job.message)) jobs.cancel(job.id);
    });
    try {
      const { id } = jobs.start('pipeline', `import flow ${date}`, async (ctx) => {
        const day = await runPipeline({
          source: node,
          pipeline: 'flow',
          date,
          top: 50,
          enrichment,
          onProgress: ctx.progress,
          signal: ctx.signal,
        });
        return `${day.tables.flow_scores?.length} rows`;
      });
      return { final: await jobs.wait(id), seen };
    } finally {
      node.close();
    }
  }

  it('shows the transfer’s bytes of the total in the job’s progress, growing', async () => {
    const cacheDir = join(work, 'cache-job');
    slow(true);
    try {
      const { final, seen } = await importJob(cacheDir);
      expect(final.status, final.error).toBe('done');
      const transfer = seen.filter((s) => /^fetching raw flow day/.test(s.message));
      expect(transfer.length, 'transfer events in the job').toBeGreaterThan(1);
      const bytes = transfer.map((s) => /: ([\d.]+ \w+) of ([\d.]+ \w+)/.exec(s.message));
      expect(bytes.every((m) => m !== null)).toBe(true);
      expect(transfer.map((s) => s.progress)).toEqual([...transfer.map((s) => s.progress)].sort((a, b) => a - b));
      expect(transfer.at(-1)!.progress).toBeGreaterThan(transfer[0]!.progress);
      // The whole job's bar never goes back (the transfer takes its band up to the raw-day step).
      expect(seen.map((s) => s.progress)).toEqual([...seen.map((s) => s.progress)].sort((a, b) => a - b));
      expect(existsSync(join(dayDir(cacheDir), '.complete'))).toBe(true);
    } finally {
      slow(false);
    }
  });

  it('cancelled during the raw day’s transfer: the job ends cancelled and the cache is as it was', async () => {
    const cacheDir = join(work, 'cache-cancel');
    const before = rawCache(cacheDir);
    slow(true);
    try {
      const { final, seen } = await importJob(cacheDir, /^fetching raw flow day .*: [1-9]/);
      expect(final.status).toBe('cancelled');
      expect(seen.some((s) => /^fetching raw flow day/.test(s.message))).toBe(true);
      expect(rawCache(cacheDir)).toEqual(before);
      expect(existsSync(dayDir(cacheDir))).toBe(false);
    } finally {
      slow(false);
    }
    // The next import fetches the day whole.
    const again = await importJob(cacheDir);
    expect(again.final.status, again.final.error).toBe('done');
    expect(existsSync(join(dayDir(cacheDir), '.complete'))).toBe(true);
  });

  it('a cancelled transfer rejects with CancelledError and leaves no part file', async () => {
    const cacheDir = join(work, 'cache-abort');
    const controller = new AbortController();
    const node = source(cacheDir);
    slow(true);
    try {
      const fetching = node.rawDay(
        'flow',
        date,
        {},
        {
          signal: controller.signal,
          onTransfer: (p) => {
            if ((p.bytes ?? 0) > 0) controller.abort();
          },
        },
      );
      await expect(fetching).rejects.toBeInstanceOf(CancelledError);
      expect(rawCache(cacheDir)).toEqual([]);
    } finally {
      slow(false);
      node.close();
    }
  });
});
