/** The ML-node results source against a real sshd with the fake `hdfs` (test/fixtures/sshd.ts). */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sshSettingsFor, startSshd, type SshdFixture } from '../../../test/fixtures/sshd';
import { CancelledError, InputError } from '../errors';
import type { SshSettings } from '../ssh/connect';
import { createSshSource } from './ssh';
import type { TransferProgress } from './transfer';

// On a loaded shared machine an SSH handshake can take many seconds: these tests assert behaviour, never speed.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

let sshd: SshdFixture;
let ssh: SshSettings;
let cacheDir: string;

const flowResults =
  '2016-07-08 13:42:07\t2016\t7\t8\t13\t42\t7\t0.0\t10.0.0.1\t8.8.8.8\t5353\t53\tUDP\t1\t60\t0\t0\t1.2E-7\n';

function place(root: string, relative: string, content: string): void {
  const path = join(root, relative);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
}

beforeAll(async () => {
  sshd = await startSshd();
  ssh = sshSettingsFor(sshd);
  cacheDir = mkdtempSync(join(tmpdir(), 'ssh-source-cache-'));
  // HDFS: two days with results, one day without, one stray folder
  place(sshd.hdfsRoot, 'user/spot/flow/scored_results/20160708/scores/flow_results.csv', flowResults);
  place(sshd.hdfsRoot, 'user/spot/flow/scored_results/20160709/scores/flow_results.csv', flowResults + flowResults);
  mkdirSync(join(sshd.hdfsRoot, 'user/spot/flow/scored_results/20160710/scores'), { recursive: true });
  mkdirSync(join(sshd.hdfsRoot, 'user/spot/flow/scored_results/tmp'), { recursive: true });
});

afterAll(async () => {
  await sshd?.cleanup();
  rmSync(cacheDir, { recursive: true, force: true });
});

describe('createSshSource over hdfs', () => {
  it('lists the dates that have a results file, newest first', async () => {
    const source = createSshSource({ ssh, cacheDir });
    try {
      expect(await source.listDates('flow')).toEqual(['2016-07-09', '2016-07-08']);
      expect(await source.listDates('dns')).toEqual([]);
    } finally {
      source.close();
    }
  });

  it('fetches a results file whole, then streams it from the local copy', async () => {
    const source = createSshSource({ ssh, cacheDir });
    try {
      const results = await source.openResults('flow', '2016-07-09');
      expect(results.name).toBe(
        `ssh://${sshd.user}@127.0.0.1:${sshd.port}/user/spot/flow/scored_results/20160709/scores/flow_results.csv`,
      );
      expect(await text(results.stream)).toBe(flowResults + flowResults);
    } finally {
      source.close();
    }
  });

  it('a missing day is an InputError naming the remote path; nothing is left in the cache', async () => {
    const source = createSshSource({ ssh, cacheDir });
    try {
      const err = await source.openResults('flow', '2016-07-10').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as Error).message).toMatch(/ssh:\/\/.*\/20160710\/scores\/flow_results\.csv: no flow results file/);
      expect(readdirSync(join(cacheDir, `127.0.0.1_${sshd.port}`, 'flow', '20160710'))).toEqual([]);
    } finally {
      source.close();
    }
  });

  it('sshd killed during a fetch: the open fails and no half file is used; after a restart it works', async () => {
    const big = flowResults.repeat(400_000); // ~30 MB, so the kill lands mid-transfer
    place(sshd.hdfsRoot, 'user/spot/flow/scored_results/20160711/scores/flow_results.csv', big);
    const source = createSshSource({ ssh, cacheDir });
    try {
      const dir = join(cacheDir, `127.0.0.1_${sshd.port}`, 'flow', '20160711');
      // the open can fail (its reconnect refused) while sshd.stop() is still being awaited: hold its outcome
      // from the start, or Node reports an unhandled rejection before the test looks at it
      const outcome = source.openResults('flow', '2016-07-11').then(
        () => null,
        (e: unknown) => e,
      );
      // kill as soon as the local temp file starts growing
      for (let i = 0; i < 400; i++) {
        const parts = (() => {
          try {
            return readdirSync(dir).filter((f) => f.endsWith('.part'));
          } catch {
            return [];
          }
        })();
        if (parts.length > 0) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      await sshd.stop();
      const err = await outcome;
      expect(err).toBeInstanceOf(Error);
      expect(readdirSync(dir)).toEqual([]);
      await sshd.start();
      const results = await source.openResults('flow', '2016-07-11');
      expect((await text(results.stream)).length).toBe(big.length);
      expect(readdirSync(dir)).toEqual(['flow_results.csv']);
    } finally {
      source.close();
      if (!sshd.running()) await sshd.start();
    }
  });
});

