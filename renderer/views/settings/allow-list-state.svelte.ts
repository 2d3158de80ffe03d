/** The allow-list part of Settings: the rules and the outcome of the latest action (add, import, export, remove),
 * each action followed by a fresh read of the rules. */
import type { AllowRule } from '../../../shared/ops/feedback';
import { downloadExport } from '../../components/storyboard/download';
import { invoke } from '../../lib/invoke';

export class AllowListState {
  rules = $state.raw<AllowRule[]>([]);
  message = $state<string | null>(null);
  error = $state<string | null>(null);

  async refresh(): Promise<void> {
    this.rules = await invoke('allowlist.list', {});
  }

  /** Runs one action, then reads the rules again; says what was done, or why it failed. True when it succeeded. */
  private async run(action: () => Promise<string>): Promise<boolean> {
    this.error = null;
    this.message = null;
    try {
      const done = await action();
      await this.refresh();
      this.message = done;
      return true;
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
      return false;
    }
  }

  add(kind: AllowRule['kind'], pattern: string, reason: string): Promise<boolean> {
    return this.run(async () => {
      const rule = await invoke('allowlist.add', { kind, pattern, reason });
      return `Added ${rule.kind} ${rule.pattern}`;
    });
  }

  importFile(text: string, fileName: string): Promise<boolean> {
    return this.run(
      async () => `Imported ${(await invoke('allowlist.import', { text, fileName })).added} rule(s) from ${fileName}`,
    );
  }

  exportCsv(): Promise<boolean> {
    return this.run(async () => (downloadExport(await invoke('allowlist.export', { format: 'csv' })), 'Exported'));
  }

  remove(rule: AllowRule): Promise<boolean> {
    return this.run(async () => (await invoke('allowlist.remove', { id: rule.id }), `Removed ${rule.pattern}`));
  }
}
