import { beforeEach, describe, expect, it } from 'vitest';
import { formatList } from './cli';
import type { DayImport } from './core/cache/index';
import { flowScoresRow } from './core/cache/testing/flow-scores';
import { useTestCore } from './core/test-core';

const DATE = '2026-11-24';

const row = flowScoresRow;
const ntp = { key: 'beaconing|10.0.0.5', strength: 0.95 };
const c2 = { key: 'beaconing|10.0.0.7', strength: 0.7 };
const detection = (name: string, strength: number) => [{ name, detail: 'evidence', strength }];

// Spot's order: the NTP beacon (rows 0, 1), the C2 beacon (row 2), an LDA-only row to the same NTP server (3) and
// another LDA-only row (4).
const day: DayImport = {
  pipeline: 'flow',
  date: DATE,
  source: 'test',
  tables: {
    flow_scores: [
      row('10.0.0.5', '192.0.2.1', 123, 0),
      row('10.0.0.5', '192.0.2.2', 123, 1),
      row('10.0.0.7', '203.0.113.77', 8443, 2),
      row('10.0.0.9', '192.0.2.1', 123, 3),
      row('10.0.0.9', '198.51.100.1', 9999, 4),
    ],
    flow_edge: [],
    flow_chords: [],
    flow_ingest_summary: [],
  },
  explanations: [
    { risk: 0.95, findings: [ntp], entity: '192.0.2.1:123', detections: detection('beaconing', 0.95) },
    { risk: 0.95, findings: [ntp], entity: '192.0.2.2:123', detections: detection('beaconing', 0.95) },
    { risk: 0.7, findings: [c2], entity: '203.0.113.77:8443', detections: detection('beaconing', 0.7) },
    { risk: 0.25, findings: [], entity: '192.0.2.1:123' },
    { risk: 0.2, findings: [], entity: '198.51.100.1:9999' },
  ],
};

type List = { rows: { index: number; position: number; finding: string; risk: number | null }[]; hidden: object };
const indexes = (list: List) => list.rows.map((r) => r.index);

const t = useTestCore({ per: 'test', prefix: 'spot-list-' });
beforeEach(() => {
  t.core.cache.write.replaceDay(day);
});

describe('suspicious.list (the CLI list, in the view default order)', () => {
  it('lists one row per finding and actor first, then by risk; the LDA order on request', async () => {
    const list = await t.call<List>('suspicious.list', { pipeline: 'flow', date: DATE });
    // The findings' representatives, then the model's rarest rows no finding covers (shared/risk-order.ts
    // MODEL_REPRESENTATIVES), then the NTP beacon's other row.
    expect(indexes(list)).toEqual([0, 2, 3, 4, 1]);
    expect(list.rows[0]).toMatchObject({ position: 0, finding: 'beaconing', risk: 0.95 });
    expect(indexes(await t.call<List>('suspicious.list', { pipeline: 'flow', date: DATE, order: 'lda' }))).toEqual([
      0, 1, 2, 3, 4,
    ]);
  });

  it('a low-risk label hides the row and sinks rows like it at once; --all lists the scored row', async () => {
    await t.call('scores.apply', { pipeline: 'flow', date: DATE, target: { rows: [0, 1] }, score: 3 });
    const list = await t.call<List>('suspicious.list', { pipeline: 'flow', date: DATE });
    // Both NTP rows are labelled: the finding sinks, and the LDA row to the same NTP server with it.
    expect(indexes(list)).toEqual([2, 4, 3]);
    expect(list.hidden).toEqual({ scored: 2, allowListed: 0 });
    // --all lists the scored rows too, where the analyst left them (a label moves the rows like it, not its own).
    // The C2 beacon, the model's rarest row no label lowered, then the labelled NTP rows.
    const all = await t.call<List>('suspicious.list', { pipeline: 'flow', date: DATE, all: true, limit: 3 });
    expect(indexes(all)).toEqual([2, 4, 0]);
  });

  it('hides allow-listed rows like the view, and formats TSV, spreadsheet-safe CSV and JSON', async () => {
    await t.call('allowlist.add', { kind: 'ip', pattern: '198.51.100.1' });
    const list = await t.call<Parameters<typeof formatList>[0]>('suspicious.list', { pipeline: 'flow', date: DATE });
    expect(list.rows.map((r) => r.index)).toEqual([0, 2, 3, 1]);
    expect(list.hidden).toEqual({ scored: 0, allowListed: 1 });
    // With the pipeline, the event time leads in the one format, ISO 8601 with Z (the CLI passes --type).
    const timed = formatList(list, 'csv', 'flow').split('\r\n');
    expect(timed[0]).toMatch(/^position,index,finding,risk,severity,time_utc,tstart,/);
    expect(timed[1]).toMatch(/^0,0,beaconing,0\.95,,2026-11-24T10:00:00Z,2026-11-24 10:00:00,/);
    const tsv = formatList(list, 'tsv').split('\n');
    expect(tsv[0]).toMatch(/^position\tindex\tfinding\trisk\tseverity\ttstart\tsrcip\tdstip/);
    expect(tsv[1]).toMatch(/^0\t0\tbeaconing\t0\.95\t\t2026-11-24 10:00:00\t10\.0\.0\.5\t192\.0\.2\.1/);
    expect(JSON.parse(formatList(list, 'json')).rows).toHaveLength(4);
    const hostile = { ...list, rows: [{ ...list.rows[0]!, finding: '=HYPERLINK("x")' }] };
    expect(formatList(hostile, 'csv').split('\r\n')[1]).toContain(`"'=HYPERLINK(""x"")"`);
  });
});
