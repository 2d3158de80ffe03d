/**
 * `npm run bench:reliability`: the reliability figures of issue #20 in one run, with real parts only.
 *
 *  1. http   — a real browser-mode door (electron/http-door.ts over a real core) in a child process on 127.0.0.1:
 *              the hostile HTTP corpus, then N malformed requests from a seeded generator over raw sockets; is the
 *              process alive and answering app.info after them, and how many answers were ≥ 500.
 *  2. corpus — every case of the hostile-input corpus (test/hostile/<format>/), expected outcome vs got.
 *  3. rows   — broken raw days (the fixture day of each raw format, grown to several files, with broken lines
 *              injected: unterminated quote mid-file and at end of file, stray quote, short and long rows, NUL),
 *              imported (runPipeline) and scored (scoreDay): rows written vs accepted + rejected as reported.
 *  4. crash / soak — scripts/crash-test.ts (SIGKILL of an importing process) and scripts/feedback-soak.ts (sshd
 *              SIGKILLed and restarted during feedback pushes), with fewer iterations.
 *
 * Writes bench/results/reliability.json and prints a Markdown table. Exits 1 when a goal is not met.
 *
 *   npm run bench:reliability -- [--requests 2000] [--lines 150] [--broken 3] [--kills 10]
 *                                [--pushes 10] [--seed 20] [--only http,corpus,rows,crash,soak]
 */
