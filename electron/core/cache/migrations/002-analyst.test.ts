import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migration as m001 } from './001-oa-tables';
import { migration } from './002-analyst';

describe('migration 002 analyst', () => {
  it('creates the audit log, analyst scores, outbox and allow-list with their constraints', () => {
    const db = new Database(':memory:');
    m001.up(db);
    migration.up(db);
    const tables = db
      .prepare(
        `SELECT name FROM sqlite_schema WHERE type = 'table' AND name IN ('score_audit','analyst_scores','feedback_outbox','allow_list')`,
      )
      .all();
    expect(tables).toHaveLength(4);
    const audit = db
      .prepare(
        `INSERT INTO score_audit (pipeline, day, action, target_json, score, changes_json, by, at) VALUES ('flow','2026-11-24','score','{}',1,'[]','me','now')`,
      )
      .run();
    expect(() =>
      db
        .prepare(
          `INSERT INTO analyst_scores (pipeline, day, row_key, score, row_json, by, at, audit_id) VALUES ('flow','2026-11-24','k',4,'{}','me','now',?)`,
        )
        .run(audit.lastInsertRowid),
    ).toThrow(/CHECK/);
    db.prepare(`INSERT INTO allow_list (kind, pattern, created_at) VALUES ('ip','10.0.0.1','now')`).run();
    expect(() =>
      db.prepare(`INSERT INTO allow_list (kind, pattern, created_at) VALUES ('ip','10.0.0.1','now')`).run(),
    ).toThrow(/UNIQUE/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO feedback_outbox (pipeline, day, state, content, scored_rows, updated_at) VALUES ('flow','d','lost','',0,'now')`,
        )
        .run(),
    ).toThrow(/CHECK/);
  });
});
