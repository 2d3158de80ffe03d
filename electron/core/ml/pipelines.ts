/**
 * Per-pipeline state of one scoring run: turns raw rows (pass 1) and benign feedback into documents and words,
 * keeps one small typed-array entry per event (ids, a few numbers for the detections), builds the training
 * corpus, and scores every event against the fitted model. No per-event objects are retained.
 */
import { RESULTS_COLUMNS, columnNames, type Pipeline } from '../../../shared/schema';
import { buildCorpus, Growable, Interner, type TokenPart } from './corpus';
import { ProxyWordIds } from './proxy-word-ids';
import { recordsOf, type FeedbackRecord } from './feedback';
import { wordProbability, type LdaModel, type SparseCorpus } from './lda';
import type { EndSource, ScoredEnd } from './topic-mix';
import type { ColumnKind, ColumnSpec } from './raw-day';
import { dnsRecord, flowRecord, proxyRecord, type FlowRecord, type ProxyRecord, type RowAccess } from './records';
import { dnsWordParts, flowWordKey, flowWords, proxyWordJoin, WORD_ERROR } from './words';

export interface WordContext {
  topDomains: ReadonlySet<string>;
  userDomain: string;
  proxySafeDomains: ReadonlySet<string>;
}

const spec = (kind: ColumnKind, required: boolean, names: string): ColumnSpec[] =>
  names.split(' ').map((name) => ({ name, kind, required }));

/** Pass-1 columns per pipeline: what the words, the validity rules and the detections need. */
export const PASS1_COLUMNS: Record<Pipeline, readonly ColumnSpec[]> = {
  flow: [
    ...spec('presence', true, 'treceived'),
    ...spec('num', true, 'trhour trminute trsec sport dport ibyt ipkt'),
    ...spec('text', true, 'sip dip proto'),
    ...spec('num', false, 'tdur'),
  ],
  dns: [
    ...spec('text', true, 'frame_time dns_qry_name ip_dst'),
    ...spec('num', true, 'unix_tstamp frame_len'),
    ...spec('text', false, 'dns_qry_class'),
    ...spec('num', false, 'dns_qry_type dns_qry_rcode'),
  ],
  proxy: [
    ...spec('text', true, 'p_date p_time clientip host fulluri'),
    // All text: a CSV day's pass 1 then splits the lines itself instead of a DuckDB parse (raw-day.ts).
    ...spec('text', false, 'reqmethod useragent resconttype respcode'),
  ],
};

/** Pass-2 columns: the results-file columns (all as text, decoded only for kept rows). */
export const OUTPUT_COLUMNS: Record<Pipeline, readonly ColumnSpec[]> = {
  flow: columnNames(RESULTS_COLUMNS.flow)
    .filter((c) => c !== 'score')
    .map((name) => ({ name, kind: 'text' })),
  dns: columnNames(RESULTS_COLUMNS.dns)
    .filter((c) => c !== 'score')
    .map((name) => ({ name, kind: 'text' })),
  proxy: columnNames(RESULTS_COLUMNS.proxy)
    .filter((c) => c !== 'score' && c !== 'word')
    .map((name) => ({ name, kind: 'text' })),
};

/** Word id markers: the row was invalid / its word was word_error / its word never occurred in training. */
const INVALID = -3;
const ERROR = -1;
const UNSEEN = -2;

export interface PipelineState extends EndSource {
  readonly pipeline: Pipeline;
  /** Pass 1: one call per raw row, in input order. */
  addRow(row: RowAccess): void;
  addFeedback(rows: readonly FeedbackRecord[], dupFactor: number): void;
  /** Training triples (valid rows ∪ benign feedback × DUPFACTOR). */
  corpus(): SparseCorpus;
  /** Score of each event: NaN invalid, -1 word_error, else P(w|d) (flow: min of both ends). */
  score(model: LdaModel): Float64Array;
  /** The proxy `word` column of an event (other pipelines: undefined). */
  wordOf?(event: number): string;
  readonly events: number;
  readonly valid: number;
}

// ------------------------------------------------------------------ flow

class FlowState implements PipelineState {
  readonly pipeline = 'flow' as const;
  private readonly ips = new Interner();
  private readonly words = new Interner();
  private readonly src = new Growable(Int32Array);
  private readonly dst = new Growable(Int32Array);
  private readonly srcWord = new Growable(Int32Array);
  private readonly dstWord = new Growable(Int32Array);
  private readonly feedback: [number, number, number][] = [];
  private readonly protos = new Interner();
  /** flowWordKey → index into wordPairs (src word id, dst word id). */
  private readonly wordPairOf = new Map<number, number>();
  private readonly wordPairs = new Growable(Int32Array);
  valid = 0;

