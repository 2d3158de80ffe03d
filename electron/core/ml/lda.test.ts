import { describe, expect, it } from 'vitest';
import { CorpusBuilder } from './corpus';
import { fitLda, fitLdaInThreads, LDA_SHARDS, perplexity, planShards, wordProbability } from './lda';
import { mulberry32 } from './random';

/** 3 planted topics over disjoint 10-word vocabularies; each document draws 90% from its own topic. */
function plantedCorpus(seed: number) {
  const random = mulberry32(seed);
  const builder = new CorpusBuilder();
  const label: number[] = [];
  const docs = 90;
  for (let d = 0; d < docs; d++) {
    const topic = d % 3;
    label.push(topic);
    for (let i = 0; i < 200; i++) {
      const t = random() < 0.9 ? topic : Math.floor(random() * 3);
      builder.add(d, t * 10 + Math.floor(random() * 10));
    }
  }
  return { corpus: builder.build(docs, 30), label };
}

const options = { topics: 3, iterations: 50, alpha: 1.02, beta: 1.001, seed: 7 };

describe('EM LDA', () => {
  it('recovers planted topics', () => {
    const { corpus, label } = plantedCorpus(1);
    const model = fitLda(corpus, options);
    // Each planted topic maps to one learned topic: the argmax of θ agrees within every planted group.
    const argmax = (d: number) => {
      const row = Array.from(model.theta.subarray(d * 3, d * 3 + 3));
      return row.indexOf(Math.max(...row));
    };
    const mapping = new Map<number, Set<number>>();
    for (let d = 0; d < label.length; d++) {
      const set = mapping.get(label[d] as number) ?? new Set<number>();
      set.add(argmax(d));
      mapping.set(label[d] as number, set);
    }
    const learned = [...mapping.values()].map((s) => [...s]);
    expect(learned.every((s) => s.length === 1)).toBe(true);
    expect(new Set(learned.map((s) => s[0])).size).toBe(3);
    // φ of each learned topic puts > 85% of its mass on its planted vocabulary.
    for (const [planted, set] of mapping) {
      const k = [...set][0] as number;
      let mass = 0;
      for (let w = planted * 10; w < planted * 10 + 10; w++) mass += model.phi[w * 3 + k] as number;
      expect(mass).toBeGreaterThan(0.85);
    }
    // θ rows and φ columns are distributions.
    for (let d = 0; d < 90; d++)
      expect(model.theta.subarray(d * 3, d * 3 + 3).reduce((a, b) => a + b, 0)).toBeCloseTo(1);
    for (let k = 0; k < 3; k++) {
      let s = 0;
      for (let w = 0; w < 30; w++) s += model.phi[w * 3 + k] as number;
      expect(s).toBeCloseTo(1);
    }
    // An on-topic word is far more probable in its document than an off-topic one.
    expect(wordProbability(model, 0, 1)).toBeGreaterThan(5 * wordProbability(model, 0, 11));
    expect(wordProbability(model, 0, 999)).toBe(0);
  });

  it('fits better than one topic (perplexity drops)', () => {
    const { corpus } = plantedCorpus(2);
    const one = fitLda(corpus, { ...options, topics: 1 });
    const three = fitLda(corpus, options);
    expect(perplexity(corpus, three.theta, three.phi, 3)).toBeLessThan(0.8 * perplexity(corpus, one.theta, one.phi, 1));
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const { corpus } = plantedCorpus(3);
    const a = fitLda(corpus, options);
    const b = fitLda(corpus, options);
    expect(Array.from(a.theta)).toEqual(Array.from(b.theta));
    expect(Array.from(a.phi)).toEqual(Array.from(b.phi));
    const c = fitLda(corpus, { ...options, seed: 8 });
    expect(Array.from(c.theta)).not.toEqual(Array.from(a.theta));
  });

  it('rejects priors ≤ 1 and honours cancellation', () => {
    const { corpus } = plantedCorpus(4);
    expect(() => fitLda(corpus, { ...options, alpha: 0.5 })).toThrow(/alpha/);
    const controller = new AbortController();
    controller.abort();
    expect(() => fitLda(corpus, { ...options, signal: controller.signal })).toThrow(/cancelled/);
  });

  it('gives the same model, bit for bit, on one thread and on two (the shards are fixed, not the threads)', async () => {
    const { corpus } = plantedCorpus(5);
    const one = fitLda(corpus, options);
    const alone = await fitLdaInThreads(corpus, { ...options, threads: 1 });
    const two = await fitLdaInThreads(corpus, { ...options, threads: 2 });
    expect(Array.from(alone.theta)).toEqual(Array.from(one.theta));
    expect(Array.from(two.theta)).toEqual(Array.from(one.theta));
    expect(Array.from(two.phi)).toEqual(Array.from(one.phi));
    // The worker did its share: the shared result buffers are what the threaded fit returns.
    expect(two.theta.buffer).toBeInstanceOf(SharedArrayBuffer);
    const again = await fitLdaInThreads(corpus, { ...options, threads: 2 });
    expect(Array.from(again.phi)).toEqual(Array.from(two.phi));
  });

  it('splits the triples in contiguous shards at document boundaries', () => {
    const doc = Int32Array.from([0, 0, 0, 1, 1, 2, 2, 2, 2, 3]);
    const plans = planShards(doc);
    expect(plans).toHaveLength(LDA_SHARDS);
    expect(plans[0]).toEqual({ start: 0, end: 5, docLo: 0, docHi: 1 });
    expect(plans[1]).toEqual({ start: 5, end: 10, docLo: 2, docHi: 3 });
    // One document only: the second shard is empty, and the fit still covers every triple.
    expect(planShards(Int32Array.from([4, 4, 4]))[1]).toMatchObject({ start: 3, end: 3, docHi: -1 });
  });

  it('fits triples in any order (a document spread over both shards) the same on one thread and on two', async () => {
    const { corpus } = plantedCorpus(6);
    const T = corpus.doc.length;
    // Interleave the triples from both ends: every document's triples end up in both shards.
    const order = Array.from({ length: T }, (_, i) => (i % 2 ? T - 1 - (i >> 1) : i >> 1));
    const shuffled = {
      ...corpus,
      doc: Int32Array.from(order, (i) => corpus.doc[i] as number),
      word: Int32Array.from(order, (i) => corpus.word[i] as number),
      count: Float64Array.from(order, (i) => corpus.count[i] as number),
    };
    const one = fitLda(shuffled, options);
    const two = await fitLdaInThreads(shuffled, { ...options, threads: 2 });
    expect(Array.from(two.theta)).toEqual(Array.from(one.theta));
    expect(Array.from(two.phi)).toEqual(Array.from(one.phi));
  });

  it('stops a threaded fit on cancellation and lets its worker go', async () => {
    const { corpus } = plantedCorpus(7);
    const controller = new AbortController();
    const fit = fitLdaInThreads(corpus, {
      ...options,
      threads: 2,
      signal: controller.signal,
      onIteration: (done) => done === 2 && controller.abort(),
    });
    await expect(fit).rejects.toThrow(/cancelled/);
  });
});
