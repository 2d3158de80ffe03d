/**
 * The SSH layer against a real OpenSSH sshd (test/fixtures/sshd.ts) on 127.0.0.1 with a fake `hdfs` on the
 * session PATH: host-key policy, authentication failures, quoting, atomic uploads, the HDFS and local targets,
 * permission errors — and no secret in any message.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sshSettingsFor, startSshd, writeKnownHosts, type SshdFixture } from '../../../test/fixtures/sshd';
import { connectSsh, withSsh, type SshSettings } from './connect';
import { HostKeyChangedError, SshError, UnknownHostKeyError } from './errors';
import { exec } from './exec';
import { trustHostKey } from './known-hosts';
import { pushFeedback } from './push';
import { uploadAtomic } from './sftp';

// On a loaded shared machine an SSH handshake can take many seconds: these tests assert behaviour, never speed.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

let sshd: SshdFixture;
let knownHosts: string;

beforeAll(async () => {
  sshd = await startSshd();
  knownHosts = writeKnownHosts(sshd, join(sshd.dir, 'client_known_hosts'));
});

afterAll(async () => {
  await sshd?.cleanup();
});

function settings(over: Partial<SshSettings> = {}): SshSettings {
  return sshSettingsFor(sshd, { knownHostsPath: knownHosts, ...over });
}

async function failure(promise: Promise<unknown>): Promise<SshError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(SshError);
    return err as SshError;
  }
  throw new Error('expected a failure');
}

function hostFingerprints(): string[] {
  return readdirSync(sshd.dir)
    .filter((f) => f.startsWith('ssh_host_') && f.endsWith('.pub'))
    .map((f) => execFileSync('ssh-keygen', ['-lf', join(sshd.dir, f)], { encoding: 'utf8' }).split(' ')[1]!);
}

const content =
  'sev\ttstart\tsrcIP\tdstIP\tsport\tdport\tipkt\tibyt\tproto\n3\t2016-07-08 13:42:07\t10.0.0.1\t8.8.8.8\t53\t53\t1\t60\tUDP\n';

describe('connect', () => {
  it('runs a command with arguments quoted for the remote shell', async () => {
    const out = await withSsh(settings(), (conn) => exec(conn, 'printf', ['%s|', 'a b', "it's", '$HOME', '`id`']));
    expect(out.stdout).toBe("a b|it's|$HOME|`id`|");
    expect(out.code).toBe(0);
  });

  it('never loses the exit status of a command that ends at once (many quick commands on one connection)', async () => {
    // ssh2 can parse the exec reply, the exit status and the close in one chunk: listeners attached after the
    // exec callback missed the exit, and the command failed as "closed before the command finished".
    const conn = await connectSsh(settings());
    try {
      for (let i = 0; i < 60; i++) {
        const result = await exec(conn, 'sh', ['-c', i % 2 ? 'exit 3' : 'true'], { allowFailure: true });
        expect(result.code).toBe(i % 2 ? 3 : 0);
      }
    } finally {
      conn.close();
    }
  });

  it('unknown host: typed error carrying the SHA256 fingerprint; after trusting it, connects', async () => {
    const store = join(sshd.dir, 'fresh', 'known_hosts');
    const err = await failure(connectSsh(settings({ knownHostsPath: store })));
    expect(err).toBeInstanceOf(UnknownHostKeyError);
    const unknown = err as UnknownHostKeyError;
    expect(hostFingerprints()).toContain(unknown.fingerprint);
    expect(unknown.message).toContain(`${sshd.host}:${sshd.port}`);
    expect(unknown.message).toContain(unknown.fingerprint);
    expect(unknown.retryable).toBe(false);
    trustHostKey(store, sshd.host, sshd.port, { type: unknown.keyType, base64: unknown.keyBase64 });
    const out = await withSsh(settings({ knownHostsPath: store }), (conn) => exec(conn, 'echo', ['trusted']));
    expect(out.stdout).toBe('trusted\n');
  });

  it('changed host key: refused with both fingerprints named, and nothing is written', async () => {
    const fake = join(sshd.dir, 'impostor');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', fake]);
    const [type, blob] = readFileSync(`${fake}.pub`, 'utf8').split(' ');
    const store = join(sshd.dir, 'wrong_known_hosts');
    writeFileSync(store, `[${sshd.host}]:${sshd.port} ${type} ${blob}\n`);
    const expected = execFileSync('ssh-keygen', ['-lf', `${fake}.pub`], { encoding: 'utf8' }).split(' ')[1]!;
    const staging = join(sshd.remoteDir, 'staging-changed');
    const err = await failure(
      pushFeedback(settings({ knownHostsPath: store }), 'flow', '2016-07-08', content, {
        kind: 'hdfs',
        huser: '/user/changed',
        stagingDir: staging,
      }),
    );
    expect(err).toBeInstanceOf(HostKeyChangedError);
    const changed = err as HostKeyChangedError;
    expect(changed.message).toMatch(/WARNING: the host key of 127\.0\.0\.1:\d+ has changed/);
    expect(changed.message).toContain(expected);
    expect(changed.expectedFingerprints).toEqual([expected]);
    expect(hostFingerprints()).toContain(changed.actualFingerprint);
    expect(changed.message).toContain(changed.actualFingerprint);
    expect(existsSync(staging)).toBe(false);
    expect(existsSync(join(sshd.hdfsRoot, 'user', 'changed'))).toBe(false);
  });

  it('wrong user key: auth-failed naming user and host, not retried', async () => {
    const err = await failure(connectSsh(settings({ privateKeyPath: sshd.strangerKeyPath })));
    expect(err.code).toBe('auth-failed');
    expect(err.retryable).toBe(false);
    expect(err.message).toContain(`as ${sshd.user} on ${sshd.host}:${sshd.port}`);
    expect(err.message).not.toContain(readFileSync(sshd.strangerKeyPath, 'utf8').split('\n')[1]);
  });

  it('encrypted key: works with its passphrase; a wrong or missing passphrase is a clear, secret-free error', async () => {
    const ok = await withSsh(
      settings({ privateKeyPath: sshd.encryptedClientKeyPath, passphrase: sshd.clientKeyPassphrase }),
      (conn) => exec(conn, 'echo', ['ok']),
    );
    expect(ok.stdout).toBe('ok\n');
    const wrongPassphrase = 'not-the-passphrase-91c2';
    const wrong = await failure(
      connectSsh(settings({ privateKeyPath: sshd.encryptedClientKeyPath, passphrase: wrongPassphrase })),
    );
    expect(wrong.code).toBe('bad-key-file');
    expect(wrong.message).toContain(sshd.encryptedClientKeyPath);
    expect(wrong.message).not.toContain(wrongPassphrase);
    const missing = await failure(connectSsh(settings({ privateKeyPath: sshd.encryptedClientKeyPath })));
    expect(missing.code).toBe('bad-key-file');
    expect(missing.message).toMatch(/passphrase/i);
  });

  it('a password is never part of an error (message, stack or fields)', async () => {
    const password = 'Pa55-very-secret-XYZ-4411';
    for (const over of [
      { privateKeyPath: undefined, password },
      { privateKeyPath: sshd.strangerKeyPath, password },
      { port: 1, password },
      { knownHostsPath: join(sshd.dir, 'none'), password },
    ]) {
      const err = await failure(connectSsh(settings(over)));
      const everything = `${err.message}\n${err.stack}\n${JSON.stringify(err)}\n${JSON.stringify(Object.entries(err))}`;
      expect(everything).not.toContain(password);
    }
  });

  it('dead host: refused; silent host: timeout; both retryable', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => resolve(port));
      });
    });
    const refused = await failure(connectSsh(settings({ port: closed })));
    expect(refused.code).toBe('connect-refused');
    expect(refused.retryable).toBe(true);
    expect(refused.message).toContain(`127.0.0.1:${closed}`);

    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as { port: number }).port;
      const timeout = await failure(connectSsh(settings({ port, connectTimeoutMs: 500 })));
      expect(timeout.code).toBe('timeout');
      expect(timeout.retryable).toBe(true);
    } finally {
      silent.close();
    }
  });
});

describe('uploadAtomic', () => {
  it('writes, overwrites, and leaves no temporary file behind', async () => {
    const dir = join(sshd.remoteDir, 'atomic');
    mkdirSync(dir, { recursive: true });
    const target = join(dir, 'ml_feedback.csv');
    await withSsh(settings(), async (conn) => {
      await uploadAtomic(conn, 'first\n', target);
      expect(readFileSync(target, 'utf8')).toBe('first\n');
      const big = 'x'.repeat(300_000) + '\n';
      const progress: number[] = [];
      await uploadAtomic(conn, big, target, { onProgress: (n) => progress.push(n) });
      expect(readFileSync(target, 'utf8')).toBe(big);
      expect(progress.at(-1)).toBe(big.length);
      expect(progress.length).toBeGreaterThan(1);
      await uploadAtomic(conn, '', target);
      expect(readFileSync(target, 'utf8')).toBe('');
    });
    expect(readdirSync(dir)).toEqual(['ml_feedback.csv']);
  });
});

describe('pushFeedback', () => {
  it('hdfs target: the file on the node equals what was built; re-push is idempotent; staging removed', async () => {
    const staging = join(sshd.remoteDir, 'staging');
    const target = { kind: 'hdfs' as const, huser: '/user/spot', stagingDir: staging };
    const result = await pushFeedback(settings(), 'flow', '2016-07-08', content, target);
    expect(result.path).toBe('/user/spot/flow/scored_results/20160708/feedback/ml_feedback.csv');
    const onNode = join(sshd.hdfsRoot, result.path);
    expect(readFileSync(onNode, 'utf8')).toBe(content);
    // the same content again, this time naming the hdfs client by its path: the same single file
    await pushFeedback(settings(), 'flow', '2016-07-08', content, {
      ...target,
      hdfsCommand: join(sshd.dir, 'bin/hdfs'),
    });
    expect(readFileSync(onNode, 'utf8')).toBe(content);
    expect(readdirSync(join(sshd.hdfsRoot, 'user/spot/flow/scored_results/20160708/feedback'))).toEqual([
      'ml_feedback.csv',
    ]);
    expect(readdirSync(staging)).toEqual([]);
  });

  it('no hdfs client on the node: the error names the command and the shell says why', async () => {
    const err = await failure(
      pushFeedback(settings(), 'flow', '2016-07-08', content, {
        kind: 'hdfs',
        huser: '/user/spot',
        stagingDir: join(sshd.remoteDir, 'staging'),
        hdfsCommand: '/opt/hadoop/bin/hdfs',
      }),
    );
    expect(err.code).toBe('command-not-found');
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(
      /`\/opt\/hadoop\/bin\/hdfs dfs -mkdir -p \/user\/spot\/flow\/scored_results\/20160708\/feedback` on 127\.0\.0\.1:\d+ failed \(exit code 127\):.*(not found|No such file)/,
    );
  });

  it('local target: the pre-1.0 LPATH with ${DSOURCE} and ${FDATE} filled in', async () => {
    const luser = join(sshd.remoteDir, 'home-spot');
    const result = await pushFeedback(settings(), 'dns', '2016-07-08', content, {
      kind: 'local',
      lpathTemplate: '${LUSER}/ml/${DSOURCE}/${FDATE}',
      luser,
    });
    expect(result.path).toBe(`${luser}/ml/dns/20160708/ml_feedback.csv`);
    expect(readFileSync(result.path, 'utf8')).toBe(content);
  });

  it('permission denied on the remote path (local target): clear error, not retried, old file intact', async () => {
    const dir = join(sshd.remoteDir, 'locked');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'ml_feedback.csv'), 'old\n');
    // the test runs as root, which ignores mode bits; the immutable attribute stops even root
    execFileSync('chattr', ['+i', dir]);
    try {
      const err = await failure(
        pushFeedback(settings(), 'proxy', '2016-07-08', content, { kind: 'local', lpathTemplate: dir }),
      );
      expect(err.code).toBe('permission-denied');
      expect(err.retryable).toBe(false);
      expect(err.message).toContain(`${dir}/ml_feedback.csv`);
      expect(readFileSync(join(dir, 'ml_feedback.csv'), 'utf8')).toBe('old\n');
    } finally {
      execFileSync('chattr', ['-i', dir]);
    }
  });

  it('permission denied in HDFS: the hdfs error text reaches the analyst, not retried', async () => {
    const locked = join(sshd.hdfsRoot, 'user', 'locked', 'proxy');
    mkdirSync(locked, { recursive: true });
    chmodSync(locked, 0o555);
    const staging = join(sshd.remoteDir, 'staging-locked');
    const err = await failure(
      pushFeedback(settings(), 'proxy', '2016-07-08', content, {
        kind: 'hdfs',
        huser: '/user/locked',
        stagingDir: staging,
      }),
    );
    expect(err.code).toBe('permission-denied');
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/hdfs.*failed \(exit code 1\): mkdir: Permission denied: user=\w+, access=WRITE/);
    expect(readdirSync(staging)).toEqual([]);
  });
});