import { breakLine } from '../test/fixtures/broken-lines';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { RAW_COLUMNS, columnNames, type Pipeline } from '../shared/schema';
import { InputError } from '../electron/core/errors';
import { scoreDay } from '../electron/core/ml/score-day';
import { Duck } from '../electron/core/pipeline/duck';
import type { FileRows } from '../electron/core/parse/raw-lines';
import { readResults } from '../electron/core/parse/results';
import { runPipeline } from '../electron/core/pipeline/index';
import { createRawView } from '../electron/core/pipeline/raw-view';
import { FIXTURES, fixtureDay, fixtureEnrichment } from '../electron/core/pipeline/test-days';
import { createLocalSource, rawDayDir } from '../electron/core/sources/local';
import { parseCrashSummary, parseSoakFigures } from '../scripts/bench-capture';
import {
  appAnswers,
  HOSTILE_PATH_PIECES,
  rawRequest,
  startDoorProcess,
  type DoorProcess,
} from '../test/fixtures/http-door-process';
import { corpusFormats, decodeEscapes, loadCases, type HostileCase } from '../test/hostile/corpus';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = path.join(ROOT, 'bench', 'results');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i > 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number ≥ 0`);
  return value;
}
const onlyAt = process.argv.indexOf('--only');
const ONLY = onlyAt > 0 ? new Set((process.argv[onlyAt + 1] ?? '').split(',')) : null;
const runs = (part: string) => !ONLY || ONLY.has(part);
const OPTIONS = {
  requests: arg('requests', 2000),
  lines: arg('lines', 150),
  broken: arg('broken', 3),
  /** SIGKILLs of the importing process (crash-test runs), and at least as many of sshd during the feedback pushes. */
  kills: arg('kills', 10),
  pushes: arg('pushes', 10),
  seed: arg('seed', 20),
};

let seed = OPTIONS.seed;
/** mulberry32, seeded: a run can be repeated. */
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const int = (max: number) => Math.floor(random() * max);
const log = (text: string) => process.stderr.write(`${text}\n`);

/** One line of the Markdown table (and of the JSON's `summary`). */
interface Row {
  part: string;
  figure: string;
  value: string;
  goal: string;
  met: boolean | null;
}
const summary: Row[] = [];

// ---------------------------------------------------------------------------------------------- 1 + 2: HTTP door

const PATH_PIECES = [...HOSTILE_PATH_PIECES, '\x00', '\xff', ' ', '\t'];
const randomText = (max: number, binary = false) =>
  Array.from({ length: int(max + 1) }, () => String.fromCharCode(binary ? int(256) : 32 + int(95))).join('');

/** One malformed (or merely odd) request; complete, so that the door never waits for more bytes. */
function generatedRequest(door: DoorProcess): Buffer {
  const method = pick([
    'GET',
    'GET',
    'POST',
    'POST',
    'HEAD',
    'PUT',
    'DELETE',
    'OPTIONS',
    'TRACE',
    'PATCH',
    'CONNECT',
    randomText(6),
    'G\x00T',
  ]);
  const pieces = Array.from({ length: int(7) }, () =>
    random() < 0.8 ? pick(PATH_PIECES) : randomText(6, random() < 0.3),
  );
  const target = pick([
    `/${pieces.join('')}`,
    `/api/invoke/${pieces.join('')}`,
    `/api/invoke/app.info${pieces.join('')}`,
    `/api/events?token=${pieces.join('')}`,
    `http://127.0.0.1/${pieces.join('')}`,
    '*',
    randomText(10, random() < 0.5),
  ]);
  const version =
    random() < 0.85 ? 'HTTP/1.1' : pick(['HTTP/1.0', 'HTTP/2.0', 'HTTP/9.9', 'HTTX/1.1', '', randomText(8)]);
  const headers: string[] = [];
  if (random() < 0.85) headers.push(`Host: ${random() < 0.8 ? door.host : pick(['evil.example', '', randomText(12)])}`);
  if (random() < 0.5) headers.push(`x-spot-desk-token: ${random() < 0.7 ? door.token : randomText(20)}`);
  if (random() < 0.3)
    headers.push(`Origin: ${pick(['http://evil.example', `http://${door.host}`, 'null', randomText(10)])}`);
  if (random() < 0.3)
    headers.push(`Content-Type: ${pick(['application/json', 'text/plain', '', randomText(12, true)])}`);
  for (let i = int(4); i > 0; i--) {
    const name = pick(['accept', 'cookie', 'range', 'sec-fetch-site', 'x-a', randomText(8), '']);
    headers.push(random() < 0.1 ? randomText(16, true) : `${name}: ${randomText(24, random() < 0.3)}`);
  }
  if (random() < 0.02) headers.push(`X-Long: ${'a'.repeat(20_000)}`);
  let body = Buffer.alloc(0);
  const shape = random();
  if (shape < 0.35) {
    body = Buffer.from(pick(['{}', '{"args":[]}', '[', 'null', '{"a":', randomText(40, true), '\xff\xfe{}']), 'latin1');
    headers.push(`Content-Length: ${body.length}`);
  } else if (shape < 0.45) {
    headers.push(`Content-Length: ${pick(['abc', '-1', '1e3', '', '99999999999999999999', '2, 3'])}`);
  } else if (shape < 0.55) {
    headers.push('Transfer-Encoding: chunked');
    body = Buffer.from(
      pick(['zz\r\nab\r\n0\r\n\r\n', '2\r\n{}\r\n0\r\n\r\n', '-1\r\n\r\n', '2;\x00\r\n{}\r\n0\r\n\r\n']),
      'latin1',
    );
    if (random() < 0.3) headers.push('Content-Length: 2');
  }
  headers.push('Connection: close');
  const eol = random() < 0.9 ? '\r\n' : pick(['\n', '\r', '\r\r\n']);
  const head = `${method} ${target} ${version}`.trimEnd() + eol + headers.map((h) => h + eol).join('') + eol;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

/** Sends `items` with at most `width` connections open. */
async function pool<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

interface CorpusOutcome {
  format: string;
  name: string;
  expected: string;
  got: string;
  met: boolean;
}

/** Every hostile case run, of every format. */
const corpus: CorpusOutcome[] = [];

async function httpPart(): Promise<Record<string, unknown>> {
  const door = await startDoorProcess();
  try {
    // 2. The HTTP corpus, case by case, as electron/hostile.test.ts runs it.
    for (const c of loadCases('http')) {
      const text = c.text.replaceAll('{host}', door.host).replaceAll('{token}', door.token);
      const answer = await rawRequest(door.port, decodeEscapes(text.replaceAll('\n', '\r\n')));
      const alive = door.alive() && (await appAnswers(door));
      const got = `${answer.status ?? 'no answer'}${alive ? '' : ', app gone'}`;
      corpus.push({ format: 'http', name: c.name, expected: c.meta.expect ?? '', got, met: got === c.meta.expect });
    }

    // 1. Generated malformed requests.
    const requests = Array.from({ length: OPTIONS.requests }, () => generatedRequest(door));
    const statuses: Record<string, number> = {};
    const fiveHundreds: string[] = [];
    const unanswered: string[] = [];
    /** Requests without an answer, by method (the first word of the request line). */
    const unansweredBy: Record<string, number> = {};
    let appChecks = 0;
    let appFailures = 0;
    let sent = 0;
    const started = Date.now();
    await pool(requests, 8, async (bytes) => {
      const answer = await rawRequest(door.port, bytes, 3000);
      sent++;
      const key = String(answer.status ?? 'no answer');
      statuses[key] = (statuses[key] ?? 0) + 1;
      if (answer.status !== null && answer.status >= 500 && fiveHundreds.length < 10)
        fiveHundreds.push(JSON.stringify(bytes.toString('latin1').slice(0, 200)));
      if (answer.status === null) {
        const word = /^[^ \r\n]*/.exec(bytes.toString('latin1'))![0].slice(0, 12);
        unansweredBy[word] = (unansweredBy[word] ?? 0) + 1;
        if (unanswered.length < 10) unanswered.push(JSON.stringify(bytes.toString('latin1').slice(0, 200)));
      }
      if (sent % 250 === 0) {
        appChecks++;
        if (!(door.alive() && (await appAnswers(door)))) appFailures++;
      }
    });
    const aliveAfter = door.alive();
    const appInfoAfter = aliveAfter && (await appAnswers(door));
    const corpusRequests = corpus.filter((c) => c.format === 'http').length;
    const corpus5xx = corpus.filter((c) => c.format === 'http' && /^5\d\d/.test(c.got) && c.expected !== c.got);
    const generated5xx = Object.entries(statuses)
      .filter(([status]) => /^5\d\d$/.test(status))
      .reduce((n, [, count]) => n + count, 0);
    const http = {
      corpusRequests,
      generatedRequests: sent,
      seconds: Number(((Date.now() - started) / 1000).toFixed(1)),
      statuses,
      noAnswer: statuses['no answer'] ?? 0,
      answers5xx: generated5xx + corpus5xx.length,
      first5xxRequests: fiveHundreds,
      unansweredByMethod: unansweredBy,
      firstUnansweredRequests: unanswered,
      appChecksDuringRun: appChecks,
      appChecksFailed: appFailures,
      aliveAfter,
      appInfoAfter,
      stderrTail: door.stderr().slice(-2000),
    };
    summary.push(
      {
        part: 'HTTP door',
        figure: `${corpusRequests} corpus + ${sent} generated malformed requests: process alive and app.info answers after them`,
        value: appInfoAfter ? 'yes' : aliveAfter ? 'alive, app.info fails' : 'process exited',
        goal: 'yes',
        met: appInfoAfter && appFailures === 0,
      },
      {
        part: 'HTTP door',
        figure: `answers ≥ 500 (statuses: ${Object.entries(statuses)
          .map(([s, n]) => `${s}×${n}`)
          .join(', ')})`,
        value: String(http.answers5xx),
        goal: '0',
        met: http.answers5xx === 0,
      },
      {
        part: 'HTTP door',
        figure: `requests the door closed without an answer, by method: ${
          Object.entries(unansweredBy)
            .map(([m, n]) => `${JSON.stringify(m)}×${n}`)
            .join(', ') || 'none'
        }`,
        value: String(http.noAnswer),
        goal: 'informational',
        met: null,
      },
    );
    return http;
  } finally {
    await door.stop();
  }
}

/** One table line per corpus format: cases with the expected outcome, and the ones missed. */
function summariseCorpus(): void {
  const byFormat = new Map<string, CorpusOutcome[]>();
  for (const c of corpus) byFormat.set(c.format, [...(byFormat.get(c.format) ?? []), c]);
  for (const [format, cases] of byFormat) {
    const missed = cases.filter((c) => !c.met);
    summary.push({
      part: 'Hostile corpus',
      figure: `test/hostile/${format}/: cases with the expected outcome${
        missed.length
          ? ` (missed: ${missed.map((c) => `${c.name} expected ${c.expected} got ${c.got}`).join('; ')})`
          : ''
      }`,
      value: `${cases.length - missed.length} / ${cases.length}`,
      goal: 'all',
      met: missed.length === 0,
    });
  }
}

/**
 * The corpus formats other than HTTP, through the same real parts as electron/hostile.test.ts (which asserts; this
 * says what each case got, in the words of its `# expect:` line).
 */
async function corpusPart(): Promise<Record<string, unknown>> {
  const enrichment = await fixtureEnrichment();
  const counts: Record<string, number> = {};
  for (const format of corpusFormats().filter((f) => f !== 'http')) {
    const cases = loadCases(format);
    counts[format] = cases.length;
    const raw = /^(flow|dns|proxy)-csv$/.exec(format)?.[1] as Pipeline | undefined;
    for (const c of cases) {
      const expected = (e = c.meta.expect ?? '', lines = c.meta.lines) => (lines ? `${e} (${lines})` : e);
      if (raw) {
        const got = await rawCase(raw, c, enrichment);
        const wantImport = expected();
        const wantScore = expected(c.meta.scorer ?? c.meta.expect, c.meta['scorer-lines'] ?? c.meta.lines);
        corpus.push(
          { format, name: `${c.name} (import)`, expected: wantImport, got: got.import, met: got.import === wantImport },
          { format, name: `${c.name} (scorer)`, expected: wantScore, got: got.score, met: got.score === wantScore },
        );
      } else if (format === 'results') {
        const got = await resultsCase(c);
        corpus.push({ format, name: c.name, expected: expected(), got, met: got === expected() });
      } else {
        corpus.push({ format, name: c.name, expected: expected(), got: 'no runner in the bench', met: false });
      }
    }
  }
  return counts;
}

/** How an outcome reads in `# expect:` words: `rejected N (L field; L field)`, or `error` when the message holds
 * the case's `# error:` text (and names the file), else the message. */
function describeOutcome(c: HostileCase, file: string | null, outcome: { rows?: FileRows; error?: unknown }): string {
  if (outcome.error !== undefined) {
    const message = firstLine(outcome.error);
    const names = file === null || message.startsWith(file) || (c.meta.alone === 'true' && /\bd=24\b/.test(message));
    return outcome.error instanceof InputError && names && message.includes(c.meta.error ?? '')
      ? 'error'
      : `error: ${message}`;
  }
  const rows = outcome.rows;
  if (!rows) return 'no account of the file';
  const named = rows.firstRejected.map((r) => (r.field ? `${r.line} ${r.field}` : String(r.line))).join('; ');
  const sums = rows.read === rows.accepted + rows.rejected ? '' : ` (read ${rows.read} ≠ accepted + rejected)`;
  return `rejected ${rows.rejected}${named ? ` (${named})` : ''}${sums}`;
}

async function rawCase(
  pipeline: Pipeline,
  c: HostileCase,
  enrichment: Awaited<ReturnType<typeof fixtureEnrichment>>,
): Promise<{ import: string; score: string }> {
  const day = await fixtureDay(FIXTURE[pipeline], pipeline);
  try {
    const dir = rawDayDir(day.root, pipeline, DATE);
    if (c.meta.alone === 'true')
      for (const name of fs.readdirSync(dir)) fs.rmSync(path.join(dir, name), { recursive: true });
    const file = path.join(dir, 'hostile.csv');
    const text = c.text.replaceAll('{header}', columnNames(RAW_COLUMNS[pipeline]).join(','));
    fs.writeFileSync(file, decodeEscapes(c.meta.eol === 'none' ? text.replace(/\n$/, '') : text));
    const ofFile = (files: FileRows[] | undefined) => ({ rows: files?.find((f) => f.file === file) });
    const imported = await runPipeline({
      source: createLocalSource(day.root),
      pipeline,
      date: DATE,
      top: 4,
      enrichment,
    }).then(
      (result) => ofFile(result.rawRows?.files),
      (error: unknown) => ({ error }),
    );
    const scored = await scoreDay({ root: day.root, pipeline, date: DATE, topics: 2, iterations: 3 }).then(
      (result) => ofFile(result.rows.files),
      (error: unknown) => ({ error }),
    );
    return { import: describeOutcome(c, file, imported), score: describeOutcome(c, file, scored) };
  } finally {
    day.cleanup();
  }
}

async function resultsCase(c: HostileCase): Promise<string> {
  try {
    let rows = 0;
    const text = decodeEscapes(c.meta.eol === 'none' ? c.text.replace(/\n$/, '') : c.text);
    for await (const _ of readResults(
      c.meta.pipeline as Pipeline,
      { name: c.file, stream: Readable.from([text]) },
      { limit: 1e9 },
    )) {
      void _;
      rows++;
    }
    return `rows ${rows}`;
  } catch (error) {
    return describeOutcome(c, c.file, { error });
  }
}

// ------------------------------------------------------------------------------------------------ 3: row accounting

const DATE = '2026-11-24';
const FIXTURE: Record<Pipeline, string> = { flow: 'flow28', dns: 'dns', proxy: 'proxy' };
const SHAPES = ['open-quote', 'short', 'long', 'nul', 'stray-quote'] as const;
type Shape = (typeof SHAPES)[number];
/** The broken days of each format: one per shape, one with only a quote left open at the end of a file, one mixed. */
const PLANS: Array<{ shapes: Shape[]; eofQuote: boolean }> = [
  ...SHAPES.map((shape) => ({ shapes: [shape], eofQuote: false })),
  { shapes: [], eofQuote: true },
  { shapes: [...SHAPES], eofQuote: true },
];

/** The fixture day's header and data lines. */
function fixtureLines(pipeline: Pipeline): { header: string; lines: string[] } {
  const dir = rawDayDir(path.join(FIXTURES, FIXTURE[pipeline]), pipeline, DATE);
  const files = fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.csv'))
    .sort();
  let header = '';
  const lines: string[] = [];
  for (const file of files) {
    const [first, ...rest] = fs.readFileSync(path.join(dir, file), 'utf8').split('\n');
    header = first ?? '';
    lines.push(...rest.filter((l) => l !== ''));
  }
  return { header, lines };
}

interface FileAccount {
  file: string;
  read: number;
  accepted: number;
  rejected: number;
}
/** What a run reported: the per-file account when the code gives one, else the rows it read. */
interface Reported {
  outcome: 'accounted' | 'no account' | 'refused';
  accepted: number;
  rejected: number;
  files?: FileAccount[];
  error?: string;
}

function accountOf(value: unknown): FileAccount[] | null {
  const files = (value as { files?: unknown } | undefined)?.files;
  return Array.isArray(files) ? (files as FileAccount[]) : null;
}
const sum = (files: FileAccount[], key: 'accepted' | 'rejected') => files.reduce((n, f) => n + f[key], 0);
const firstLine = (err: unknown) =>
  String(err instanceof Error ? err.message : err)
    .split('\n')[0]!
    .slice(0, 200);

async function rowsPart(): Promise<Record<string, unknown>> {
  const enrichment = await fixtureEnrichment();
  const days: Array<Record<string, unknown>> = [];
  const totals = {
    days: 0,
    written: 0,
    injected: 0,
    refused: 0,
    noAccount: 0,
    unreported: 0,
    brokenAcceptedSilently: 0,
    misaccounted: 0,
  };
  const byStep: Record<'import' | 'score', typeof totals> = { import: { ...totals }, score: { ...totals } };
  for (const pipeline of ['flow', 'dns', 'proxy'] as const) {
    const source = fixtureLines(pipeline);
    for (let d = 0; d < PLANS.length; d++) {
      const day = await fixtureDay(FIXTURE[pipeline], pipeline);
      const scoreRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'spot-relbench-score-'));
      try {
        // 3 files of good lines; the broken lines in one file (two files on odd days): one shape per day, then a
        // day whose only broken line is an unterminated quote in the last line without a line end, then all mixed.
        const plan = PLANS[d]!;
        const dir = rawDayDir(day.root, pipeline, DATE);
        fs.rmSync(dir, { recursive: true, force: true });
        fs.mkdirSync(dir, { recursive: true });
        const files = 3;
        const brokenFiles = new Set([d % files, ...(d % 2 ? [(d + 1) % files] : [])]);
        const shapes: string[] = [];
        let written = 0;
        let injected = 0;
        const writtenPerFile = new Map<string, number>();
        for (let f = 0; f < files; f++) {
          const body = Array.from({ length: OPTIONS.lines }, (_, i) => source.lines[(i + f) % source.lines.length]!);
          let eol = '\n';
          if (brokenFiles.has(f)) {
            for (let b = 0; b < (plan.shapes.length ? OPTIONS.broken : 0); b++) {
              const shape = plan.shapes[b % plan.shapes.length]!;
              body.splice(1 + int(body.length - 1), 0, breakLine(pick(source.lines), shape, int));
              shapes.push(shape);
              injected++;
            }
            if (plan.eofQuote && f === d % files) {
              body.push(breakLine(pick(source.lines), 'open-quote', int));
              shapes.push('open-quote at end of file');
              injected++;
              eol = '';
            }
          }
          written += body.length;
          writtenPerFile.set(path.join(dir, `part-${f}.csv`), body.length);
          fs.writeFileSync(path.join(dir, `part-${f}.csv`), `${[source.header, ...body].join('\n')}${eol}`);
        }

        const reported: Record<'import' | 'score', Reported> = {
          import: await importDay(pipeline, day.root, enrichment),
          score: await scoreOne(pipeline, day.root, scoreRoot),
        };
        const entry: Record<string, unknown> = { pipeline, day: d, files, written, injected, shapes };
        for (const step of ['import', 'score'] as const) {
          const r = reported[step];
          const t = byStep[step];
          t.days++;
          t.written += written;
          t.injected += injected;
          let unreported = 0;
          if (r.outcome === 'refused') t.refused++;
          else {
            if (r.outcome === 'no account') t.noAccount++;
            // Per file when the code gives an account (a file missing from it lost all its rows), else per day.
            unreported = r.files
              ? [...writtenPerFile].reduce((n, [file, rows]) => {
                  const got = r.files!.find((a) => path.resolve(a.file) === file);
                  return n + Math.max(0, rows - (got ? got.accepted + got.rejected : 0));
                }, 0)
              : Math.max(0, written - r.accepted - r.rejected);
            t.brokenAcceptedSilently += Math.max(0, Math.min(injected - r.rejected, r.accepted - (written - injected)));
            if (r.accepted !== written - injected || r.rejected !== injected) t.misaccounted++;
          }
          t.unreported += unreported;
          // Kept short in the JSON: each file's counts and its first rejected line.
          const files = r.files?.map((f) => {
            const first = (f as Partial<FileRows>).firstRejected?.[0];
            return {
              file: path.basename(f.file),
              read: f.read,
              accepted: f.accepted,
              rejected: f.rejected,
              ...(first ? { firstRejected: { line: first.line, field: first.field, reason: first.reason } } : {}),
            };
          });
          entry[step] = { ...r, files, unreported };
        }
        days.push(entry);
        log(
          `rows: ${pipeline} day ${d}: ${written} rows written (${injected} broken: ${shapes.join(', ')}); ` +
            (['import', 'score'] as const)
              .map((s) => {
                const r = reported[s];
                return r.outcome === 'refused'
                  ? `${s} refused (${r.error})`
                  : `${s} ${r.outcome}: ${r.accepted} accepted + ${r.rejected} rejected`;
              })
              .join('; '),
        );
      } finally {
        day.cleanup();
        fs.rmSync(scoreRoot, { recursive: true, force: true });
      }
    }
  }
  for (const step of ['import', 'score'] as const) {
    const t = byStep[step];
    const name = step === 'import' ? 'import (runPipeline)' : 'scorer (scoreDay)';
    summary.push(
      {
        part: 'Row accounting',
        figure:
          `${name}: rows lost without a report, over ${t.days} broken days (${t.written} rows, ${t.injected} broken; ` +
          `${t.refused} days refused whole, ${t.noAccount} imported without an account)`,
        value: String(t.unreported),
        goal: '0',
        met: t.unreported === 0,
      },
      {
        part: 'Row accounting',
        figure: `${name}: broken lines taken as rows without a word`,
        value: String(t.brokenAcceptedSilently),
        goal: '0',
        met: t.brokenAcceptedSilently === 0,
      },
      {
        part: 'Row accounting',
        figure: `${name}: days whose every row is accounted for (accepted = good lines, rejected = broken lines)`,
        value: `${t.days - t.refused - t.misaccounted} / ${t.days}`,
        goal: 'all',
        met: t.refused + t.misaccounted === 0,
      },
    );
  }
  return { byStep, days };
}

