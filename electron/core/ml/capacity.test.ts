import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../errors';
import { resultsPath } from '../sources/local';
import { scoreCapacity, SCORE_MEMORY_MODEL, SCORE_MEMORY_SHARE } from './capacity';
import { scoreDay } from './score-day';
import { officeFlows, removeTempRoots, tempRoot, writeRawDay } from './test-day';

afterAll(removeTempRoots);

const GB = 2 ** 30;

describe('scoreCapacity', () => {
  it('lets a day fit within the share of memory, from the measured model', () => {
    const fit = scoreCapacity({ pipeline: 'flow', events: 1_000_000, totalMemBytes: 16 * GB });
    const { baseBytes, bytesPerEvent } = SCORE_MEMORY_MODEL.flow;
    expect(fit).toEqual({
      ok: true,
      needBytes: baseBytes + 1_000_000 * bytesPerEvent,
      budgetBytes: 16 * GB * SCORE_MEMORY_SHARE,
    });
  });

  it('refuses a day too large for the machine, saying how large and where to score it instead', () => {
    const refused = scoreCapacity({ pipeline: 'flow', events: 100_000_000, totalMemBytes: 16 * GB });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.message).toMatch(/^this flow day has 100,000,000 events: scoring it here needs about \d+\.\d GB/);
    expect(refused.message).toContain('9.6 GB this machine can give it (60 % of 16.0 GB)');
    expect(refused.message).toContain('Score it on the cluster');
    expect(refused.message).toContain('Hive/Impala source');
  });
});

describe('scoreDay capacity check', () => {
  it('refuses before the passes start, naming the raw day folder, and writes nothing', async () => {
    const root = tempRoot();
    const date = '2026-03-05';
    writeRawDay(root, 'flow', date, officeFlows(date, 500));
    const progress: string[] = [];
    const run = scoreDay({
      root,
      pipeline: 'flow',
      date,
      memoryBytes: 100 * 2 ** 20,
      onProgress: (_f, message) => progress.push(message),
    });
    await expect(run).rejects.toBeInstanceOf(InputError);
    await expect(run).rejects.toThrow(/flow\/hive\/y=2026\/m=3\/d=5.*this flow day has 500 events/);
    expect(progress.some((m) => /LDA|named detections/.test(m))).toBe(false);
    expect(existsSync(resultsPath(root, 'flow', date))).toBe(false);
  });
});
