/**
 * SQL for the analyst's work (migration 002): scores, the audit log, the feedback outbox and allow-list rules.
 * AnalystWriter runs on the writer connection; AnalystReader on the read-only one.
 */
import type { Database } from 'better-sqlite3';
import type { Pipeline, Severity } from '../../../shared/schema';
import { rewriteThreatInvestigation } from './threat-investigation';
import type { OaRow } from './types';

export interface StoredScore {
  rowKey: string;
  score: Severity;
  note: string;
  matchedBy: 'ip' | 'query' | 'both';
  row: OaRow;
  by: string;
  at: string;
  auditId: number;
}

export interface AuditRow {
  id: number;
  pipeline: Pipeline;
  day: string;
  action: 'score' | 'undo';
  target_json: string;
  score: Severity | null;
  note: string;
  changes_json: string;
  by: string;
  at: string;
  undone_by: number | null;
}

export interface OutboxRow {
  pipeline: Pipeline;
  day: string;
  state: 'saved' | 'queued' | 'sending' | 'sent' | 'failed';
  content: string;
  scored_rows: number;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string | null;
  target: string | null;
  updated_at: string;
  generation: number;
  sent_generation: number | null;
  sent_path: string | null;
  sent_hash: string | null;
  sent_at: string | null;
}

/** A score by criteria that keeps applying to rows imported later (migration 007), until its score is undone. */
export interface StandingRuleRow {
  id: number;
  pipeline: Pipeline;
  /** The score's criteria (a ScoreTarget without explicit rows). */
  target_json: string;
  score: 1 | 2 | 3;
  note: string;
  /** The score that made the rule. */
  audit_id: number;
  by: string;
  at: string;
  /** The undo that ended it; null while it stands. */
  ended_by: number | null;
}

export interface AllowRuleRow {
  id: number;
  kind: 'ip' | 'cidr' | 'domain' | 'uri';
  pattern: string;
  reason: string;
  created_at: string;
}

interface ScoreRecord {
  row_key: string;
  score: Severity;
  note: string;
  matched_by: 'ip' | 'query' | 'both';
  row_json: string;
  by: string;
  at: string;
  audit_id: number;
}

const toStored = (r: ScoreRecord): StoredScore => ({
  rowKey: r.row_key,
  score: r.score,
  note: r.note,
  matchedBy: r.matched_by,
  row: JSON.parse(r.row_json) as OaRow,
  by: r.by,
  at: r.at,
  auditId: r.audit_id,
});

/** Reads shared by reader and writer (the writer needs them inside its transactions). */
function scoresOf(db: Database, pipeline: Pipeline, day: string): StoredScore[] {
  const rows = db
    .prepare(`SELECT * FROM analyst_scores WHERE pipeline = ? AND day = ? ORDER BY at, row_key`)
    .all(pipeline, day) as ScoreRecord[];
  return rows.map(toStored);
}

function dayRows(db: Database, pipeline: Pipeline, day: string): OaRow[] {
  return db.prepare(`SELECT * FROM ${pipeline}_scores WHERE day = ? ORDER BY row_id`).all(day) as OaRow[];
}

export class AnalystReader {
  constructor(private readonly db: Database) {}

  scores(pipeline: Pipeline, day: string): StoredScore[] {
    return scoresOf(this.db, pipeline, day);
  }

  /** The day's `<pipeline>_scores` rows in Spot's order (index = row index in the API). */
  dayRows(pipeline: Pipeline, day: string): OaRow[] {
    return dayRows(this.db, pipeline, day);
  }

  audit(pipeline?: Pipeline, day?: string): AuditRow[] {
    return this.db
      .prepare(
        `SELECT * FROM score_audit WHERE (? IS NULL OR pipeline = ?) AND (? IS NULL OR day = ?) ORDER BY id DESC LIMIT 1000`,
      )
      .all(pipeline ?? null, pipeline ?? null, day ?? null, day ?? null) as AuditRow[];
  }

