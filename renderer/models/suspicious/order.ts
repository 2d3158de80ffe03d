/**
 * The suspicious list's default order. "Combined risk" puts rows that a named detection covers (beaconing,
 * tunnelling, DGA, port scan …, stored by the import in the row's explanation) first, strongest detection first,
 * then every other row in Spot's order; "LDA" is Spot's pure order (rank / ascending ml_score). Stable.
 */
import type { SuspiciousRow } from './rows';

export type RowOrder = 'combined' | 'lda';

/** The strongest detection covering the row (0–1), or null when none does. */
export function detectionStrength(row: SuspiciousRow): number | null {
  const detections = row.explanation?.detections;
  if (!Array.isArray(detections) || detections.length === 0) return null;
  let best = 0;
  for (const d of detections) {
    const strength = d && typeof d === 'object' ? Number((d as { strength?: unknown }).strength) : NaN;
    best = Math.max(best, Number.isFinite(strength) ? strength : 0);
  }
  return best;
}

export function orderRows(rows: readonly SuspiciousRow[], order: RowOrder): SuspiciousRow[] {
  if (order === 'lda') return [...rows].sort((a, b) => a.index - b.index);
  return rows
    .map((row) => ({ row, strength: detectionStrength(row) }))
    .sort((a, b) => {
      if ((a.strength === null) !== (b.strength === null)) return a.strength === null ? 1 : -1;
      return (b.strength ?? 0) - (a.strength ?? 0) || a.row.index - b.row.index;
    })
    .map((x) => x.row);
}
