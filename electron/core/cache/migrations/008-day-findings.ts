import type { Migration } from './index';

// Which named detections a day has and where they were computed (issue #19): by the embedded scorer on this
// machine, pushed down to Hive/Impala, or from a raw day streamed from the ML node; the detectors that did not run
// and why; or none, and why the day has LDA scores only. The views say it long after the import's message is
// gone. JSON of shared/api-base.ts DayFindings; NULL for days imported before. Writer: the import
// (cache/write.ts CacheWriter.replaceDay).
export const migration: Migration = {
  version: 8,
  name: 'day-findings',
  up(db) {
    db.exec(`ALTER TABLE days ADD COLUMN findings_json TEXT`);
  },
};
