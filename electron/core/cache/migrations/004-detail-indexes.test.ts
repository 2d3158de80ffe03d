import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migration as m001 } from './001-oa-tables';
import { migration } from './004-detail-indexes';

describe('migration 004 detail indexes', () => {
  it('makes the details query of a selected flow row use an index', () => {
    const db = new Database(':memory:');
    m001.up(db);
    migration.up(db);
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT * FROM flow_edge WHERE day = ? AND hh = ? AND mn = ?`)
      .all('2026-11-24', 10, 5) as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toContain('flow_edge_minute');
    const chords = db
      .prepare(`EXPLAIN QUERY PLAN SELECT * FROM flow_chords WHERE day = ? AND ip_threat = ?`)
      .all('d', 'ip') as Array<{
      detail: string;
    }>;
    expect(chords.map((p) => p.detail).join(' ')).toContain('flow_chords_ip');
  });
});
