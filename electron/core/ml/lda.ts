/**
 * LDA by MAP expectation–maximisation over sparse (document, word, count) triples — the algorithm of
 * Spark MLlib's EMLDAOptimizer, which spot-ml runs by default (Asuncion, Welling, Smyth & Teh, "On Smoothing and
 * Inference for Topic Models", UAI 2009, §2.2/§3; Spark's `LDA` docs, optimizer "em").
 *
 * Per iteration, for every triple (d, w, n):
 *   γ_k ∝ (N_wk + β − 1)(N_dk + α − 1) / (N_k + W(β − 1)),  then N'_dk += n·γ_k and N'_wk += n·γ_k.
 * All updates of an iteration read the previous iteration's counts (synchronous, as Spark's GraphX rounds).
 * Initial counts come from random soft assignments (seeded). After the last iteration
 *   θ_d = N_dk / Σ_k N_dk   (Spark's topicDistributions)   and   φ_k(w) = N_wk / N_k   (spot-ml's normalisation).
 * Everything is in flat typed arrays (row-major, K per row): memory is (D + W)·K·8·4 bytes.
 *
 * The sweep over the triples is split in LDA_SHARDS fixed shards (contiguous triple ranges): shard 0 accumulates into
 * the next counts, every other shard into a partial of its own that is then added in shard order. The shards are the
 * same whether one thread runs them in turn (fitLda) or worker threads run them at once (fitLdaInThreads), so the
 * model is bit-identical for every thread count; it differs from a single unsplit sweep only by the rounding of
 * that one addition.
 */
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CancelledError } from '../errors';
import { mulberry32 } from './random';

export interface SparseCorpus {
  numDocs: number;
  numWords: number;
  /** Triples, ideally grouped by document for cache locality. */
  doc: Int32Array;
  word: Int32Array;
  count: Float64Array;
}

export interface LdaOptions {
  topics: number;
  iterations: number;
  /** Symmetric document concentration; must be > 1 for MAP EM (as in Spark). */
  alpha: number;
  /** Symmetric topic concentration; must be > 1 for MAP EM. */
  beta: number;
  seed: number;
  /** Called after each iteration (1-based). */
  onIteration?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface LdaThreadOptions {
  /** Threads that sweep (the calling one included); default min(LDA_SHARDS, os.availableParallelism()). */
  threads?: number;
  /** The LDA worker entry; default lda-worker.ts beside this file (run through tsx). A bundle passes its own. */
  workerPath?: string | URL;
}

export const LDA_DEFAULTS = { topics: 20, iterations: 20, alpha: 1.02, beta: 1.001, seed: 1 } as const;

export interface LdaModel {
  topics: number;
  numDocs: number;
  numWords: number;
  /** θ: numDocs × K, row d = P(topic | document d). */
  theta: Float64Array;
  /** φ stored word-major: numWords × K, entry [w·K + k] = P(word w | topic k). */
  phi: Float64Array;
}

/** Fixed shard count: the model depends on it (rounding of the partial sums), never on the thread count. */
export const LDA_SHARDS = 2;
/** Below this many triples worker start-up costs more than the sweep saves (the model is the same either way). */
const MIN_TRIPLES_FOR_THREADS = 200_000;

/** Typed arrays on SharedArrayBuffer, so worker threads read and write them in place. */
export function sharedFloat64(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT));
}
export function sharedInt32(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(length * Int32Array.BYTES_PER_ELEMENT));
}
function onShared<T extends Int32Array | Float64Array>(array: T, make: (length: number) => T): T {
  if (array.buffer instanceof SharedArrayBuffer) return array;
  const copy = make(array.length);
  copy.set(array);
  return copy;
}

/** One shard's triple range and where it accumulates (shard 0: the next counts; others: their partials). */
export interface ShardPlan {
  start: number;
  end: number;
  /** The documents its triples touch, lowest and highest (its partial N_dk rows outside are never written). */
  docLo: number;
  docHi: number;
}

