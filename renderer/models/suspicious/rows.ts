/** The Suspicious view's row: one `<pipeline>_scores` row of the day with what the views join to it. */
import type { Cell } from '../../../shared/api-base';
import { PIPELINE_PROFILES } from '../../../shared/pipeline-profile';
import type { RowScore } from '../../../shared/ops/feedback';
import type { SuspiciousRows } from '../../../shared/ops/triage';
import type { Pipeline, Severity } from '../../../shared/schema';

export interface SuspiciousRow {
  /** Position in Spot's order (0-based): the index scores, explanations and details use. */
  index: number;
  values: Record<string, Cell>;
  explanation: Record<string, unknown> | null;
  /** The analyst's score, when the row is scored. */
  severity: Severity | null;
  note: string;
}

export function toRows(data: SuspiciousRows, scores: readonly RowScore[] = []): SuspiciousRow[] {
  const byIndex = new Map(scores.map((s) => [s.rowIndex, s]));
  return data.rows.map((cells, index) => {
    const values: Record<string, Cell> = {};
    data.columns.forEach((name, i) => (values[name] = cells[i] ?? null));
    const score = byIndex.get(index);
    return {
      index,
      values,
      explanation: data.explanations[index] ?? null,
      severity: score?.score ?? null,
      note: score?.note ?? '',
    };
  });
}

/** Joins fresh analyst scores without rebuilding the rows' values. */
export function withScores(rows: readonly SuspiciousRow[], scores: readonly RowScore[]): SuspiciousRow[] {
  const byIndex = new Map(scores.map((s) => [s.rowIndex, s]));
  return rows.map((row) => {
    const score = byIndex.get(row.index);
    const severity = score?.score ?? null;
    const note = score?.note ?? '';
    return severity === row.severity && note === row.note ? row : { ...row, severity, note };
  });
}

export const str = (v: Cell | undefined): string => (v === null || v === undefined ? '' : String(v));
export const num = (v: Cell | undefined): number => (typeof v === 'number' ? v : Number(v ?? NaN));

export function mlScore(row: SuspiciousRow): number {
  return num(row.values.ml_score);
}

/** The row's main entity per pipeline, for captions: flow `src → dst:port`, dns the query, proxy the URI. */
export function rowCaption(pipeline: Pipeline, row: SuspiciousRow): string {
  return PIPELINE_PROFILES[pipeline].caption(row.values);
}

/** The entities of a row the day can be filtered by, each with its word ("client", "domain") and value ('' when the
 * row has none). */
export function rowEntities(pipeline: Pipeline, row: SuspiciousRow): Array<{ word: string; value: string }> {
  return PIPELINE_PROFILES[pipeline].rowEntities.map(({ word, columns }) => ({
    word,
    value: columns.map((c) => str(row.values[c])).find((v) => v !== '') ?? '',
  }));
}

export const SEVERITY_LABELS: Record<Severity, string> = { 1: 'High', 2: 'Medium', 3: 'Low' };

/** An immutable-by-convention set: the views replace selections and row sets, never mutate them. */
export function setOf<T>(items: Iterable<T> = []): ReadonlySet<T> {
  return new Set(items);
}
