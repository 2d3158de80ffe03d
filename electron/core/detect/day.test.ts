// detectDay over a raw CSV day: the `events` table comes from the same read that converts and counts the lines, so
// a line with a value of the wrong type is rejected (and absent from `events`) whichever column holds it, one the
// detectors read or not.
import { appendFileSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Pipeline } from '../../../shared/schema';
import { csvFields } from '../../../test/fixtures/broken-lines';
import { RawDayReader } from '../ml/raw-day';
import { fixtureDay, type TestDay } from '../pipeline/test-days';
import { createLocalSource, rawDayDir } from '../sources/local';
import { detectDay } from './day';
import type { Detector } from './types';

const DATE = '2026-11-24';
const days: TestDay[] = [];
afterEach(() => {
  for (const day of days.splice(0)) day.cleanup();
});

/** A detector whose one finding counts the rows of `events` (what every detector reads). */
const eventsCounter = (pipeline: Pipeline): Detector => ({
  id: `${pipeline}/events_count`,
  pipeline,
  name: 'rare_host',
  description: 'counts the events table',
  sql: () => 'SELECT count(*) AS n FROM events',
  toFinding: (row) => ({ strength: 0, evidence: 'events', keys: {}, events: Number(row.n) }),
});

/**
 * Per pipeline: a typed column the events table does not read, and one it does (shared/schema.ts RAW_COLUMNS,
 * detect/events.ts selectList).
 */
const CASES: Array<{ pipeline: Pipeline; fixture: string; unread: string; read: string }> = [
  { pipeline: 'proxy', fixture: 'proxy', unread: 'duration', read: 'csbytes' },
  { pipeline: 'flow', fixture: 'flow28', unread: 'fwd', read: 'dport' },
];

describe.each(CASES)('$pipeline raw CSV day', ({ pipeline, fixture, unread, read }) => {
  it(`a value of the wrong type rejects its line, in a column events reads (${read}) or not (${unread})`, async () => {
    const day = await fixtureDay(fixture, pipeline);
    days.push(day);
    const dir = rawDayDir(day.root, pipeline, DATE);
    const file = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.csv'))
      .map((f) => join(dir, f))
      .sort()[0]!;
    const [headerLine, good] = readFileSync(file, 'utf8').split('\n') as [string, string];
    const header = csvFields(headerLine);
    const withText = (column: string): string => {
      const cells = csvFields(good);
      cells[header.indexOf(column)] = 'not-a-number';
      return cells.join(',');
    };
    const linesBefore = readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
    const counter = [eventsCounter(pipeline)];
    const clean = await detectDay({
      pipeline,
      date: DATE,
      raw: await createLocalSource(day.root).rawDay(pipeline, DATE, {}),
      detectors: counter,
    });
    appendFileSync(file, `${withText(unread)}\n${withText(read)}\n`);
    const raw = await createLocalSource(day.root).rawDay(pipeline, DATE, {});

    const own = await detectDay({ pipeline, date: DATE, raw, detectors: counter });
    // The scorer's scans reused (scoreDay's path): the same account and the same events.
    const reader = await RawDayReader.open();
    let reusing;
    try {
      for (const f of raw.files) await reader.countRows(f);
      reusing = await detectDay({
        pipeline,
        date: DATE,
        raw,
        scans: reader.scans(),
        detectors: [eventsCounter(pipeline)],
      });
    } finally {
      reader.close();
    }

    for (const run of [own, reusing]) {
      expect(run.failed).toEqual([]);
      expect(run.rows.rejected).toBe(clean.rows.rejected + 2);
      expect(run.rows.accepted).toBe(clean.rows.accepted);
      expect(run.rows.firstRejected.slice(-2).map((r) => ({ file: r.file, line: r.line, field: r.field }))).toEqual([
        { file, line: linesBefore + 1, field: unread },
        { file, line: linesBefore + 2, field: read },
      ]);
      // Neither line reached the table the detectors read.
      expect(run.findings.map((f) => f.events)).toEqual(clean.findings.map((f) => f.events));
    }
  });
});