async function importDay(pipeline: Pipeline, root: string, enrichment: Awaited<ReturnType<typeof fixtureEnrichment>>) {
  const source = createLocalSource(root);
  try {
    const result = await runPipeline({ source, pipeline, date: DATE, top: 4, enrichment });
    const files = accountOf((result as unknown as { rawRows?: unknown }).rawRows);
    if (files)
      return {
        outcome: 'accounted',
        accepted: sum(files, 'accepted'),
        rejected: sum(files, 'rejected'),
        files,
      } as Reported;
    // No account from the import: count the rows of the raw view it read (the same view, over the same files).
    const duck = await Duck.open();
    try {
      await createRawView(duck, pipeline, await source.rawDay(pipeline, DATE, {}));
      const [row] = await duck.all('SELECT count(*) AS n FROM raw_files');
      return { outcome: 'no account', accepted: Number(row?.n ?? 0), rejected: 0 } as Reported;
    } finally {
      duck.close();
    }
  } catch (err) {
    return { outcome: 'refused', accepted: 0, rejected: 0, error: firstLine(err) } as Reported;
  }
}

async function scoreOne(pipeline: Pipeline, rawRoot: string, root: string): Promise<Reported> {
  try {
    const result = await scoreDay({ root, rawRoot, pipeline, date: DATE, topics: 2, iterations: 3 });
    const files = accountOf((result as unknown as { rows?: unknown }).rows);
    if (files)
      return { outcome: 'accounted', accepted: sum(files, 'accepted'), rejected: sum(files, 'rejected'), files };
    return { outcome: 'no account', accepted: result.events, rejected: 0 };
  } catch (err) {
    return { outcome: 'refused', accepted: 0, rejected: 0, error: firstLine(err) };
  }
}

