/**
 * Analyst scoring: what a score matches (Spot's rules, feedback/rules.ts), the audit log that makes every change
 * undoable, Spot-compatible threat-investigation rows, and the day's ml_feedback.csv regenerated from the scores
 * (never appended) into the outbox and the data directory.
 */
import os from 'node:os';
import path from 'node:path';
import { ApiError } from '../../../shared/api';
import type { AuditEntry, RowScore, ScoreTarget } from '../../../shared/ops/feedback';
import type { Pipeline, Severity } from '../../../shared/schema';
import type { Cache } from '../cache/index';
import type { AuditRow } from '../cache/analyst';
import type { OaRow } from '../cache/types';
import { buildFeedbackFile, feedbackWindow, mergeFeedbackDays } from '../feedback/feedback-file';
import { CriteriaError, matchRowsDetailed, rowKey, type MatchedBy, type ScoreCriteria } from '../feedback/rules';
import { profileOf } from '../profiles/index';
import { writeFileAtomicSync } from '../write-file-atomic';
import { compactDay } from '../../../shared/spot-date';

/** The analyst's scores of a day's rows, by row index (scores of events no longer imported are left out). */
export function dayScores(cache: Cache, pipeline: Pipeline, day: string): RowScore[] {
  const rows = cache.analystRead.dayRows(pipeline, day);
  const index = new Map(rows.map((r, i) => [rowKey(pipeline, r), i]));
  return cache.analystRead
    .scores(pipeline, day)
    .filter((s) => index.has(s.rowKey))
    .map((s) => ({ rowIndex: index.get(s.rowKey)!, score: s.score, note: s.note, by: s.by, at: s.at }));
}

interface Change {
  rowKey: string;
  rowIndex: number;
  from: { score: Severity; note: string; matchedBy: MatchedBy } | null;
  to: { score: Severity; note: string; matchedBy: MatchedBy } | null;
}

/** What the scoring service tells the outbox after a day's scores changed (inside the scoring transaction). */
export interface OutboxHook {
  scoresChanged(pipeline: Pipeline, day: string): void;
}

export interface ScoringOptions {
  /** Where the day's ml_feedback.csv is written: <feedbackDir>/<type>/<YYYYMMDD>/ml_feedback.csv */
  feedbackDir: string;
  user?: string;
  /** dns: an IP-only score also sets dns_sev (feedback.md §4). */
  ipScoresCountForMl?: () => boolean;
  outbox?: OutboxHook;
}

function criteriaOf(pipeline: Pipeline, t: ScoreTarget): ScoreCriteria | null {
  return profileOf(pipeline).scoreCriteria(t);
}

/** The criteria part of a target (what can stand for later imports), or null when it names rows only. */
function criteriaTarget(target: ScoreTarget): ScoreTarget | null {
  const { rows: _rows, ...criteria } = target;
  return Object.values(criteria).some((v) => v !== undefined) ? criteria : null;
}

/** Rows a target reaches: explicit row indexes (judged on both IP and query) plus Spot's criteria. */
export function resolveTarget(pipeline: Pipeline, rows: readonly OaRow[], target: ScoreTarget): Map<number, MatchedBy> {
  const matched = new Map<number, MatchedBy>();
  for (const index of target.rows ?? []) {
    if (index >= rows.length)
      throw new ApiError('bad-request', `row ${index} does not exist (the day has ${rows.length} rows)`);
    matched.set(index, 'both');
  }
  const criteria = criteriaOf(pipeline, target);
  if (criteria) {
    try {
      for (const m of matchRowsDetailed(pipeline, criteria, rows)) {
        const previous = matched.get(m.index);
        const by = m.matchedBy ?? 'both';
        matched.set(m.index, previous && previous !== by ? 'both' : by);
      }
    } catch (err) {
      if (err instanceof CriteriaError) throw new ApiError('bad-request', err.message);
      throw err;
    }
  }
  if (!criteria && !target.rows?.length)
    throw new ApiError('bad-request', 'choose at least one row or one value to score');
  return matched;
}

function toAuditEntry(row: AuditRow): AuditEntry {
  const changes = JSON.parse(row.changes_json) as Change[];
  return {
    id: row.id,
    pipeline: row.pipeline,
    date: row.day,
    action: row.action,
    target: JSON.parse(row.target_json) as ScoreTarget,
    score: row.score,
    note: row.note,
    changes: changes.map((c) => ({ rowIndex: c.rowIndex, from: c.from?.score ?? null, to: c.to?.score ?? null })),
    by: row.by,
    at: row.at,
    undoneBy: row.undone_by,
  };
}

