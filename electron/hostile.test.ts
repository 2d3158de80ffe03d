/**
 * The hostile-input corpus (test/hostile/<format>/, one file per case with its expected outcome): every case of
 * every format, run against the real part that reads that format.
 */
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RAW_COLUMNS, columnNames, type Pipeline } from '../shared/schema';
import { corpusFormats, decodeEscapes, loadCases, type HostileCase } from '../test/hostile/corpus';
import { appAnswers, rawRequest, startDoorProcess, type DoorProcess } from '../test/fixtures/http-door-process';
import { InputError } from './core/errors';
import { scoreDay } from './core/ml/score-day';
import type { FileRows } from './core/parse/raw-lines';
import { readResults } from './core/parse/results';
import { runPipeline } from './core/pipeline/index';
import { fixtureDay, fixtureEnrichment } from './core/pipeline/test-days';
import { createLocalSource, rawDayDir } from './core/sources/local';

const DATE = '2026-11-24';
const FIXTURE: Record<Pipeline, string> = { flow: 'flow28', dns: 'dns', proxy: 'proxy' };

/** The case's input as bytes: `{header}` is the format's Spot header; `# eol: none` drops the last line end. */
function inputOf(c: HostileCase, header = ''): Buffer {
  const text = c.text.replaceAll('{header}', header);
  return decodeEscapes(c.meta.eol === 'none' ? text.replace(/\n$/, '') : text);
}

/** What a reader did with a case: its account of the case's file, or the error it gave. */
type Outcome = { rows: FileRows } | { error: Error };

/** Checks `# expect: rejected N` (with `# lines: L field; L field`) or `# expect: error` (with `# error: text`). */
function checkOutcome(c: HostileCase, file: string, outcome: Outcome): void {
  if (c.meta.expect === 'error') {
    expect('error' in outcome, `expected an error, got ${JSON.stringify(outcome)}`).toBe(true);
    const error = (outcome as { error: Error }).error;
    expect(error, error.stack).toBeInstanceOf(InputError);
    expect(error.message).toContain(c.meta.error ?? '');
    expect(error.message).toMatch(
      c.meta.alone === 'true' ? /\bd=24\b/ : new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
    expect(error.message).not.toMatch(/^\s+at /m);
    return;
  }
  const rejected = /^rejected (\d+)$/.exec(c.meta.expect ?? '');
  if (!rejected) throw new Error(`${c.file}: expect is "error" or "rejected N", not "${c.meta.expect}"`);
  expect('rows' in outcome, 'error' in outcome ? outcome.error.message : '').toBe(true);
  const rows = (outcome as { rows: FileRows }).rows;
  expect(rows.rejected).toBe(Number(rejected[1]));
  expect(rows.read).toBe(rows.accepted + rows.rejected);
  const named = rows.firstRejected.map((r) => (r.field ? `${r.line} ${r.field}` : String(r.line)));
  expect(named.join('; ')).toBe(c.meta.lines ?? '');
  for (const r of rows.firstRejected) expect(r.file).toBe(file);
}

/** A raw CSV case: the file beside the fixture day's own files (or alone), through the import and the scorer. */
function rawRunner(pipeline: Pipeline): (cases: HostileCase[]) => void {
  return (cases) => {
    let enrichment: Awaited<ReturnType<typeof fixtureEnrichment>>;
    beforeAll(async () => {
      enrichment = await fixtureEnrichment();
    });
    for (const c of cases) {
      it(`${c.name}: ${c.meta.expect}${c.meta.why ? ` (${c.meta.why})` : ''}`, async () => {
        const day = await fixtureDay(FIXTURE[pipeline], pipeline);
        try {
          const dir = rawDayDir(day.root, pipeline, DATE);
          if (c.meta.alone === 'true') {
            for (const name of readdirSync(dir)) rmSync(join(dir, name), { recursive: true });
          }
          const file = join(dir, 'hostile.csv');
          writeFileSync(file, inputOf(c, columnNames(RAW_COLUMNS[pipeline]).join(',')));
          const ofFile = (files: FileRows[]): Outcome => ({ rows: files.find((f) => f.file === file)! });
          const imported = await runPipeline({
            source: createLocalSource(day.root),
            pipeline,
            date: DATE,
            top: 4,
            enrichment,
          }).then(
            (result) => ofFile(result.rawRows!.files),
            (error: Error) => ({ error }),
          );
          checkOutcome(c, file, imported);
          const scored = await scoreDay({ root: day.root, pipeline, date: DATE, topics: 2, iterations: 3 }).then(
            (result) => ofFile(result.rows.files),
            (error: Error) => ({ error }),
          );
          // The scorer reads every value as text: `# scorer: …` / `# scorer-lines: …` say where it differs.
          const forScorer = {
            ...c,
            meta: {
              ...c.meta,
              ...(c.meta.scorer ? { expect: c.meta.scorer } : {}),
              ...(c.meta['scorer-lines'] !== undefined ? { lines: c.meta['scorer-lines'] } : {}),
            },
          };
          checkOutcome(forScorer, file, scored);
        } finally {
          day.cleanup();
        }
      });
    }
  };
}

/** One runner per format folder; a folder without one fails below. */
const RUNNERS: Record<string, (cases: HostileCase[]) => void> = {
  'flow-csv': rawRunner('flow'),
  'dns-csv': rawRunner('dns'),
  'proxy-csv': rawRunner('proxy'),
  results(cases) {
    for (const c of cases) {
      it(`${c.name}: ${c.meta.expect}${c.meta.why ? ` (${c.meta.why})` : ''}`, async () => {
        const pipeline = c.meta.pipeline as Pipeline;
        const outcome = await (async () => {
          let rows = 0;
          for await (const _ of readResults(
            pipeline,
            { name: c.file, stream: Readable.from([inputOf(c)]) },
            { limit: 1e9 },
          )) {
            void _;
            rows++;
          }
          return rows;
        })().then(
          (rows) => ({ rows }),
          (error: Error) => ({ error }),
        );
        if (c.meta.expect === 'error') {
          expect('error' in outcome, JSON.stringify(outcome)).toBe(true);
          const error = (outcome as { error: Error }).error;
          expect(error).toBeInstanceOf(InputError);
          expect(error.message.startsWith(c.file)).toBe(true);
          expect(error.message).toContain(c.meta.error ?? '');
        } else {
          expect(outcome).toEqual({ rows: Number(/^rows (\d+)$/.exec(c.meta.expect ?? '')?.[1]) });
        }
      });
    }
  },
  http(cases) {
    let door: DoorProcess;
    beforeAll(async () => {
      door = await startDoorProcess();
    });
    afterAll(async () => {
      await door?.stop();
    });
    for (const c of cases) {
      it(`${c.name}: ${c.meta.expect}${c.meta.why ? ` (${c.meta.why})` : ''}`, async () => {
        const text = c.text.replaceAll('{host}', door.host).replaceAll('{token}', door.token);
        const answer = await rawRequest(door.port, decodeEscapes(text.replaceAll('\n', '\r\n')));
        expect(door.alive(), `the door process died:\n${door.stderr()}`).toBe(true);
        expect(answer.status, answer.text).toBe(Number(c.meta.expect));
        expect(await appAnswers(door)).toBe(true);
      });
    }
  },
};

for (const format of corpusFormats()) {
  describe(`hostile ${format} inputs`, () => {
    const runner = RUNNERS[format];
    if (!runner) {
      it('has a runner', () => expect.fail(`test/hostile/${format}/ has no runner in electron/hostile.test.ts`));
      return;
    }
    runner(loadCases(format));
  });
}
