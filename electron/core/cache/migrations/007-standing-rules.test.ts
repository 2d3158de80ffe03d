import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from './index';
import { migration } from './007-standing-rules';

describe('migration 007 standing rules and order snapshots', () => {
  it('adds both tables to a cache at version 6, keeping what it holds', () => {
    const db = new Database(':memory:');
    for (const m of MIGRATIONS.filter((m) => m.version < 7)) m.up(db);
    db.prepare(
      `INSERT INTO score_audit (pipeline, day, action, target_json, score, changes_json, by, at) VALUES ('dns', '2026-11-24', 'score', '{"clientIp":"10.0.0.1"}', 3, '[]', 'a', 't')`,
    ).run();
    migration.up(db);
    db.prepare(
      `INSERT INTO standing_rules (pipeline, target_json, score, note, audit_id, by, at) VALUES ('dns', '{"clientIp":"10.0.0.1"}', 3, 'printer', 1, 'a', 't')`,
    ).run();
    expect(db.prepare(`SELECT pipeline, score, note, ended_by FROM standing_rules`).all()).toEqual([
      { pipeline: 'dns', score: 3, note: 'printer', ended_by: null },
    ]);
    // a score makes at most one rule; a rule names a real pipeline and severity
    expect(() =>
      db
        .prepare(
          `INSERT INTO standing_rules (pipeline, target_json, score, audit_id, by, at) VALUES ('dns', '{}', 3, 1, 'a', 't')`,
        )
        .run(),
    ).toThrow(/UNIQUE/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO standing_rules (pipeline, target_json, score, audit_id, by, at) VALUES ('mail', '{}', 4, 2, 'a', 't')`,
        )
        .run(),
    ).toThrow(/CHECK/);
    db.prepare(
      `INSERT INTO order_snapshots (pipeline, day, imported_at, snapshot_json) VALUES ('flow', '2026-11-24', 't', '[]')`,
    ).run();
    expect(() =>
      db
        .prepare(
          `INSERT INTO order_snapshots (pipeline, day, imported_at, snapshot_json) VALUES ('flow', '2026-11-24', 't2', '[]')`,
        )
        .run(),
    ).toThrow(/UNIQUE|PRIMARY/);
    expect(MIGRATIONS[migration.version - 1]).toBe(migration);
  });
});
