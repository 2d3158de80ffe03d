/** Scoring from the Suspicious view (feedback.md §1, desktop rules): what a quick-scoring text targets, and which
 * rows the table shows (scored and allow-listed rows are hidden unless asked for). */
import type { ScoreTarget } from '../../../shared/ops/feedback';
import { PIPELINE_PROFILES } from '../../../shared/pipeline-profile';
import type { Pipeline } from '../../../shared/schema';
import { isIp } from './filter';
import type { SuspiciousRow } from './rows';

export type QuickTarget = { ok: true; target: ScoreTarget; describe: string } | { ok: false; error: string };

/** Quick scoring: flow an IP (as source or destination) or a port (destination); dns a client IP or an exact
 * query name; proxy an exact full URI. */
export function quickTarget(pipeline: Pipeline, input: string): QuickTarget {
  const text = input.trim();
  if (text === '') return { ok: false, error: 'Type an IP, a port, a domain or a URI to score.' };
  const rule = PIPELINE_PROFILES[pipeline].quickScore;
  const quick =
    rule.ip && isIp(text)
      ? rule.ip(text)
      : rule.port && /^\d{1,5}$/.test(text) && Number(text) <= 65535
        ? rule.port(Number(text))
        : rule.text?.(text);
  if (quick) return { ok: true, ...quick };
  return { ok: false, error: rule.refusal ?? 'This pipeline has no quick scoring.' };
}

/** The target that scores exactly these rows. */
export function rowsTarget(indexes: Iterable<number>): ScoreTarget {
  return { rows: [...new Set(indexes)].sort((a, b) => a - b) };
}

export interface Visibility {
  showScored: boolean;
  showAllowListed: boolean;
  allowListed: ReadonlySet<number>;
}

/** Rows the table shows. Scored rows are hidden by default (only rows a score actually matched: desktop rule,
 * not Spot's OR-join), allow-listed rows too; the toggles bring them back. */
export function visibleRows(rows: readonly SuspiciousRow[], v: Visibility): SuspiciousRow[] {
  return rows.filter(
    (r) => (v.showScored || r.severity === null) && (v.showAllowListed || !v.allowListed.has(r.index)),
  );
}

/** The counts shown beside the toggles. */
export function hiddenCounts(
  rows: readonly SuspiciousRow[],
  allowListed: ReadonlySet<number>,
): { scored: number; allowListed: number } {
  let scored = 0;
  let allowed = 0;
  for (const r of rows) {
    if (r.severity !== null) scored += 1;
    if (allowListed.has(r.index)) allowed += 1;
  }
  return { scored, allowListed: allowed };
}