  get events(): number {
    return this.src.length;
  }

  /** The two word ids of a flow, building the strings only the first time a key is seen. */
  private wordIds(r: FlowRecord): [number, number] {
    const protoId = this.protos.id(r.proto);
    if (protoId < 256 && r.hour >= 0 && r.hour < 24) {
      const key = flowWordKey(r.sport, r.dport, protoId, r.hour, r.ibyt, r.ipkt);
      const at = this.wordPairOf.get(key);
      if (at !== undefined) return [this.wordPairs.get(at), this.wordPairs.get(at + 1)];
      const w = flowWords(r);
      const ids: [number, number] = [this.words.id(w.src), this.words.id(w.dst)];
      this.wordPairOf.set(key, this.wordPairs.length);
      this.wordPairs.push(ids[0]);
      this.wordPairs.push(ids[1]);
      return ids;
    }
    const w = flowWords(r);
    return [this.words.id(w.src), this.words.id(w.dst)];
  }

  addRow(row: RowAccess): void {
    const r = flowRecord(row);
    if (!r) {
      for (const a of [this.src, this.dst, this.srcWord, this.dstWord]) a.push(INVALID);
      return;
    }
    this.valid++;
    const [srcWord, dstWord] = this.wordIds(r);
    this.src.push(this.ips.id(r.sip));
    this.dst.push(this.ips.id(r.dip));
    this.srcWord.push(srcWord);
    this.dstWord.push(dstWord);
  }

  addFeedback(rows: readonly FeedbackRecord[], dupFactor: number): void {
    for (const record of recordsOf(rows, this.pipeline)) {
      const [srcWord, dstWord] = this.wordIds(record);
      this.feedback.push([this.ips.id(record.sip), srcWord, dupFactor]);
      this.feedback.push([this.ips.id(record.dip), dstWord, dupFactor]);
    }
  }

  corpus(): SparseCorpus {
    // Invalid rows hold INVALID in every array: skipped as negative ids.
    const parts: TokenPart[] = [
      { doc: this.src.view(), word: this.srcWord.view() },
      { doc: this.dst.view(), word: this.dstWord.view() },
      feedbackPart(this.feedback),
    ];
    return buildCorpus(parts, this.ips.size, this.words.size);
  }

  score(model: LdaModel): Float64Array {
    const n = this.events;
    const out = new Float64Array(n);
    const src = this.src.view();
    const dst = this.dst.view();
    const sw = this.srcWord.view();
    const dw = this.dstWord.view();
    for (let i = 0; i < n; i++) {
      if ((src[i] as number) < 0) {
        out[i] = NaN;
        continue;
      }
      const a = wordProbability(model, src[i] as number, sw[i] as number);
      const b = wordProbability(model, dst[i] as number, dw[i] as number);
      out[i] = Math.min(a, b);
    }
    return out;
  }

  scoredEnds(event: number): ScoredEnd[] {
    if (this.src.get(event) < 0) return [];
    return [
      { doc: this.src.get(event), word: this.srcWord.get(event) },
      { doc: this.dst.get(event), word: this.dstWord.get(event) },
    ];
  }

  documentName(doc: number): string {
    return this.ips.names[doc] ?? '';
  }

  wordName(word: number): string {
    return this.words.names[word] ?? '';
  }
}

// ------------------------------------------------------------------ dns

class DnsState implements PipelineState {
  readonly pipeline = 'dns' as const;
  private readonly ips = new Interner();
  private readonly words = new Interner();
  private readonly doc = new Growable(Int32Array);
  private readonly word = new Growable(Int32Array);
  private readonly feedback: [number, number, number][] = [];
  valid = 0;

  constructor(private readonly ctx: WordContext) {}

  get events(): number {
    return this.doc.length;
  }

  private wordId(word: string): number {
    return word === WORD_ERROR ? ERROR : this.words.id(word);
  }

  addRow(row: RowAccess): void {
    const r = dnsRecord(row);
    if (!r) {
      this.doc.push(INVALID);
      this.word.push(INVALID);
      return;
    }
    this.valid++;
    const parts = dnsWordParts(r, this.ctx);
    const doc = this.ips.id(r.ipDst);
    this.doc.push(doc);
    this.word.push(this.wordId(parts.word));
  }

  addFeedback(rows: readonly FeedbackRecord[], dupFactor: number): void {
    for (const record of recordsOf(rows, this.pipeline)) {
      const word = dnsWordParts(record, this.ctx).word;
      if (word === WORD_ERROR) continue;
      this.feedback.push([this.ips.id(record.ipDst), this.words.id(word), dupFactor]);
    }
  }

