import { isIP } from 'node:net';
import { parse } from 'csv-parse';
import { RESULTS_COLUMNS } from '../../../shared/schema';
import type { Column, Pipeline } from '../../../shared/schema';
import { CancelledError, InputError } from '../errors';
import type { ResultsFile } from '../sources/types';
import { FRAME_TIME_EXAMPLES, parseFrameTime } from './frame-time';
import { RECORD_BYTES_CAP, visible } from './raw-lines';

/** One parsed line of `<type>_results.csv`: values typed by RESULTS_COLUMNS (int/bigint/float → number). */
export interface ResultsRow {
  /** 1-based line number in the file; null for a row that is not from the file (a detection's example). */
  line: number | null;
  row: Record<string, string | number>;
  /**
   * A detections file's row index (its shared `rows` list): rows with different indexes are different events of
   * the day even when every column is equal (a flood's identical packets), so the import keeps each of them.
   */
  event?: number;
}

export interface ReadResultsOptions {
  /** Read at most this many lines: the file is ascending by score, so these are the N most suspicious rows. */
  limit: number;
  signal?: AbortSignal;
}

// Integers may arrive as `12` or, from Double-typed seed tables, as `12.0`.
const INT_RE = /^-?\d+(\.0+)?$/;
// Scala Double.toString: `0.5`, `1.2E-7`, `-1.0`, `1E-10`.
const FLOAT_RE = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const FLOW_TIME_RE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_RE = /^\d{2}:\d{2}:\d{2}$/;

/** Columns whose text must be an IP address, per pipeline. */
const IP_FIELDS: Record<Pipeline, readonly string[]> = {
  flow: ['sip', 'dip'],
  dns: ['ip_dst'],
  proxy: ['clientip'],
};

/** The date and time columns of each type's results file and the problem with a value, if any. */
const DATE_TIME_CHECKS: Record<Pipeline, Readonly<Record<string, (value: string) => string | null>>> = {
  flow: {
    treceived: (v) =>
      FLOW_TIME_RE.test(v) ? null : `bad date/time "${visible(v, 120)}" (expected YYYY-MM-DD HH:MM:SS)`,
  },
  dns: {
    frame_time: (v) =>
      parseFrameTime(v) !== null
        ? null
        : `bad date/time "${visible(v, 120)}" (expected tshark form like ${FRAME_TIME_EXAMPLES})`,
  },
  proxy: {
    p_date: (v) => (DATE_RE.test(v) ? null : `bad date "${visible(v, 120)}" (expected YYYY-MM-DD)`),
    p_time: (v) => (TIME_RE.test(v) ? null : `bad time "${visible(v, 120)}" (expected HH:MM:SS)`),
  },
};

function checkDateTime(pipeline: Pipeline, name: string, value: string): string | null {
  const checks = DATE_TIME_CHECKS[pipeline];
  return Object.hasOwn(checks, name) ? (checks[name]?.(value) ?? null) : null;
}

function typedValue(column: Column, value: string): number | string | null {
  if (column.type === 'string') return value;
  if (column.type === 'float') return FLOAT_RE.test(value) ? Number(value) : null;
  return INT_RE.test(value) ? Number(value) : null;
}

/** Parses one line's fields, or throws InputError naming the field. Exported for unit tests. */
export function parseResultsFields(
  pipeline: Pipeline,
  fields: readonly string[],
  fileName: string,
  line: number | null,
): Record<string, string | number> {
  const columns = RESULTS_COLUMNS[pipeline];
  if (fields.length !== columns.length) {
    // Name the first column that is missing, or the first one too many.
    const field =
      fields.length < columns.length
        ? (columns[fields.length]?.name ?? null)
        : `column ${columns.length + 1} (after ${columns[columns.length - 1]?.name})`;
    throw new InputError(
      fileName,
      line,
      field,
      `expected ${columns.length} tab-separated columns for ${pipeline} results, found ${fields.length}`,
    );
  }
  const row: Record<string, string | number> = {};
  columns.forEach((column, index) => {
    const text = fields[index] ?? '';
    const value = typedValue(column, text);
    if (value === null) {
      throw new InputError(
        fileName,
        line,
        column.name,
        `not ${column.type === 'float' ? 'a number' : 'an integer'}: "${visible(text, 120)}"`,
      );
    }
    const dateProblem = checkDateTime(pipeline, column.name, text);
    if (dateProblem) throw new InputError(fileName, line, column.name, dateProblem);
    if (IP_FIELDS[pipeline].includes(column.name) && isIP(text) === 0) {
      throw new InputError(fileName, line, column.name, `not an IP address: "${visible(text, 120)}"`);
    }
    row[column.name] = value;
  });
  return row;
}

