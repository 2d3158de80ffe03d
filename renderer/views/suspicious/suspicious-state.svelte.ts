/** The Suspicious view's state for one (pipeline, day): rows, scores, allow-list, selection and scoring actions.
 * Big arrays are $state.raw (replaced, never mutated) so 3000 rows do not become 3000 deep proxies. */
import { ApiError } from '../../../shared/api';
import type { AuditEntry, FeedbackStatus, ScoreTarget } from '../../../shared/ops/feedback';
import type { Pipeline, Severity } from '../../../shared/schema';
import { invoke } from '../../lib/invoke';
import { suspiciousColumns } from '../../models/suspicious/columns';
import { hostIps } from '../../models/suspicious/host-names';
import { timeZone } from '../../lib/time-zone.svelte';
import type { HostName } from '../../../shared/ops/triage';
import { dayStats, type DayStats } from '../../models/suspicious/explain';
import { matchesDayFilter } from '../../models/suspicious/filter';
import { setOf, toRows, withScores, type SuspiciousRow } from '../../models/suspicious/rows';
import { labelsOf, orderRows, type RowOrder } from '../../models/suspicious/order';
import { hiddenCounts, visibleRows } from '../../models/suspicious/scoring';
import { searchRows, sortRows, type SortState } from '../../models/suspicious/table';

export type LoadStatus = 'loading' | 'ready' | 'missing' | 'error';

export class SuspiciousState {
  status = $state<LoadStatus>('loading');
  error = $state<string | null>(null);
  rows = $state.raw<SuspiciousRow[]>([]);
  total = $state(0);
  stats = $state.raw<DayStats | null>(null);
  allowListed = $state.raw<ReadonlySet<number>>(setOf<number>());
  feedback = $state<FeedbackStatus | null>(null);
  /** Network-context names and countries of the day's IPs (written beside them); empty until loaded. */
  names = $state.raw<Readonly<Record<string, HostName>>>({});
  lastAudit = $state<AuditEntry | null>(null);
  scoringMessage = $state<string | null>(null);
  scoringError = $state<string | null>(null);

  filter = $state<string | null>(null);
  search = $state('');
  sort = $state<SortState | null>(null);
  /** Without a column sort: named detections first ('combined', the default) or Spot's pure LDA order. */
  order = $state<RowOrder>('combined');
  showScored = $state(false);
  showAllowListed = $state(false);

  /** Row indexes in the multi-selection. */
  selected = $state.raw<ReadonlySet<number>>(setOf<number>());
  /** The row whose details show. */
  active = $state<number | null>(null);
  /** Display position of the keyboard cursor. */
  cursor = $state(-1);
  anchor = -1;

  readonly columns;

  constructor(
    readonly pipeline: Pipeline,
    readonly date: string,
  ) {
    this.columns = suspiciousColumns(pipeline, () => timeZone.current);
  }

  /** Rows after the day filter and the hiding rules (what the graph draws). */
  readonly filtered = $derived.by(() =>
    visibleRows(
      this.rows.filter((r) => matchesDayFilter(this.pipeline, r, this.filter)),
      { showScored: this.showScored, showAllowListed: this.showAllowListed, allowListed: this.allowListed },
    ),
  );
  /** What the analyst's scores teach the default order (from every row, hidden scored ones included). */
  readonly labels = $derived.by(() => labelsOf(this.rows));
  /** What the table shows, in order. */
  readonly displayed = $derived.by(() =>
    sortRows(
      orderRows(searchRows(this.filtered, this.columns, this.search), this.order, this.labels),
      this.columns,
      this.sort,
    ),
  );
  readonly hidden = $derived.by(() => hiddenCounts(this.rows, this.allowListed));
  readonly activeRow = $derived.by(() => (this.active === null ? null : (this.rows[this.active] ?? null)));

