/** The Storyboard view's state for one (pipeline, day): the saved threats, the one shown, its edit, and exports. */
import type {
  ExportFormat,
  ProxyProgression,
  StoryboardDetail,
  StoryboardEntry,
  Tlp,
} from '../../../shared/ops/investigation';
import type { Pipeline } from '../../../shared/schema';
import { downloadExport } from '../../components/storyboard/download';
import { invoke } from '../../lib/invoke';
import type { HostName } from '../../../shared/ops/triage';
import { loadHome, saveHome, type HomeChoice } from '../../models/investigation/globe';
import {
  exportRequest,
  loadExportPrefs,
  saveExportPrefs,
  selectionAfterReload,
  type ExportPrefs,
} from '../../models/storyboard/storyboard';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
const storage = (): Storage | null => (typeof localStorage === 'undefined' ? null : localStorage);

export class StoryboardState {
  entries = $state.raw<StoryboardEntry[]>([]);
  /** The day's list has been read once (an empty list then means no threat, not "not yet"). */
  listed = $state(false);
  selected = $state<string | null>(null);
  detail = $state.raw<StoryboardDetail | null>(null);
  error = $state<string | null>(null);
  editing = $state(false);
  editTitle = $state('');
  editText = $state('');
  /** The export running (its format and whether it is the whole day), or null. */
  exporting = $state<{ format: ExportFormat; day: boolean } | null>(null);
  home = $state<HomeChoice | null>(loadHome());
  prefs = $state<ExportPrefs>(loadExportPrefs(storage()));
  /** Network-context names and countries of the IP anchors (written beside them); empty until loaded. */
  names = $state.raw<Readonly<Record<string, HostName>>>({});
  /** Answers to an older detail request are dropped (the analyst clicked on). */
  private detailRequest = 0;

  constructor(
    readonly pipeline: Pipeline,
    readonly date: string,
  ) {}

  async load(keep: string | null = null): Promise<void> {
    this.error = null;
    try {
      this.entries = await invoke('storyboard.list', { pipeline: this.pipeline, date: this.date });
      this.listed = true;
      void this.loadNames();
      this.selected = selectionAfterReload(this.entries, keep);
      await this.loadDetail();
    } catch (err) {
      this.error = message(err);
    }
  }

  /** Names beside IP anchors are a help, never a blocker: a failure leaves the bare IPs. */
  private loadNames(): Promise<void> {
    return this.addNames(this.entries.filter((e) => e.kind === 'ip').map((e) => e.anchor));
  }

  /** The proxy progression's client IPs get their names too (written under them). */
  private loadProgressionNames(progression: ProxyProgression | null): Promise<void> {
    return this.addNames(progression?.columns.find((c) => c.name === 'IP')?.values ?? []);
  }

  /** Asks for the names of the IPs not known yet and adds them to those known. */
  private async addNames(ips: readonly string[]): Promise<void> {
    const unknown = ips.filter((ip) => !(ip in this.names));
    if (unknown.length === 0) return;
    const found = await invoke('hosts.names', { ips: unknown }).catch(() => ({}));
    this.names = { ...this.names, ...found };
  }

  async select(anchor: string): Promise<void> {
    if (anchor === this.selected) return;
    this.selected = anchor;
    await this.loadDetail();
  }

  async loadDetail(): Promise<void> {
    const request = ++this.detailRequest;
    this.detail = null;
    this.editing = false;
    const anchor = this.selected;
    if (!anchor) return;
    try {
      const home = this.home ? { lat: this.home.lat, lon: this.home.lon, label: this.home.label } : undefined;
      const detail = await invoke('storyboard.detail', {
        pipeline: this.pipeline,
        date: this.date,
        anchor,
        ...(home ? { home } : {}),
      });
      if (request !== this.detailRequest) return;
      this.detail = detail;
      void this.loadProgressionNames(detail.progression);
    } catch (err) {
      if (request === this.detailRequest) this.error = message(err);
    }
  }

  setHome(home: HomeChoice | null): void {
    saveHome(home);
    this.home = home;
    void this.loadDetail();
  }

  startEdit(): void {
    if (!this.detail) return;
    this.editTitle = this.detail.entry.title;
    this.editText = this.detail.entry.text;
    this.editing = true;
  }

  async saveEdit(): Promise<void> {
    const anchor = this.selected;
    if (!anchor) return;
    try {
      await invoke('investigation.save', {
        pipeline: this.pipeline,
        date: this.date,
        anchor,
        title: this.editTitle,
        text: this.editText,
      });
      this.editing = false;
      await this.load(anchor);
    } catch (err) {
      this.error = message(err);
    }
  }

  async remove(): Promise<void> {
    const anchor = this.selected;
    if (!anchor) return;
    await invoke('storyboard.delete', { pipeline: this.pipeline, date: this.date, anchor });
    await this.load();
  }

  setTlp(tlp: Tlp): void {
    this.prefs = { ...this.prefs, tlp };
    saveExportPrefs(storage(), this.prefs);
  }

  setAnalyst(analyst: string): void {
    this.prefs = { ...this.prefs, analyst };
    saveExportPrefs(storage(), this.prefs);
  }

  /** Exports the whole day (no anchor) or one threat, and hands the file to the browser as a download. */
  async exportAs(format: ExportFormat, anchor?: string): Promise<void> {
    this.exporting = { format, day: anchor === undefined };
    this.error = null;
    try {
      downloadExport(
        await invoke(
          'export.storyboard',
          exportRequest(this.pipeline, this.date, format, this.prefs, anchor, this.home),
        ),
      );
    } catch (err) {
      this.error = message(err);
    } finally {
      this.exporting = null;
    }
  }
}
