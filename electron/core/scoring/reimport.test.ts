import { describe, expect, it } from 'vitest';
import type { DayImport } from '../cache/index';
import type { OaRow } from '../cache/types';
import { flowScoresRow } from '../cache/testing/flow-scores';
import { withAnalystWork } from './reimport';
import { useTestCore } from '../test-core';

const DATE = '2026-11-24';

const row = flowScoresRow;
// Rows no finding covers, in Spot's (LDA) order: two to a benign update server, one to a C&C server.
const update1 = row('10.0.0.5', '192.0.2.1', 8080, 0);
const update2 = row('10.0.0.9', '192.0.2.1', 8080, 1);
const cc = row('10.0.0.7', '203.0.113.77', 8443, 2);
const dayOf = (rows: OaRow[], risks: number[]): DayImport => ({
  pipeline: 'flow',
  date: DATE,
  source: 'test',
  tables: { flow_scores: rows, flow_edge: [], flow_chords: [], flow_ingest_summary: [] },
  explanations: rows.map((r, i) => ({ risk: risks[i], findings: [], entity: `${String(r.dstip)}:${String(r.dport)}` })),
});

type List = { rows: { index: number; severity: number | null; values: unknown[] }[]; columns: string[] };
const dstips = (list: List): unknown[] => list.rows.map((r) => r.values[list.columns.indexOf('dstip')]);

const t = useTestCore({ per: 'test', prefix: 'spot-keep-scored-' });

describe('withAnalystWork', () => {
  it('keeps a labelled row the re-scored day left out, so its label still lowers the rows like it', async () => {
    t.core.cache.write.replaceDay(withAnalystWork(t.core.cache, dayOf([update1, update2, cc], [0.3, 0.29, 0.28])));
    await t.call('scores.apply', { pipeline: 'flow', date: DATE, target: { rows: [0] }, score: 3, note: 'update' });
    const atOnce = await t.call<List>('suspicious.list', { pipeline: 'flow', date: DATE, order: 'risk' });
    // The label moves the other row to the update server below the C&C row at once.
    expect(dstips(atOnce)).toEqual(['203.0.113.77', '192.0.2.1']);

    // Score this day learned from the label: the labelled row left the results' top N, the rest kept their order.
    t.core.cache.write.replaceDay(withAnalystWork(t.core.cache, dayOf([update2, cc], [0.3, 0.29])));
    const rescored = await t.call<List>('suspicious.list', { pipeline: 'flow', date: DATE, order: 'risk' });
    expect(dstips(rescored)).toEqual(['203.0.113.77', '192.0.2.1']);
    // The labelled row is still the analyst's: scored, hidden by default, listed with --all.
    const all = await t.call<List>('suspicious.list', {
      pipeline: 'flow',
      date: DATE,
      order: 'risk',
      all: true,
    });
    expect(all.rows.filter((r) => r.severity === 3)).toHaveLength(1);
    expect(all.rows).toHaveLength(3);
  });

  it('a retrained LDA that reorders rows no label concerns cannot lift them over the rows they followed', async () => {
    const browsing = row('10.0.0.12', '192.0.2.50', 443, 3);
    const other = row('10.0.0.14', '192.0.2.70', 443, 5);
    t.core.cache.write.replaceDay(
      withAnalystWork(t.core.cache, dayOf([update1, cc, update2, browsing, other], [0.3, 0.29, 0.28, 0.2, 0.1])),
    );
    await t.call('scores.apply', { pipeline: 'flow', date: DATE, target: { rows: [0] }, score: 3, note: 'update' });
    const atOnce = await t.call<List>('suspicious.list', { pipeline: 'flow', date: DATE, order: 'risk' });
    expect(dstips(atOnce)).toEqual(['203.0.113.77', '192.0.2.50', '192.0.2.70', '192.0.2.1']);

    // The model retrained on the label put another client's browsing (and a row new to the list) first, and pushed
    // one row past its top N.
    const newcomer = row('10.0.0.13', '192.0.2.60', 443, 4);
    t.core.cache.write.replaceDay(
      withAnalystWork(t.core.cache, dayOf([newcomer, browsing, cc, update2], [0.3, 0.29, 0.28, 0.27])),
    );
    const rescored = await t.call<List>('suspicious.list', { pipeline: 'flow', date: DATE, order: 'risk' });
    expect(dstips(rescored)).toEqual(['203.0.113.77', '192.0.2.50', '192.0.2.70', '192.0.2.1', '192.0.2.60']);
  });

  it('leaves a day nobody labelled as the scorer ranked it', async () => {
    t.core.cache.write.replaceDay(withAnalystWork(t.core.cache, dayOf([update1, cc], [0.3, 0.29])));
    const fresh = dayOf([cc, update1], [0.3, 0.29]);
    expect(withAnalystWork(t.core.cache, fresh)).toBe(fresh);
  });
});
