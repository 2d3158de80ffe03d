/**
 * The whole feedback chain against a real sshd: audit entries → ml_feedback.csv → outbox → SSH push to the
 * (fake) HDFS on the node, with sshd killed in the middle of a transfer and restarted. The retry must leave a
 * file holding every scored row exactly once, which spot-ml's reader accepts.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSshd, type SshdFixture } from '../../../test/fixtures/sshd';
import type { OaRow } from '../cache/types';
import type { SshSettings } from '../ssh/connect';
import { pushFeedback, type FeedbackTarget } from '../ssh/push';
import { buildFeedbackFile, readFeedbackFileAsSpotMl, type FeedbackEntry } from './feedback-file';
import { MemoryOutboxStore, Outbox } from './outbox';
import { rowKey } from './rules';

// On a loaded shared machine an SSH handshake can take many seconds: these tests assert behaviour, never speed.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

let sshd: SshdFixture;
let settings: SshSettings;

beforeAll(async () => {
  sshd = await startSshd();
  const knownHosts = join(sshd.dir, 'known_hosts');
  writeFileSync(knownHosts, sshd.knownHostsLines.join('\n') + '\n');
  settings = {
    host: sshd.host,
    port: sshd.port,
    user: sshd.user,
    privateKeyPath: sshd.clientKeyPath,
    knownHostsPath: knownHosts,
    connectTimeoutMs: 60_000,
  };
});

afterAll(async () => {
  await sshd?.cleanup();
});

/** Audit entries for `n` distinct flow rows, scores 1/2/3, plus re-scores of every 10th row (latest wins). */
function auditLog(n: number): FeedbackEntry[] {
  const entries: FeedbackEntry[] = [];
  for (let i = 0; i < n; i++) {
    const row: OaRow = {
      tstart: `2016-07-08 ${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00`,
      srcip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      dstip: '192.168.1.1',
      sport: 1024 + (i % 60000),
      dport: 443,
      proto: 'TCP',
      ipkt: i,
      ibyt: i * 60,
      opkt: 0,
      obyt: 0,
      ml_score: 1e-9,
    };
    entries.push({ score: ((i % 3) + 1) as 1 | 2 | 3, row });
  }
  for (let i = 0; i < n; i += 10) entries.push({ score: 3, row: entries[i]!.row });
  return entries;
}

describe('feedback push through the outbox', () => {
  it('sshd killed mid-transfer and restarted: the retry leaves every scored row exactly once', async () => {
    const entries = auditLog(60_000);
    const date = '2016-07-08';
    const target: FeedbackTarget = { kind: 'hdfs', huser: '/user/spot', stagingDir: join(sshd.remoteDir, 'stage') };
    const onNode = join(sshd.hdfsRoot, 'user/spot/flow/scored_results/20160708/feedback/ml_feedback.csv');
    let killedAt = -1;
    let attempts = 0;
    const outbox = new Outbox(
      new MemoryOutboxStore(),
      async (pipeline, day, signal) => {
        attempts++;
        const content = buildFeedbackFile(pipeline, entries);
        const result = await pushFeedback(settings, pipeline, day, content, target, signal, {
          onUploadProgress: (written, total) => {
            if (killedAt < 0 && written > total / 3) {
              killedAt = written;
              void sshd.stop();
            }
          },
        });
        return { path: result.path, hash: createHash('sha256').update(content).digest('hex') };
      },
      { policy: { baseMs: 300, maxMs: 2_000, jitter: 0 } },
    );

    outbox.enqueue('flow', date);
    await outbox.runDue();
    const failed = outbox.get('flow', date)!;
    expect(killedAt).toBeGreaterThan(0);
    expect(failed.state).toBe('failed');
    expect(failed.reason).toMatch(/connection .*(lost|refused)|closed/i);
    expect(failed.nextAttemptAt).not.toBeNull();
    // nothing half-written reached the target
    expect(existsSync(onNode)).toBe(false);

    await sshd.start();
    await outbox.drain();
    const sent = outbox.get('flow', date)!;
    expect(sent.state).toBe('sent');
    // one failed attempt, then the retry (more only if the loaded machine drops a connection by itself)
    expect(attempts).toBeGreaterThanOrEqual(2);

    const text = readFileSync(onNode, 'utf8');
    expect(text).toBe(buildFeedbackFile('flow', entries));
    expect(sent.sentHash).toBe(createHash('sha256').update(text).digest('hex'));
    const lines = text.split('\n').slice(1, -1);
    const distinct = new Set(entries.map((e) => rowKey('flow', e.row)));
    expect(lines).toHaveLength(distinct.size);
    expect(new Set(lines.map((l) => l.split('\t').slice(1).join('\t'))).size).toBe(distinct.size);
    // score-3 rows after "latest wins": i % 3 == 2, plus every 10th row re-scored 3
    let benign = 0;
    for (let i = 0; i < 60_000; i++) if (i % 3 === 2 || i % 10 === 0) benign++;
    expect(readFeedbackFileAsSpotMl('flow', text)).toHaveLength(benign);
  });

  it('a push that fails after the upload (HDFS put) is retried and converges too', async () => {
    const entries = auditLog(50);
    const target: FeedbackTarget = { kind: 'hdfs', huser: '/user/retry', stagingDir: join(sshd.remoteDir, 'stage2') };
    // the first attempt finds an HDFS path it cannot create (a file where the date directory should be)
    const blocker = join(sshd.hdfsRoot, 'user/retry/dns/scored_results');
    mkdirSync(join(sshd.hdfsRoot, 'user/retry/dns'), { recursive: true });
    writeFileSync(blocker, 'not a directory');
    const outbox = new Outbox(new MemoryOutboxStore(), async (pipeline, day, signal) => {
      const result = await pushFeedback(settings, pipeline, day, buildFeedbackFile('flow', entries), target, signal);
      return { path: result.path };
    });
    outbox.enqueue('dns', '2016-07-09');
    await outbox.runDue();
    const failed = outbox.get('dns', '2016-07-09')!;
    expect(failed.state).toBe('failed');
    expect(failed.reason).toMatch(/hdfs.*failed/);
    rmSync(blocker);
    outbox.retryNow('dns', '2016-07-09');
    await outbox.drain();
    expect(outbox.get('dns', '2016-07-09')!.state).toBe('sent');
    expect(
      readFileSync(join(sshd.hdfsRoot, 'user/retry/dns/scored_results/20160709/feedback/ml_feedback.csv'), 'utf8'),
    ).toBe(buildFeedbackFile('flow', entries));
  });
});
