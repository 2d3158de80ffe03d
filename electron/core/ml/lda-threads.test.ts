/**
 * The LDA sweep on two threads gives the same scoring as on one (issue #15, speed): the shards are fixed, so the
 * results and detections files are byte-identical for every thread count — the tolerance is zero, on the sample
 * day (all three pipelines, as the app generates and scores it) and on a generated flow day. (Against the unsplit
 * sweep before the shards, scores differ by rounding only: ≤ 6e-14 relative on the 1M-event bench day, top 1,000
 * in the same order.)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Pipeline } from '../../../shared/schema';
import { generateSampleDay } from '../sample/generate';
import { scoreDay, type ScoreDayOptions, type ScoreDayResult } from './score-day';
import { officeFlows, removeTempRoots, tempRoot, writeRawDay } from './test-day';

const made: string[] = [];
afterAll(() => {
  removeTempRoots();
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** Scores a day on one thread and on two (into separate output roots); returns both runs' files. */
async function scoreBoth(opts: ScoreDayOptions): Promise<{ one: ScoreDayResult; files: [string, string][] }> {
  const other = tempRoot();
  const one = await scoreDay({ ...opts, rawRoot: opts.rawRoot ?? opts.root, ldaThreads: 1 });
  const two = await scoreDay({ ...opts, rawRoot: opts.rawRoot ?? opts.root, root: other, ldaThreads: 2 });
  const files: [string, string][] = [
    [readFileSync(one.resultsPath, 'utf8'), readFileSync(two.resultsPath, 'utf8')],
    [readFileSync(one.detectionsPath, 'utf8'), readFileSync(two.detectionsPath, 'utf8')],
  ];
  return { one, files };
}

describe('LDA on two threads', () => {
  it('scores a generated flow day byte-identically on one thread and on two', async () => {
    const root = tempRoot();
    writeRawDay(root, 'flow', '2026-03-05', officeFlows('2026-03-05', 4000, 3));
    const { one, files } = await scoreBoth({ root, pipeline: 'flow', date: '2026-03-05', tol: 1, seed: 3 });
    expect(one.kept).toBeGreaterThan(1000);
    for (const [a, b] of files) expect(b).toBe(a);
  });

  it('scores the sample day byte-identically on one thread and on two, in every pipeline', async () => {
    const compared: Pipeline[] = [];
    const root = join(mkdtempSync(join(tmpdir(), 'spot-desk-lda-threads-')), 'day');
    made.push(join(root, '..'));
    // The generator scores each pipeline as the app does; the same call on one and on two threads is compared.
    await generateSampleDay({
      root,
      format: 'csv',
      score: async (opts) => {
        const { one, files } = await scoreBoth(opts);
        for (const [a, b] of files) expect(b).toBe(a);
        expect(one.kept).toBeGreaterThan(250);
        compared.push(opts.pipeline);
        return one;
      },
    });
    expect(compared.sort()).toEqual(['dns', 'flow', 'proxy']);
  }, 600_000);
});
