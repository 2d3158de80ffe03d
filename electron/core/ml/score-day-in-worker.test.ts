import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CancelledError, InputError } from '../errors';
import { scoreDay } from './score-day';
import { scoreDayInWorker } from './score-day-in-worker';
import { flowRow, officeFlows, removeTempRoots, tempRoot, writeRawDay } from './test-day';

afterAll(removeTempRoots);

const DATE = '2026-03-05';

function day(rows = 2000): string {
  const root = tempRoot();
  writeRawDay(root, 'flow', DATE, [
    ...officeFlows(DATE, rows),
    flowRow(DATE, { sip: '10.0.0.9', dip: '198.51.100.1', sport: 40000, dport: 4444, hour: 2, ibyt: 99999, ipkt: 70 }),
  ]);
  return root;
}

describe('scoreDayInWorker', () => {
  it('gives the same results as scoreDay, with progress', async () => {
    const root = day();
    const progress: string[] = [];
    const inWorker = await scoreDayInWorker({
      root,
      pipeline: 'flow',
      date: DATE,
      tol: 1,
      onProgress: (_f, m) => progress.push(m),
    });
    const workerText = readFileSync(inWorker.resultsPath, 'utf8');
    const direct = await scoreDay({ root, pipeline: 'flow', date: DATE, tol: 1 });
    expect(readFileSync(direct.resultsPath, 'utf8')).toBe(workerText);
    expect(inWorker.kept).toBe(direct.kept);
    expect(progress.some((m) => m.startsWith('LDA iteration'))).toBe(true);
  });

  it('cancels', async () => {
    const root = day(20000);
    const controller = new AbortController();
    const run = scoreDayInWorker({
      root,
      pipeline: 'flow',
      date: DATE,
      iterations: 200,
      onProgress: (_f, m) => {
        if (m.startsWith('LDA iteration 2 ')) controller.abort();
      },
      signal: controller.signal,
    });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
  });

  it('rebuilds InputError from the worker', async () => {
    const root = tempRoot();
    await expect(scoreDayInWorker({ root, pipeline: 'dns', date: DATE })).rejects.toBeInstanceOf(InputError);
  });

  it('works from npx tsx', () => {
    const root = day(500);
    const script = join(root, 'run.mts');
    const moduleUrl = new URL('./score-day-in-worker.ts', import.meta.url).href;
    writeFileSync(
      script,
      `import { scoreDayInWorker } from ${JSON.stringify(moduleUrl)};\n` +
        `const r = await scoreDayInWorker({ root: ${JSON.stringify(root)}, pipeline: 'flow', date: '${DATE}', tol: 1 });\n` +
        `console.log(JSON.stringify({ kept: r.kept, events: r.events }));\n`,
    );
    const repo = fileURLToPath(new URL('../../../', import.meta.url));
    const out = execFileSync('npx', ['tsx', script], { cwd: repo, encoding: 'utf8' });
    expect(JSON.parse(out.trim().split('\n').at(-1) as string)).toEqual({ kept: 501, events: 501 });
  });
});
