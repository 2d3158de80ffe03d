/**
 * The day's suspicious rows exactly as the view lists them by default (shared/risk-order.ts with the analyst's
 * labels; scored and allow-listed rows hidden unless asked for), for the CLI's `list`, scripts, a SOAR and the
 * detection benchmark.
 */
import type { SuspiciousListRow } from '../../../shared/ops/triage';
import { riskFactsOf, riskLabels, riskOrder, type RiskItem } from '../../../shared/risk-order';
import type { Pipeline } from '../../../shared/schema';
import type { Cache } from '../cache/index';
import { allowListMatches } from '../feedback/allow-list';
import { dayScores } from './service';

/** Indexes of the day's rows an allow-list rule covers. */
export function allowListedRows(cache: Cache, pipeline: Pipeline, date: string): number[] {
  const rules = cache.analystRead.allowRules();
  const hidden: number[] = [];
  cache.analystRead.dayRows(pipeline, date).forEach((row, index) => {
    if (rules.some((rule) => allowListMatches(pipeline, rule, row))) hidden.push(index);
  });
  return hidden;
}

export interface ListOptions {
  order: 'risk' | 'lda';
  /** Include scored and allow-listed rows. */
  all: boolean;
  limit?: number;
}

/** The day's rows in the view's order; `position` counts from 0 over the rows listed. */
export function listSuspicious(
  cache: Cache,
  pipeline: Pipeline,
  date: string,
  options: ListOptions,
): { columns: string[]; rows: SuspiciousListRow[]; hidden: { scored: number; allowListed: number } } {
  const day = cache.triage.suspiciousRows(pipeline, date);
  const severity = new Map(dayScores(cache, pipeline, date).map((s) => [s.rowIndex, s.score]));
  const allowListed = new Set(allowListedRows(cache, pipeline, date));
  const items = day.rows.map((_, index): RiskItem => ({
    index,
    facts: riskFactsOf(day.explanations[index] ?? null),
    severity: severity.get(index) ?? null,
  }));
  const ordered = options.order === 'lda' ? items : riskOrder(items, riskLabels(items));
  const hidden = { scored: 0, allowListed: 0 };
  const rows: SuspiciousListRow[] = [];
  for (const item of ordered) {
    const scored = item.severity !== null;
    if (!options.all && (scored || allowListed.has(item.index))) {
      if (scored) hidden.scored++;
      else hidden.allowListed++;
      continue;
    }
    if (options.limit !== undefined && rows.length >= options.limit) continue;
    const explanation = day.explanations[item.index] ?? null;
    const detections = Array.isArray(explanation?.detections) ? (explanation.detections as { name?: unknown }[]) : [];
    const risk = typeof explanation?.risk === 'number' ? explanation.risk : null;
    rows.push({
      position: rows.length,
      index: item.index,
      finding: detections.map((d) => String(d.name ?? '')).filter((n) => n !== '')[0] ?? '',
      risk,
      severity: item.severity,
      values: day.rows[item.index] ?? [],
    });
  }
  return { columns: day.columns, rows, hidden };
}
