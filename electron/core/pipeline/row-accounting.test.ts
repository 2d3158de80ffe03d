// Row accounting (issue 20, item 2): any mix of good and broken lines in one file among several of a raw day, for
// each raw CSV format, through the real import and the real scorer: read = accepted + rejected per file, with the
// rejected lines named by file, line and field.
import { BROKEN_SHAPES, breakLine, type BrokenShape } from '../../../test/fixtures/broken-lines';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Pipeline } from '../../../shared/schema';
import { detectDay } from '../detect/day';
import { RawDayReader } from '../ml/raw-day';
import { scoreDay } from '../ml/score-day';
import type { FileRows } from '../parse/raw-lines';
import { createLocalSource, rawDayDir } from '../sources/local';
import { runPipeline } from './index';
import { fixtureDay, fixtureEnrichment, type TestDay } from './test-days';
import type { Enrichment } from './types';

const DATE = '2026-11-24';
const FIXTURE: Record<Pipeline, string> = { flow: 'flow28', dns: 'dns', proxy: 'proxy' };

/** Broken-record shapes; `crlf` is a good line with a CRLF end among LF ones. */
const SHAPES = BROKEN_SHAPES;
type Shape = BrokenShape;

let enrichment: Enrichment;
const days: TestDay[] = [];
beforeAll(async () => {
  enrichment = await fixtureEnrichment();
});
afterEach(() => {
  for (const day of days.splice(0)) day.cleanup();
});

/** A fixture day's header and data lines (over all its raw files). */
async function fixtureLines(pipeline: Pipeline): Promise<{ header: string; lines: string[] }> {
  const day = await fixtureDay(FIXTURE[pipeline], pipeline);
  try {
    const dir = rawDayDir(day.root, pipeline, DATE);
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.csv'));
    let header = '';
    const lines: string[] = [];
    for (const file of files.sort()) {
      const [first, ...rest] = readFileSync(join(dir, file), 'utf8').split('\n');
      header = first ?? '';
      lines.push(...rest.filter((l) => l !== ''));
    }
    return { header, lines };
  } finally {
    day.cleanup();
  }
}

interface DayPlan {
  files: number;
  broken: number;
  headerOnly: boolean;
  /** Broken lines in the broken file: where among its good lines, and the shape. */
  breaks: Array<{ at: number; shape: Shape; field: number }>;
  /** The broken file's last line is a broken one without a line end. */
  brokenLastNoEol: boolean;
}

const planArb = fc.record({
  files: fc.integer({ min: 2, max: 4 }),
  broken: fc.nat(),
  headerOnly: fc.boolean(),
  breaks: fc.array(
    fc.record({ at: fc.nat({ max: 20 }), shape: fc.constantFrom(...SHAPES), field: fc.nat({ max: 40 }) }),
    { minLength: 1, maxLength: 4 },
  ),
  brokenLastNoEol: fc.boolean(),
});

/** Writes the raw day of the plan into `root`; returns each file's expected account. */
function writeDay(root: string, pipeline: Pipeline, source: { header: string; lines: string[] }, plan: DayPlan) {
  const dir = rawDayDir(root, pipeline, DATE);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const broken = plan.broken % plan.files;
  const headerOnly = plan.headerOnly ? (broken + 1) % plan.files : -1;
  const expected = new Map<string, { read: number; accepted: number; rejected: number; brokenLines: number[] }>();
  for (let f = 0; f < plan.files; f++) {
    const file = join(dir, `part-${f}.csv`);
    const good = f === headerOnly ? [] : source.lines.filter((_, i) => i % plan.files === f || f === broken);
    const body: string[] = [...good];
    const brokenLines: number[] = [];
    let rejected = 0;
    let accepted = good.length;
    if (f === broken) {
      // Insert from the end so earlier positions stay put; record each broken line's final position.
      const inserts = plan.breaks.map((b, i) => ({ ...b, order: i }));
      const positions: Array<{ index: number; bad: boolean }> = [];
      for (const b of inserts) {
        const index = b.at % (body.length + 1);
        const line = breakLine(source.lines[b.field % source.lines.length]!, b.shape, (n) => b.field % n);
        body.splice(index, 0, line);
        for (const p of positions) if (p.index >= index) p.index += 1;
        positions.push({ index, bad: b.shape !== 'crlf' });
      }
      if (plan.brokenLastNoEol) {
        body.push(breakLine(source.lines[0]!, 'open-quote', (n) => plan.breaks[0]!.field % n));
        positions.push({ index: body.length - 1, bad: true });
      }
      for (const p of positions) {
        if (p.bad) {
          rejected += 1;
          brokenLines.push(p.index + 2);
        } else accepted += 1;
      }
    }
    const eol = f === broken && plan.brokenLastNoEol ? '' : '\n';
    writeFileSync(file, `${[source.header, ...body].join('\n')}${body.length ? eol : '\n'}`);
    expected.set(file, {
      read: accepted + rejected,
      accepted,
      rejected,
      brokenLines: brokenLines.sort((a, b) => a - b),
    });
  }
  return expected;
}

