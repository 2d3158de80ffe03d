import type { Migration } from './index';

// The analyst's work: scores per suspicious event (keyed by the event, so they survive a re-run of the day),
// an append-only audit log that makes every change undoable, the feedback outbox, and allow-list rules.
export const migration: Migration = {
  version: 2,
  name: 'analyst',
  up(db) {
    db.exec(`CREATE TABLE score_audit (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      pipeline TEXT NOT NULL CHECK (pipeline IN ('flow','dns','proxy')),
      day TEXT NOT NULL,
      action TEXT NOT NULL CHECK (action IN ('score','undo')),
      target_json TEXT NOT NULL,
      score INTEGER CHECK (score IN (1,2,3)),
      note TEXT NOT NULL DEFAULT '',
      changes_json TEXT NOT NULL,
      by TEXT NOT NULL,
      at TEXT NOT NULL,
      undone_by INTEGER REFERENCES score_audit(id)
    )`);
    db.exec(`CREATE INDEX score_audit_day ON score_audit(pipeline, day)`);
    db.exec(`CREATE TABLE analyst_scores (
      pipeline TEXT NOT NULL,
      day TEXT NOT NULL,
      row_key TEXT NOT NULL,
      score INTEGER NOT NULL CHECK (score IN (1,2,3)),
      note TEXT NOT NULL DEFAULT '',
      matched_by TEXT NOT NULL DEFAULT 'both' CHECK (matched_by IN ('ip','query','both')),
      row_json TEXT NOT NULL,
      by TEXT NOT NULL,
      at TEXT NOT NULL,
      audit_id INTEGER NOT NULL REFERENCES score_audit(id),
      PRIMARY KEY (pipeline, day, row_key)
    ) WITHOUT ROWID`);
    db.exec(`CREATE TABLE feedback_outbox (
      pipeline TEXT NOT NULL,
      day TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('saved','queued','sending','sent','failed')),
      content TEXT NOT NULL,
      scored_rows INTEGER NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      last_error TEXT,
      next_attempt_at TEXT,
      target TEXT,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (pipeline, day)
    ) WITHOUT ROWID`);
    db.exec(`CREATE TABLE allow_list (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      kind TEXT NOT NULL CHECK (kind IN ('ip','cidr','domain','uri')),
      pattern TEXT NOT NULL,
      reason TEXT NOT NULL DEFAULT '',
      created_at TEXT NOT NULL,
      UNIQUE (kind, pattern)
    )`);
  },
};
