/**
 * The feedback chain to the ML node against a real sshd, in one place: through the core (scores.apply →
 * feedback.send → HDFS on the node, node down then back) and, below it, the outbox and the SSH push alone (sshd
 * killed mid-transfer, HDFS put failing). Both must leave every scored row on the node exactly once.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sshSettingsFor, startSshd, writeKnownHosts, type SshdFixture } from '../../../test/fixtures/sshd';
import type { OaRow } from '../cache/types';
import { buildFeedbackFile, readFeedbackFileAsSpotMl, type FeedbackEntry } from '../feedback/feedback-file';
import { MemoryOutboxStore, Outbox } from '../feedback/outbox';
import { rowKey } from '../feedback/rules';
import type { SshSettings } from '../ssh/connect';
import { pushFeedback, type FeedbackTarget } from '../ssh/push';
import { useTestCore } from '../test-core';

// On a loaded shared machine an SSH handshake can take many seconds: these tests assert behaviour, never speed.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

const DAY = '2026-11-24';
let sshd: SshdFixture;
/** The node as ssh/push.ts reaches it (the tests below the core). */
let sshSettings: SshSettings;

function dnsRow(i: number, client: string, name: string): OaRow {
  return {
    frame_time: `Nov 24, 2026 10:0${i}:00.000000000 UTC`,
    unix_tstamp: 1795514400 + i,
    frame_len: 120,
    ip_dst: client,
    dns_qry_name: name,
    dns_qry_class: '0x00000001',
    dns_qry_type: 16,
    dns_qry_rcode: 0,
    ml_score: 1e-8,
    tld: name,
    query_rep: '',
    hh: 10,
    dns_qry_class_name: 'IN',
    dns_qry_type_name: 'TXT',
    dns_qry_rcode_name: 'NoError',
    network_context: '',
  };
}

async function waitForJob(id: string) {
  return t.core.jobs.wait(id);
}

