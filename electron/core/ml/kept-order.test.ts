import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keptOrder } from './kept-order';

/** The definition: every kept event sorted (score, then index), cut at maxResults. */
function bySortingAll(scores: Float64Array, tol: number, maxResults: number): number[] {
  const all: number[] = [];
  for (let i = 0; i < scores.length; i++) if ((scores[i] as number) > -1 && (scores[i] as number) <= tol) all.push(i);
  all.sort((a, b) => (scores[a] as number) - (scores[b] as number) || a - b);
  return maxResults > 0 ? all.slice(0, maxResults) : all;
}

describe('keptOrder', () => {
  it('keeps -1 < score ≤ tol, ascending, ties by input order, at most maxResults', () => {
    const scores = Float64Array.from([0.5, -1, NaN, 0.1, 0.1, 2, 0, 0.1, 1e-7]);
    expect([...keptOrder(scores, 1, -1)]).toEqual([6, 8, 3, 4, 7, 0]);
    expect([...keptOrder(scores, 1, 4)]).toEqual([6, 8, 3, 4]);
    expect([...keptOrder(scores, 1e-6, 0)]).toEqual([6, 8]);
    expect([...keptOrder(scores, 1, 100)]).toEqual([6, 8, 3, 4, 7, 0]);
    expect([...keptOrder(new Float64Array(0), 1, 5)]).toEqual([]);
  });

  it('equals sorting every kept event, for any scores (many ties) and cap', () => {
    const score = fc.oneof(
      fc.constantFrom(-1, 0, 0.25, 0.5, 1, 2, Number.NaN),
      fc.double({ min: -1, max: 1.5, noNaN: true }),
    );
    fc.assert(
      fc.property(fc.array(score, { maxLength: 300 }), fc.integer({ min: -1, max: 320 }), (values, maxResults) => {
        const scores = Float64Array.from(values);
        expect([...keptOrder(scores, 1, maxResults)]).toEqual(bySortingAll(scores, 1, maxResults));
      }),
      { numRuns: 300 },
    );
  });
});