interface RawRecord {
  record: string[];
  raw: string;
  info: { lines: number };
}

/** The parser's records; its own errors (a record over the cap) become InputErrors naming the file and line. */
async function* recordsOf(parser: AsyncIterable<unknown>, fileName: string): AsyncGenerator<RawRecord> {
  try {
    for await (const record of parser) yield record as RawRecord;
  } catch (err) {
    const csv = err as { code?: string; lines?: number };
    if (csv.code === 'CSV_MAX_RECORD_SIZE') {
      throw new InputError(
        fileName,
        csv.lines ?? null,
        null,
        `a record longer than ${RECORD_BYTES_CAP} bytes: not a spot-ml results line (is this the right file?)`,
      );
    }
    throw err;
  }
}

/**
 * Streams the first `limit` lines of a spot-ml results file (TAB, no header, score last, ascending) and then
 * stops reading. The file must be ascending by score: otherwise "the first N lines" would not be the N most
 * suspicious rows and the import would silently show the wrong ones, so a descending step is an InputError.
 * Values are never quoted by spot-ml (it joins with tabs), so quote characters are kept as data.
 */
export async function* readResults(
  pipeline: Pipeline,
  file: ResultsFile,
  opts: ReadResultsOptions,
): AsyncGenerator<ResultsRow> {
  const parser = parse({
    delimiter: '\t',
    quote: false,
    relax_column_count: true,
    info: true,
    // The record's text with its line end: a last line without one may be cut short (see below).
    raw: true,
    record_delimiter: ['\n', '\r\n'],
    // A record is held whole while parsed: cap it (one 150 MB line once took 2.5 GB).
    max_record_size: RECORD_BYTES_CAP,
  });
  file.stream.on('error', (err) => parser.destroy(err));
  file.stream.pipe(parser);
  let count = 0;
  let previousScore = -Infinity;
  let sawAnyLine = false;
  try {
    if (opts.limit <= 0) return;
    for await (const record of recordsOf(parser, file.name)) {
      if (opts.signal?.aborted) throw new CancelledError();
      sawAnyLine = true;
      const line = record.info.lines;
      // A blank line (e.g. a trailing one after merging part files) carries no row.
      if (record.record.length === 1 && record.record[0] === '') continue;
      const row = parseResultsFields(pipeline, record.record, file.name, line);
      const score = row.score as number;
      if (score < previousScore) {
        throw new InputError(
          file.name,
          line,
          'score',
          `scores must be ascending (most suspicious first): ${score} follows ${previousScore}`,
        );
      }
      previousScore = score;
      // spot-ml (and the embedded scorer) end every line; a last line without a line end is a file cut short,
      // and a cut inside the score reads as another number ("1.2E-7" → "1.2"): refuse rather than guess.
      if (!/[\r\n]$/.test(record.raw)) {
        throw new InputError(
          file.name,
          line,
          'score',
          `the last line has no line end, so the file may be cut short (its score "${String(record.record.at(-1))}" ` +
            'may be a longer number cut off): copy the file again, or end its last line',
        );
      }
      count += 1;
      yield { line, row };
      if (count >= opts.limit) return;
    }
    if (!sawAnyLine || count === 0) throw new InputError(file.name, null, null, 'empty results file');
  } finally {
    file.stream.unpipe(parser);
    parser.destroy();
    file.stream.destroy();
  }
}