describe('createSshSource over sftp', () => {
  it('lists and fetches results kept on the node disk with a custom template', async () => {
    const root = join(sshd.remoteDir, 'ml');
    place(root, 'dns/20160708/dns_results.csv', 'a\tb\n');
    place(root, 'dns/20160712/dns_results.csv', 'c\td\n');
    mkdirSync(join(root, 'dns/20160713'), { recursive: true });
    const source = createSshSource({
      ssh,
      cacheDir,
      access: 'sftp',
      resultsPathTemplate: `${root}/{type}/{yyyymmdd}/{type}_results.csv`,
    });
    try {
      expect(await source.listDates('dns')).toEqual(['2016-07-12', '2016-07-08']);
      expect(await text((await source.openResults('dns', '2016-07-12')).stream)).toBe('c\td\n');
      await expect(source.openResults('dns', '2016-07-13')).rejects.toThrow(/no dns results file for 2016-07-13/);
    } finally {
      source.close();
    }
  });
});

describe('a results file read over SFTP', () => {
  // Larger than SFTP's read chunks, so the transfer reports more than once.
  const big = 'x\t'.repeat(400_000) + '\n';
  const root = () => join(sshd.remoteDir, 'ml-progress');
  const settings = () => ({
    ssh,
    cacheDir,
    access: 'sftp' as const,
    resultsPathTemplate: `${root()}/{type}/{yyyymmdd}/{type}_results.csv`,
  });

  it('reports its bytes of the total as they arrive', async () => {
    place(root(), 'proxy/20160708/proxy_results.csv', big);
    const source = createSshSource(settings());
    const progress: TransferProgress[] = [];
    try {
      const results = await source.openResults('proxy', '2016-07-08', { onTransfer: (p) => progress.push(p) });
      expect(await text(results.stream)).toBe(big);
    } finally {
      source.close();
    }
    const total = Buffer.byteLength(big);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.every((p) => p.what === 'results' && p.totalBytes === total && p.from.startsWith('ssh://'))).toBe(
      true,
    );
    const bytes = progress.map((p) => p.bytes ?? -1);
    expect(bytes).toEqual([...bytes].sort((a, b) => a - b));
    expect(bytes.at(-1)).toBe(total);
  });

  it('cancelled midway: rejects with CancelledError and the cached copy stays as it was, no part file', async () => {
    place(root(), 'proxy/20160709/proxy_results.csv', 'old\n');
    const source = createSshSource(settings());
    try {
      expect(await text((await source.openResults('proxy', '2016-07-09')).stream)).toBe('old\n');
      place(root(), 'proxy/20160709/proxy_results.csv', big);
      const controller = new AbortController();
      const err = await source
        .openResults('proxy', '2016-07-09', {
          signal: controller.signal,
          onTransfer: (p) => {
            if ((p.bytes ?? 0) > 0) controller.abort();
          },
        })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CancelledError);
      const cached = join(cacheDir, `${sshd.host}_${sshd.port}`, 'proxy', '20160709');
      expect(readdirSync(cached)).toEqual(['proxy_results.csv']);
      expect(readFileSync(join(cached, 'proxy_results.csv'), 'utf8')).toBe('old\n');
    } finally {
      source.close();
    }
  });
});

describe('raw days', () => {
  it('come from the raw mirror when one is configured, else from HDFS (a missing day named by its folder)', async () => {
    // Streaming a present day from HDFS: ssh.raw.test.ts.
    const source = createSshSource({ ssh, cacheDir });
    await expect(source.rawDay('flow', '2016-07-08', {})).rejects.toThrow(
      /\/user\/spot\/flow\/hive\/y=2016\/m=7\/d=8: no raw flow files for 2016-07-08 on the ML node's HDFS/,
    );
    const mirror = mkdtempSync(join(tmpdir(), 'raw-mirror-'));
    try {
      place(mirror, 'dns/hive/y=2016/m=7/d=8/part-0.parquet', 'PAR1');
      const mirrored = createSshSource({ ssh, cacheDir, rawMirror: mirror });
      const ref = await mirrored.rawDay('dns', '2016-07-08', {});
      expect(ref).toEqual({
        files: [join(mirror, 'dns/hive/y=2016/m=7/d=8/part-0.parquet')],
        name: join(mirror, 'dns/hive/y=2016/m=7/d=8'),
        format: 'parquet',
        wholeDay: true,
      });
    } finally {
      rmSync(mirror, { recursive: true, force: true });
    }
  });
});
