/**
 * The DNS table's Answers column: filled after the table's first paint by one `dns.answers` read per page of
 * rows on screen. Until a row's answers arrive the cell says so; a day that kept no raw events says that
 * instead of leaving the column blank.
 */
import type { DnsAnswers } from '../../../shared/ops/triage';

export interface AnswersCache {
  /** null until the first page arrives; then whether the day kept any raw DNS events. */
  hasData: boolean | null;
  /** Row index → answers ([] = the server answered none; null = no raw event of the row was kept). */
  byRow: ReadonlyMap<number, readonly string[] | null>;
}

export const EMPTY_ANSWERS: AnswersCache = { hasData: null, byRow: new Map() };

/** At most this many rows per read (a page of the table with overscan fits easily). */
export const ANSWERS_PAGE = 200;

/** The rows of a page still to ask about: not known yet, not already asked, at most one page. */
export function answersToFetch(
  page: readonly number[],
  cache: AnswersCache,
  asked: ReadonlySet<number>,
  max = ANSWERS_PAGE,
): number[] {
  if (cache.hasData === false) return [];
  const out: number[] = [];
  for (const index of page) {
    if (out.length >= max) break;
    if (!cache.byRow.has(index) && !asked.has(index)) out.push(index);
  }
  return out;
}

/** The cache with a page's answers added (a new object: the view's state is replaced, never mutated). */
export function withAnswers(cache: AnswersCache, page: DnsAnswers): AnswersCache {
  const byRow = new Map(cache.byRow);
  for (const { row, answers } of page.rows) byRow.set(row, answers);
  return { hasData: cache.hasData === true || page.hasData, byRow };
}

export const ANSWERS_TEXT = {
  loading: '…',
  noDayData: 'no answers data this day',
  notKept: 'not kept',
  none: 'no answer',
} as const;

/** What the Answers cell of a row says. */
export function answersText(cache: AnswersCache, index: number): string {
  if (cache.hasData === false) return ANSWERS_TEXT.noDayData;
  if (!cache.byRow.has(index)) return ANSWERS_TEXT.loading;
  const answers = cache.byRow.get(index);
  if (answers === null || answers === undefined) return ANSWERS_TEXT.notKept;
  return answers.length === 0 ? ANSWERS_TEXT.none : answers.join(', ');
}

/** The cell's hover text: the whole list, or why there is none. */
export function answersTitle(cache: AnswersCache, index: number): string {
  const text = answersText(cache, index);
  if (text === ANSWERS_TEXT.noDayData)
    return 'This day was imported without raw DNS events (no dns_edge or dns_dendro rows), so no answers are known.';
  if (text === ANSWERS_TEXT.notKept)
    return 'The import kept no raw event of this row (Spot keeps 250 events per query and hour, and per client).';
  if (text === ANSWERS_TEXT.none) return 'The server returned no answer records (see the Rcode).';
  if (text === ANSWERS_TEXT.loading) return 'Loading the answers…';
  return (cache.byRow.get(index) ?? []).join('\n');
}
