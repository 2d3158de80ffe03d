/**
 * Scores as standing rules (issue #16), on a real SQLite cache: a score by criteria applies to matching rows
 * imported later (a re-import of the day, the next day), never over the analyst's own scores, until it is undone;
 * and the import keeps the previous order so what a re-import changed can be told.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshotRows } from '../cache/order-snapshot';
import { createCache, type Cache } from '../cache/index';
import { flowScoresRow } from '../cache/testing/flow-scores';
import type { DayImport, OaRow } from '../cache/types';
import { orderChanges } from './order-changes';
import { ScoringService } from './service';

const DAY = '2026-11-24';
const NEXT = '2026-11-25';

function flowRow(minute: number, srcip: string, dstip: string, dport: number): OaRow {
  return flowScoresRow(srcip, dstip, dport, minute, {
    tstart: `2026-11-24 10:${String(minute).padStart(2, '0')}:00`,
    sport: 40000 + minute,
    proto: 'TCP',
    ipkt: 10,
    ibyt: 1000,
    opkt: 5,
    obyt: 500,
  });
}

/** A flow day; `findings` = per row the finding key covering it (the import's facts), for the cases. */
function flowDay(date: string, rows: OaRow[], findings: Array<string | null> = []): DayImport {
  return {
    pipeline: 'flow',
    date,
    source: 'test',
    tables: { flow_scores: rows, flow_edge: [], flow_chords: [], flow_ingest_summary: [] },
    explanations: rows.map((row, i) => {
      const key = findings[i] ?? null;
      return {
        risk: key ? 0.9 : 0.1,
        findings: key ? [{ key, strength: 0.9 }] : [],
        entity: `${String(row.dstip)}:${String(row.dport)}`,
        riskRank: i,
      };
    }),
  };
}

