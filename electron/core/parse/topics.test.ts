import { describe, expect, it } from 'vitest';
import { InputError } from '../errors';
import { parseTopicsFile } from './topics';

const FILE = '/tree/dns/scored_results/20260305/scores/dns_topics.json';
const good = {
  pipeline: 'dns',
  date: '2026-03-05',
  resultsSha256: 'ab12',
  topicCount: 20,
  topics: { '3': ['w1', 'w2', 'w3'], '0': ['w4', 'w5', 'w6'] },
  documents: {
    '10.0.0.5': [
      [3, 0.7],
      [0, 0.2],
    ],
  },
  words: { wq: { '3': 0.001, '0': 0.02 } },
  rows: [[['10.0.0.5', 'wq', 0.0047]], [], [['10.0.0.5', 'wq', 0.0047]]],
};
const parse = (doc: unknown, lines = 10, sha: string | undefined = 'ab12') =>
  parseTopicsFile('dns', FILE, JSON.stringify(doc), sha, lines);

describe('parseTopicsFile', () => {
  it('gives each results line its ends, topics numbered from 1, with typical words', () => {
    const { byLine, stale } = parse(good);
    expect(stale).toBe(false);
    expect([...byLine.keys()]).toEqual([1, 3]); // line 2 has no end in the model
    expect(byLine.get(1)).toEqual({
      topicCount: 20,
      ends: [
        {
          document: '10.0.0.5',
          word: 'wq',
          probability: 0.0047,
          topics: [
            { topic: 4, share: 0.7, wordProbability: 0.001, typicalWords: ['w1', 'w2', 'w3'] },
            { topic: 1, share: 0.2, wordProbability: 0.02, typicalWords: ['w4', 'w5', 'w6'] },
          ],
        },
      ],
    });
    expect([...parse(good, 1).byLine.keys()]).toEqual([1]);
  });

  it('leaves out a file written for another results file', () => {
    expect(parse(good, 10, 'ffff')).toEqual({ byLine: new Map(), stale: true });
  });

  it('names the file and the field of bad input', () => {
    const cases: Array<[unknown, string]> = [
      [{ ...good, pipeline: 'flow' }, 'field pipeline'],
      [{ ...good, topicCount: 0 }, 'field topicCount'],
      [{ ...good, rows: [[['10.0.0.5', 'wq', 2]]] }, 'field rows[0][0][2]'],
      [{ ...good, documents: { '10.0.0.5': [[20, 0.5]] } }, 'field documents.10.0.0.5[0]'],
      [{ ...good, words: { wq: { '3': 0.1 } } }, 'field words.wq.0'],
      [{ ...good, topics: { '3': ['w1'] } }, 'field topics.0'],
    ];
    for (const [doc, field] of cases) {
      const error = (() => {
        try {
          parse(doc);
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toContain(FILE);
      expect((error as Error).message).toContain(field);
    }
    expect(() => parseTopicsFile('dns', FILE, '{"pipeline":', 'ab12', 1)).toThrow(/dns_topics\.json.*not JSON/);
  });
});
