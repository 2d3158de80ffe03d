import type { Migration } from './index';

// The outbox tracks generations: every change of a day's scores bumps `generation`; "sent" means the pushed file
// carried that generation (a change during a push re-queues it). Also where and what was last pushed.
export const migration: Migration = {
  version: 3,
  name: 'outbox-generations',
  up(db) {
    db.exec(`ALTER TABLE feedback_outbox ADD COLUMN generation INTEGER NOT NULL DEFAULT 0`);
    db.exec(`ALTER TABLE feedback_outbox ADD COLUMN sent_generation INTEGER`);
    db.exec(`ALTER TABLE feedback_outbox ADD COLUMN sent_path TEXT`);
    db.exec(`ALTER TABLE feedback_outbox ADD COLUMN sent_hash TEXT`);
    db.exec(`ALTER TABLE feedback_outbox ADD COLUMN sent_at TEXT`);
  },
};