/** Splits the triples in LDA_SHARDS contiguous ranges of about equal size, at document boundaries when grouped. */
export function planShards(doc: Int32Array): ShardPlan[] {
  const T = doc.length;
  const cuts = [0];
  for (let s = 1; s < LDA_SHARDS; s++) {
    let cut = Math.max(cuts[s - 1] as number, Math.floor((T * s) / LDA_SHARDS));
    while (cut > 0 && cut < T && doc[cut] === doc[cut - 1]) cut++;
    cuts.push(cut);
  }
  cuts.push(T);
  return cuts.slice(0, -1).map((start, s) => {
    const end = cuts[s + 1] as number;
    let docLo = Infinity;
    let docHi = -1;
    for (let t = start; t < end; t++) {
      const d = doc[t] as number;
      if (d < docLo) docLo = d;
      if (d > docHi) docHi = d;
    }
    return { start, end, docLo: docHi < 0 ? 0 : docLo, docHi };
  });
}

/** What a shard needs for one sweep; every array is shared memory when the shard runs on a worker. */
export interface ShardArrays {
  doc: Int32Array;
  word: Int32Array;
  count: Float64Array;
  /** Current N_dk, one per parity (the counts swap with the next ones every iteration). */
  ndk: [Float64Array, Float64Array];
  wordFactor: Float64Array;
  /** Where this shard accumulates N'_dk and N'_wk. */
  outNdk: [Float64Array, Float64Array];
  outNwk: [Float64Array, Float64Array];
  /** True for a shard ≥ 1 (it accumulates in a partial of its own). */
  partial: boolean;
}

/**
 * One shard of an iteration: the E+M update of its triples into its output. `parity` says which of the two count
 * buffers is current. A partial (shard ≥ 1) is zeroed here, on the shard's thread; shard 0's output, the next counts,
 * was zeroed whole by EmFit.prepare.
 */
export function sweepShard(a: ShardArrays, plan: ShardPlan, parity: 0 | 1, K: number, alpha1: number): void {
  const outNdk = a.outNdk[parity];
  const outNwk = a.outNwk[parity];
  if (a.partial) {
    if (plan.docHi >= plan.docLo) outNdk.fill(0, plan.docLo * K, (plan.docHi + 1) * K);
    outNwk.fill(0);
  }
  emSweep(a.doc, a.word, a.count, a.ndk[parity], a.wordFactor, outNdk, outNwk, K, alpha1, plan.start, plan.end);
}

/** The EM state of one fit: counts, shard plans and partials, and the steps between sweeps. */
class EmFit {
  readonly K: number;
  readonly D: number;
  readonly W: number;
  readonly alpha1: number;
  readonly beta1: number;
  readonly plans: ShardPlan[];
  /** counts[p]: N_dk / N_wk of parity p; the current ones are `parity`, the next ones `1 − parity`. */
  readonly ndk: [Float64Array, Float64Array];
  readonly nwk: [Float64Array, Float64Array];
  readonly nk: Float64Array;
  readonly wordFactor: Float64Array;
  /** Shard s ≥ 1 accumulates in partials[s − 1] (one buffer; it is always the next iteration's output). */
  readonly partialNdk: Float64Array[];
  readonly partialNwk: Float64Array[];
  parity: 0 | 1 = 0;

  constructor(
    readonly corpus: SparseCorpus,
    options: LdaOptions,
    shared: boolean,
  ) {
    const { topics: K, alpha, beta } = options;
    if (!(K >= 1 && Number.isInteger(K))) throw new RangeError(`topics must be a positive integer, got ${K}`);
    if (!(alpha > 1)) throw new RangeError(`alpha must be > 1 for EM LDA, got ${alpha}`);
    if (!(beta > 1)) throw new RangeError(`beta must be > 1 for EM LDA, got ${beta}`);
    this.K = K;
    this.D = corpus.numDocs;
    this.W = corpus.numWords;
    this.alpha1 = alpha - 1;
    this.beta1 = beta - 1;
    const f64 = shared ? sharedFloat64 : (n: number) => new Float64Array(n);
    this.ndk = [f64(this.D * K), f64(this.D * K)];
    this.nwk = [f64(this.W * K), f64(this.W * K)];
    this.nk = new Float64Array(K);
    this.wordFactor = f64(this.W * K);
    this.plans = planShards(corpus.doc);
    this.partialNdk = this.plans.slice(1).map(() => f64(this.D * K));
    this.partialNwk = this.plans.slice(1).map(() => f64(this.W * K));
    this.initialise(options.seed);
  }