function checkAccount(files: readonly FileRows[], expected: ReturnType<typeof writeDay>): void {
  expect(files.map((f) => f.file).sort()).toEqual([...expected.keys()].sort());
  for (const file of files) {
    const want = expected.get(file.file)!;
    expect({ file: file.file, read: file.read, accepted: file.accepted, rejected: file.rejected }).toEqual({
      file: file.file,
      read: want.read,
      accepted: want.accepted,
      rejected: want.rejected,
    });
    expect(file.read).toBe(file.accepted + file.rejected);
    expect(file.firstRejected.map((r) => r.line)).toEqual(want.brokenLines.slice(0, 10));
    for (const r of file.firstRejected) {
      expect(r.file).toBe(file.file);
      expect(r.reason.length).toBeGreaterThan(0);
    }
  }
}

/**
 * Each reader of a raw day, checked on the same planned days: `check` reads the day the plan wrote under `root`
 * and holds the reader's account to the plan's.
 */
interface DayReader {
  name: string;
  runs: { numRuns: number; seed: number };
  check(root: string, pipeline: Pipeline, expected: ReturnType<typeof writeDay>): Promise<void>;
}

const READERS: readonly DayReader[] = [
  {
    name: 'through the import (runPipeline)',
    runs: { numRuns: 15, seed: 20 },
    async check(root, pipeline, expected) {
      const result = await runPipeline({ source: createLocalSource(root), pipeline, date: DATE, top: 4, enrichment });
      checkAccount(result.rawRows!.files, expected);
      const rejected = [...expected.values()].reduce((n, e) => n + e.rejected, 0);
      if (rejected > 0)
        expect(result.notes?.join('\n')).toMatch(new RegExp(`${rejected} of \\d+ raw ${pipeline} rows rejected`));
    },
  },
  {
    name: 'through the scorer (scoreDay)',
    runs: { numRuns: 10, seed: 20 },
    async check(root, pipeline, expected) {
      const result = await scoreDay({ root, pipeline, date: DATE, topics: 2, iterations: 3 });
      checkAccount(result.rows.files, expected);
      expect(result.events).toBe(result.rows.accepted);
    },
  },
  {
    name: "the scorer's detectors reuse its scans and account for the same lines as a scan of their own",
    runs: { numRuns: 6, seed: 21 },
    async check(root, pipeline, expected) {
      const raw = await createLocalSource(root).rawDay(pipeline, DATE, {});
      const reader = await RawDayReader.open();
      try {
        for (const file of raw.files) await reader.countRows(file);
        const scans = reader.scans();
        const before = [...scans.values()].map((s) => ({ ...s, leftOut: [...s.leftOut] }));
        const reusing = await detectDay({ pipeline, date: DATE, raw, scans });
        const ownScan = await detectDay({ pipeline, date: DATE, raw });
        checkAccount(reusing.rows.files, expected);
        expect(reusing.rows).toEqual(ownScan.rows);
        expect(reusing.rows).toEqual(reader.account());
        expect(reusing.findings).toEqual(ownScan.findings);
        // The reader's scans are left as they were (its pass 2 numbers events by them).
        expect([...scans.values()]).toEqual(before);
      } finally {
        reader.close();
      }
    },
  },
];

describe.each(['flow', 'dns', 'proxy'] as const)('%s raw CSV: every row accounted for', (pipeline) => {
  for (const reader of READERS) {
    it(
      reader.name,
      async () => {
        const source = await fixtureLines(pipeline);
        const day = await fixtureDay(FIXTURE[pipeline], pipeline);
        days.push(day);
        await fc.assert(
          fc.asyncProperty(planArb, async (plan) => {
            const expected = writeDay(day.root, pipeline, source, plan);
            await reader.check(day.root, pipeline, expected);
          }),
          reader.runs,
        );
      },
      60_000,
    );
  }
});
