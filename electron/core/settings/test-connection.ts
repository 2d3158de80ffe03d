/**
 * "Test connection" buttons of the settings form: one call per remote source kind.
 * hive: open a session, ask the server version, check that the enabled Hive pipelines' tables exist.
 * ssh: the SSH layer's own test when it has one (`testSshConnection`), else connect (TCP, strict host-key
 * check, key/agent login) and close. Messages never contain a secret.
 */
import * as ssh from '../ssh';
import type { SshSettings } from '../ssh';
import type { Settings } from '../../../shared/settings';
import { testHiveConnection } from '../hive/client';

export interface ConnectionTestOptions {
  /** The Hive PLAIN password or SSH key passphrase, resolved by the app (safeStorage or a prompt). */
  password?: string;
  /** known_hosts file when settings leave mlNode.knownHostsPath empty (the data directory's `known_hosts`). */
  defaultKnownHostsPath?: string;
}

export interface ConnectionTestResult {
  ok: boolean;
  message: string;
}

/** SSH settings of the ML node from Spot Desk settings. */
export function sshSettingsFrom(settings: Settings, options: ConnectionTestOptions = {}): SshSettings {
  const node = settings.mlNode;
  if (!node.host) throw new Error('settings mlNode.host is empty: set the ML node host first');
  if (!node.user) throw new Error('settings mlNode.user is empty: set the SSH user first');
  const knownHostsPath = node.knownHostsPath ?? options.defaultKnownHostsPath;
  if (!knownHostsPath)
    throw new Error('settings mlNode.knownHostsPath is empty and no default known_hosts file was given');
  return {
    host: node.host,
    port: node.port,
    user: node.user,
    ...(node.keyPath ? { privateKeyPath: node.keyPath } : {}),
    ...(node.useAgent ? { agent: true } : {}),
    ...(options.password !== undefined ? { passphrase: options.password } : {}),
    knownHostsPath,
  };
}

type SshTester = (settings: Settings, options: ConnectionTestOptions) => Promise<ConnectionTestResult>;

export async function testConnection(
  settings: Settings,
  kind: 'ssh' | 'hive',
  options: ConnectionTestOptions = {},
): Promise<ConnectionTestResult> {
  if (kind === 'hive') return testHiveConnection(settings, options.password);
  const own = (ssh as Record<string, unknown>)['testSshConnection'];
  if (typeof own === 'function') return (own as SshTester)(settings, options);
  try {
    const sshSettings = sshSettingsFrom(settings, options);
    // Connecting proves reachability, the host key and the login; no remote command is needed for that.
    const conn = await ssh.connectSsh({ ...sshSettings, connectTimeoutMs: 10_000 });
    conn.close();
    return { ok: true, message: `connected to ${sshSettings.user}@${sshSettings.host}:${sshSettings.port ?? 22}` };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}
