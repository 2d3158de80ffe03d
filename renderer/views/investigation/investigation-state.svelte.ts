/** The threat-investigation view's state for one (pipeline, day): candidates, the search, and one threat form per
 * anchor. Kept per (pipeline, day) for the app's life, so a search survives leaving the view and coming back. */
import type { JobState } from '../../../shared/api';
import type { ExpandedSearch, StoryboardEntry, ThreatCandidates } from '../../../shared/ops/investigation';
import type { Pipeline } from '../../../shared/schema';
import { invoke } from '../../lib/invoke';
import type { HostName } from '../../../shared/ops/triage';
import { resultTable, tableIps, type CsvTable } from '../../models/investigation/result-table';
import { downloadExport } from '../../components/storyboard/download';
import {
  anchorHint,
  isUnsaved,
  parseEndDate,
  threatFormOf,
  type ThreatDraft,
} from '../../models/investigation/threat-form';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class InvestigationState {
  candidates = $state.raw<ThreatCandidates>({ scored: [], suspicious: [] });
  listError = $state<string | null>(null);
  /** What the analyst types in the Anchor box. */
  anchor = $state('');
  /** The optional end of the range, as typed (YYYY-MM-DD). */
  endText = $state('');
  jobId = $state<string | null>(null);
  result = $state.raw<ExpandedSearch | null>(null);
  searchError = $state<string | null>(null);
  saved = $state.raw<StoryboardEntry[]>([]);
  /** Unsaved edits, per anchor: a form belongs to its anchor, never to the one searched before. */
  drafts = $state<Record<string, ThreatDraft>>({});
  saveMessage = $state<string | null>(null);
  saveError = $state<string | null>(null);
  saving = $state(false);
  /** Network-context names and countries of the result's IPs (written beside them); empty until loaded. */
  names = $state.raw<Readonly<Record<string, HostName>>>({});
  /** The same for the IPs of the High-risk and Most suspicious lists. */
  candidateNames = $state.raw<Readonly<Record<string, HostName>>>({});

  constructor(
    readonly pipeline: Pipeline,
    readonly date: string,
  ) {}

  get hint(): string {
    return anchorHint(this.pipeline);
  }

  /** The anchor whose form shows: the result's (the form appears with it). */
  get formAnchor(): string | null {
    return this.result?.anchor ?? null;
  }

  get form(): ThreatDraft {
    const a = this.formAnchor;
    return a === null ? { title: '', text: '' } : threatFormOf(a, this.drafts, this.saved);
  }

  get title(): string {
    return this.form.title;
  }
  set title(value: string) {
    this.edit({ title: value });
  }
  get text(): string {
    return this.form.text;
  }
  set text(value: string) {
    this.edit({ text: value });
  }

  get unsaved(): boolean {
    const a = this.formAnchor;
    return a !== null && isUnsaved(this.form, a, this.saved);
  }

  private edit(change: Partial<ThreatDraft>): void {
    const a = this.formAnchor;
    if (a === null) return;
    this.drafts[a] = { ...this.form, ...change };
    this.saveMessage = null;
  }

  private get range(): { endDate?: string } {
    const end = parseEndDate(this.endText);
    return end.ok && end.endDate && end.endDate !== this.date ? { endDate: end.endDate } : {};
  }

  async loadCandidates(): Promise<void> {
    this.listError = null;
    try {
      const [candidates, saved] = await Promise.all([
        invoke('investigation.candidates', { pipeline: this.pipeline, date: this.date }),
        invoke('storyboard.list', { pipeline: this.pipeline, date: this.date }),
      ]);
      this.candidates = candidates;
      this.saved = saved;
      void this.loadCandidateNames(candidates);
    } catch (err) {
      this.listError = message(err);
    }
  }

  /** The IP candidates' names, written beside them in the lists (a failure leaves the bare IPs). */
  private async loadCandidateNames(candidates: ThreatCandidates): Promise<void> {
    const ips = [...candidates.scored, ...candidates.suspicious].filter((c) => c.kind === 'ip').map((c) => c.anchor);
    if (ips.length === 0) return;
    const names = await invoke('hosts.names', { ips }).catch(() => ({}));
    if (this.candidates === candidates) this.candidateNames = names;
  }

  /** Starts the search of the typed anchor; a cached result shows at once, else a job runs (see `settle`). */
  async search(refresh = false): Promise<JobState | null> {
    this.searchError = null;
    this.saveMessage = null;
    this.saveError = null;
    const a = this.anchor.trim();
    if (!a) {
      this.searchError = `Type or pick ${this.hint} first.`;
      return null;
    }
    const end = parseEndDate(this.endText);
    if (!end.ok) {
      this.searchError = end.error;
      return null;
    }
    this.anchor = a;
    this.result = null;
    try {
      const started = await invoke('investigation.search', {
        pipeline: this.pipeline,
        date: this.date,
        anchor: a,
        refresh,
        ...this.range,
      });
      if (started.job) {
        this.jobId = started.job.id;
        return started.job;
      }
      await this.loadResult(a);
    } catch (err) {
      this.searchError = message(err);
    }
    return null;
  }

  /** Stops the running search; its end arrives as a job event and `settle` says so. */
  async cancelSearch(): Promise<void> {
    if (this.jobId) await invoke('jobs.cancel', { id: this.jobId });
  }

  /** A search job ended (seen in the app's job list, now or on returning to the view). */
  async settle(job: JobState): Promise<void> {
    if (job.id !== this.jobId || job.status === 'running') return;
    this.jobId = null;
    if (job.status === 'done') await this.loadResult(this.anchor);
    else this.searchError = job.error ?? job.message;
  }

  private async loadResult(anchor: string): Promise<void> {
    try {
      const [result, saved] = await Promise.all([
        invoke('investigation.result', { pipeline: this.pipeline, date: this.date, anchor, ...this.range }),
        invoke('storyboard.list', { pipeline: this.pipeline, date: this.date }),
      ]);
      this.saved = saved;
      this.result = result;
      if (!result) this.searchError = `No search result for ${anchor}: search again.`;
      else void this.loadNames(result);
    } catch (err) {
      this.searchError = message(err);
    }
  }

  /** Names beside IPs are a help, never a blocker: a failure leaves the bare IPs. */
  private async loadNames(result: ExpandedSearch): Promise<void> {
    const ips = tableIps(resultTable(result.columns, result.rows)).slice(0, 50_000);
    if (ips.length === 0) return;
    const names = await invoke('hosts.names', { ips }).catch(() => ({}));
    if (this.result === result) this.names = names;
  }

  /** Writes a result table as CSV (the core guards formulas) and hands it to the analyst as a download. */
  async exportCsv(csv: CsvTable): Promise<void> {
    downloadExport(await invoke('export.csv', csv));
  }

  async save(): Promise<void> {
    const a = this.formAnchor;
    if (a === null) return;
    this.saveError = null;
    this.saveMessage = null;
    this.saving = true;
    const { title, text } = this.form;
    try {
      const saved = await invoke('investigation.save', {
        pipeline: this.pipeline,
        date: this.date,
        anchor: a,
        title,
        text,
        ...this.range,
      });
      this.saved = [...this.saved.filter((e) => e.anchor !== a), saved];
      delete this.drafts[a];
      this.saveMessage = `Saved “${saved.title}” to the ${this.date} storyboard.`;
      await this.loadCandidates();
    } catch (err) {
      this.saveError = message(err);
    } finally {
      this.saving = false;
    }
  }
}

/** Not reactive on purpose: a lookup table of the states, each reactive itself. */
const states: Record<string, InvestigationState> = {};

/** The one state of a (pipeline, day) for the app's life. */
export function investigationState(pipeline: Pipeline, date: string): InvestigationState {
  return (states[`${pipeline}|${date}`] ??= new InvestigationState(pipeline, date));
}