// -------------------------------------------------------------------------------------------- 4: kill -9 scripts

function runScript(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout }));
  });
}

async function crashPart(): Promise<Record<string, unknown>> {
  const { code, stdout } = await runScript(['scripts/crash-test.ts'], { CRASH_RUNS: String(OPTIONS.kills) });
  try {
    const crash = parseCrashSummary(stdout);
    summary.push({
      part: 'kill -9 during import',
      figure: `scripts/crash-test.ts: corrupted caches / half-written days after ${crash.runs} SIGKILLs (${crash.committed} imports committed before their kill)`,
      value: `${crash.corrupted} / ${crash.halfWritten}`,
      goal: '0 / 0',
      met: crash.corrupted === 0 && crash.halfWritten === 0,
    });
    return { exitCode: code, ...crash };
  } catch (err) {
    summary.push({ part: 'kill -9 during import', figure: firstLine(err), value: '—', goal: '0 / 0', met: false });
    return { exitCode: code, error: firstLine(err) };
  }
}

async function soakPart(): Promise<Record<string, unknown>> {
  const { code, stdout } = await runScript([
    'scripts/feedback-soak.ts',
    '--pushes',
    String(OPTIONS.pushes),
    '--seed',
    String(OPTIONS.seed),
    '--min-kills',
    String(OPTIONS.kills),
  ]);
  try {
    const soak = parseSoakFigures(stdout);
    const n = (key: string) => (typeof soak[key] === 'number' ? soak[key] : NaN);
    summary.push({
      part: 'kill -9 during feedback push',
      figure:
        `scripts/feedback-soak.ts: feedback rows lost / duplicated / stale or unknown over ${n('pushes')} pushes ` +
        `(${n('attempts')} attempts), sshd SIGKILLed and restarted ${n('sshdRestarts')} times; ${n('rowsScored')} rows scored, ${n('rowsOnNode')} on the node`,
      value: `${n('losses')} / ${n('duplicates')} / ${n('staleOrUnknownLines')}`,
      goal: `0 / 0 / 0, ≥ ${OPTIONS.kills} kills`,
      met:
        code === 0 &&
        n('losses') === 0 &&
        n('duplicates') === 0 &&
        n('staleOrUnknownLines') === 0 &&
        n('rowsScored') === n('rowsOnNode') &&
        n('sshdRestarts') >= OPTIONS.kills,
    });
    return { exitCode: code, ...soak };
  } catch (err) {
    summary.push({
      part: 'kill -9 during feedback push',
      figure: firstLine(err),
      value: '—',
      goal: '0 / 0 / 0',
      met: false,
    });
    return { exitCode: code, error: firstLine(err) };
  }
}

