/**
 * What a re-import of a day the analyst has labelled keeps of the analyst's work, so that labels + Score this day
 * never undo what the labels did at once:
 *  - Rows the analyst scored, and rows the list showed, stay in the day. Re-scoring learns from the labels, so the scorer ranks the labelled
 *    rows far down and the import's top N may leave them out; their labels would then stop moving the rows like
 *    them (shared/risk-order.ts reads labels from the day's scored rows); and rows unlike any label leave the list
 *    when the shifted model pushes them past its top N. Each such row is kept after the day's own rows, with the
 *    explanation it had (its risk facts: findings, entity, word). Rows a finding covers come back through the
 *    findings as before.
 *  - A retrained LDA does not reorder the rows no finding covers. With a thousand copies of each benign label the
 *    topic model shifts, and rows unlike any label (a whole client's browsing) can jump to the top of the LDA
 *    order and push every other row down, although nothing the analyst said concerns them. So once a day has
 *    labels, such a row keeps the LDA share of risk it had before the re-score (0 for a row that was past the
 *    LDA's top N, not in the list); the labels lower the rows like them as they do at once (entity, word).
 *    The results file and the LDA order stay the retrained model's (Spot's own order, one click away).
 */
import { riskFactsOf, riskOrder } from '../../../shared/risk-order';
import type { Cache, DayImport } from '../cache/index';
import type { OaRow } from '../cache/types';
import { rowKey } from '../feedback/rules';

type Explanation = Record<string, unknown>;

export function withAnalystWork(cache: Cache, day: DayImport): DayImport {
  const { pipeline, date } = day;
  const scores = cache.analystRead.scores(pipeline, date);
  if (scores.length === 0) return day;
  const table = `${pipeline}_scores` as const;
  const rows = day.tables[table] ?? [];
  const explanations: Explanation[] = rows.map((_, i) => ({ ...(day.explanations?.[i] ?? {}) }));

  const previousRows = cache.analystRead.dayRows(pipeline, date);
  const previousExplanations = cache.triage.suspiciousRows(pipeline, date).explanations;
  const previous = new Map<string, number>();
  previousRows.forEach((row, index) => previous.set(rowKey(pipeline, row), index));

  keepUncoveredRisk(pipeline, rows, explanations, previous, previousExplanations);

  // Rows the new import left out that the analyst scored, or that the list showed with no finding covering them
  // (the retrained LDA pushed them past its top N), with their previous explanation (or the score's row snapshot).
  const present = new Set(rows.map((row) => rowKey(pipeline, row)));
  const kept: { row: OaRow; explanation: Explanation }[] = [];
  const keep = (key: string, snapshot: OaRow | null, why: string): void => {
    if (present.has(key)) return;
    present.add(key);
    const at = previous.get(key);
    const row = at === undefined ? snapshot : (previousRows[at] as OaRow);
    if (row === null) return;
    const {
      riskRank: _rank,
      outsideTop: _outside,
      ...before
    } = (at === undefined ? null : previousExplanations[at]) ?? {};
    // "Why suspicious" words `kept` as "Kept in the list after Score this day: <why>." (renderer explain.ts).
    kept.push({ row, explanation: { risk: 0, findings: [], ...before, kept: why } });
  };
  for (const score of scores)
    keep(score.rowKey, score.row, 'you scored it; the re-scored day no longer ranks it among its top rows');
  previousRows.forEach((row, at) => {
    if (uncovered(previousExplanations[at]))
      keep(
        rowKey(pipeline, row),
        null,
        'listed before your labels; the re-scored LDA no longer ranks it among its top rows',
      );
  });
  const allRows = [...rows, ...kept.map((k) => k.row)];
  const allExplanations = [...explanations, ...kept.map((k) => k.explanation)];
  // The stored place in the default order (riskRank, for readers without the facts) follows the new risks.
  const items = allExplanations.map((e, index) => ({ index, facts: riskFactsOf(e), severity: null }));
  riskOrder(items).forEach((item, rank) => ((allExplanations[item.index] as Explanation).riskRank = rank));
  return { ...day, tables: { ...day.tables, [table]: allRows }, explanations: allExplanations };
}

const uncovered = (e: Explanation | null | undefined): boolean =>
  typeof e?.risk === 'number' && (!Array.isArray(e.findings) || e.findings.length === 0);

/** Gives each row no finding covers its risk in the previous import (see above). */
function keepUncoveredRisk(
  pipeline: DayImport['pipeline'],
  rows: readonly OaRow[],
  explanations: Explanation[],
  previous: ReadonlyMap<string, number>,
  previousExplanations: readonly (Explanation | null)[],
): void {
  rows.forEach((row, i) => {
    const e = explanations[i] as Explanation;
    if (!uncovered(e)) return;
    const at = previous.get(rowKey(pipeline, row));
    const before = at === undefined ? null : previousExplanations[at];
    // A row the previous import left out was past the LDA's top N: its LDA share was 0. A row covered before but
    // not now keeps the new risk (the findings changed, not the LDA).
    if (before === null || before === undefined) e.risk = 0;
    else if (uncovered(before)) e.risk = before.risk;
  });
}