  /** Random soft assignment of each triple's tokens (Spark also starts from random topic counts). */
  private initialise(seed: number): void {
    const { K, corpus } = this;
    const { doc, word, count } = corpus;
    const ndk = this.ndk[0];
    const nwk = this.nwk[0];
    const gamma = new Float64Array(K);
    const random = mulberry32(seed);
    for (let t = 0; t < doc.length; t++) {
      let sum = 0;
      for (let k = 0; k < K; k++) {
        const g = random() + 1e-3;
        gamma[k] = g;
        sum += g;
      }
      const scale = (count[t] as number) / sum;
      const dOff = (doc[t] as number) * K;
      const wOff = (word[t] as number) * K;
      for (let k = 0; k < K; k++) {
        const v = (gamma[k] as number) * scale;
        ndk[dOff + k] = (ndk[dOff + k] as number) + v;
        nwk[wOff + k] = (nwk[wOff + k] as number) + v;
      }
    }
  }

  /** Shard s's arrays: shard 0 writes the next counts, shard s ≥ 1 its partial (one buffer for both parities). */
  shardArrays(s: number): ShardArrays {
    const { corpus, ndk, nwk, wordFactor } = this;
    const pNdk = this.partialNdk[s - 1];
    const pNwk = this.partialNwk[s - 1];
    return {
      doc: corpus.doc,
      word: corpus.word,
      count: corpus.count,
      ndk,
      wordFactor,
      outNdk: s === 0 || !pNdk ? [ndk[1], ndk[0]] : [pNdk, pNdk],
      outNwk: s === 0 || !pNwk ? [nwk[1], nwk[0]] : [pNwk, pNwk],
      partial: s !== 0,
    };
  }

  /** (N_wk + β − 1) / (N_k + W(β − 1)) of the current counts, once per iteration. */
  prepare(): void {
    const { K, W, nk, wordFactor, beta1 } = this;
    const nwk = this.nwk[this.parity];
    nk.fill(0);
    for (let w = 0; w < W; w++) for (let k = 0; k < K; k++) nk[k] = (nk[k] as number) + (nwk[w * K + k] as number);
    const inverse = new Float64Array(K);
    for (let k = 0; k < K; k++) inverse[k] = 1 / ((nk[k] as number) + W * beta1);
    for (let i = 0, w = 0; w < W; w++) {
      for (let k = 0; k < K; k++, i++) wordFactor[i] = ((nwk[i] as number) + beta1) * (inverse[k] as number);
    }
    // Every row of the next counts starts at zero (rows of documents no shard touches included).
    const next = (1 - this.parity) as 0 | 1;
    this.ndk[next].fill(0);
    this.nwk[next].fill(0);
  }

  /** Adds the partials of shards 1.. to shard 0's output in shard order, then makes the next counts current. */
  merge(): void {
    const { K } = this;
    const next = (1 - this.parity) as 0 | 1;
    const ndk = this.ndk[next];
    const nwk = this.nwk[next];
    for (let s = 1; s < this.plans.length; s++) {
      const plan = this.plans[s] as ShardPlan;
      const pNdk = this.partialNdk[s - 1] as Float64Array;
      const pNwk = this.partialNwk[s - 1] as Float64Array;
      for (let i = plan.docLo * K; i < (plan.docHi + 1) * K; i++) ndk[i] = (ndk[i] as number) + (pNdk[i] as number);
      for (let i = 0; i < nwk.length; i++) nwk[i] = (nwk[i] as number) + (pNwk[i] as number);
    }
    this.parity = next;
  }

