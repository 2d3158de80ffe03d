import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCache } from '../index';
import { fakeDay } from '../testing/fake-day';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spot-raw-rows-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('migration 006 raw rows', () => {
  it("keeps a day's raw account, so a day that lost rows says so in the views", () => {
    const cache = createCache(path.join(dir, 'cache.db'));
    try {
      const lost = fakeDay('flow', '2026-11-24', 2, 'a');
      lost.rawRows = {
        read: 11,
        accepted: 10,
        rejected: 1,
        files: [],
        firstRejected: [
          {
            file: '/raw/rest.csv',
            line: 5,
            field: 'proto',
            reason: 'a quote (") opened in this field is not closed on its line',
            text: '…',
          },
        ],
      };
      cache.write.replaceDay(lost);
      cache.write.replaceDay(fakeDay('dns', '2026-11-24', 2, 'b'));
      const days = cache.read.listDays();
      expect(days.find((d) => d.pipeline === 'flow')).toMatchObject({
        rawRead: 11,
        rawRejected: 1,
        rawNote: '/raw/rest.csv, line 5, field proto: a quote (") opened in this field is not closed on its line',
      });
      expect(days.find((d) => d.pipeline === 'dns')).toMatchObject({ rawRead: null, rawRejected: null, rawNote: null });
    } finally {
      cache.close();
    }
  });
});
