/**
 * The suspicious list's default order. "Combined risk" is shared/risk-order.ts, the one definition the CLI's `list`
 * uses too: one representative row per finding and actor first, then every row by combined risk with the analyst's
 * labels applied at once (rows like a low-risk row sink, rows like a high-risk row rise). Days cached before the
 * import stored risk facts fall back to the stored `riskRank`, then to "covered rows first, strongest first".
 * "LDA" is Spot's pure order (rank / ascending ml_score). Stable.
 */
import {
  NO_LABELS,
  riskFactsOf,
  riskLabels,
  riskOrder,
  type RiskItem,
  type RiskLabels,
} from '../../../shared/risk-order';
import type { SuspiciousRow } from './rows';

export type RowOrder = 'combined' | 'lda';

export interface RowDetection {
  /** e.g. "beaconing", "dns tunnelling" */
  name: string;
  /** 0–1 */
  strength: number;
  /** The evidence in words, e.g. "288 connections every 300 s (strength 0.92)". */
  detail: string;
}

/** The named detections the import stored for the row, strongest first (malformed entries count as 0). */
export function rowDetections(row: SuspiciousRow): RowDetection[] {
  const detections = row.explanation?.detections;
  if (!Array.isArray(detections)) return [];
  return detections
    .map((d): RowDetection => {
      const o = d && typeof d === 'object' ? (d as Record<string, unknown>) : {};
      const strength = Number(o.strength);
      return {
        name: typeof o.name === 'string' ? o.name : 'detection',
        strength: Number.isFinite(strength) ? strength : 0,
        detail: typeof o.detail === 'string' ? o.detail : '',
      };
    })
    .sort((a, b) => b.strength - a.strength);
}

/** The strongest detection covering the row (0–1), or null when none does. */
export function detectionStrength(row: SuspiciousRow): number | null {
  return rowDetections(row)[0]?.strength ?? null;
}

/** The row's place in the stored combined-risk order, or null when the import stored none. */
export function riskRank(row: SuspiciousRow): number | null {
  const rank = row.explanation?.riskRank;
  return typeof rank === 'number' && Number.isInteger(rank) && rank >= 0 ? rank : null;
}

const riskItem = (row: SuspiciousRow): RiskItem & { row: SuspiciousRow } => ({
  index: row.index,
  facts: riskFactsOf(row.explanation),
  severity: row.severity,
  row,
});

/** The labels the analyst's scores make, from every row of the day (hidden scored rows included). */
export function labelsOf(rows: readonly SuspiciousRow[]): RiskLabels {
  return riskLabels(rows.map(riskItem));
}

export function orderRows(
  rows: readonly SuspiciousRow[],
  order: RowOrder,
  labels: RiskLabels = NO_LABELS,
): SuspiciousRow[] {
  if (order === 'lda') return [...rows].sort((a, b) => a.index - b.index);
  if (rows.length > 0 && rows.every((row) => riskFactsOf(row.explanation) !== null))
    return riskOrder(rows.map(riskItem), labels).map((item) => item.row);
  return rows
    .map((row) => ({ row, rank: riskRank(row), strength: detectionStrength(row) }))
    .sort((a, b) => {
      if ((a.rank === null) !== (b.rank === null)) return a.rank === null ? 1 : -1;
      if (a.rank !== null && b.rank !== null) return a.rank - b.rank || a.row.index - b.row.index;
      if ((a.strength === null) !== (b.strength === null)) return a.strength === null ? 1 : -1;
      return (b.strength ?? 0) - (a.strength ?? 0) || a.row.index - b.row.index;
    })
    .map((x) => x.row);
}
