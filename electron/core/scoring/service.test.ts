import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCache, type Cache } from '../cache/index';
import { flowScoresRow } from '../cache/testing/flow-scores';
import type { DayImport, OaRow } from '../cache/types';
import { readFeedbackFileAsSpotMl } from '../feedback/feedback-file';
import { ScoringService } from './service';

const DAY = '2026-11-24';

function flowRow(i: number, srcip: string, dstip: string, dport: number): OaRow {
  return flowScoresRow(srcip, dstip, dport, i, {
    tstart: `2026-11-24 10:0${i}:00`,
    sport: 40000 + i,
    proto: 'TCP',
    ipkt: 10 + i,
    ibyt: 1000 + i,
    opkt: 5,
    obyt: 500,
  });
}

function flowDay(rows: OaRow[]): DayImport {
  return {
    pipeline: 'flow',
    date: DAY,
    source: 'test',
    tables: { flow_scores: rows, flow_edge: [], flow_chords: [], flow_ingest_summary: [] },
  };
}

let dir: string;
let cache: Cache;
let scoring: ScoringService;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spot-scoring-'));
  cache = createCache(path.join(dir, 'cache.db'));
  scoring = new ScoringService(cache, { feedbackDir: path.join(dir, 'feedback'), user: 'alice' });
  cache.write.replaceDay(
    flowDay([
      flowRow(0, '10.0.0.5', '203.0.113.9', 443),
      flowRow(1, '10.0.0.5', '198.51.100.7', 80),
      flowRow(2, '10.0.0.6', '203.0.113.9', 443),
      flowRow(3, '203.0.113.9', '10.0.0.7', 22),
    ]),
  );
});
afterEach(() => {
  cache.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('scoring', () => {
  it('quick scoring by IP matches it as source or destination, previewed before it is applied', () => {
    expect(scoring.preview('flow', DAY, { ip: '203.0.113.9' })).toEqual({ matched: 3, rows: [0, 2, 3] });
    const entry = scoring.apply('flow', DAY, { ip: '203.0.113.9' }, 3, 'CDN');
    expect(entry.changes.map((c) => [c.rowIndex, c.from, c.to])).toEqual([
      [0, null, 3],
      [2, null, 3],
      [3, null, 3],
    ]);
    expect(entry.by).toBe('alice');
    // Only matched rows are scored (Spot would hide every row sharing srcip OR dstip).
    expect(
      scoring
        .list('flow', DAY)
        .map((s) => s.rowIndex)
        .sort(),
    ).toEqual([0, 2, 3]);
  });

  it('AND-matches the flow keys that are set and refuses an empty score', () => {
    expect(scoring.preview('flow', DAY, { srcip: '10.0.0.5', dport: 80 }).rows).toEqual([1]);
    expect(() => scoring.apply('flow', DAY, {}, 1, '')).toThrow(/at least one row/);
    expect(() => scoring.apply('flow', DAY, { srcip: '192.0.2.1' }, 1, '')).toThrow(/nothing matches/);
    expect(cache.analystRead.audit()).toHaveLength(0);
  });

  it('writes ml_feedback.csv that spot-ml reads, and threat-investigation rows, regenerated on every change', () => {
    scoring.apply('flow', DAY, { rows: [0, 1] }, 1, '');
    scoring.apply('flow', DAY, { rows: [1] }, 3, 'benign');
    const file = scoring.feedbackFilePath('flow', DAY);
    expect(file).toBe(path.join(dir, 'feedback', 'flow', '20261124', 'ml_feedback.csv'));
    const text = fs.readFileSync(file, 'utf8');
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('sev\ttstart\tsrcIP\tdstIP\tsport\tdport\tipkt\tibyt\tproto');
    expect(lines).toHaveLength(3); // header + 2 rows: row 1 appears once, with its latest score
    const kept = readFeedbackFileAsSpotMl('flow', text);
    expect(kept).toHaveLength(1);
    const ti = cache.read.tableRows('flow_threat_investigation', DAY, 10, 0);
    expect(ti.rows.map((r) => [r[1], r[2], r[5]]).sort()).toEqual([
      ['10.0.0.5', '198.51.100.7', 3],
      ['10.0.0.5', '203.0.113.9', 1],
    ]);
    expect(cache.analystRead.outbox('flow', DAY)[0]).toMatchObject({ state: 'saved', scored_rows: 2 });
  });

  it('undo restores exactly the previous scores, and is itself audited', () => {
    const first = scoring.apply('flow', DAY, { rows: [0] }, 2, '');
    const second = scoring.apply('flow', DAY, { rows: [0, 1] }, 1, 'escalated');
    scoring.undo(second.id);
    expect(scoring.list('flow', DAY).map((s) => [s.rowIndex, s.score])).toEqual([[0, 2]]);
    expect(() => scoring.undo(second.id)).toThrow(/already undone/);
    scoring.undo(first.id);
    expect(scoring.list('flow', DAY)).toEqual([]);
    const audit = scoring.audit('flow', DAY);
    expect(audit.map((a) => a.action)).toEqual(['undo', 'undo', 'score', 'score']);
    expect(audit.find((a) => a.id === second.id)?.undoneBy).not.toBeNull();
    expect(readFeedbackFileAsSpotMl('flow', fs.readFileSync(scoring.feedbackFilePath('flow', DAY), 'utf8'))).toEqual(
      [],
    );
  });

  it("keeps the analyst's scores when the day is re-run", () => {
    scoring.apply('flow', DAY, { rows: [3] }, 1, 'ssh from outside');
    // The re-run scores differently and reorders rows, but the event is the same.
    const rows = [flowRow(3, '203.0.113.9', '10.0.0.7', 22), flowRow(0, '10.0.0.5', '203.0.113.9', 443)];
    cache.write.replaceDay(flowDay(rows));
    expect(scoring.list('flow', DAY)).toMatchObject([{ rowIndex: 0, score: 1, note: 'ssh from outside' }]);
    expect(cache.read.tableRows('flow_threat_investigation', DAY, 10, 0).total).toBe(1);
  });
});