  outbox(pipeline?: Pipeline, day?: string): OutboxRow[] {
    return this.db
      .prepare(
        `SELECT * FROM feedback_outbox WHERE (? IS NULL OR pipeline = ?) AND (? IS NULL OR day = ?) ORDER BY day DESC, pipeline`,
      )
      .all(pipeline ?? null, pipeline ?? null, day ?? null, day ?? null) as OutboxRow[];
  }

  allowRules(): AllowRuleRow[] {
    return this.db.prepare(`SELECT * FROM allow_list ORDER BY id`).all() as AllowRuleRow[];
  }

  /** Every standing rule of a pipeline (ended ones too), newest first. */
  standingRules(pipeline?: Pipeline): StandingRuleRow[] {
    return this.db
      .prepare(`SELECT * FROM standing_rules WHERE (? IS NULL OR pipeline = ?) ORDER BY id DESC`)
      .all(pipeline ?? null, pipeline ?? null) as StandingRuleRow[];
  }
}

export class AnalystWriter {
  constructor(private readonly db: Database) {}

  /** Runs `work` in one IMMEDIATE transaction: all of an analyst action lands, or none of it. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  scores(pipeline: Pipeline, day: string): StoredScore[] {
    return scoresOf(this.db, pipeline, day);
  }

  dayRows(pipeline: Pipeline, day: string): OaRow[] {
    return dayRows(this.db, pipeline, day);
  }

  auditEntry(id: number): AuditRow | undefined {
    return this.db.prepare(`SELECT * FROM score_audit WHERE id = ?`).get(id) as AuditRow | undefined;
  }

  addAudit(entry: Omit<AuditRow, 'id' | 'undone_by'>): number {
    const result = this.db
      .prepare(
        `INSERT INTO score_audit (pipeline, day, action, target_json, score, note, changes_json, by, at)
         VALUES (@pipeline, @day, @action, @target_json, @score, @note, @changes_json, @by, @at)`,
      )
      .run(entry);
    return Number(result.lastInsertRowid);
  }

  markUndone(id: number, undoneBy: number): void {
    this.db.prepare(`UPDATE score_audit SET undone_by = ? WHERE id = ?`).run(undoneBy, id);
  }

  score(pipeline: Pipeline, day: string, rowKey: string): StoredScore | undefined {
    const r = this.db
      .prepare(`SELECT * FROM analyst_scores WHERE pipeline = ? AND day = ? AND row_key = ?`)
      .get(pipeline, day, rowKey) as ScoreRecord | undefined;
    return r ? toStored(r) : undefined;
  }

  putScore(pipeline: Pipeline, day: string, s: StoredScore): void {
    this.db
      .prepare(
        `INSERT INTO analyst_scores (pipeline, day, row_key, score, note, matched_by, row_json, by, at, audit_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (pipeline, day, row_key) DO UPDATE SET score = excluded.score, note = excluded.note,
           matched_by = excluded.matched_by, row_json = excluded.row_json, by = excluded.by, at = excluded.at,
           audit_id = excluded.audit_id`,
      )
      .run(pipeline, day, s.rowKey, s.score, s.note, s.matchedBy, JSON.stringify(s.row), s.by, s.at, s.auditId);
  }

  deleteScore(pipeline: Pipeline, day: string, rowKey: string): void {
    this.db
      .prepare(`DELETE FROM analyst_scores WHERE pipeline = ? AND day = ? AND row_key = ?`)
      .run(pipeline, day, rowKey);
  }

  /**
   * Rewrites the day's Spot-compatible `<pipeline>_threat_investigation` rows from the analyst scores and the
   * storyboard's marks (threat-investigation.ts, the table's one writer).
   */
  rewriteThreatInvestigation(pipeline: Pipeline, day: string): void {
    rewriteThreatInvestigation(this.db, pipeline, day);
  }

  outbox(pipeline: Pipeline, day: string): OutboxRow | undefined {
    return this.db.prepare(`SELECT * FROM feedback_outbox WHERE pipeline = ? AND day = ?`).get(pipeline, day) as
      OutboxRow | undefined;
  }

