// No password or key material may end up in a log, an error, the settings file or the cache: after a full run
// through every door that handles secrets (SSH test and push, a failed push, a Hive test with a password), every
// file of the data directory, every job message and every outbox status is scanned for them.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSshd, type SshdFixture } from '../../test/fixtures/sshd';
import type { OaRow } from './cache/types';
import { useTestCore } from './test-core';

const SSH_PASSWORD = 'Ssh-Pa55word-never-stored!';
const HIVE_PASSWORD = 'Hive-Pa55word-never-stored!';
const DAY = '2026-11-24';

let sshd: SshdFixture;

function proxyRow(uri: string): OaRow {
  return {
    tdate: DAY,
    time: '10:00:00',
    clientip: '10.0.0.7',
    host: 'evil.example',
    reqmethod: 'GET',
    useragent: 'curl/8',
    resconttype: 'text/html',
    duration: 1,
    username: '-',
    webcat: 'Uncategorized',
    referer: '-',
    respcode: 200,
    uriport: 80,
    uripath: '/x',
    uriquery: '-',
    serverip: '198.51.100.2',
    scbytes: 10,
    csbytes: 20,
    fulluri: uri,
    word: '0_10_GET_5_text_0_4_200',
    ml_score: 1e-9,
    uri_rep: '',
    respcode_name: 'OK',
    network_context: '',
  };
}

function filesUnder(root: string): string[] {
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

beforeAll(async () => {
  sshd = await startSshd();
});
const t = useTestCore({ per: 'file', prefix: 'spot-secrets-' });
afterAll(async () => {
  await sshd?.cleanup();
});

describe('secrets', () => {
  it('never reach the data directory, job messages or outbox errors', async () => {
    t.core.cache.write.replaceDay({
      pipeline: 'proxy',
      date: DAY,
      source: 'test',
      tables: { proxy_scores: [proxyRow('evil.example/x')], proxy_edge: [], proxy_ingest_summary: [] },
    });
    const settings = await t.core.handlers['settings.get']({});
    settings.mlNode = {
      ...settings.mlNode,
      host: sshd.host,
      port: sshd.port,
      user: sshd.user,
      keyPath: sshd.clientKeyPath,
    };
    settings.database = {
      ...settings.database,
      host: '127.0.0.1',
      port: 9,
      auth: { mode: 'PLAIN', user: 'analyst', passwordRef: null },
    };
    expect((await t.core.handlers['settings.save']({ settings })).ok).toBe(true);
    await t.core.handlers['secrets.setPassword']({ kind: 'ssh', password: SSH_PASSWORD });
    await t.core.handlers['secrets.setPassword']({ kind: 'hive', password: HIVE_PASSWORD });

    const ssh = await t.core.handlers['settings.testConnection']({ kind: 'ssh' });
    if (ssh.unknownHostKey) {
      await t.core.handlers['ssh.trustHostKey']({
        host: ssh.unknownHostKey.host,
        port: ssh.unknownHostKey.port,
        keyBase64: ssh.unknownHostKey.keyBase64,
      });
    }
    expect((await t.core.handlers['settings.testConnection']({ kind: 'ssh' })).ok).toBe(true);
    const hive = await t.core.handlers['settings.testConnection']({ kind: 'hive' });
    expect(hive.ok).toBe(false);

    await t.core.handlers['scores.apply']({
      pipeline: 'proxy',
      date: DAY,
      target: { uri: 'evil.example/x' },
      score: 1,
      note: '',
    });
    const sent = await t.core.jobs.wait((await t.core.handlers['feedback.send']({ pipeline: 'proxy', date: DAY })).id);
    expect(sent.status).toBe('done');
    await sshd.stop();
    await t.core.handlers['scores.apply']({ pipeline: 'proxy', date: DAY, target: { rows: [0] }, score: 3, note: '' });
    const failed = await t.core.jobs.wait(
      (await t.core.handlers['feedback.send']({ pipeline: 'proxy', date: DAY })).id,
    );
    expect(failed.status).toBe('failed');

    const keyBody = fs
      .readFileSync(sshd.clientKeyPath, 'utf8')
      .split('\n')
      .filter((line) => line && !line.startsWith('-----'));
    const secrets = [SSH_PASSWORD, HIVE_PASSWORD, ...keyBody];
    const texts: Array<[string, string]> = [
      ...filesUnder(t.dir).map((file): [string, string] => [file, fs.readFileSync(file).toString('latin1')]),
      ['jobs', JSON.stringify(t.core.jobs.list())],
      ['feedback.status', JSON.stringify(await t.core.handlers['feedback.status']({}))],
      ['hive test', JSON.stringify(hive)],
    ];
    expect(texts.length).toBeGreaterThan(4);
    for (const [where, text] of texts) {
      for (const secret of secrets)
        expect(text.includes(secret), `${secret.slice(0, 6)}… found in ${where}`).toBe(false);
    }
  });
});
