/** Typed-array building blocks for the scorer: string interning, growable arrays, (doc, word) counting. */
import { sharedFloat64, sharedInt32, type SparseCorpus } from './lda';

/** Maps strings to dense ids 0..n-1 and back. */
export class Interner {
  private readonly ids = new Map<string, number>();
  readonly names: string[] = [];
  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
    }
    return id;
  }
  find(name: string): number | undefined {
    return this.ids.get(name);
  }
  get size(): number {
    return this.names.length;
  }
}

type TypedArray = Int32Array | Float64Array | Float32Array | Uint8Array;
type TypedCtor<T extends TypedArray> = { new (length: number): T };

/** An append-only typed array that doubles its buffer. */
export class Growable<T extends TypedArray> {
  private data: T;
  length = 0;
  constructor(
    private readonly ctor: TypedCtor<T>,
    initial = 1024,
  ) {
    this.data = new ctor(initial);
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new this.ctor(this.data.length * 2);
      bigger.set(this.data as never);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
  get(index: number): number {
    return this.data[index] as number;
  }
  set(index: number, value: number): void {
    this.data[index] = value;
  }
  /** A view of the filled part (shares memory). */
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

/**
 * Accumulates (document, word, count) tokens and emits aggregated triples grouped by document, words ascending.
 * Aggregation is two stable counting sorts (by word, then by document) and a merge of neighbours: O(tokens +
 * docs + words) with flat arrays, no hash map per pair.
 */
export class CorpusBuilder {
  private readonly docs = new Growable(Int32Array);
  private readonly words = new Growable(Int32Array);
  private readonly counts = new Growable(Float64Array);
  tokens = 0;

  add(doc: number, word: number, n = 1): void {
    this.docs.push(doc);
    this.words.push(word);
    this.counts.push(n);
    this.tokens += n;
  }

  build(numDocs: number, numWords: number): SparseCorpus {
    const docs = this.docs.view();
    const words = this.words.view();
    const n = docs.length;
    const byWord = countingOrder(words, numWords, null);
    const order = countingOrder(docs, numDocs, byWord);
    const counts = this.counts.view();
    const doc = new Int32Array(n);
    const word = new Int32Array(n);
    const count = new Float64Array(n);
    let m = -1;
    for (let i = 0; i < n; i++) {
      const t = order[i] as number;
      const d = docs[t] as number;
      const w = words[t] as number;
      if (m >= 0 && doc[m] === d && word[m] === w) count[m] = (count[m] as number) + (counts[t] as number);
      else {
        m++;
        doc[m] = d;
        word[m] = w;
        count[m] = counts[t] as number;
      }
    }
    const size = m + 1;
    return { numDocs, numWords, doc: doc.slice(0, size), word: word.slice(0, size), count: count.slice(0, size) };
  }
}

/** Stable counting sort of token indexes by key (0..range-1); `within` is the order to keep among equal keys. */
function countingOrder(keys: Int32Array, range: number, within: Int32Array | null): Int32Array {
  const n = keys.length;
  const start = new Int32Array(range + 1);
  for (let i = 0; i < n; i++) start[(keys[i] as number) + 1]! += 1;
  for (let k = 0; k < range; k++) start[k + 1]! += start[k] as number;
  const order = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const i = within ? (within[j] as number) : j;
    order[start[keys[i] as number]!++] = i;
  }
  return order;
}

/** Tokens given as parallel arrays: token i is (doc[i], word[i]) with count[i] (default 1); a negative id skips it. */
export interface TokenPart {
  doc: Int32Array;
  word: Int32Array;
  count?: Float64Array;
}

/**
 * The same triples as CorpusBuilder (grouped by document, words ascending, counts summed), read straight from the
 * scorer's per-event arrays instead of a copy of every token: one counting sort by document (4 bytes per token),
 * then each document's words summed in a word-indexed scratch row and sorted (a document has few distinct words).
 * At 10M events this saves a gigabyte of token copies and sort orders.
 */
export function buildCorpus(parts: readonly TokenPart[], numDocs: number, numWords: number): SparseCorpus {
  const weighted = parts.some((p) => p.count !== undefined);
  const valid = (p: TokenPart, i: number): boolean => (p.doc[i] as number) >= 0 && (p.word[i] as number) >= 0;
  // Tokens per document, then each document's slot range in `words` (and `counts`).
  const start = new Int32Array(numDocs + 1);
  for (const p of parts) for (let i = 0; i < p.doc.length; i++) if (valid(p, i)) start[(p.doc[i] as number) + 1]! += 1;
  for (let d = 0; d < numDocs; d++) start[d + 1]! += start[d] as number;
  const tokens = start[numDocs] as number;
  const words = new Int32Array(tokens);
  const counts = weighted ? new Float64Array(tokens) : null;
  const next = start.slice(0, numDocs);
  for (const p of parts)
    for (let i = 0; i < p.doc.length; i++) {
      if (!valid(p, i)) continue;
      const at = next[p.doc[i] as number]!++;
      words[at] = p.word[i] as number;
      if (counts) counts[at] = p.count ? (p.count[i] as number) : 1;
    }
  // Per document: distinct words (marked with the document's id), their summed counts, ascending.
  const mark = new Int32Array(numWords).fill(-1);
  const sum = new Float64Array(numWords);
  let size = 0;
  for (let d = 0; d < numDocs; d++)
    for (let t = start[d] as number; t < (start[d + 1] as number); t++) {
      const w = words[t] as number;
      if (mark[w] !== d) {
        mark[w] = d;
        size++;
      }
    }
  // On shared memory: the LDA's worker threads read the triples in place.
  const doc = sharedInt32(size);
  const word = sharedInt32(size);
  const count = sharedFloat64(size);
  mark.fill(-1);
  for (let d = 0, m = 0; d < numDocs; d++) {
    const first = m;
    for (let t = start[d] as number; t < (start[d + 1] as number); t++) {
      const w = words[t] as number;
      if (mark[w] !== d) {
        mark[w] = d;
        sum[w] = 0;
        word[m++] = w;
      }
      sum[w] = (sum[w] as number) + (counts ? (counts[t] as number) : 1);
    }
    word.subarray(first, m).sort();
    for (let j = first; j < m; j++) {
      doc[j] = d;
      count[j] = sum[word[j] as number] as number;
    }
  }
  return { numDocs, numWords, doc, word, count };
}
