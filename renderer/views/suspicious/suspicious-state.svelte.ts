/** The Suspicious view's state for one (pipeline, day): rows, scores, allow-list, selection and scoring actions.
 * Big arrays are $state.raw (replaced, never mutated) so 3000 rows do not become 3000 deep proxies. */
import { ApiError, type JobState } from '../../../shared/api';
import type { AuditEntry, FeedbackStatus, ScoreTarget } from '../../../shared/ops/feedback';
import type { Pipeline, Severity } from '../../../shared/schema';
import { invoke } from '../../lib/invoke';
import { suspiciousColumns } from '../../models/suspicious/columns';
import { hostIps } from '../../models/suspicious/host-names';
import {
  EMPTY_ANSWERS,
  answersText,
  answersTitle,
  answersToFetch,
  withAnswers,
  type AnswersCache,
} from '../../models/suspicious/answers';
import { timeZone } from '../../lib/time-zone.svelte';
import type { HostName, Neighbour, NodeKind } from '../../../shared/ops/triage';
import { RowDetailsState } from './row-details-state.svelte';
import { describeChanges } from '../../models/suspicious/changes';
import { dayStats, type DayStats } from '../../models/suspicious/explain';
import { matchesDayFilter } from '../../models/suspicious/filter';
import { setOf, toRows, withScores, type SuspiciousRow } from '../../models/suspicious/rows';
import { labelsOf, orderRows, type RowOrder } from '../../models/suspicious/order';
import { sendOutcome } from '../../models/suspicious/feedback';
import {
  EMPTY_HISTORY,
  historyKey,
  parseHistory,
  reconciled,
  recorded,
  redoStep,
  serializeHistory,
  undoStep,
  type ScoreHistory,
} from '../../models/suspicious/history';
import { hiddenCounts, visibleRows } from '../../models/suspicious/scoring';
import { rowAfterScoring, visibleSelection } from '../../models/suspicious/selection';
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
  /** Scoring actions that can be undone and redone, several steps deep; kept across reloads (see keepHistory). */
  history = $state.raw<ScoreHistory>(EMPTY_HISTORY);
  /** Network-context names and countries of the day's IPs (written beside them); empty until loaded. */
  names = $state.raw<Readonly<Record<string, HostName>>>({});
  /** DNS answers of the rows shown so far, filled in page by page after the first paint. */
  answers = $state.raw<AnswersCache>(EMPTY_ANSWERS);
  /** Rows whose answers were asked for (replaced, not mutated); `answersEpoch` tells a reload's answers apart. */
  private answersAsked: ReadonlySet<number> = setOf<number>();
  private answersEpoch = 0;
  /** The active row's edge rows and chord/dendrogram, as the details panel shows them. */
  readonly rowDetails: RowDetailsState;
  scoringMessage = $state<string | null>(null);
  scoringError = $state<string | null>(null);
  /** What the latest import of the day changed, as lines; null until read, when unreadable or once dismissed. */
  changes = $state.raw<string[] | null>(null);
  private changesAsked = 0;
  /** Why "Run the pipeline" did not start. */
  runError = $state<string | null>(null);
  /** The Send job running, if any. */
  sendJobId = $state<string | null>(null);

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
  /** Display position of the range anchor (Shift extends from it). */
  anchor = -1;

  readonly columns;

  constructor(
    readonly pipeline: Pipeline,
    readonly date: string,
  ) {
    this.rowDetails = new RowDetailsState(pipeline, date);
    this.history = parseHistory(readStored(historyKey(pipeline, date)));
    this.columns = suspiciousColumns(
      pipeline,
      () => timeZone.current,
      { answers: (index) => ({ text: answersText(this.answers, index), title: answersTitle(this.answers, index) }) },
      date,
    );
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
  /** Display position of the keyboard cursor: always the active row's, -1 when it is not shown. */
  readonly cursor = $derived.by(() =>
    this.active === null ? -1 : this.displayed.findIndex((r) => r.index === this.active),
  );
  /** The selected rows the table still shows: the only ones a key or a button scores. */
  readonly visibleSelected = $derived.by(() =>
    visibleSelection(
      this.selected,
      this.displayed.map((r) => r.index),
    ),
  );

  async load(limit?: number): Promise<void> {
    this.status = 'loading';
    this.error = null;
    try {
      const [data, scores] = await Promise.all([
        invoke('suspicious.rows', { pipeline: this.pipeline, date: this.date, ...(limit ? { limit } : {}) }),
        invoke('scores.list', { pipeline: this.pipeline, date: this.date }).catch(() => []),
      ]);
      this.rows = toRows(data, scores);
      this.answers = EMPTY_ANSWERS;
      this.answersAsked = setOf<number>();
      this.answersEpoch += 1;
      this.total = data.total;
      this.stats = dayStats(this.pipeline, this.rows);
      this.status = 'ready';
      void this.checkHistory();
      void this.refreshSide();
      void this.loadNames();
      void this.loadChanges();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'not-found') this.status = 'missing';
      else this.status = 'error';
      this.error = err instanceof Error ? err.message : String(err);
    }
  }

  /** The stored history, checked against the audit log: undo after a reload restores exactly what the log says. */
  private async checkHistory(): Promise<void> {
    if (this.history.done.length === 0 && this.history.undone.length === 0) return;
    const before = this.history;
    const audit = await invoke('scores.audit', { pipeline: this.pipeline, date: this.date }).catch(() => null);
    // A step taken while the log was read is newer than the log: keep the history as it is then.
    if (audit && this.history === before) this.keepHistory(reconciled(before, audit));
  }

  /** The history after a step, stored per (pipeline, day) for the next reload. */
  private keepHistory(history: ScoreHistory): void {
    this.history = history;
    writeStored(historyKey(this.pipeline, this.date), serializeHistory(history));
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

  /** What the import changed is news, never a blocker: read with each load of the day, a failure shows nothing. */
  async loadChanges(): Promise<void> {
    const asked = ++this.changesAsked;
    this.changes = null;
    try {
      const day = await invoke('suspicious.changes', { pipeline: this.pipeline, date: this.date });
      if (asked === this.changesAsked) this.changes = describeChanges(day);
    } catch {
      if (asked === this.changesAsked) this.changes = null;
    }
  }

  dismissChanges(): void {
    this.changesAsked += 1;
    this.changes = null;
  }

  /** A day not in the cache yet: start its import (a job; the view reloads when the day arrives). */
  /** The day's neighbours of a graph node, for "Expand neighbours (one hop)". */
  neighbours(kind: NodeKind, value: string): Promise<Neighbour[]> {
    return invoke('graph.neighbours', { pipeline: this.pipeline, date: this.date, kind, value, limit: 50 });
  }

  async runPipeline(): Promise<void> {
    this.runError = null;
    try {
      await invoke('pipeline.run', { pipeline: this.pipeline, date: this.date });
    } catch (err) {
      this.runError = err instanceof Error ? err.message : String(err);
    }
  }

  /** Names beside IPs are a help, never a blocker: a failure leaves the bare IPs. */
  async loadNames(): Promise<void> {
    const ips = hostIps(this.pipeline, this.rows);
    if (ips.length === 0) return;
    this.names = await invoke('hosts.names', { ips }).catch(() => ({}));
  }

  /** The table shows display positions [start, end): fetch the answers of those rows not known yet, in one read
   * (only tables with an Answers column: DNS). A failure leaves those cells saying they are loading, and the
   * next scroll asks again. */
  async loadAnswers(start: number, end: number): Promise<void> {
    if (!this.columns.some((c) => c.key === 'answers')) return;
    const page = this.displayed.slice(start, end).map((r) => r.index);
    const rows = answersToFetch(page, this.answers, this.answersAsked);
    if (rows.length === 0) return;
    const epoch = this.answersEpoch;
    this.answersAsked = setOf([...this.answersAsked, ...rows]);
    try {
      const found = await invoke('dns.answers', { date: this.date, rows });
      if (epoch === this.answersEpoch) this.answers = withAnswers(this.answers, found);
    } catch {
      const failed = setOf(rows);
      if (epoch === this.answersEpoch) this.answersAsked = setOf([...this.answersAsked].filter((i) => !failed.has(i)));
    }
  }

  async refreshScores(afterRows?: () => void): Promise<void> {
    const scores = await invoke('scores.list', { pipeline: this.pipeline, date: this.date });
    this.rows = withScores(this.rows, scores);
    // In the same tick as the new rows: the table never shows a selection of rows that just left it.
    afterRows?.();
    await this.refreshSide();
  }

  // Selection --------------------------------------------------------------------------------------------------

  selectOnly(index: number | null, position = -1): void {
    this.selected = index === null ? setOf<number>() : setOf([index]);
    this.active = index;
    this.anchor = position;
  }

  toggle(index: number): void {
    const current = [...this.selected];
    this.selected = setOf(this.selected.has(index) ? current.filter((i) => i !== index) : [...current, index]);
  }

  selectMany(indexes: readonly number[]): void {
    this.selected = setOf(indexes);
    this.active = indexes[0] ?? null;
    this.anchor = this.cursor;
  }

  clearSelection(): void {
    this.selected = setOf<number>();
    this.active = null;
    this.anchor = -1;
  }

  /** The rows a score applies to: the visible multi-selection, else the active row when it is shown. */
  get scoringRows(): number[] {
    if (this.visibleSelected.length > 0) return this.visibleSelected;
    return this.cursor < 0 || this.active === null ? [] : [this.active];
  }

  /** After scoring, the cursor moves on to the next row still shown and Details follows it. */
  private moveOnAfterScoring(before: readonly number[], cursor: number, scored: ReadonlySet<number>): void {
    const next = rowAfterScoring(
      before,
      cursor,
      scored,
      this.displayed.map((r) => r.index),
    );
    this.selected = setOf<number>();
    this.active = next;
    this.anchor = this.cursor;
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

  private async apply(target: ScoreTarget, severity: Severity, note: string): Promise<AuditEntry> {
    const before = this.displayed.map((r) => r.index);
    const cursor = this.cursor;
    const entry = await invoke('scores.apply', {
      pipeline: this.pipeline,
      date: this.date,
      target,
      score: severity,
      note,
    });
    await this.refreshScores(() =>
      this.moveOnAfterScoring(before, cursor, setOf(entry.changes.map((c) => c.rowIndex))),
    );
    return entry;
  }

  async score(target: ScoreTarget, severity: Severity, note: string, what: string): Promise<boolean> {
    this.scoringError = null;
    try {
      const entry = await this.apply(target, severity, note);
      this.keepHistory(recorded(this.history, { auditId: entry.id, target, score: severity, note, what }));
      this.scoringMessage = `Scored ${what} ${severityWord(severity)}: ${rowCount(entry.changes.length)} changed.`;
      return true;
    } catch (err) {
      this.scoringError = err instanceof Error ? err.message : String(err);
      return false;
    }
  }

  get canUndo(): boolean {
    return this.history.done.length > 0;
  }

  get canRedo(): boolean {
    return this.history.undone.length > 0;
  }

  /** Undoes the latest scoring action still applied (each call one step further back). */
  async undo(): Promise<void> {
    const step = undoStep(this.history);
    if (!step) return;
    this.scoringError = null;
    try {
      const entry = await invoke('scores.undo', { auditId: step.action.auditId });
      this.keepHistory(step.history);
      this.scoringMessage = `Undone: scoring ${step.action.what} ${severityWord(step.action.score)}; ${rowCount(entry.changes.length)} restored.`;
      await this.refreshScores();
    } catch (err) {
      this.scoringError = err instanceof Error ? err.message : String(err);
    }
  }

  /** Scores the latest undone action's target again. */
  async redo(): Promise<void> {
    const step = redoStep(this.history);
    if (!step) return;
    this.scoringError = null;
    try {
      const { target, score, note, what } = step.action;
      const entry = await this.apply(target, score, note);
      this.keepHistory(step.history(entry.id));
      this.scoringMessage = `Redone: scored ${what} ${severityWord(score)}; ${rowCount(entry.changes.length)} changed.`;
    } catch (err) {
      this.scoringError = err instanceof Error ? err.message : String(err);
    }
  }

  /** Starts the push; the bar says "sending" until the job ends (see settleSend), never "queued" beside a failure. */
  async send(): Promise<JobState | null> {
    this.scoringError = null;
    this.scoringMessage = null;
    try {
      const job = await invoke('feedback.send', { pipeline: this.pipeline, date: this.date });
      this.sendJobId = job.id;
      await this.refreshSide();
      return job;
    } catch (err) {
      this.scoringError = err instanceof Error ? err.message : String(err);
      return null;
    }
  }

  /** The Send job ended: say where the file went, or why it did not. */
  async settleSend(job: JobState): Promise<void> {
    const outcome = job.id === this.sendJobId ? sendOutcome(job) : null;
    if (!outcome) return;
    this.sendJobId = null;
    if (outcome.ok) this.scoringMessage = outcome.text;
    else this.scoringError = outcome.text;
    await this.refreshSide();
  }
}

/** The renderer's storage (where its other preferences live); unavailable storage keeps nothing. */
function readStored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
function writeStored(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // storage full or disabled: the history lasts for this session
  }
}

const rowCount = (n: number) => `${n} row${n === 1 ? '' : 's'}`;

export function severityWord(severity: Severity): string {
  return severity === 1 ? 'High' : severity === 2 ? 'Medium' : 'Low';
}