  /** θ from N_dk and φ from N_wk of the current counts. */
  model(): LdaModel {
    const { K, D, W } = this;
    const ndk = this.ndk[this.parity];
    const nwk = this.nwk[this.parity];
    const nk = this.nk;
    // θ: normalised document–topic counts (rows with no tokens stay zero).
    for (let d = 0; d < D; d++) {
      let sum = 0;
      for (let k = 0; k < K; k++) sum += ndk[d * K + k] as number;
      if (sum > 0) for (let k = 0; k < K; k++) ndk[d * K + k] = (ndk[d * K + k] as number) / sum;
    }
    // φ: each topic's word counts over the topic total.
    nk.fill(0);
    for (let w = 0; w < W; w++) for (let k = 0; k < K; k++) nk[k] = (nk[k] as number) + (nwk[w * K + k] as number);
    for (let w = 0; w < W; w++) {
      for (let k = 0; k < K; k++) {
        const total = nk[k] as number;
        nwk[w * K + k] = total > 0 ? (nwk[w * K + k] as number) / total : 0;
      }
    }
    return { topics: K, numDocs: D, numWords: W, theta: ndk, phi: nwk };
  }
}

/** EM LDA on the calling thread: the shards one after another. */
export function fitLda(corpus: SparseCorpus, options: LdaOptions): LdaModel {
  const fit = new EmFit(corpus, options, false);
  const arrays = fit.plans.map((_, s) => fit.shardArrays(s));
  for (let iter = 1; iter <= options.iterations; iter++) {
    if (options.signal?.aborted) throw new CancelledError();
    fit.prepare();
    fit.plans.forEach((plan, s) => sweepShard(arrays[s] as ShardArrays, plan, fit.parity, fit.K, fit.alpha1));
    fit.merge();
    options.onIteration?.(iter, options.iterations);
  }
  return fit.model();
}

/** What the LDA worker receives: its shard and the shared arrays. */
export interface LdaWorkerData {
  entry: string;
  arrays: ShardArrays;
  plan: ShardPlan;
  K: number;
  alpha1: number;
}
/** Parent → worker: sweep with this parity; worker → parent: done (or the error). */
export type LdaWorkerRequest = { parity: 0 | 1 };
export type LdaWorkerReply = { done: true } | { error: string };

function defaultWorkerUrl(): URL | null {
  const moduleUrl: string | undefined = import.meta.url;
  return moduleUrl ? new URL('./lda-worker.ts', moduleUrl) : null;
}

/**
 * EM LDA with shards 1.. on worker threads and shard 0 on the calling thread; the same model as fitLda, bit for
 * bit. Falls back to the calling thread alone for small corpora, one thread, or no worker entry (a bundle that did
 * not pass one).
 */
