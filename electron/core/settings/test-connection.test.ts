import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHs2Server, type Hs2Server } from '../../../test/fixtures/hs2-server';
import { createRawTables } from '../../../test/fixtures/hs2/raw-tables';
import { startSshd, writeKnownHosts, type SshdFixture } from '../../../test/fixtures/sshd';
import { validateSettings, type Settings, type SettingsInput } from '../../../shared/settings';
import { testConnection } from './test-connection';

function settings(input: SettingsInput): Settings {
  const parsed = validateSettings(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.settings;
}

describe('testConnection: hive', () => {
  let server: Hs2Server;
  beforeAll(async () => {
    server = await startHs2Server({
      auth: { mode: 'PLAIN', user: 'analyst', password: 'pw' },
      loader: async (db) => {
        await createRawTables(db);
        await db.run('DROP TABLE spot.proxy');
      },
    });
  });
  afterAll(async () => server?.stop());

  const hive = (proxySource: 'hive' | 'local') =>
    settings({
      pipelines: { flow: { source: 'hive' }, proxy: { source: proxySource } },
      database: {
        engine: 'hive',
        host: '127.0.0.1',
        port: server.port,
        auth: { mode: 'PLAIN', user: 'analyst', passwordRef: 'hive' },
      },
    });

  it('connects and finds the tables of the pipelines that use Hive', async () => {
    const result = await testConnection(hive('local'), 'hive', { password: 'pw' });
    expect(result).toEqual({
      ok: true,
      message: `connected to 127.0.0.1:${server.port} (2.3.9 (Spot Desk test server, DuckDB-backed)), database spot`,
    });
  });

  it('names a missing table', async () => {
    const result = await testConnection(hive('hive'), 'hive', { password: 'pw' });
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/but table\(s\) spot\.proxy do not exist$/);
  });

  it('reports a refused login without the password', async () => {
    const result = await testConnection(hive('local'), 'hive', { password: 'not-it-42' });
    expect(result).toEqual({
      ok: false,
      message: `Hive at 127.0.0.1:${server.port} refused the login as analyst: Error validating the login`,
    });
  });

  it('asks for the password when none is given', async () => {
    const result = await testConnection(hive('local'), 'hive');
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/a password for analyst is needed/);
  });
});

describe('testConnection: ssh', () => {
  let sshd: SshdFixture;
  let knownHosts: string;
  beforeAll(async () => {
    sshd = await startSshd();
    knownHosts = writeKnownHosts(sshd, join(sshd.dir, 'test_connection_known_hosts'));
  });
  afterAll(async () => sshd?.cleanup());

  it('connects with a key and a known host key', async () => {
    const result = await testConnection(
      settings({
        mlNode: {
          host: sshd.host,
          port: sshd.port,
          user: sshd.user,
          keyPath: sshd.clientKeyPath,
          knownHostsPath: knownHosts,
        },
      }),
      'ssh',
    );
    expect(result).toEqual({ ok: true, message: `connected to ${sshd.user}@${sshd.host}:${sshd.port}` });
  });

  it('fails clearly with a key that is not authorized', async () => {
    const result = await testConnection(
      settings({
        mlNode: {
          host: sshd.host,
          port: sshd.port,
          user: sshd.user,
          keyPath: sshd.strangerKeyPath,
          knownHostsPath: knownHosts,
        },
      }),
      'ssh',
    );
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(new RegExp(`${sshd.host}`));
  });

  it('says what to set when the host is empty', async () => {
    expect(await testConnection(settings({}), 'ssh')).toEqual({
      ok: false,
      message: 'settings mlNode.host is empty: set the ML node host first',
    });
  });
});
