import type { settingsOps } from '../../../shared/ops/settings';
import { validateSettings } from '../../../shared/settings';
import type { CoreContext, HandlersOf } from '../context';
import { testHiveConnection } from '../hive/client';
import { sshSettingsFrom } from '../sources/remote';
import { importSpotConf } from '../settings/spot-conf';
import { loadSettings, saveSettings } from '../settings/store';
import { withSsh } from '../ssh/connect';
import { UnknownHostKeyError } from '../ssh/errors';
import { exec } from '../ssh/exec';
import { trustHostKey } from '../ssh/known-hosts';

export function settingsHandlers(ctx: CoreContext): HandlersOf<typeof settingsOps> {
  const { paths, secrets } = ctx;
  return {
    'settings.get': async () => loadSettings(paths.dataDir),
    'settings.save': async ({ settings }) => {
      const result = validateSettings(settings);
      if (!result.ok) return { ok: false, errors: result.errors };
      await saveSettings(paths.dataDir, result.settings);
      return { ok: true, settings: result.settings };
    },
    'settings.importSpotConf': async ({ text, fileName }) => {
      const imported = importSpotConf(text, fileName, await loadSettings(paths.dataDir));
      const messages = [
        ...imported.errors.map((e) => e.message),
        ...imported.applied.map((a) => `line ${a.line}: ${a.key} → ${a.fields.join(', ')}`),
        ...imported.ignored.map((i) => `line ${i.line}: ${i.key} ignored (${i.reason})`),
      ];
      return { settings: imported.settings, messages };
    },
    'settings.testConnection': async ({ kind, settings: onScreen }) => {
      let settings = await loadSettings(paths.dataDir);
      if (onScreen !== undefined) {
        const checked = validateSettings(onScreen);
        if (!checked.ok) {
          const problems = checked.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
          return { ok: false, message: `not tested: the values on screen are not valid (${problems})` };
        }
        settings = checked.settings;
      }
      if (kind === 'hive') {
        if (!settings.database.host) return { ok: false, message: 'no Hive/Impala host is set' };
        return testHiveConnection(settings, secrets.get('hive'));
      }
      const ssh = sshSettingsFrom(settings, paths, secrets);
      if (!ssh) return { ok: false, message: 'the ML node host and user are not set' };
      try {
        const result = await withSsh(ssh, (conn) => exec(conn, 'uname', ['-n']));
        return { ok: true, message: `connected to ${ssh.user}@${ssh.host} (${result.stdout.trim()})` };
      } catch (err) {
        if (err instanceof UnknownHostKeyError) {
          return {
            ok: false,
            message: err.message,
            unknownHostKey: {
              host: ssh.host,
              port: ssh.port ?? 22,
              keyType: err.keyType,
              fingerprint: err.fingerprint,
              keyBase64: err.keyBase64,
            },
          };
        }
        return { ok: false, message: err instanceof Error ? err.message : String(err) };
      }
    },
    'ssh.trustHostKey': async ({ host, port, keyBase64 }) => {
      const settings = await loadSettings(paths.dataDir);
      trustHostKey(settings.mlNode.knownHostsPath ?? paths.knownHosts, host, port, keyBase64);
      return { trusted: true };
    },
    'secrets.setPassword': async ({ kind, password }) => {
      secrets.set(kind, password);
      return { stored: true };
    },
  };
}
