import type { Migration } from './index';

// A day's raw account (parse/raw-lines.ts): rows read and rejected, and the first rejected line, so a day that
// lost rows says so in the views long after the import's message is gone. NULL for days imported before, and
// for days whose import read no raw CSV account.
export const migration: Migration = {
  version: 6,
  name: 'raw-rows',
  up(db) {
    db.exec(`ALTER TABLE days ADD COLUMN raw_read INTEGER`);
    db.exec(`ALTER TABLE days ADD COLUMN raw_rejected INTEGER`);
    db.exec(`ALTER TABLE days ADD COLUMN raw_note TEXT`);
  },
};