export class ScoringService {
  private readonly user: string;

  constructor(
    private readonly cache: Cache,
    private readonly options: ScoringOptions,
  ) {
    this.user = options.user ?? safeUserName();
  }

  preview(pipeline: Pipeline, day: string, target: ScoreTarget): { matched: number; rows: number[] } {
    const rows = this.cache.analystRead.dayRows(pipeline, day);
    const matched = [...resolveTarget(pipeline, rows, target).keys()].sort((a, b) => a - b);
    return { matched: matched.length, rows: matched };
  }

  apply(pipeline: Pipeline, day: string, target: ScoreTarget, score: Severity, note: string): AuditEntry {
    const w = this.cache.analystWrite;
    const id = w.transaction(() => {
      const rows = w.dayRows(pipeline, day);
      if (rows.length === 0) throw new ApiError('not-found', `no ${pipeline} day ${day} in the cache`);
      const matched = resolveTarget(pipeline, rows, target);
      if (matched.size === 0) throw new ApiError('bad-request', 'nothing matches that score: no row changed');
      const at = new Date().toISOString();
      const changes: Change[] = [];
      for (const [rowIndex, matchedBy] of matched) {
        const row = rows[rowIndex]!;
        const key = rowKey(pipeline, row);
        const before = w.score(pipeline, day, key);
        changes.push({
          rowKey: key,
          rowIndex,
          from: before ? { score: before.score, note: before.note, matchedBy: before.matchedBy } : null,
          to: { score, note, matchedBy },
        });
      }
      const auditId = w.addAudit({
        pipeline,
        day,
        action: 'score',
        target_json: JSON.stringify(target),
        score,
        note,
        changes_json: JSON.stringify(changes),
        by: this.user,
        at,
      });
      // A score by criteria stands: it applies to matching rows imported later, until it is undone.
      const criteria = criteriaTarget(target);
      if (criteria && criteriaOf(pipeline, criteria))
        w.addStandingRule({
          pipeline,
          target_json: JSON.stringify(criteria),
          score,
          note,
          audit_id: auditId,
          by: this.user,
          at,
        });
      for (const change of changes) {
        const { rowIndex, to } = change;
        w.putScore(pipeline, day, {
          rowKey: change.rowKey,
          score,
          note,
          matchedBy: to!.matchedBy,
          row: stripRowId(rows[rowIndex]!),
          by: this.user,
          at,
          auditId,
        });
      }
      this.afterChange(pipeline, day);
      return auditId;
    });
    return toAuditEntry(w.auditEntry(id)!);
  }

  undo(auditId: number): AuditEntry {
    const w = this.cache.analystWrite;
    const id = w.transaction(() => {
      const entry = w.auditEntry(auditId);
      if (!entry) throw new ApiError('not-found', `no audit entry ${auditId}`);
      if (entry.undone_by !== null) throw new ApiError('conflict', `change ${auditId} was already undone`);
      const changes = JSON.parse(entry.changes_json) as Change[];
      const rows = w.dayRows(entry.pipeline, entry.day);
      const byKey = new Map(rows.map((r, i) => [rowKey(entry.pipeline, r), i]));
      const at = new Date().toISOString();
      const reverse: Change[] = changes.map((c) => ({
        rowKey: c.rowKey,
        rowIndex: byKey.get(c.rowKey) ?? c.rowIndex,
        from: c.to,
        to: c.from,
      }));
      const undoId = w.addAudit({
        pipeline: entry.pipeline,
        day: entry.day,
        action: 'undo',
        target_json: entry.target_json,
        score: null,
        note: `undo of change ${auditId}`,
        changes_json: JSON.stringify(reverse),
        by: this.user,
        at,
      });
      for (const change of reverse) {
        if (change.to === null) {
          w.deleteScore(entry.pipeline, entry.day, change.rowKey);
        } else {
          const current = w.score(entry.pipeline, entry.day, change.rowKey);
          const row = current?.row ?? stripRowId(rows[change.rowIndex] ?? {});
          w.putScore(entry.pipeline, entry.day, {
            rowKey: change.rowKey,
            ...change.to,
            row,
            by: this.user,
            at,
            auditId: undoId,
          });
        }
      }
      w.markUndone(auditId, undoId);
      w.endStandingRule(auditId, undoId);
      this.afterChange(entry.pipeline, entry.day);
      return undoId;
    });
    return toAuditEntry(w.auditEntry(id)!);
  }

