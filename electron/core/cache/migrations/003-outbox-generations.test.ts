import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migration as m001 } from './001-oa-tables';
import { migration as m002 } from './002-analyst';
import { migration } from './003-outbox-generations';

describe('migration 003 outbox generations', () => {
  it('adds generation tracking to existing outbox rows without losing them', () => {
    const db = new Database(':memory:');
    m001.up(db);
    m002.up(db);
    db.prepare(
      `INSERT INTO feedback_outbox (pipeline, day, state, content, scored_rows, updated_at) VALUES ('dns','2026-11-24','queued','x',3,'t')`,
    ).run();
    migration.up(db);
    const row = db.prepare(`SELECT * FROM feedback_outbox`).get() as Record<string, unknown>;
    expect(row).toMatchObject({
      state: 'queued',
      scored_rows: 3,
      generation: 0,
      sent_generation: null,
      sent_path: null,
    });
  });
});