beforeAll(async () => {
  sshd = await startSshd();
  sshSettings = sshSettingsFor(sshd);
});
const t = useTestCore({ per: 'file', prefix: 'spot-push-' });
beforeAll(async () => {
  t.core.cache.write.replaceDay({
    pipeline: 'dns',
    date: DAY,
    source: 'test',
    tables: {
      dns_scores: [
        dnsRow(0, '10.0.0.9', 'a.tunnel.example'),
        dnsRow(1, '10.0.0.9', 'b.tunnel.example'),
        dnsRow(2, '10.0.0.3', 'intranet.corp'),
      ],
      dns_edge: [],
      dns_dendro: [],
      dns_ingest_summary: [],
    },
  });
  const settings = await t.core.handlers['settings.get']({});
  settings.mlNode = {
    ...settings.mlNode,
    host: sshd.host,
    port: sshd.port,
    user: sshd.user,
    keyPath: sshd.clientKeyPath,
  };
  writeKnownHosts(sshd, t.core.paths.knownHosts);
  expect((await t.core.handlers['settings.save']({ settings })).ok).toBe(true);
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

describe('one-click feedback push', () => {
  it("sends the day's ml_feedback.csv to HDFS on the ML node, readable by spot-ml", async () => {
    await t.core.handlers['scores.apply']({
      pipeline: 'dns',
      date: DAY,
      target: { dnsQuery: 'intranet.corp' },
      score: 3,
      note: 'internal',
    });
    await t.core.handlers['scores.apply']({
      pipeline: 'dns',
      date: DAY,
      target: { clientIp: '10.0.0.9' },
      score: 1,
      note: '',
    });
    expect((await t.core.handlers['feedback.status']({ pipeline: 'dns', date: DAY }))[0]?.state).toBe('saved');
    const job = await waitForJob((await t.core.handlers['feedback.send']({ pipeline: 'dns', date: DAY })).id);
    expect(job.status).toBe('done');
    const remote = path.join(sshd.hdfsRoot, 'user/spot/dns/scored_results/20261124/feedback/ml_feedback.csv');
    const text = fs.readFileSync(remote, 'utf8');
    expect(text.split('\n')[0]?.split('\t')).toHaveLength(18);
    expect(text.trimEnd().split('\n')).toHaveLength(4);
    const kept = readFeedbackFileAsSpotMl('dns', text);
    expect(kept).toHaveLength(1); // only the benign (3) query reaches ML; IP-only scores leave dns_sev 0
    const status = (await t.core.handlers['feedback.status']({ pipeline: 'dns', date: DAY }))[0];
    expect(status).toMatchObject({ state: 'sent', scoredRows: 3 });
    expect(status?.target).toContain('/user/spot/dns/scored_results/20261124/feedback/ml_feedback.csv');
  });

  it('with the node down the push fails clearly and stays queued; once it is back every row arrives exactly once', async () => {
    await sshd.stop();
    await t.core.handlers['scores.apply']({
      pipeline: 'dns',
      date: DAY,
      target: { rows: [0] },
      score: 2,
      note: 'changed mind',
    });
    const job = await waitForJob((await t.core.handlers['feedback.send']({ pipeline: 'dns', date: DAY })).id);
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/127\.0\.0\.1/);
    expect(job.error).toMatch(/retried automatically/);
    const failed = (await t.core.handlers['feedback.status']({ pipeline: 'dns', date: DAY }))[0];
    expect(failed?.state).toBe('failed');
    expect(failed?.lastError).not.toContain(fs.readFileSync(sshd.clientKeyPath, 'utf8').split('\n')[1] ?? 'x');
    await sshd.start();
    const again = await waitForJob((await t.core.handlers['feedback.send']({ pipeline: 'dns', date: DAY })).id);
    expect(again.status).toBe('done');
    const text = fs.readFileSync(
      path.join(sshd.hdfsRoot, 'user/spot/dns/scored_results/20261124/feedback/ml_feedback.csv'),
      'utf8',
    );
    const lines = text.trimEnd().split('\n').slice(1);
    expect(lines).toHaveLength(3);
    expect(new Set(lines).size).toBe(3);
    expect(lines.some((l) => l.includes('a.tunnel.example') && l.split('\t')[12] === '2')).toBe(true);
  });
});

/**
 * Below the core: the outbox driving ssh/push.ts with the feedback file, with sshd killed in the middle of a
 * transfer and restarted, and with the HDFS put failing after the upload. The retry must leave a file holding every
 * scored row exactly once, which spot-ml's reader accepts.
 */
describe('feedback push through the outbox, sshd killed or HDFS failing', () => {
  it('sshd killed mid-transfer and restarted: the retry leaves every scored row exactly once', async () => {
    const entries = auditLog(60_000);
    const date = '2016-07-08';
    const target: FeedbackTarget = {
      kind: 'hdfs',
      huser: '/user/spot',
      stagingDir: path.join(sshd.remoteDir, 'stage'),
    };
    const onNode = path.join(sshd.hdfsRoot, 'user/spot/flow/scored_results/20160708/feedback/ml_feedback.csv');
    let killedAt = -1;
    let attempts = 0;
    const outbox = new Outbox(
      new MemoryOutboxStore(),
      async (pipeline, day, signal) => {
        attempts++;
        const content = buildFeedbackFile(pipeline, entries);
        const result = await pushFeedback(sshSettings, pipeline, day, content, target, signal, {
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
    expect(fs.existsSync(onNode)).toBe(false);

    await sshd.start();
    await outbox.drain();
    const sent = outbox.get('flow', date)!;
    expect(sent.state).toBe('sent');
    // one failed attempt, then the retry (more only if the loaded machine drops a connection by itself)
    expect(attempts).toBeGreaterThanOrEqual(2);

    const text = fs.readFileSync(onNode, 'utf8');
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
    const target: FeedbackTarget = {
      kind: 'hdfs',
      huser: '/user/retry',
      stagingDir: path.join(sshd.remoteDir, 'stage2'),
    };
    // the first attempt finds an HDFS path it cannot create (a file where the date directory should be)
    const blocker = path.join(sshd.hdfsRoot, 'user/retry/dns/scored_results');
    fs.mkdirSync(path.join(sshd.hdfsRoot, 'user/retry/dns'), { recursive: true });
    fs.writeFileSync(blocker, 'not a directory');
    const outbox = new Outbox(new MemoryOutboxStore(), async (pipeline, day, signal) => {
      const result = await pushFeedback(sshSettings, pipeline, day, buildFeedbackFile('flow', entries), target, signal);
      return { path: result.path };
    });
    outbox.enqueue('dns', '2016-07-09');
    await outbox.runDue();
    const failed = outbox.get('dns', '2016-07-09')!;
    expect(failed.state).toBe('failed');
    expect(failed.reason).toMatch(/hdfs.*failed/);
    fs.rmSync(blocker);
    outbox.retryNow('dns', '2016-07-09');
    await outbox.drain();
    expect(outbox.get('dns', '2016-07-09')!.state).toBe('sent');
    expect(
      fs.readFileSync(
        path.join(sshd.hdfsRoot, 'user/retry/dns/scored_results/20160709/feedback/ml_feedback.csv'),
        'utf8',
      ),
    ).toBe(buildFeedbackFile('flow', entries));
  });
});