  async load(limit?: number): Promise<void> {
    this.status = 'loading';
    this.error = null;
    try {
      const [data, scores] = await Promise.all([
        invoke('suspicious.rows', { pipeline: this.pipeline, date: this.date, ...(limit ? { limit } : {}) }),
        invoke('scores.list', { pipeline: this.pipeline, date: this.date }).catch(() => []),
      ]);
      this.rows = toRows(data, scores);
      this.total = data.total;
      this.stats = dayStats(this.pipeline, this.rows);
      this.status = 'ready';
      void this.refreshSide();
      void this.loadNames();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'not-found') this.status = 'missing';
      else this.status = 'error';
      this.error = err instanceof Error ? err.message : String(err);
    }
  }

  /** Allow-list hidden rows and the feedback state; failures here never block the table. */
  async refreshSide(): Promise<void> {
    const [hidden, status] = await Promise.all([
      invoke('allowlist.hidden', { pipeline: this.pipeline, date: this.date }).catch(() => ({ rows: [] as number[] })),
      invoke('feedback.status', { pipeline: this.pipeline, date: this.date }).catch(() => [] as FeedbackStatus[]),
    ]);
    this.allowListed = setOf(hidden.rows);
    this.feedback = status[0] ?? null;
  }

  /** Names beside IPs are a help, never a blocker: a failure leaves the bare IPs. */
  async loadNames(): Promise<void> {
    const ips = hostIps(this.pipeline, this.rows);
    if (ips.length === 0) return;
    this.names = await invoke('hosts.names', { ips }).catch(() => ({}));
  }

  async refreshScores(): Promise<void> {
    const scores = await invoke('scores.list', { pipeline: this.pipeline, date: this.date });
    this.rows = withScores(this.rows, scores);
    await this.refreshSide();
  }

  // Selection --------------------------------------------------------------------------------------------------

  selectOnly(index: number | null, position = -1): void {
    this.selected = index === null ? setOf<number>() : setOf([index]);
    this.active = index;
    this.cursor = position;
    this.anchor = position;
  }

  toggle(index: number): void {
    const current = [...this.selected];
    this.selected = setOf(this.selected.has(index) ? current.filter((i) => i !== index) : [...current, index]);
  }

  selectMany(indexes: readonly number[]): void {
    this.selected = setOf(indexes);
    this.active = indexes[0] ?? null;
    const position = this.active === null ? -1 : this.displayed.findIndex((r) => r.index === this.active);
    this.cursor = position;
    this.anchor = position;
  }

  clearSelection(): void {
    this.selected = setOf<number>();
    this.active = null;
    this.cursor = -1;
    this.anchor = -1;
  }

  /** The rows a score applies to: the multi-selection, else the active row. */
  get scoringRows(): number[] {
    if (this.selected.size > 0) return [...this.selected];
    return this.active === null ? [] : [this.active];
  }

  // Scoring ----------------------------------------------------------------------------------------------------

  async preview(target: ScoreTarget): Promise<number | null> {
    this.scoringError = null;
    try {
      const result = await invoke('scores.preview', { pipeline: this.pipeline, date: this.date, target });
      return result.matched;
    } catch (err) {
      this.scoringError = err instanceof Error ? err.message : String(err);
      return null;
    }
  }

  async score(target: ScoreTarget, severity: Severity, note: string, what: string): Promise<boolean> {
    this.scoringError = null;
    try {
      const entry = await invoke('scores.apply', {
        pipeline: this.pipeline,
        date: this.date,
        target,
        score: severity,
        note,
      });
      this.lastAudit = entry;
      const n = entry.changes.length;
      this.scoringMessage = `Scored ${what} ${severityWord(severity)}: ${n} row${n === 1 ? '' : 's'} changed.`;
      await this.refreshScores();
      return true;
    } catch (err) {
      this.scoringError = err instanceof Error ? err.message : String(err);
      return false;
    }
  }

  async undo(): Promise<void> {
    if (!this.lastAudit) return;
    this.scoringError = null;
    try {
      const entry = await invoke('scores.undo', { auditId: this.lastAudit.id });
      this.scoringMessage = `Undone: ${entry.changes.length} row${entry.changes.length === 1 ? '' : 's'} restored.`;
      this.lastAudit = null;
      await this.refreshScores();
    } catch (err) {
      this.scoringError = err instanceof Error ? err.message : String(err);
    }
  }

  async send(): Promise<void> {
    this.scoringError = null;
    try {
      const job = await invoke('feedback.send', { pipeline: this.pipeline, date: this.date });
      this.scoringMessage = `Feedback queued (${job.title}).`;
      await this.refreshSide();
    } catch (err) {
      this.scoringError = err instanceof Error ? err.message : String(err);
    }
  }
}

export function severityWord(severity: Severity): string {
  return severity === 1 ? 'High' : severity === 2 ? 'Medium' : 'Low';
}
