/**
 * The remote side: SSH settings for the ML node and the remote day sources (ML node over SSH, Hive/Impala), built
 * from the settings. Typed passwords live only in this process's memory (SessionSecrets), never on disk.
 */
import path from 'node:path';
import type { Pipeline } from '../../../shared/schema';
import type { Settings } from '../../../shared/settings';
import type { DataPaths } from '../paths';
import { networkSettingsFrom } from '../settings/network';
import { createHiveSource } from './hive';
import { createLocalSource } from './local';
import { createSshSource } from './ssh';
import type { DaySource } from './types';
import type { SshSettings } from '../ssh/connect';

export class SessionSecrets {
  private readonly passwords = new Map<'ssh' | 'hive', string>();
  set(kind: 'ssh' | 'hive', password: string): void {
    this.passwords.set(kind, password);
  }
  get(kind: 'ssh' | 'hive'): string | undefined {
    return this.passwords.get(kind);
  }
}

/**
 * The ML node's SSH settings. The one secret the analyst types for SSH is the key file's passphrase when a key
 * file is set, else the login password. With a key file it is never also offered as a password: that would hand
 * the key's passphrase to the server.
 */
export function sshSettingsFrom(settings: Settings, paths: DataPaths, secrets: SessionSecrets): SshSettings | null {
  const node = settings.mlNode;
  if (!node.host || !node.user) return null;
  const secret = secrets.get('ssh');
  const keyPath = node.keyPath ?? undefined;
  return {
    host: node.host,
    port: node.port,
    user: node.user,
    privateKeyPath: keyPath,
    agent: node.useAgent || undefined,
    ...(keyPath ? { passphrase: secret } : { password: secret }),
    knownHostsPath: node.knownHostsPath ?? paths.knownHosts,
  };
}

/** The source of a pipeline whose settings say ssh or hive; null when that source is not configured. */
export function remoteSourceFor(
  settings: Settings,
  pipeline: Pipeline,
  paths: DataPaths,
  secrets: SessionSecrets,
): DaySource | null {
  const kind = settings.pipelines[pipeline].source;
  const ssh = sshSettingsFrom(settings, paths, secrets);
  const sshSource = () =>
    ssh
      ? createSshSource({
          ssh,
          huser: settings.mlNode.huser,
          resultsPathTemplate: `${settings.mlNode.hpathTemplate.replace(/\/+$/, '')}/scores/{type}_results.csv`,
          cacheDir: path.join(paths.fetched, 'ssh'),
          rawMirror: settings.local.rawRoot ?? settings.local.root ?? undefined,
          network: networkSettingsFrom(settings),
        })
      : null;
  if (kind === 'ssh') return sshSource();
  if (kind === 'hive') {
    if (!settings.database.host) return null;
    // Spot keeps the results files on HDFS: read them over SSH when the ML node is set, else from the local tree.
    const results = sshSource() ?? (settings.local.root ? createLocalSource(settings.local.root) : null);
    return createHiveSource(settings, {
      cacheDir: path.join(paths.fetched, 'hive'),
      resultsSource: results ?? undefined,
      password: async () => {
        const password = secrets.get('hive');
        if (!password)
          throw new Error('the Hive/Impala password is needed: enter it in Settings (it is kept in memory only)');
        return password;
      },
    });
  }
  return null;
}
