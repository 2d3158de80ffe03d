/**
 * The one writer of `<pipeline>_threat_investigation`, Spot's table of the events the analyst marked
 * (feedback.md §1). Its rows are derived, never edited in place: one per analyst score (analyst_scores) and one
 * per storyboard mark (threat_marks: saving a threat marks its anchor High) whose anchor no score already marks
 * High, in the order the analyst made them. The scoring service and the threat save both rewrite a day through
 * rewriteThreatInvestigation(), inside their own transactions, so neither can drop the other's rows.
 */
import type { Database } from 'better-sqlite3';
import type { AnchorKind } from '../../../shared/ops/investigation';
import { OA_TABLES, type OaTable, type Pipeline, type Severity } from '../../../shared/schema';
import { profileOf, type ThreatInvestigationRow } from '../profiles/index';
import type { OaRow } from './types';

export type { ThreatInvestigationRow };

/** What a row needs of an analyst score. */
export interface ScoreMark {
  score: Severity;
  matchedBy: 'ip' | 'query' | 'both';
  row: OaRow;
  at: string;
}

/** A saved threat's High mark on its anchor. */
export interface ThreatMark {
  anchor: string;
  kind: AnchorKind;
  row: ThreatInvestigationRow;
  savedAt: string;
}

/** The day's rows: scores and marks in time order (a score first on a tie); a mark a score already makes is left out. */
export function threatInvestigationRows(
  pipeline: Pipeline,
  scores: readonly ScoreMark[],
  marks: readonly ThreatMark[],
): ThreatInvestigationRow[] {
  const fromScores = scores.map((s) => ({ at: s.at, rank: 0, row: profileOf(pipeline).threatInvestigationRow(s) }));
  const fromMarks = marks
    .filter((m) => !fromScores.some((s) => profileOf(pipeline).marksHigh(s.row, m.anchor, m.kind)))
    .map((m) => ({ at: m.savedAt, rank: 1, row: m.row }));
  return [...fromScores, ...fromMarks]
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.rank - b.rank))
    .map((r) => r.row);
}

function scoresOfDay(db: Database, pipeline: Pipeline, day: string): ScoreMark[] {
  const rows = db
    .prepare(
      `SELECT score, matched_by, row_json, at FROM analyst_scores WHERE pipeline = ? AND day = ? ORDER BY at, row_key`,
    )
    .all(pipeline, day) as Array<{
    score: Severity;
    matched_by: ScoreMark['matchedBy'];
    row_json: string;
    at: string;
  }>;
  return rows.map((r) => ({ score: r.score, matchedBy: r.matched_by, row: JSON.parse(r.row_json) as OaRow, at: r.at }));
}

function marksOfDay(db: Database, pipeline: Pipeline, day: string): ThreatMark[] {
  const rows = db
    .prepare(`SELECT anchor, kind, row_json, saved_at FROM threat_marks WHERE pipeline = ? AND day = ? ORDER BY id`)
    .all(pipeline, day) as Array<{ anchor: string; kind: AnchorKind; row_json: string; saved_at: string }>;
  return rows.map((r) => ({
    anchor: r.anchor,
    kind: r.kind,
    row: JSON.parse(r.row_json) as ThreatInvestigationRow,
    savedAt: r.saved_at,
  }));
}

/** Records a saved threat's mark; a later save of the same anchor keeps the first (the mark is written once). */
export function putThreatMark(db: Database, pipeline: Pipeline, day: string, mark: ThreatMark): void {
  db.prepare(
    `INSERT OR IGNORE INTO threat_marks (pipeline, day, anchor, kind, row_json, saved_at) VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(pipeline, day, mark.anchor, mark.kind, JSON.stringify(mark.row), mark.savedAt);
}

/** Rewrites the day's `<pipeline>_threat_investigation` rows from its scores and marks (call inside a transaction). */
export function rewriteThreatInvestigation(db: Database, pipeline: Pipeline, day: string): void {
  const table: OaTable = `${pipeline}_threat_investigation`;
  const columns = OA_TABLES[table].map((c) => c.name);
  db.prepare(`DELETE FROM ${table} WHERE day = ?`).run(day);
  const insert = db.prepare(
    `INSERT INTO ${table} (day, ${columns.join(', ')}) VALUES (?, ${columns.map(() => '?').join(', ')})`,
  );
  for (const row of threatInvestigationRows(pipeline, scoresOfDay(db, pipeline, day), marksOfDay(db, pipeline, day)))
    insert.run(day, ...columns.map((c) => row[c] ?? null));
}