  /**
   * After an import of a day: the standing rules of the pipeline score the rows they match that no one has scored
   * (the analyst's own score of a row always wins; newest rule first). One audit entry per rule that scored rows,
   * so each application can be undone like any score. Returns how many rules scored how many rows.
   */
  applyStandingRules(pipeline: Pipeline, day: string): { rules: number; rows: number } {
    const w = this.cache.analystWrite;
    return w.transaction(() => {
      const rules = w.activeStandingRules(pipeline);
      if (rules.length === 0) return { rules: 0, rows: 0 };
      const rows = w.dayRows(pipeline, day);
      const at = new Date().toISOString();
      let used = 0;
      let scored = 0;
      for (const rule of rules) {
        const matched = resolveTarget(pipeline, rows, JSON.parse(rule.target_json) as ScoreTarget);
        const changes: Change[] = [];
        for (const [rowIndex, matchedBy] of matched) {
          const key = rowKey(pipeline, rows[rowIndex]!);
          if (w.score(pipeline, day, key)) continue;
          changes.push({ rowKey: key, rowIndex, from: null, to: { score: rule.score, note: rule.note, matchedBy } });
        }
        if (changes.length === 0) continue;
        const by = `${rule.by} (standing rule #${rule.id})`;
        const auditId = w.addAudit({
          pipeline,
          day,
          action: 'score',
          target_json: rule.target_json,
          score: rule.score,
          note: rule.note,
          changes_json: JSON.stringify(changes),
          by,
          at,
        });
        for (const change of changes)
          w.putScore(pipeline, day, {
            rowKey: change.rowKey,
            ...change.to!,
            row: stripRowId(rows[change.rowIndex]!),
            by,
            at,
            auditId,
          });
        used += 1;
        scored += changes.length;
      }
      if (scored > 0) this.afterChange(pipeline, day);
      return { rules: used, rows: scored };
    });
  }

  list(pipeline: Pipeline, day: string): RowScore[] {
    return dayScores(this.cache, pipeline, day);
  }

  audit(pipeline?: Pipeline, day?: string): AuditEntry[] {
    return this.cache.analystRead.audit(pipeline, day).map(toAuditEntry);
  }

  /** The day's ml_feedback.csv as spot-ml needs it, regenerated from the scores of the day and, with a feedback
   * window of K days, the K days before it (deduplicated, latest judgement wins). */
  feedbackFile(pipeline: Pipeline, day: string, windowDays = 0): { content: string; rows: number } {
    const r = this.cache.analystRead;
    const perDay = feedbackWindow(day, windowDays).map((date) => ({
      date,
      entries: r.scores(pipeline, date).map((s) => ({ score: s.score, row: s.row, matchedBy: s.matchedBy })),
    }));
    const entries = mergeFeedbackDays(day, windowDays, perDay);
    const content = buildFeedbackFile(pipeline, entries, {
      ipScoresCountForMl: this.options.ipScoresCountForMl?.() ?? false,
    });
    return { content, rows: content.split('\n').length - 2 };
  }

  feedbackFilePath(pipeline: Pipeline, day: string): string {
    return path.join(this.options.feedbackDir, pipeline, compactDay(day), 'ml_feedback.csv');
  }

  /** Inside the scoring transaction: Spot's TI rows, the regenerated feedback file and the outbox entry. */
  private afterChange(pipeline: Pipeline, day: string): void {
    const w = this.cache.analystWrite;
    const scores = w.scores(pipeline, day);
    w.rewriteThreatInvestigation(pipeline, day);
    const content = buildFeedbackFile(
      pipeline,
      scores.map((s) => ({ score: s.score, row: s.row, matchedBy: s.matchedBy })),
      { ipScoresCountForMl: this.options.ipScoresCountForMl?.() ?? false },
    );
    w.putOutboxContent(pipeline, day, content, scores.length);
    this.options.outbox?.scoresChanged(pipeline, day);
    writeFileAtomicSync(this.feedbackFilePath(pipeline, day), content);
  }
}

function stripRowId(row: OaRow): OaRow {
  const { row_id: _rowId, day: _day, ...rest } = row;
  return rest;
}

function safeUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'analyst';
  }
}
