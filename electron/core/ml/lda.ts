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
 * Everything is in flat typed arrays (row-major, K per row): memory is (D + W)·K·8·3 bytes.
 */
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

export function fitLda(corpus: SparseCorpus, options: LdaOptions): LdaModel {
  const { topics: K, iterations, alpha, beta } = options;
  if (!(K >= 1 && Number.isInteger(K))) throw new RangeError(`topics must be a positive integer, got ${K}`);
  if (!(alpha > 1)) throw new RangeError(`alpha must be > 1 for EM LDA, got ${alpha}`);
  if (!(beta > 1)) throw new RangeError(`beta must be > 1 for EM LDA, got ${beta}`);
  const { numDocs: D, numWords: W, doc, word, count } = corpus;
  const T = doc.length;
  const alpha1 = alpha - 1;
  const beta1 = beta - 1;

  let ndk = new Float64Array(D * K);
  let nwk = new Float64Array(W * K);
  const nk = new Float64Array(K);
  const gamma = new Float64Array(K);

  // Random soft assignment of each triple's tokens (Spark also starts from random topic counts).
  const random = mulberry32(options.seed);
  for (let t = 0; t < T; t++) {
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

  let nextNdk = new Float64Array(D * K);
  let nextNwk = new Float64Array(W * K);
  // (N_wk + β − 1) / (N_k + W(β − 1)), precomputed once per iteration.
  const wordFactor = new Float64Array(W * K);
  const resp = new Float64Array(K);

  for (let iter = 1; iter <= iterations; iter++) {
    if (options.signal?.aborted) throw new CancelledError();
    nk.fill(0);
    for (let w = 0; w < W; w++) for (let k = 0; k < K; k++) nk[k] = (nk[k] as number) + (nwk[w * K + k] as number);
    for (let k = 0; k < K; k++) gamma[k] = 1 / ((nk[k] as number) + W * beta1);
    for (let i = 0, w = 0; w < W; w++) {
      for (let k = 0; k < K; k++, i++) wordFactor[i] = ((nwk[i] as number) + beta1) * (gamma[k] as number);
    }
    nextNdk.fill(0);
    nextNwk.fill(0);
    emSweep(doc, word, count, ndk, wordFactor, nextNdk, nextNwk, K, alpha1, resp);
    [ndk, nextNdk] = [nextNdk, ndk];
    [nwk, nextNwk] = [nextNwk, nwk];
    options.onIteration?.(iter, iterations);
  }

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

/** One E+M sweep over all triples (kept monomorphic and allocation-free: it is the hot loop). */
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
  resp: Float64Array,
): void {
  const T = doc.length;
  for (let t = 0; t < T; t++) {
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
