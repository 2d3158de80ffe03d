// ingest.summary and ingest.series read the one ingest-summary reader and answer the same padded, time-ordered,
// per-minute series: flow's stored minutes are unpadded (Spot's flow tdate), so ordering them as text misplaced
// 9:05 after 10:00 and kept 9:5 and 09:05 apart.
import { beforeEach, describe, expect, it } from 'vitest';
import { useTestCore } from '../test-core';

const DATE = '2026-11-24';

const t = useTestCore({ per: 'test', prefix: 'spot-ingest-' });
beforeEach(() => {
  t.core.cache.write.replaceDay({
    pipeline: 'flow',
    date: DATE,
    source: 'test',
    tables: {
      flow_scores: [],
      flow_edge: [],
      flow_chords: [],
      flow_ingest_summary: [
        { tdate: '2026-11-24 10:00', total: 4 },
        { tdate: '2026-11-24 9:5', total: 2 },
        { tdate: '2026-11-24 09:05', total: 1 },
      ],
    },
  });
});

describe('the ingest summary through every door', () => {
  it('pads, sums and orders flow minutes the same for ingest.summary and ingest.series', async () => {
    const summary = await t.dispatch('ingest.summary', { pipeline: 'flow', start: DATE, end: DATE });
    expect(summary).toEqual({
      ok: true,
      value: [
        { minute: '2026-11-24 09:05', total: 3 },
        { minute: '2026-11-24 10:00', total: 4 },
      ],
    });
    const series = await t.dispatch('ingest.series', { pipeline: 'flow', start: DATE, end: DATE });
    expect(series.ok && (series.value as { points: unknown }).points).toEqual(summary.ok && summary.value);
  });
});