  corpus(): SparseCorpus {
    // word_error and invalid rows have negative word ids: skipped.
    const parts = [{ doc: this.doc.view(), word: this.word.view() }, feedbackPart(this.feedback)];
    return buildCorpus(parts, this.ips.size, this.words.size);
  }

  score(model: LdaModel): Float64Array {
    return scoreSingle(this.doc.view(), this.word.view(), model);
  }

  scoredEnds(event: number): ScoredEnd[] {
    const word = this.word.get(event);
    return word < 0 ? [] : [{ doc: this.doc.get(event), word }];
  }

  documentName(doc: number): string {
    return this.ips.names[doc] ?? '';
  }

  wordName(word: number): string {
    return this.words.names[word] ?? '';
  }
}

/** Feedback tokens (document, word, DUPFACTOR) as a weighted part of the corpus. */
function feedbackPart(rows: readonly [number, number, number][]): TokenPart {
  return {
    doc: Int32Array.from(rows, (r) => r[0]),
    word: Int32Array.from(rows, (r) => r[1]),
    count: Float64Array.from(rows, (r) => r[2]),
  };
}

function scoreSingle(doc: Int32Array, word: Int32Array, model: LdaModel): Float64Array {
  const out = new Float64Array(doc.length);
  for (let i = 0; i < doc.length; i++) {
    const w = word[i] as number;
    out[i] = w === INVALID ? NaN : w === ERROR ? -1 : w === UNSEEN ? 0 : wordProbability(model, doc[i] as number, w);
  }
  return out;
}

// ------------------------------------------------------------------ proxy

/**
 * Proxy words depend on how often the row's user agent occurs, which is only known after pass 1; and spot-ml
 * counts agents over input ∪ feedback for training but over the input alone for scoring. So pass 1 keeps the
 * word's head, agent and tail as ids and the words are assembled afterwards.
 */
class ProxyState implements PipelineState {
  readonly pipeline = 'proxy' as const;
  private readonly ips = new Interner();
  private readonly heads = new Interner();
  private readonly tails = new Interner();
  private readonly agents = new Interner();
  private readonly hosts = new Interner();
  private readonly words = new Interner();
  private readonly doc = new Growable(Int32Array);
  private readonly head = new Growable(Int32Array);
  private readonly tail = new Growable(Int32Array);
  private readonly agent = new Growable(Int32Array);
  private readonly host = new Growable(Int32Array);
  private readonly agentCount = new Growable(Float64Array);
  private readonly trainAgentCount = new Growable(Float64Array);
  private feedbackRows: { doc: number; head: number; agent: number; tail: number; n: number }[] = [];
  private scoringWord: Int32Array | null = null;
  /** Head and tail ids (-1 = word_error, as ERROR), their strings built once per distinct key. */
  private readonly wordIds: ProxyWordIds;
  valid = 0;

  constructor(ctx: WordContext) {
    this.wordIds = new ProxyWordIds(
      { topDomains: ctx.topDomains, safeDomains: ctx.proxySafeDomains },
      this.heads,
      this.tails,
    );
  }

  get events(): number {
    return this.doc.length;
  }

  private agentId(ua: string, weight: number, training: boolean): number {
    const id = this.agents.id(ua);
    while (this.agentCount.length <= id) {
      this.agentCount.push(0);
      this.trainAgentCount.push(0);
    }
    if (!training) this.agentCount.set(id, this.agentCount.get(id) + weight);
    this.trainAgentCount.set(id, this.trainAgentCount.get(id) + weight);
    return id;
  }

  private ids(r: ProxyRecord): { head: number; tail: number } {
    return { head: this.wordIds.head(r), tail: this.wordIds.tail(r) };
  }

  addRow(row: RowAccess): void {
    const r = proxyRecord(row);
    if (!r) {
      for (const a of [this.doc, this.head, this.tail, this.agent, this.host]) a.push(INVALID);
      return;
    }
    this.valid++;
    const { head, tail } = this.ids(r);
    this.doc.push(this.ips.id(r.clientip));
    this.head.push(head);
    this.tail.push(tail);
    this.agent.push(this.agentId(r.useragent, 1, false));
    this.host.push(this.hosts.id(r.host));
  }

  addFeedback(rows: readonly FeedbackRecord[], dupFactor: number): void {
    for (const record of recordsOf(rows, this.pipeline)) {
      const { head, tail } = this.ids(record);
      const agent = this.agentId(record.useragent, dupFactor, true);
      if (head === ERROR) continue;
      this.feedbackRows.push({ doc: this.ips.id(record.clientip), head, agent, tail, n: dupFactor });
    }
  }

