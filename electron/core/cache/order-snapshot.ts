/**
 * A day's order as one import left it, to tell what the next import of the day changed (issue #16: after a
 * re-score the view says what changed). Per row: the event's key (feedback/rules.ts rowKey, stable across imports),
 * its case (shared/case-key.ts) and its place in the combined-risk order before any label (`riskRank`, else its
 * place in Spot's order). Pure: the import writes it (cache/write.ts), scoring/order-changes.ts compares.
 */
import { caseKeyFromFacts } from '../../../shared/case-key';
import { riskFactsOf } from '../../../shared/risk-order';
import type { Pipeline } from '../../../shared/schema';
import { rowKey } from '../feedback/rules';
import type { OaRow } from './types';

export interface SnapshotRow {
  /** rowKey of the event */
  k: string;
  /** case key */
  c: string;
  /** place in the order (0 = first) */
  r: number;
}

export interface OrderSnapshot {
  /** When the import the snapshot describes was made. */
  importedAt: string;
  rows: SnapshotRow[];
}

export function snapshotRows(
  pipeline: Pipeline,
  rows: readonly OaRow[],
  explanations: ReadonlyArray<Record<string, unknown> | null | undefined>,
): SnapshotRow[] {
  return rows.map((row, i) => {
    const explanation = explanations[i] ?? null;
    const rank = explanation?.riskRank;
    return {
      k: rowKey(pipeline, row),
      c: caseKeyFromFacts(riskFactsOf(explanation), '').key,
      r: typeof rank === 'number' ? rank : i,
    };
  });
}
