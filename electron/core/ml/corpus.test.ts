import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCorpus, CorpusBuilder, type TokenPart } from './corpus';

describe('buildCorpus', () => {
  it('gives exactly the triples of CorpusBuilder fed the same tokens (negative ids skipped, counts summed)', () => {
    const token = fc.tuple(fc.integer({ min: -1, max: 6 }), fc.integer({ min: -3, max: 9 }));
    const part = fc.record({
      tokens: fc.array(token, { maxLength: 60 }),
      weights: fc.option(fc.constantFrom(1, 3, 1000), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 3 }), (spec) => {
        const builder = new CorpusBuilder();
        const parts: TokenPart[] = spec.map(({ tokens, weights }) => {
          const doc = Int32Array.from(tokens.map(([d]) => d));
          const word = Int32Array.from(tokens.map(([, w]) => w));
          const count = weights === undefined ? undefined : Float64Array.from(tokens.map(() => weights));
          return { doc, word, ...(count ? { count } : {}) };
        });
        // CorpusBuilder sees the tokens interleaved across parts: the order must not matter.
        const longest = Math.max(...parts.map((p) => p.doc.length));
        for (let i = 0; i < longest; i++)
          for (const p of parts)
            if (i < p.doc.length && p.doc[i]! >= 0 && p.word[i]! >= 0) builder.add(p.doc[i]!, p.word[i]!, p.count?.[i]);
        const expected = builder.build(7, 10);
        const got = buildCorpus(parts, 7, 10);
        expect({ ...got, doc: [...got.doc], word: [...got.word], count: [...got.count] }).toEqual({
          ...expected,
          doc: [...expected.doc],
          word: [...expected.word],
          count: [...expected.count],
        });
      }),
      { numRuns: 300 },
    );
  });
});
