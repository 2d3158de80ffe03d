import { describe, expect, it } from 'vitest';
import {
  ANSWERS_TEXT,
  EMPTY_ANSWERS,
  answersText,
  answersTitle,
  answersToFetch,
  withAnswers,
  type AnswersCache,
} from './answers';

describe('DNS answers column', () => {
  it('asks only for the rows of the page not known and not already asked, one page at most', () => {
    const cache = withAnswers(EMPTY_ANSWERS, { hasData: true, rows: [{ row: 3, answers: ['1.2.3.4'] }] });
    expect(answersToFetch([1, 2, 3, 4, 5], cache, new Set([4]))).toEqual([1, 2, 5]);
    expect(answersToFetch([1, 2, 5, 6], cache, new Set(), 2)).toEqual([1, 2]);
  });

  it('asks nothing more once the day is known to have no answers data', () => {
    const cache = withAnswers(EMPTY_ANSWERS, { hasData: false, rows: [{ row: 0, answers: null }] });
    expect(answersToFetch([0, 1, 2], cache, new Set())).toEqual([]);
    expect(answersText(cache, 7)).toBe(ANSWERS_TEXT.noDayData);
    expect(answersTitle(cache, 7)).toMatch(/without raw DNS events/);
  });

  it('writes answers, no answer, not kept and loading differently', () => {
    const cache: AnswersCache = withAnswers(EMPTY_ANSWERS, {
      hasData: true,
      rows: [
        { row: 0, answers: ['93.184.216.34', '93.184.216.35'] },
        { row: 1, answers: [] },
        { row: 2, answers: null },
      ],
    });
    expect(answersText(cache, 0)).toBe('93.184.216.34, 93.184.216.35');
    expect(answersTitle(cache, 0)).toBe('93.184.216.34\n93.184.216.35');
    expect(answersText(cache, 1)).toBe(ANSWERS_TEXT.none);
    expect(answersText(cache, 2)).toBe(ANSWERS_TEXT.notKept);
    expect(answersText(cache, 3)).toBe(ANSWERS_TEXT.loading);
  });

  it('adds pages without changing the cache it was given', () => {
    const first = withAnswers(EMPTY_ANSWERS, { hasData: true, rows: [{ row: 0, answers: ['a'] }] });
    const second = withAnswers(first, { hasData: true, rows: [{ row: 1, answers: ['b'] }] });
    expect(first.byRow.size).toBe(1);
    expect(second.byRow.size).toBe(2);
    expect(EMPTY_ANSWERS.byRow.size).toBe(0);
  });
});