  dueOutbox(now: string): OutboxRow[] {
    return this.db
      .prepare(
        `SELECT * FROM feedback_outbox WHERE state IN ('queued','sending') AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
         ORDER BY updated_at`,
      )
      .all(now) as OutboxRow[];
  }

  allOutbox(): OutboxRow[] {
    return this.db.prepare(`SELECT * FROM feedback_outbox`).all() as OutboxRow[];
  }

  /** The outbox state of a day (everything but the file content). */
  putOutboxState(row: Omit<OutboxRow, 'content' | 'scored_rows'>): void {
    this.db
      .prepare(
        `INSERT INTO feedback_outbox (pipeline, day, state, content, scored_rows, attempts, last_error, next_attempt_at,
           target, updated_at, generation, sent_generation, sent_path, sent_hash, sent_at)
         VALUES (@pipeline, @day, @state, '', 0, @attempts, @last_error, @next_attempt_at, @target, @updated_at,
           @generation, @sent_generation, @sent_path, @sent_hash, @sent_at)
         ON CONFLICT (pipeline, day) DO UPDATE SET state = excluded.state, attempts = excluded.attempts,
           last_error = excluded.last_error, next_attempt_at = excluded.next_attempt_at, target = excluded.target,
           updated_at = excluded.updated_at, generation = excluded.generation,
           sent_generation = excluded.sent_generation, sent_path = excluded.sent_path,
           sent_hash = excluded.sent_hash, sent_at = excluded.sent_at`,
      )
      .run(row);
  }

  /** The day's regenerated feedback file, kept beside its outbox state (the push regenerates it again). */
  putOutboxContent(pipeline: Pipeline, day: string, content: string, scoredRows: number): void {
    this.db
      .prepare(
        `INSERT INTO feedback_outbox (pipeline, day, state, content, scored_rows, updated_at) VALUES (?, ?, 'saved', ?, ?, ?)
         ON CONFLICT (pipeline, day) DO UPDATE SET content = excluded.content, scored_rows = excluded.scored_rows`,
      )
      .run(pipeline, day, content, scoredRows, new Date().toISOString());
  }

  addAllowRule(kind: AllowRuleRow['kind'], pattern: string, reason: string): AllowRuleRow {
    this.db
      .prepare(
        `INSERT INTO allow_list (kind, pattern, reason, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (kind, pattern) DO UPDATE SET reason = excluded.reason`,
      )
      .run(kind, pattern, reason, new Date().toISOString());
    return this.db
      .prepare(`SELECT * FROM allow_list WHERE kind = ? AND pattern = ?`)
      .get(kind, pattern) as AllowRuleRow;
  }

  removeAllowRule(id: number): boolean {
    return this.db.prepare(`DELETE FROM allow_list WHERE id = ?`).run(id).changes > 0;
  }

  addStandingRule(rule: Omit<StandingRuleRow, 'id' | 'ended_by'>): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO standing_rules (pipeline, target_json, score, note, audit_id, by, at)
           VALUES (@pipeline, @target_json, @score, @note, @audit_id, @by, @at)`,
        )
        .run(rule).lastInsertRowid,
    );
  }

  /** Ends the rule a score made when that score is undone (no-op for a score that made none). */
  endStandingRule(auditId: number, endedBy: number): void {
    this.db
      .prepare(`UPDATE standing_rules SET ended_by = ? WHERE audit_id = ? AND ended_by IS NULL`)
      .run(endedBy, auditId);
  }

  /** The rules that stand for a pipeline, newest first (the newest judgement of a row wins). */
  activeStandingRules(pipeline: Pipeline): StandingRuleRow[] {
    return this.db
      .prepare(`SELECT * FROM standing_rules WHERE pipeline = ? AND ended_by IS NULL ORDER BY id DESC`)
      .all(pipeline) as StandingRuleRow[];
  }
}
