/** The Settings view's state: the values on screen (maybe unsaved), field errors, spot.conf import notes and the
 * connection tests, which test the values on screen rather than only the saved ones. */
import type { ConnectionTest } from '../../../shared/ops/settings';
import type { Settings } from '../../../shared/settings';
import { invoke } from '../../lib/invoke';
import { errorsByField, fieldValue, setPath, type FieldSpec } from '../../models/settings/form';

export type ConnectionKind = 'ssh' | 'hive';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class SettingsState {
  settings = $state<Settings | null>(null);
  loadError = $state<string | null>(null);
  errors = $state.raw<ReadonlyMap<string, string[]>>(errorsByField([]));
  status = $state<string | null>(null);
  /** True while the values on screen differ from the saved ones. */
  unsaved = $state(false);
  importMessages = $state.raw<string[]>([]);
  tests = $state<Partial<Record<ConnectionKind, ConnectionTest & { running?: boolean }>>>({});
  passwords = $state<Record<ConnectionKind, string>>({ ssh: '', hive: '' });

  async load(): Promise<void> {
    try {
      this.settings = await invoke('settings.get', {});
    } catch (err) {
      this.loadError = message(err);
    }
  }

  update(field: FieldSpec, raw: string | boolean): void {
    if (!this.settings) return;
    const value = typeof raw === 'boolean' ? raw : fieldValue(field.kind, raw);
    this.settings = setPath($state.snapshot(this.settings) as Settings, field.path, value);
    this.unsaved = true;
    this.status = 'Unsaved changes';
  }

  async save(): Promise<void> {
    if (!this.settings) return;
    const result = await invoke('settings.save', { settings: $state.snapshot(this.settings) });
    if (result.ok) {
      this.settings = result.settings;
      this.errors = errorsByField([]);
      this.unsaved = false;
      this.status = 'Saved';
    } else {
      this.errors = errorsByField(result.errors);
      this.status = `Not saved: ${result.errors.length} problem(s) below`;
    }
  }

  async importSpotConf(text: string, fileName: string): Promise<void> {
    try {
      const imported = await invoke('settings.importSpotConf', { text, fileName });
      this.settings = imported.settings;
      this.importMessages = imported.messages;
      this.unsaved = true;
      this.status = `Imported ${fileName}: review, then Save`;
    } catch (err) {
      this.status = `Not imported: ${message(err)}`;
    }
  }

  /** Tests the connection with the values on screen (saved or not); the result says which ones it used. */
  async test(kind: ConnectionKind): Promise<void> {
    this.tests = { ...this.tests, [kind]: { ok: false, message: 'Testing…', running: true } };
    try {
      if (this.passwords[kind]) await invoke('secrets.setPassword', { kind, password: this.passwords[kind] });
      const settings = this.settings ? $state.snapshot(this.settings) : undefined;
      const result = await invoke('settings.testConnection', { kind, ...(settings ? { settings } : {}) });
      const which = this.unsaved ? ' (unsaved values on screen)' : '';
      this.tests = { ...this.tests, [kind]: { ...result, message: `${result.message}${which}` } };
    } catch (err) {
      this.tests = { ...this.tests, [kind]: { ok: false, message: message(err) } };
    }
  }

  async trust(kind: 'ssh'): Promise<void> {
    const question = this.tests[kind]?.unknownHostKey;
    if (!question) return;
    await invoke('ssh.trustHostKey', { host: question.host, port: question.port, keyBase64: question.keyBase64 });
    await this.test(kind);
  }
}
