import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DayFindings } from '../../../../shared/api';
import { createCache } from '../index';
import { fakeDay } from '../testing/fake-day';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spot-day-findings-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('migration 008 day findings', () => {
  it('keeps which named detections a day has and where they came from, or why it has none', () => {
    const cache = createCache(path.join(dir, 'cache.db'));
    try {
      const pushed: DayFindings = {
        computed: true,
        origin: 'pushed down to Hive at ml-node:10000',
        findings: 4,
        detectorsRun: 4,
        detectorsAsked: 5,
        missing: [{ detector: 'flow/beaconing', why: 'query timed out' }],
      };
      const none: DayFindings = { computed: false, why: 'the results come without a detections file' };
      cache.write.replaceDay({ ...fakeDay('flow', '2026-11-24', 2, 'a'), findings: pushed });
      cache.write.replaceDay({ ...fakeDay('dns', '2026-11-24', 2, 'b'), findings: none });
      cache.write.replaceDay(fakeDay('proxy', '2026-11-24', 2, 'c'));
      const days = cache.read.listDays();
      expect(days.find((d) => d.pipeline === 'flow')?.findings).toEqual(pushed);
      expect(days.find((d) => d.pipeline === 'dns')?.findings).toEqual(none);
      expect(days.find((d) => d.pipeline === 'proxy')?.findings).toBeNull();
      // A re-import replaces the day's account with its own.
      cache.write.replaceDay(fakeDay('flow', '2026-11-24', 2, 'a'));
      expect(cache.read.listDays('flow')[0]?.findings).toBeNull();
    } finally {
      cache.close();
    }
  });
});