  private word(head: number, agent: number, tail: number, counts: Growable<Float64Array>): string {
    return proxyWordJoin(this.heads.names[head] as string, counts.get(agent), this.tails.names[tail] as string);
  }

  /**
   * The word id of a (head, agent, tail) through `lookup`, built and looked up once per distinct triple (a day has
   * far fewer of them than events); the first event of a triple looks it up when it did before, so interning order
   * and ids are the same.
   */
  private wordIdOf(
    counts: Growable<Float64Array>,
    lookup: (word: string) => number,
  ): (head: number, agent: number, tail: number) => number {
    const agents = Math.max(1, this.agents.size);
    const tails = Math.max(1, this.tails.size);
    const keyed = this.heads.size * agents * tails < Number.MAX_SAFE_INTEGER;
    const ids = new Map<number, number>();
    return (head, agent, tail) => {
      if (!keyed) return lookup(this.word(head, agent, tail, counts));
      const key = (head * agents + agent) * tails + tail;
      let id = ids.get(key);
      if (id === undefined) {
        id = lookup(this.word(head, agent, tail, counts));
        ids.set(key, id);
      }
      return id;
    };
  }

  corpus(): SparseCorpus {
    const n = this.events;
    // Training word ids, interned in event order (then feedback's); -1 = no token (invalid, word_error).
    const trainWord = new Int32Array(n);
    const trainId = this.wordIdOf(this.trainAgentCount, (word) => this.words.id(word));
    for (let i = 0; i < n; i++) {
      const head = this.head.get(i);
      trainWord[i] = head < 0 ? -1 : trainId(head, this.agent.get(i), this.tail.get(i));
    }
    const feedback = feedbackPart(
      this.feedbackRows.map((f) => [
        f.doc,
        this.words.id(this.word(f.head, f.agent, f.tail, this.trainAgentCount)),
        f.n,
      ]),
    );
    // Scoring words use the input-only agent counts; a word absent from training scores 0, as in spot-ml.
    const scoring = new Int32Array(n);
    const scoringId = this.wordIdOf(this.agentCount, (word) => this.words.find(word) ?? UNSEEN);
    for (let i = 0; i < n; i++) {
      const head = this.head.get(i);
      if (head === INVALID || head === ERROR) {
        scoring[i] = head;
        continue;
      }
      scoring[i] = scoringId(head, this.agent.get(i), this.tail.get(i));
    }
    this.scoringWord = scoring;
    return buildCorpus([{ doc: this.doc.view(), word: trainWord }, feedback], this.ips.size, this.words.size);
  }

  wordOf(event: number): string {
    const head = this.head.get(event);
    if (head < 0) return WORD_ERROR;
    return this.word(head, this.agent.get(event), this.tail.get(event), this.agentCount);
  }

  score(model: LdaModel): Float64Array {
    if (!this.scoringWord) throw new Error('corpus() must run before score()');
    return scoreSingle(this.doc.view(), this.scoringWord, model);
  }

  /** The scoring word (input-only agent counts); a word absent from training has no end in the model. */
  scoredEnds(event: number): ScoredEnd[] {
    const word = this.scoringWord?.[event] ?? -1;
    return word < 0 ? [] : [{ doc: this.doc.get(event), word }];
  }

  documentName(doc: number): string {
    return this.ips.names[doc] ?? '';
  }

  wordName(word: number): string {
    return this.words.names[word] ?? '';
  }
}

/** The scorer's state of each telemetry type (registered per type, as profiles/ and pipeline/steps.ts are). */
const STATES: Readonly<Record<Pipeline, (ctx: WordContext) => PipelineState>> = {
  flow: () => new FlowState(),
  dns: (ctx) => new DnsState(ctx),
  proxy: (ctx) => new ProxyState(ctx),
};

export function createPipelineState(pipeline: Pipeline, ctx: WordContext): PipelineState {
  return STATES[pipeline](ctx);
}

/** Spot's null fills for output rows (data-formats.md §3). */
const NULL_FILLS: Readonly<Record<Pipeline, Readonly<Record<string, string>>>> = {
  flow: {},
  dns: { dns_qry_class: 'unknown', dns_qry_type: '-1', dns_qry_rcode: '-1' },
  proxy: { useragent: '-', resconttype: '-' },
};

/** A results-file value of an output row: as read, or Spot's fill for a null. */
export function outputValue(pipeline: Pipeline, column: string, value: string | null): string | null {
  if (value !== null) return value;
  const fills = NULL_FILLS[pipeline];
  return Object.hasOwn(fills, column) ? (fills[column] ?? null) : null;
}
