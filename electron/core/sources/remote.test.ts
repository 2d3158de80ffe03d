// The secret the analyst types for the ML node reaches ssh2 as what it is: the key file's passphrase when a key
// file is set, the login password otherwise (issue #20: it was always sent as the password, so an encrypted key
// could never be used). Run through the core's handlers against a real sshd.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSshd, writeKnownHosts, type SshdFixture } from '../../../test/fixtures/sshd';
import { useTestCore } from '../test-core';

const PASSPHRASE = 'key passphrase, typed in Settings 4e1b';

let sshd: SshdFixture;

beforeAll(async () => {
  sshd = await startSshd();
});
const t = useTestCore({
  per: 'file',
  prefix: 'spot-remote-',
  dataSubdir: 'data',
  prepare: (dir) => {
    for (const type of ['ed25519', 'rsa']) {
      const key = path.join(dir, `id_${type}_encrypted`);
      execFileSync('ssh-keygen', ['-q', '-t', type, '-N', PASSPHRASE, '-C', 'spot-desk-test', '-f', key]);
      fs.appendFileSync(path.join(sshd.dir, 'authorized_keys'), fs.readFileSync(`${key}.pub`));
    }
  },
});
beforeAll(() => {
  writeKnownHosts(sshd, t.core.paths.knownHosts);
});
afterAll(async () => {
  await sshd?.cleanup();
});

async function useKey(keyPath: string): Promise<void> {
  const settings = await t.core.handlers['settings.get']({});
  settings.mlNode = { ...settings.mlNode, host: sshd.host, port: sshd.port, user: sshd.user, keyPath };
  expect((await t.core.handlers['settings.save']({ settings })).ok).toBe(true);
}

describe('the typed SSH secret with a key file', () => {
  for (const type of ['ed25519', 'rsa']) {
    it(`unlocks an encrypted ${type} key: the connection test succeeds`, async () => {
      await useKey(path.join(t.dir, `id_${type}_encrypted`));
      await t.core.handlers['secrets.setPassword']({ kind: 'ssh', password: PASSPHRASE });
      const result = await t.core.handlers['settings.testConnection']({ kind: 'ssh' });
      expect(result.message).toMatch(/^connected to /);
      expect(result.ok).toBe(true);
    });
  }

  it('a wrong passphrase is a clear error about the passphrase, without the secret', async () => {
    await useKey(path.join(t.dir, 'id_ed25519_encrypted'));
    await t.core.handlers['secrets.setPassword']({ kind: 'ssh', password: 'not the passphrase 77' });
    const result = await t.core.handlers['settings.testConnection']({ kind: 'ssh' });
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/passphrase/i);
    expect(result.message).not.toContain('not the passphrase 77');
  });

  it('an unencrypted key still works with a secret set', async () => {
    await useKey(sshd.clientKeyPath);
    await t.core.handlers['secrets.setPassword']({ kind: 'ssh', password: PASSPHRASE });
    expect((await t.core.handlers['settings.testConnection']({ kind: 'ssh' })).ok).toBe(true);
  });
});

describe('Test connection tests the values on screen (#16)', () => {
  it('connects with unsaved values when the saved ones point nowhere, and leaves the saved ones alone', async () => {
    const saved = await t.core.handlers['settings.get']({});
    saved.mlNode = { ...saved.mlNode, host: '', user: '', keyPath: null };
    expect((await t.core.handlers['settings.save']({ settings: saved })).ok).toBe(true);
    expect((await t.core.handlers['settings.testConnection']({ kind: 'ssh' })).ok).toBe(false);
    const onScreen = structuredClone(saved);
    onScreen.mlNode = {
      ...onScreen.mlNode,
      host: sshd.host,
      port: sshd.port,
      user: sshd.user,
      keyPath: sshd.clientKeyPath,
    };
    const result = await t.core.handlers['settings.testConnection']({ kind: 'ssh', settings: onScreen });
    expect(result.message).toMatch(/^connected to /);
    expect(result.ok).toBe(true);
    expect((await t.core.handlers['settings.get']({})).mlNode.host).toBe('');
  });

  it('names the field when the values on screen are not valid', async () => {
    const onScreen = structuredClone(await t.core.handlers['settings.get']({}));
    (onScreen.mlNode as { port: unknown }).port = 'twenty-two';
    const result = await t.core.handlers['settings.testConnection']({ kind: 'ssh', settings: onScreen });
    expect(result.ok).toBe(false);
    expect(result.message).toContain('mlNode.port');
  });
});