// ------------------------------------------------------------------------------------------------------------ main

async function main(): Promise<void> {
  const started = Date.now();
  const result: Record<string, unknown> = {
    at: new Date().toISOString(),
    options: OPTIONS,
    parts: ONLY ? [...ONLY] : 'all',
  };
  const timed = async (name: string, part: () => Promise<unknown>) => {
    if (!runs(name)) return;
    log(`\n=== bench:reliability ${name}`);
    const t = Date.now();
    seed = OPTIONS.seed; // each part draws the same numbers whichever parts run before it
    result[name] = await part();
    log(`=== ${name}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
  };
  await timed('http', httpPart);
  await timed('corpus', corpusPart);
  await timed('rows', rowsPart);
  await timed('crash', crashPart);
  await timed('soak', soakPart);

  result.corpusCases = corpus;
  summariseCorpus();
  const seconds = (Date.now() - started) / 1000;
  const machine = `${os.cpus().length} cores, Node ${process.version}, load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join('/')}`;
  Object.assign(result, { seconds: Number(seconds.toFixed(1)), machine, summary });
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, 'reliability.json'), `${JSON.stringify(result, null, 2)}\n`);
  const lines = [
    `## Reliability (${new Date().toISOString()}, ${seconds.toFixed(0)} s, ${machine})`,
    '',
    '| part | figure | value | goal | met |',
    '|---|---|---|---|---|',
    ...summary.map(
      (r) =>
        `| ${r.part} | ${r.figure.replaceAll('|', '\\|')} | ${r.value} | ${r.goal} | ${r.met === null ? '—' : r.met ? 'yes' : '**no**'} |`,
    ),
    '',
    'wrote bench/results/reliability.json',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  process.exit(summary.every((r) => r.met !== false) ? 0 : 1);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(2);
});