export async function fitLdaInThreads(corpus: SparseCorpus, options: LdaOptions & LdaThreadOptions): Promise<LdaModel> {
  const threads = Math.min(LDA_SHARDS, options.threads ?? availableParallelism());
  const chosen = options.workerPath ?? defaultWorkerUrl();
  const url = typeof chosen === 'string' ? pathToFileURL(chosen) : chosen;
  if (threads < 2 || !url || (options.threads === undefined && corpus.doc.length < MIN_TRIPLES_FOR_THREADS))
    return fitLda(corpus, options);

  const shared: SparseCorpus = {
    ...corpus,
    doc: onShared(corpus.doc, sharedInt32),
    word: onShared(corpus.word, sharedInt32),
    count: onShared(corpus.count, sharedFloat64),
  };
  const fit = new EmFit(shared, options, true);
  const own = fit.shardArrays(0);
  // A .ts entry starts through the JS bootstrap that registers tsx's loader in the worker thread.
  const bootstrap = url.pathname.endsWith('.ts') ? new URL('./score-worker-bootstrap.mjs', url) : url;
  const workers = fit.plans.slice(1).map((plan, i) => {
    const data: LdaWorkerData = { entry: url.href, arrays: fit.shardArrays(i + 1), plan, K: fit.K, alpha1: fit.alpha1 };
    return new Worker(bootstrap, { workerData: data });
  });
  const sweepOn = (worker: Worker, parity: 0 | 1): Promise<void> =>
    new Promise((resolve, reject) => {
      const cleanup = (): void => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const onMessage = (reply: LdaWorkerReply): void => {
        cleanup();
        if ('error' in reply) reject(new Error(`LDA worker: ${reply.error}`));
        else resolve();
      };
      const onError = (err: Error): void => (cleanup(), reject(err));
      const onExit = (code: number): void => (cleanup(), reject(new Error(`LDA worker exited with code ${code}`)));
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ parity } satisfies LdaWorkerRequest);
    });
  try {
    for (let iter = 1; iter <= options.iterations; iter++) {
      if (options.signal?.aborted) throw new CancelledError();
      fit.prepare();
      const parity = fit.parity;
      const others = workers.map((worker) => sweepOn(worker, parity));
      // Shard 0 here while the workers sweep theirs; a worker failure surfaces after this shard.
      sweepShard(own, fit.plans[0] as ShardPlan, parity, fit.K, fit.alpha1);
      await Promise.all(others);
      fit.merge();
      options.onIteration?.(iter, options.iterations);
    }
    return fit.model();
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/** One E+M sweep over triples [start, end) (kept monomorphic and allocation-free: it is the hot loop). */
function emSweep(
  doc: Int32Array,
  word: Int32Array,
  count: Float64Array,
  ndk: Float64Array,
  wordFactor: Float64Array,
  nextNdk: Float64Array,
  nextNwk: Float64Array,
  K: number,
  alpha1: number,
  start: number,
  end: number,
): void {
  const resp = new Float64Array(K);
  for (let t = start; t < end; t++) {
    const dOff = doc[t]! * K;
    const wOff = word[t]! * K;
    let sum = 0;
    for (let k = 0; k < K; k++) {
      const g = wordFactor[wOff + k]! * (ndk[dOff + k]! + alpha1);
      resp[k] = g;
      sum += g;
    }
    const scale = count[t]! / sum;
    for (let k = 0; k < K; k++) {
      const v = resp[k]! * scale;
      nextNdk[dOff + k]! += v;
      nextNwk[wOff + k]! += v;
    }
  }
}

/** P(w | d) = Σ_k θ_d[k]·φ_k(w); 0 for a word or document outside the model (spot-ml's zero vector). */
export function wordProbability(model: LdaModel, doc: number, word: number): number {
  if (doc < 0 || word < 0 || doc >= model.numDocs || word >= model.numWords) return 0;
  const K = model.topics;
  const dOff = doc * K;
  const wOff = word * K;
  let p = 0;
  for (let k = 0; k < K; k++) p += (model.theta[dOff + k] as number) * (model.phi[wOff + k] as number);
  return p;
}

/**
 * Training-set perplexity exp(−Σ n_dw·ln P(w|d) / Σ n_dw) with P(w|d) = Σ_k θ_dk φ_kw.
 * The benchmark computes it this way for both LDA implementations from their θ and φ.
 */
export function perplexity(corpus: SparseCorpus, theta: Float64Array, phi: Float64Array, topics: number): number {
  let logLik = 0;
  let tokens = 0;
  const K = topics;
  for (let t = 0; t < corpus.doc.length; t++) {
    const dOff = (corpus.doc[t] as number) * K;
    const wOff = (corpus.word[t] as number) * K;
    let p = 0;
    for (let k = 0; k < K; k++) p += (theta[dOff + k] as number) * (phi[wOff + k] as number);
    const n = corpus.count[t] as number;
    logLik += n * Math.log(Math.max(p, 1e-300));
    tokens += n;
  }
  return Math.exp(-logLik / tokens);
}
