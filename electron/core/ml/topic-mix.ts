/**
 * The topic mix of the kept rows: for each results line, the document(s) and word the row was scored on, the
 * document's largest topic shares (θ_d) and the word's probability under each of those topics (φ_k(w)), plus a few
 * typical words of every topic named. Written by the scorer as `<type>_topics.json` beside the results file (the
 * results format stays spot-ml's); the import reads it into "Why suspicious" (parse/topics.ts).
 * Only the kept rows' documents and words are written, not the day's model.
 */
import type { Pipeline } from '../../../shared/schema';
import { wordProbability, type LdaModel } from './lda';

/** One (document, word) pair an event was scored on; flow rows have two (source and destination end). */
export interface ScoredEnd {
  doc: number;
  word: number;
}

/** What the collector needs of the scorer's state: an event's ends and the names behind the ids. */
export interface EndSource {
  scoredEnds(event: number): ScoredEnd[];
  documentName(doc: number): string;
  wordName(word: number): string;
}

/** The file as written: ids are replaced by names; topics are 0-based model indexes. */
export interface TopicMixDocument {
  pipeline: Pipeline;
  date: string;
  resultsSha256: string;
  /** K of the model. */
  topicCount: number;
  /** Topic index → its most probable words, most probable first. */
  topics: Record<string, string[]>;
  /** Document name → its largest topic shares, [topic, share], largest first. */
  documents: Record<string, Array<[number, number]>>;
  /** Word → {topic: φ_topic(word)} for the topics of the documents it was scored in. */
  words: Record<string, Record<string, number>>;
  /** rows[i] = the ends of results line i + 1: [document, word, P(word | document)]. */
  rows: Array<Array<[string, string, number]>>;
}

export const TOP_TOPICS = 3;
export const TYPICAL_WORDS = 3;

/** The `n` largest entries of θ_d as [topic, share], largest first (ties: lower topic first); zero shares left out. */
export function topTopics(model: LdaModel, doc: number, n = TOP_TOPICS): Array<[number, number]> {
  const K = model.topics;
  const shares: Array<[number, number]> = [];
  for (let k = 0; k < K; k++) {
    const share = model.theta[doc * K + k] as number;
    if (share > 0) shares.push([k, share]);
  }
  return shares.sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, n);
}

/** The `n` most probable words of topic k (by φ_k(w)), as word ids, most probable first. */
export function typicalWords(model: LdaModel, topic: number, n = TYPICAL_WORDS): number[] {
  const K = model.topics;
  const best: Array<[number, number]> = [];
  for (let w = 0; w < model.numWords; w++) {
    const p = model.phi[w * K + topic] as number;
    if (best.length < n || p > best[best.length - 1]![1]) {
      best.push([w, p]);
      best.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      if (best.length > n) best.pop();
    }
  }
  return best.map(([w]) => w);
}

/** Collects the kept rows' topic facts during the scorer's pass 2 (one `add` per kept event, any order). */
export class TopicMixCollector {
  private readonly rows: Array<Array<[string, string, number]>> = [];
  private readonly documents: Record<string, Array<[number, number]>> = {};
  private readonly words: Record<string, Record<string, number>> = {};
  private readonly named = new Set<number>();

  constructor(
    private readonly model: LdaModel,
    private readonly source: EndSource,
  ) {}

  /** The event written on results line `rank + 1`. */
  add(rank: number, event: number): void {
    const K = this.model.topics;
    const ends: Array<[string, string, number]> = [];
    for (const { doc, word } of this.source.scoredEnds(event)) {
      if (doc < 0 || word < 0 || doc >= this.model.numDocs || word >= this.model.numWords) continue;
      const docName = this.source.documentName(doc);
      const wordName = this.source.wordName(word);
      const topics = (this.documents[docName] ??= topTopics(this.model, doc));
      const under = (this.words[wordName] ??= {});
      for (const [k] of topics) {
        under[k] = this.model.phi[word * K + k] as number;
        this.named.add(k);
      }
      ends.push([docName, wordName, wordProbability(this.model, doc, word)]);
    }
    this.rows[rank] = ends;
  }

  document(pipeline: Pipeline, date: string, resultsSha256: string): TopicMixDocument {
    const topics: Record<string, string[]> = {};
    for (const k of [...this.named].sort((a, b) => a - b))
      topics[k] = typicalWords(this.model, k).map((w) => this.source.wordName(w));
    const rows = Array.from({ length: this.rows.length }, (_, i) => this.rows[i] ?? []);
    return {
      pipeline,
      date,
      resultsSha256,
      topicCount: this.model.topics,
      topics,
      documents: this.documents,
      words: this.words,
      rows,
    };
  }
}
