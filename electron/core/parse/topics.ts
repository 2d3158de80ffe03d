/**
 * `<type>_topics.json`, which the embedded scorer writes beside `<type>_results.csv` (ml/topic-mix.ts): for each
 * results line, the document(s) and word the row was scored on, the documents' largest topic shares and the word's
 * probability under those topics. The import adds it to "Why suspicious" as `topicMix`. Parsed strictly: an error
 * names the file and the field path; a file written for another results file is left out (stale).
 */
import type { Pipeline } from '../../../shared/schema';
import { InputError } from '../errors';

/** One end of a row as "Why suspicious" shows it. Topics are numbered from 1 (the model's index + 1). */
export interface TopicMixEnd {
  document: string;
  word: string;
  /** P(word | document) = Σ_k θ_k φ_k(word): the row's LDA score for this end. */
  probability: number;
  topics: Array<{ topic: number; share: number; wordProbability: number; typicalWords: string[] }>;
}

/** The `topicMix` fact of one results row. */
export interface TopicMixFact {
  topicCount: number;
  ends: TopicMixEnd[];
}

export interface TopicsFileContent {
  /** Results line (1-based) → its fact; lines with no end in the model are absent. */
  byLine: Map<number, TopicMixFact>;
  stale: boolean;
}

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isProbability = (v: Json): v is number => typeof v === 'number' && v >= 0 && v <= 1;

/** Parses the facts of results lines 1..`lines` (the rows the import keeps). */
export function parseTopicsFile(
  pipeline: Pipeline,
  fileName: string,
  text: string,
  resultsSha256: string | undefined,
  lines: number,
): TopicsFileContent {
  let document: Json;
  try {
    document = JSON.parse(text) as Json;
  } catch (error) {
    throw new InputError(fileName, null, null, `not JSON: ${(error as Error).message}`);
  }
  const fail = (field: string, problem: string): never => {
    throw new InputError(fileName, null, field, problem);
  };
  if (!isObject(document)) return fail('', 'expected a JSON object');
  if (document.pipeline !== pipeline) fail('pipeline', `holds ${String(document.pipeline)} topics, not ${pipeline}`);
  if (typeof document.resultsSha256 !== 'string') fail('resultsSha256', 'expected a hex string');
  if (resultsSha256 !== undefined && document.resultsSha256 !== resultsSha256)
    return { byLine: new Map(), stale: true };
  const { topicCount, topics, documents, words, rows } = document;
  if (typeof topicCount !== 'number' || !Number.isInteger(topicCount) || topicCount < 1)
    fail('topicCount', `expected a positive integer, got ${JSON.stringify(topicCount)}`);
  if (!isObject(topics)) return fail('topics', 'expected an object');
  if (!isObject(documents)) return fail('documents', 'expected an object');
  if (!isObject(words)) return fail('words', 'expected an object');
  if (!Array.isArray(rows)) return fail('rows', 'expected a list');

  const typical = (topic: number): string[] => {
    const list = topics[topic];
    if (!Array.isArray(list) || !list.every((w) => typeof w === 'string'))
      fail(`topics.${topic}`, 'expected a list of words');
    return list as string[];
  };
  const byLine = new Map<number, TopicMixFact>();
  for (let i = 0; i < Math.min(lines, rows.length); i++) {
    const path = `rows[${i}]`;
    const ends = rows[i];
    if (!Array.isArray(ends)) return fail(path, 'expected a list of [document, word, probability]');
    const facts = ends.map((end: Json, j): TopicMixEnd => {
      const at = `${path}[${j}]`;
      if (!Array.isArray(end) || end.length !== 3) return fail(at, 'expected [document, word, probability]');
      const [doc, word, probability] = end as [Json, Json, Json];
      if (typeof doc !== 'string' || typeof word !== 'string') return fail(at, 'expected a document and a word');
      if (!isProbability(probability)) return fail(`${at}[2]`, `expected a probability, got ${String(probability)}`);
      const shares = documents[doc];
      if (!Array.isArray(shares)) return fail(`documents.${doc}`, 'expected a list of [topic, share]');
      const under = words[word];
      if (!isObject(under)) return fail(`words.${word}`, 'expected an object of topic → probability');
      return {
        document: doc,
        word,
        probability,
        topics: shares.map((pair: Json, k) => {
          const [topic, share] = Array.isArray(pair) ? (pair as [Json, Json]) : [null, null];
          if (typeof topic !== 'number' || !Number.isInteger(topic) || topic < 0 || topic >= (topicCount as number))
            return fail(`documents.${doc}[${k}]`, `expected a topic index, got ${JSON.stringify(topic)}`);
          if (!isProbability(share)) return fail(`documents.${doc}[${k}]`, `expected a share, got ${String(share)}`);
          const wordProbability = under[topic];
          if (!isProbability(wordProbability)) return fail(`words.${word}.${topic}`, 'expected a probability');
          return { topic: topic + 1, share, wordProbability, typicalWords: typical(topic) };
        }),
      };
    });
    if (facts.length > 0) byLine.set(i + 1, { topicCount: topicCount as number, ends: facts });
  }
  return { byLine, stale: false };
}
