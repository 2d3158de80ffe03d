/**
 * The ML node without a database (real sshd, the fake `hdfs` of test/fixtures/sshd.ts): a raw day is streamed once
 * from the node's HDFS (Hive's extension-less data files included) with progress, then read locally for the OA
 * details and the named detections, which equal the local detectors' on the same files.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSshd, type SshdFixture } from '../../../test/fixtures/sshd';
import { detectDay } from '../detect/day';
import { InputError } from '../errors';
import { generateSampleDay } from '../sample/generate';
import { createLocalSource } from './local';
import { createSshSource } from './ssh';

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
});

afterAll(async () => {
  await sshd?.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

function source(cacheDir: string, progress: Array<{ done: number; files: number; bytes: number }> = []) {
  const knownHosts = join(sshd.dir, 'known_hosts');
  writeFileSync(knownHosts, sshd.knownHostsLines.join('\n') + '\n');
  return createSshSource({
    ssh: {
      host: sshd.host,
      port: sshd.port,
      user: sshd.user,
      privateKeyPath: sshd.clientKeyPath,
      knownHostsPath: knownHosts,
      connectTimeoutMs: 60_000,
    },
    cacheDir,
    onRawProgress: ({ done, files: all, bytes }) => progress.push({ done, files: all, bytes }),
  });
}

describe('ML node without a database: the raw day streamed once over SSH', () => {
  it('streams the day with progress, keeps it, and its detections equal the local detectors’', async () => {
    const cacheDir = join(work, 'cache');
    const progress: Array<{ done: number; files: number; bytes: number }> = [];
    const node = source(cacheDir, progress);
    try {
      const found = await node.detectAtSource!('flow', date);
      expect(progress.map((p) => p.done)).toEqual(files.map((_, i) => i + 1));
      expect(progress.at(-1)?.files).toBe(files.length);
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
      expect(progress).toHaveLength(files.length);
      const local = raw.files[0]!.slice(0, raw.files[0]!.lastIndexOf('/'));
      expect(readdirSync(local).sort()).toEqual([
        '.complete',
        ...files.map((_, i) => `part-${String(i).padStart(5, '0')}.parquet`),
      ]);
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
