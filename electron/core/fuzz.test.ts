/**
 * Fuzzing every input Spot Desk reads from outside: spot-ml results files, raw telemetry CSVs, spot.conf and
 * ml_feedback.csv read back with spot-ml's rules. Valid lines are mutated (truncated, extra separators, a field
 * of the wrong type, huge fields, bad UTF-8, quotes and control characters); each mutated line must either parse
 * or fail with an InputError naming the file, the line and the field — never another exception, never a hang.
 * FUZZ_LINES (default 10,000 per input) and FUZZ_RAW_CASES (default 150; each is a DuckDB pipeline read) scale it.
 */
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { RAW_COLUMNS, type Pipeline } from '../../shared/schema';
import { InputError } from './errors';
import { readFeedbackFileAsSpotMl } from './feedback/feedback-file';
import { readResults } from './parse/results';
import { Duck } from './pipeline/duck';
import { asInputError, createRawView } from './pipeline/raw-view';
import { parseSpotConf } from './settings/spot-conf';

const LINES = Number(process.env.FUZZ_LINES ?? 10_000);
const RAW_CASES = Number(process.env.FUZZ_RAW_CASES ?? 150);
const SEED = 20261125;
/** Runs a property; on failure reports it briefly (the counterexample may hold a 300 kB field). */
async function fuzz<T>(property: fc.IRawProperty<[T]>, numRuns: number): Promise<void> {
  const out = await fc.check(property, { numRuns, seed: SEED });
  if (out.failed) {
    const example = JSON.stringify(String(out.counterexample?.[0] ?? '')).slice(0, 300);
    throw new Error(
      `fuzz failure after ${out.numRuns} runs: ${String(out.errorInstance).slice(0, 600)}; input starts ${example}`,
    );
  }
}

const VALID_RESULTS: Record<Pipeline, string> = {
  flow: [
    '2026-11-24 10:05:00',
    2026,
    11,
    24,
    10,
    5,
    0,
    1.5,
    '10.0.0.5',
    '203.0.113.77',
    51234,
    443,
    'TCP',
    12,
    3400,
    10,
    900,
    '1.2E-7',
  ].join('\t'),
  dns: [
    'Nov 24, 2026 10:05:00.123456000 UTC',
    1795514700,
    120,
    '10.0.0.5',
    'a.b.example.com',
    '0x00000001',
    1,
    0,
    '3.5E-9',
  ].join('\t'),
  proxy: [
    '2026-11-24',
    '10:05:00',
    '10.0.0.5',
    'evil.example',
    'GET',
    'Mozilla/5.0 (X11; Linux)',
    'text/html',
    12,
    '-',
    'Uncategorized',
    '-',
    200,
    80,
    '/a/b',
    'q=1',
    '198.51.100.2',
    1200,
    340,
    'evil.example/a/b?q=1',
    '0_10_GET_14_text_3_4_200',
    '2.1E-9',
  ].join('\t'),
};

const FEEDBACK: Record<Pipeline, { header: string; line: string }> = {
  flow: {
    header: 'sev\ttstart\tsrcIP\tdstIP\tsport\tdport\tipkt\tibyt\tproto',
    line: '3\t2026-11-24 10:05:00\t10.0.0.5\t203.0.113.77\t51234\t443\t12\t3400\tTCP',
  },
  dns: {
    header: Array.from({ length: 18 }, (_, i) => `c${i}`).join('\t'),
    line: [
      'Nov 24, 2026 10:05:00.1 UTC',
      120,
      '10.0.0.5',
      'a.example',
      '0x00000001',
      1,
      0,
      1e-9,
      'example',
      '',
      10,
      0,
      3,
      'IN',
      'A',
      'NoError',
      '',
      1795514700,
    ].join('\t'),
  },
  proxy: {
    header: Array.from({ length: 26 }, (_, i) => `c${i}`).join('\t'),
    line: [...VALID_RESULTS.proxy.split('\t').slice(0, 20), '2.1E-9', '', '3', 'OK', '', 'abc10'].join('\t'),
  },
};

const SPOT_CONF_LINES = [
  "HUSER='/user/spot'",
  'LPATH=${LUSER}/ml/${DSOURCE}/${FDATE}',
  'export DBNAME="spot"',
  'TOL=1e-6',
  'MLNODE=node04 # the ML node',
];

/** A valid line, mutated the way files get damaged; returned as bytes so bad UTF-8 survives. */
function mutated(valid: string, sep: string): fc.Arbitrary<Buffer> {
  const fields = valid.split(sep);
  const text = (s: string) => Buffer.from(s, 'utf8');
  return fc.oneof(
    fc.nat(valid.length).map((n) => text(valid.slice(0, n))),
    fc
      .tuple(fc.nat(valid.length), fc.integer({ min: 1, max: 3 }))
      .map(([n, k]) => text(valid.slice(0, n) + sep.repeat(k) + valid.slice(n))),
    fc
      .tuple(fc.nat(fields.length - 1), fc.string({ maxLength: 20 }))
      .map(([i, s]) => text(fields.map((f, j) => (j === i ? s : f)).join(sep))),
    fc
      .tuple(fc.nat(fields.length - 1), fc.integer({ min: 1_000, max: 300_000 }))
      .map(([i, n]) => text(fields.map((f, j) => (j === i ? 'x'.repeat(n) : f)).join(sep))),
    fc
      .tuple(fc.nat(valid.length), fc.constantFrom([0xff], [0xfe, 0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80]))
      .map(([n, bytes]) => Buffer.concat([text(valid.slice(0, n)), Buffer.from(bytes), text(valid.slice(n))])),
    fc
      .tuple(fc.nat(valid.length), fc.constantFrom('"', "'", '\r', '\u0000', '\\', '$', '${', '#', '=', ','))
      .map(([n, c]) => text(valid.slice(0, n) + c + valid.slice(n))),
    fc
      .tuple(
        fc.nat(fields.length - 1),
        fc.constantFrom('-1', 'NaN', 'Infinity', '1e400', '', ' ', '0x10', '१२', '999999999999999999999'),
      )
      .map(([i, s]) => text(fields.map((f, j) => (j === i ? s : f)).join(sep))),
  );
}

