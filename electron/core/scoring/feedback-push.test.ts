import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSshd, type SshdFixture } from '../../../test/fixtures/sshd';
import { createCore, type Core } from '../api';
import type { OaRow } from '../cache/types';
import { readFeedbackFileAsSpotMl } from '../feedback/feedback-file';

const DAY = '2026-11-24';
let sshd: SshdFixture;
let dir: string;
let core: Core;

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
  return core.jobs.wait(id);
}

beforeAll(async () => {
  sshd = await startSshd();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spot-push-'));
  core = createCore({ dataDir: dir, mode: 'browser', version: 'test' });
  core.cache.write.replaceDay({
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
  const settings = await core.handlers['settings.get']({});
  settings.mlNode = {
    ...settings.mlNode,
    host: sshd.host,
    port: sshd.port,
    user: sshd.user,
    keyPath: sshd.clientKeyPath,
  };
  fs.writeFileSync(path.join(dir, 'known_hosts'), `${sshd.knownHostsLines.join('\n')}\n`);
  expect((await core.handlers['settings.save']({ settings })).ok).toBe(true);
});
afterAll(async () => {
  await core?.close();
  await sshd?.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('one-click feedback push', () => {
  it("sends the day's ml_feedback.csv to HDFS on the ML node, readable by spot-ml", async () => {
    await core.handlers['scores.apply']({
      pipeline: 'dns',
      date: DAY,
      target: { dnsQuery: 'intranet.corp' },
      score: 3,
      note: 'internal',
    });
    await core.handlers['scores.apply']({
      pipeline: 'dns',
      date: DAY,
      target: { clientIp: '10.0.0.9' },
      score: 1,
      note: '',
    });
    expect((await core.handlers['feedback.status']({ pipeline: 'dns', date: DAY }))[0]?.state).toBe('saved');
    const job = await waitForJob((await core.handlers['feedback.send']({ pipeline: 'dns', date: DAY })).id);
    expect(job.status).toBe('done');
    const remote = path.join(sshd.hdfsRoot, 'user/spot/dns/scored_results/20261124/feedback/ml_feedback.csv');
    const text = fs.readFileSync(remote, 'utf8');
    expect(text.split('\n')[0]?.split('\t')).toHaveLength(18);
    expect(text.trimEnd().split('\n')).toHaveLength(4);
    const kept = readFeedbackFileAsSpotMl('dns', text);
    expect(kept).toHaveLength(1); // only the benign (3) query reaches ML; IP-only scores leave dns_sev 0
    const status = (await core.handlers['feedback.status']({ pipeline: 'dns', date: DAY }))[0];
    expect(status).toMatchObject({ state: 'sent', scoredRows: 3 });
    expect(status?.target).toContain('/user/spot/dns/scored_results/20261124/feedback/ml_feedback.csv');
  });

  it('with the node down the push fails clearly and stays queued; once it is back every row arrives exactly once', async () => {
    await sshd.stop();
    await core.handlers['scores.apply']({
      pipeline: 'dns',
      date: DAY,
      target: { rows: [0] },
      score: 2,
      note: 'changed mind',
    });
    const job = await waitForJob((await core.handlers['feedback.send']({ pipeline: 'dns', date: DAY })).id);
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/127\.0\.0\.1/);
    expect(job.error).toMatch(/retried automatically/);
    const failed = (await core.handlers['feedback.status']({ pipeline: 'dns', date: DAY }))[0];
    expect(failed?.state).toBe('failed');
    expect(failed?.lastError).not.toContain(fs.readFileSync(sshd.clientKeyPath, 'utf8').split('\n')[1] ?? 'x');
    await sshd.start();
    const again = await waitForJob((await core.handlers['feedback.send']({ pipeline: 'dns', date: DAY })).id);
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
