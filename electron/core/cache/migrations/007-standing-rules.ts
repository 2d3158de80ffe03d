import type { Migration } from './index';

// Scores as standing rules (issue #16): a score by criteria (quick scoring an IP, a port, a query, a URI) keeps
// applying to matching rows imported later — after "Score this day", a re-import or the next day's import — until
// its score is undone. Writer: the scoring service (cache/analyst.ts AnalystWriter).
//
// The order snapshot: before an import replaces a day, the day's previous order (row keys, their case and place
// in the combined-risk order) is kept, so the view can say what the new import changed: new, dropped and moved
// rows and cases. Writer: the import (cache/write.ts CacheWriter.replaceDay). One row per (pipeline, day).
export const migration: Migration = {
  version: 7,
  name: 'standing-rules',
  up(db) {
    db.exec(`CREATE TABLE standing_rules (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      pipeline TEXT NOT NULL CHECK (pipeline IN ('flow','dns','proxy')),
      target_json TEXT NOT NULL,
      score INTEGER NOT NULL CHECK (score IN (1,2,3)),
      note TEXT NOT NULL DEFAULT '',
      audit_id INTEGER NOT NULL UNIQUE REFERENCES score_audit(id),
      by TEXT NOT NULL,
      at TEXT NOT NULL,
      ended_by INTEGER REFERENCES score_audit(id)
    )`);
    db.exec(`CREATE INDEX standing_rules_pipeline ON standing_rules (pipeline, ended_by)`);
    db.exec(`CREATE TABLE order_snapshots (
      pipeline TEXT NOT NULL CHECK (pipeline IN ('flow','dns','proxy')),
      day TEXT NOT NULL,
      imported_at TEXT NOT NULL,
      snapshot_json TEXT NOT NULL,
      PRIMARY KEY (pipeline, day)
    )`);
  },
};