let dir: string;
let cache: Cache;
let scoring: ScoringService;
const printer = '10.0.0.50';
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spot-standing-'));
  cache = createCache(path.join(dir, 'cache.db'));
  scoring = new ScoringService(cache, { feedbackDir: path.join(dir, 'feedback'), user: 'alice' });
  cache.write.replaceDay(
    flowDay(DAY, [
      flowRow(0, printer, '203.0.113.9', 9100),
      flowRow(1, '10.0.0.5', '198.51.100.7', 80),
      flowRow(2, '10.0.0.6', printer, 9100),
      flowRow(3, '10.0.0.7', '203.0.113.5', 443),
    ]),
  );
});
afterEach(() => {
  cache.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const scoreOf = (date: string, minute: number, src: string) => {
  const rows = cache.analystRead.dayRows('flow', date);
  const index = rows.findIndex(
    (r) => r.tstart === `2026-11-24 10:${String(minute).padStart(2, '0')}:00` && r.srcip === src,
  );
  return scoring.list('flow', date).find((s) => s.rowIndex === index) ?? null;
};

describe('scores as standing rules', () => {
  it('a quick score applies to matching rows a re-import brings, and the analyst work stays', () => {
    const quick = scoring.apply('flow', DAY, { ip: printer }, 3, 'the print server');
    expect(quick.changes).toHaveLength(2);
    // the analyst's own score of a row (by row, not a rule) and a judgement of a printer row that differs
    scoring.apply('flow', DAY, { rows: [1] }, 1, 'mine');
    scoring.apply('flow', DAY, { rows: [2] }, 2, 'odd one');
    expect(cache.analystRead.standingRules('flow').map((r) => [r.score, r.note, r.ended_by])).toEqual([
      [3, 'the print server', null],
    ]);

    // Re-import (Score this day): one printer row more, one other row gone.
    cache.write.replaceDay(
      flowDay(DAY, [
        flowRow(0, printer, '203.0.113.9', 9100),
        flowRow(1, '10.0.0.5', '198.51.100.7', 80),
        flowRow(2, '10.0.0.6', printer, 9100),
        flowRow(4, printer, '198.51.100.99', 631),
      ]),
    );
    expect(scoring.applyStandingRules('flow', DAY)).toEqual({ rules: 1, rows: 1 });
    expect(scoreOf(DAY, 4, printer)).toMatchObject({ score: 3, note: 'the print server' });
    expect(scoreOf(DAY, 0, printer)).toMatchObject({ score: 3, note: 'the print server' });
    expect(scoreOf(DAY, 1, '10.0.0.5')).toMatchObject({ score: 1, note: 'mine' });
    // the analyst's later judgement of a row the rule matches wins over the rule
    expect(scoreOf(DAY, 2, '10.0.0.6')).toMatchObject({ score: 2, note: 'odd one' });
    // applying again changes nothing: every matching row is scored
    expect(scoring.applyStandingRules('flow', DAY)).toEqual({ rules: 0, rows: 0 });
    // the application is in the audit log, named, and undoable like any score
    const applied = scoring.audit('flow', DAY)[0]!;
    expect(applied.by).toBe('alice (standing rule #1)');
    scoring.undo(applied.id);
    expect(scoreOf(DAY, 4, printer)).toBeNull();
  });

  it("applies to the next day's import; an undone score stands no more", () => {
    const quick = scoring.apply('flow', DAY, { ip: printer }, 3, 'the print server');
    cache.write.replaceDay(
      flowDay(NEXT, [flowRow(7, printer, '203.0.113.9', 9100), flowRow(8, '10.0.0.9', '8.8.8.8', 53)]),
    );
    expect(scoring.applyStandingRules('flow', NEXT)).toEqual({ rules: 1, rows: 1 });
    expect(scoreOf(NEXT, 7, printer)).toMatchObject({ score: 3 });
    expect(scoreOf(NEXT, 8, '10.0.0.9')).toBeNull();

    scoring.undo(quick.id);
    expect(cache.analystRead.standingRules('flow')[0]!.ended_by).not.toBeNull();
    cache.write.replaceDay(flowDay(NEXT, [flowRow(9, printer, '203.0.113.10', 9100)]));
    expect(scoring.applyStandingRules('flow', NEXT)).toEqual({ rules: 0, rows: 0 });
  });

  it('scores by rows (a selection, a case) do not stand: they follow their own events only', () => {
    scoring.apply('flow', DAY, { rows: [0, 2] }, 3, 'these two');
    expect(cache.analystRead.standingRules('flow')).toHaveLength(0);
  });
});

describe('what a re-import changed', () => {
  it('keeps the previous order and tells new, dropped and moved rows and cases', () => {
    const rows = Array.from({ length: 30 }, (_, i) => flowRow(i, `10.0.1.${i}`, '203.0.113.9', 443));
    const scan = 'port_scan|10.0.1.0';
    const beacon = 'beaconing|10.0.1.29';
    cache.write.replaceDay(
      flowDay(
        DAY,
        rows,
        rows.map((_, i) => (i < 10 ? scan : i === 29 ? beacon : null)),
      ),
    );
    const first = cache.read.listDays('flow').find((d) => d.date === DAY)!.importedAt;
    // Re-import: row 29 (the beacon) leads now, rows 0–1 are gone, one new row joins.
    const next = [rows[29]!, ...rows.slice(2, 29), flowRow(40, '10.0.9.9', '203.0.113.66', 8443)];
    cache.write.replaceDay(
      flowDay(
        DAY,
        next,
        next.map((r) => (r === rows[29] ? beacon : rows.indexOf(r) >= 0 && rows.indexOf(r) < 10 ? scan : null)),
      ),
    );
    const snapshot = cache.read.orderSnapshot('flow', DAY)!;
    expect(snapshot.importedAt).toBe(first);
    expect(snapshot.rows).toHaveLength(30);
    const changes = orderChanges(
      snapshot.rows,
      snapshotRows('flow', cache.analystRead.dayRows('flow', DAY), cache.read.explanations('flow', DAY)),
      snapshot.importedAt,
    );
    expect(changes.rows).toEqual({ before: 30, after: 29, new: 1, dropped: 2, movedUp: 1, movedDown: 0 });
    expect(changes.newRows).toEqual([28]);
    expect(changes.cases.new).toEqual(['203.0.113.66:8443']);
    expect(changes.cases.dropped).toEqual([]);
    expect(changes.cases.movedUp).toEqual(['beaconing · 10.0.1.29']);
    expect(changes.cases.movedDown).toEqual(['port scan · 10.0.1.0', '203.0.113.9:443']);
  });
});
