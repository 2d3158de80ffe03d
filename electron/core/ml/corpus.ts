/** Typed-array building blocks for the scorer: string interning, growable arrays, (doc, word) counting. */
import type { SparseCorpus } from './lda';

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

const WORD_BITS = 2 ** 26;

/** Accumulates counts per (document, word) pair and emits doc-grouped triples for LDA. */
export class CorpusBuilder {
  private readonly index = new Map<number, number>();
  private readonly docs = new Growable(Int32Array);
  private readonly words = new Growable(Int32Array);
  private readonly counts = new Growable(Float64Array);
  tokens = 0;

  add(doc: number, word: number, n = 1): void {
    if (word >= WORD_BITS) throw new RangeError('vocabulary too large');
    const key = doc * WORD_BITS + word;
    const at = this.index.get(key);
    if (at === undefined) {
      this.index.set(key, this.docs.length);
      this.docs.push(doc);
      this.words.push(word);
      this.counts.push(n);
    } else {
      this.counts.set(at, this.counts.get(at) + n);
    }
    this.tokens += n;
  }

  get pairs(): number {
    return this.docs.length;
  }

  /** Triples sorted by document (counting sort, stable in insertion order). */
  build(numDocs: number, numWords: number): SparseCorpus {
    const n = this.docs.length;
    const docs = this.docs.view();
    const start = new Int32Array(numDocs + 1);
    for (let i = 0; i < n; i++) start[(docs[i] as number) + 1] = (start[(docs[i] as number) + 1] as number) + 1;
    for (let d = 0; d < numDocs; d++) start[d + 1] = (start[d + 1] as number) + (start[d] as number);
    const doc = new Int32Array(n);
    const word = new Int32Array(n);
    const count = new Float64Array(n);
    const words = this.words.view();
    const counts = this.counts.view();
    for (let i = 0; i < n; i++) {
      const d = docs[i] as number;
      const at = start[d] as number;
      start[d] = at + 1;
      doc[at] = d;
      word[at] = words[i] as number;
      count[at] = counts[i] as number;
    }
    return { numDocs, numWords, doc, word, count };
  }
}