/** The error names the file, the line (a bare CR inside the mutated line starts a new one, as in Hadoop's and
 * csv-parse's line readers, so `line` is the first line the mutation can be on) and the field. */
function checkError(err: unknown, file: string, line: number | null, input?: Buffer): void {
  if (!(err instanceof InputError)) throw err instanceof Error ? err : new Error(String(err));
  expect(err.file).toBe(file);
  if (line !== null) {
    const extraLines = input ? input.toString('latin1').split('\r').length - 1 : 0;
    expect(err.line).toBeGreaterThanOrEqual(line);
    expect(err.line).toBeLessThanOrEqual(line + extraLines);
  }
  expect(err.field, err.message).not.toBeNull();
  expect(err.message.length).toBeLessThan(1200);
}

describe('fuzzing inputs', () => {
  for (const pipeline of ['flow', 'dns', 'proxy'] as const) {
    it(`${pipeline} results files: ${LINES} mutated lines parse or name file, line and field`, async () => {
      const name = `/data/${pipeline}/scored_results/20261124/scores/${pipeline}_results.csv`;
      let errors = 0;
      await fuzz(
        fc.asyncProperty(mutated(VALID_RESULTS[pipeline], '\t'), async (bytes) => {
          // A valid first line, then the mutated one: the error must name line 2.
          const stream = Readable.from([
            Buffer.concat([
              Buffer.from(`${VALID_RESULTS[pipeline].replace(/[\d.E-]+$/, '1E-12')}\n`),
              bytes,
              Buffer.from('\n'),
            ]),
          ]);
          try {
            for await (const _ of readResults(pipeline, { name, stream }, { limit: 10 })) void _;
          } catch (err) {
            errors++;
            checkError(err, name, 2, bytes);
          }
        }),
        LINES,
      );
      expect(errors).toBeGreaterThan(LINES / 10);
    });

    it(`${pipeline} ml_feedback.csv read back: ${LINES} mutated lines`, async () => {
      const { header, line } = FEEDBACK[pipeline];
      await fuzz(
        fc.property(mutated(line, '\t'), (bytes) => {
          try {
            readFeedbackFileAsSpotMl(pipeline, `${header}\n${bytes.toString('utf8')}\n`, 'ml_feedback.csv');
          } catch (err) {
            checkError(err, 'ml_feedback.csv', 2, bytes);
          }
        }),
        LINES,
      );
    });
  }

  it(`spot.conf: ${LINES} mutated lines`, async () => {
    await fuzz(
      fc.property(
        fc.constantFrom(...SPOT_CONF_LINES).chain((line) => mutated(line, '=')),
        (bytes) => {
          const { errors } = parseSpotConf(
            `HUSER=/user/spot\nLUSER=/home/spot\n${bytes.toString('utf8')}\n`,
            '/etc/spot.conf',
          );
          for (const err of errors) checkError(err, '/etc/spot.conf', null);
          for (const err of errors) expect([1, 2, 3, 4, 5]).toContain(err.line);
        },
      ),
      LINES,
    );
  });

  describe('raw telemetry CSV read by DuckDB', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spot-fuzz-raw-'));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    const header = RAW_COLUMNS.flow.map((c) => c.name).join(',');
    const valid = [
      '2026-11-24 10:05:00',
      1795514700,
      2026,
      11,
      24,
      10,
      5,
      0,
      1.5,
      '10.0.0.5',
      '203.0.113.77',
      51234,
      443,
      'TCP',
      '.AP...',
      0,
      0,
      12,
      3400,
      10,
      900,
      1,
      2,
      0,
      0,
      0,
      0,
      '10.0.0.1',
    ].join(',');

    it(`${RAW_CASES} mutated raw flow lines: read in full, counted as rejected, or an error naming file, line and column`, async () => {
      const duck = await Duck.open({ memoryLimit: '256MB', threads: 1 });
      let index = 0;
      let errors = 0;
      let rejected = 0;
      try {
        await fuzz(
          fc.asyncProperty(mutated(valid, ','), async (bytes) => {
            const file = path.join(dir, `case-${index++}.csv`);
            fs.writeFileSync(file, Buffer.concat([Buffer.from(`${header}\n${valid}\n`), bytes, Buffer.from('\n')]));
            try {
              const view = await createRawView(duck, 'flow', {
                files: [file],
                name: file,
                format: 'csv',
                wholeDay: true,
              });
              const rows = await duck.all('SELECT * FROM raw');
              // Every line read is a row or a counted rejection naming the file and its line.
              expect(view.rows.read).toBe(view.rows.accepted + view.rows.rejected);
              expect(rows.length).toBe(view.rows.accepted);
              for (const r of view.rows.firstRejected) {
                expect(r.file).toBe(file);
                expect(r.line).toBeGreaterThanOrEqual(3);
              }
              if (view.rows.rejected > 0) rejected++;
            } catch (err) {
              errors++;
              checkError(asInputError(err, file), file, 3, bytes);
            }
          }),
          RAW_CASES,
        );
      } finally {
        duck.close();
      }
      expect(errors + rejected).toBeGreaterThan(RAW_CASES / 10);
    });
  });
});
