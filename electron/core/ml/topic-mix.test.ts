import { describe, expect, it } from 'vitest';
import type { LdaModel } from './lda';
import { TopicMixCollector, topTopics, typicalWords, type EndSource } from './topic-mix';

/** 2 documents, 3 words, 3 topics, with θ and φ set by hand (φ word-major: [w·K + k]). */
const model: LdaModel = {
  topics: 3,
  numDocs: 2,
  numWords: 3,
  theta: Float64Array.from([0.7, 0.1, 0.2, 0, 1, 0]),
  phi: Float64Array.from([0.5, 0.1, 0.0, 0.3, 0.1, 0.9, 0.2, 0.8, 0.1]),
};

const source: EndSource = {
  // event 0: document 0 with word 2; event 1: both documents (a flow's two ends); event 2: an invalid row.
  scoredEnds: (event) =>
    [
      [{ doc: 0, word: 2 }],
      [
        { doc: 0, word: 0 },
        { doc: 1, word: 1 },
      ],
      [],
    ][event] ?? [],
  documentName: (doc) => ['10.0.0.5', '203.0.113.9'][doc] ?? '',
  wordName: (word) => ['w-a', 'w-b', 'w-c'][word] ?? '',
};

describe('topic mix', () => {
  it('ranks a document’s topics by share and leaves out zero shares', () => {
    expect(topTopics(model, 0)).toEqual([
      [0, 0.7],
      [2, 0.2],
      [1, 0.1],
    ]);
    expect(topTopics(model, 1)).toEqual([[1, 1]]);
    expect(topTopics(model, 0, 1)).toEqual([[0, 0.7]]);
  });

  it('names the most probable words of a topic', () => {
    expect(typicalWords(model, 0, 2)).toEqual([0, 1]);
    expect(typicalWords(model, 1, 3)).toEqual([2, 0, 1]);
    expect(typicalWords(model, 2, 1)).toEqual([1]);
  });

  it('writes each kept row’s ends by results line, with θ, φ under the named topics and P(w|d)', () => {
    const collector = new TopicMixCollector(model, source);
    // Ranks arrive in input order, not rank order (pass 2 reads the day in input order).
    collector.add(1, 0);
    collector.add(0, 1);
    collector.add(2, 2);
    const doc = collector.document('flow', '2026-03-05', 'abc');
    expect(doc.topicCount).toBe(3);
    expect(doc.rows).toEqual([
      [
        ['10.0.0.5', 'w-a', 0.7 * 0.5 + 0.1 * 0.1 + 0.2 * 0],
        ['203.0.113.9', 'w-b', 0.1],
      ],
      [['10.0.0.5', 'w-c', 0.7 * 0.2 + 0.1 * 0.8 + 0.2 * 0.1]],
      [],
    ]);
    expect(doc.documents).toEqual({
      '10.0.0.5': [
        [0, 0.7],
        [2, 0.2],
        [1, 0.1],
      ],
      '203.0.113.9': [[1, 1]],
    });
    expect(doc.words['w-c']).toEqual({ 0: 0.2, 1: 0.8, 2: 0.1 });
    // w-b was scored in 203.0.113.9 only, whose one topic is 1.
    expect(doc.words['w-b']).toEqual({ 1: 0.1 });
    expect(doc.topics).toEqual({ 0: ['w-a', 'w-b', 'w-c'], 1: ['w-c', 'w-a', 'w-b'], 2: ['w-b', 'w-c', 'w-a'] });
  });
});
