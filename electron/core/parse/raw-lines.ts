/**
 * Row accounting for raw CSV days (issue 20, item 2): every physical line of a raw file is read here, once, by a
 * byte scanner independent of DuckDB, and judged as one record. Spot's raw tables are Hive text tables whose rows
 * end at a line feed, so a record never spans lines: a quote still open at the end of a line is a broken line, not
 * a multi-line value. Lines that break the structure (quotes, column count, NUL, bare CR, invalid UTF-8, a record
 * over RECORD_BYTES_CAP) are rejected here with their file, line, field and reason; a file that has any is copied
 * with its good lines only, so DuckDB reads exactly the lines counted as accepted. The readers then check DuckDB's
 * count against ours: read = accepted + rejected per file, or an error — never a silent difference.
 */
import { isUtf8 } from 'node:buffer';
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InputError } from '../errors';

/** The longest record (line) accepted, in bytes; a longer one is rejected without being held in memory. */
export const RECORD_BYTES_CAP = 1 << 20;
/** How many rejected lines are kept with their reason (the count covers them all). */
export const FIRST_REJECTED = 10;

export interface RejectedLine {
  file: string;
  /** 1-based physical line. */
  line: number;
  /** The column the problem is in (a header name), `columns` for a count mismatch, or null for the whole line. */
  field: string | null;
  reason: string;
  /** The start of the broken line, invisible characters escaped. */
  text: string;
}

/** One file's account: read = accepted + rejected. */
export interface FileRows {
  file: string;
  /** Data lines (not the header; empty lines are not rows). */
  read: number;
  accepted: number;
  rejected: number;
  firstRejected: RejectedLine[];
}

/** A day's account over its files. */
export interface RowAccount {
  read: number;
  accepted: number;
  rejected: number;
  files: FileRows[];
  /** The first rejected lines over all files (file order), at most FIRST_REJECTED. */
  firstRejected: RejectedLine[];
}

/** What scanning a CSV file found; `readPath` is what DuckDB must read (the file, or its copy of good lines). */
export interface ScannedCsv extends FileRows {
  readPath: string;
  /** The header's column names. */
  columns: string[];
  /** For a copy: the original line of each of its lines (index 0 = line 1, the header). */
  lineMap?: Int32Array;
  /** Lines left out of the copy (rejected or empty). */
  leftOut: number[];
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;

/** Text with control, format (bidi, BOM, zero-width) and invalid characters shown as \u{…}, clipped. */
export function visible(text: string, max = 160): string {
  const shown = text.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufffd]/g,
    (ch) => `\\u{${ch.codePointAt(0)!.toString(16)}}`,
  );
  return shown.length > max ? `${shown.slice(0, max)}… (${shown.length} characters)` : shown;
}

interface LineState {
  field: number;
  inQuotes: boolean;
  atFieldStart: boolean;
  afterClose: boolean;
  bytes: number;
  sawCr: boolean;
  problem: { field: number | 'columns' | null; reason: string } | null;
}

function freshLine(): LineState {
  return { field: 0, inQuotes: false, atFieldStart: true, afterClose: false, bytes: 0, sawCr: false, problem: null };
}

/**
 * Scans a raw CSV file line by line (header = line 1). `columns` names the header's columns; when omitted, the
 * header line itself gives them. Writes a copy of the good lines into `copyDir` when any line is rejected or the
 * file mixes line ends, and returns the account.
 */
export function scanCsvFile(file: string, copyDir: string, columns?: readonly string[]): ScannedCsv {
  const fd = openSync(file, 'r');
  try {
    const chunk = Buffer.alloc(1 << 20);
    let line = 1;
    let state = freshLine();
    let lineStart = 0;
    let position = 0;
    const header: string[] = columns ? [...columns] : headerNames(fd);
    let read = 0;
    let rejected = 0;
    let crlf = 0;
    let lf = 0;
    const bad: number[] = [];
    const firstRejected: Array<Omit<RejectedLine, 'text'> & { start: number }> = [];
    let utf8Suspect = false;
    const fieldName = (index: number | 'columns' | null): string | null =>
      index === 'columns' || index === null ? index : (header[index] ?? `column ${index + 1}`);
    const problem = (field: number | 'columns' | null, reason: string): void => {
      if (!state.problem) state.problem = { field, reason };
    };

    const endLine = (end: number): void => {
      // end = offset of the LF (or EOF) in the file.
      const empty = state.bytes === 0 || (state.bytes === 1 && state.sawCr);
      if (line === 1) {
        // The header: its columns are `header` (checked against the schema by the reader).
      } else if (!empty) {
        read += 1;
        if (!state.problem) {
          if (state.inQuotes) problem(state.field, 'a quote (") opened in this field is not closed on its line');
          else if (state.field + 1 !== header.length) {
            problem(
              'columns',
              `expected ${header.length} comma-separated columns, found ${state.field + 1}` +
                (state.field + 1 < header.length
                  ? ` (${header[state.field + 1]} and after are missing)`
                  : ` (more than ${header.at(-1)})`),
            );
          }
        }
        if (state.problem) {
          rejected += 1;
          bad.push(line);
          if (firstRejected.length < FIRST_REJECTED) {
            firstRejected.push({
              file,
              line,
              field: fieldName(state.problem.field),
              reason: state.problem.reason,
              start: lineStart,
            });
          }
        }
      } else if (line > 1) {
        bad.push(line); // an empty line is no row; the copy drops it so DuckDB reads none either
      }
      if (state.sawCr && !empty) crlf += 1;
      else if (!empty) lf += 1;
      line += 1;
      lineStart = end + 1;
      state = freshLine();
    };

    for (;;) {
      const got = readSync(fd, chunk, 0, chunk.length, null);
      if (got === 0) break;
      const view = chunk.subarray(0, got);
      if (!utf8Suspect && !isUtf8(view)) utf8Suspect = true;
      for (let i = 0; i < got; i++) {
        // Fast path: a whole line in this chunk without a control byte or a quoting problem is judged in one tight
        // loop over local variables (the same rules as the byte-by-byte path below, which any doubt falls back to).
        if (state.bytes === 0 && state.field === 0) {
          const lf = view.indexOf(LF, i);
          if (lf >= 0 && lf - i <= RECORD_BYTES_CAP) {
            const fields = wellFormedFields(view, i, lf);
            if (fields >= 0) {
              state.field = fields - 1;
              state.bytes = lf - i;
              endLine(position + lf);
              i = lf;
              continue;
            }
          }
        }
        const byte = view[i]!;
        if (byte === LF) {
          endLine(position + i);
          continue;
        }
        state.bytes += 1;
        if (state.problem) continue;
        if (state.sawCr) {
          problem(state.field, 'a carriage return (CR) inside the line');
          continue;
        }
        if (state.bytes > RECORD_BYTES_CAP) {
          problem(null, `record longer than ${RECORD_BYTES_CAP} bytes`);
          continue;
        }
        if (byte === NUL) {
          problem(state.field, 'a NUL byte (\\u{0})');
          continue;
        }
        if (byte === CR) {
          if (state.inQuotes) problem(state.field, 'a carriage return (CR) inside a quoted value');
          state.sawCr = true;
          continue;
        }
        if (state.inQuotes) {
          if (byte === QUOTE) {
            state.inQuotes = false;
            state.afterClose = true;
          }
          continue;
        }
        if (byte === COMMA) {
          state.field += 1;
          state.atFieldStart = true;
          state.afterClose = false;
          continue;
        }
        if (byte === QUOTE) {
          if (state.afterClose) {
            // "" inside a quoted value: an escaped quote, the value goes on.
            state.inQuotes = true;
            state.afterClose = false;
          } else if (state.atFieldStart) {
            state.inQuotes = true;
            state.atFieldStart = false;
          } else problem(state.field, 'a stray quote (") inside an unquoted value');
          continue;
        }
        if (state.afterClose) {
          problem(state.field, 'characters after a closing quote');
          continue;
        }
        state.atFieldStart = false;
      }
      position += got;
    }
    if (state.bytes > 0 || line === 1) endLine(position);

    // Invalid UTF-8: only when a chunk failed the fast check, find the lines (rare path).
    if (utf8Suspect) {
      for (const found of invalidUtf8Lines(fd)) {
        if (bad.includes(found)) continue;
        rejected += 1;
        bad.push(found);
        if (firstRejected.length < FIRST_REJECTED) {
          firstRejected.push({ file, line: found, field: null, reason: 'invalid UTF-8', start: lineOffset(fd, found) });
        }
      }
      bad.sort((a, b) => a - b);
      firstRejected.sort((a, b) => a.line - b.line);
    }

    const withText = firstRejected.map(({ start, ...rest }) => ({ ...rest, text: excerpt(fd, start) }));
    const account: ScannedCsv = {
      file,
      read,
      accepted: read - rejected,
      rejected,
      firstRejected: withText,
      readPath: file,
      columns: header,
      leftOut: bad,
    };
    if (bad.length > 0 || (crlf > 0 && lf > 0)) {
      const copy = join(copyDir, `${String(copyCounter++).padStart(4, '0')}-${basename(file)}`);
      account.lineMap = copyGoodLines(fd, copy, new Set(bad));
      account.readPath = copy;
    }
    return account;
  } finally {
    closeSync(fd);
  }
}

let copyCounter = 0;

/**
 * The number of fields of the line bytes [from, end) when it is well formed (no control byte, every quote where
 * RFC 4180 allows it, no quote left open), else -1: the byte-by-byte path then finds and names the problem.
 */
function wellFormedFields(view: Uint8Array, from: number, end: number): number {
  let fields = 1;
  let inQuotes = false;
  let atFieldStart = true;
  let afterClose = false;
  for (let j = from; j < end; j++) {
    const b = view[j]!;
    if (b < 0x20) return -1;
    if (inQuotes) {
      if (b === QUOTE) {
        inQuotes = false;
        afterClose = true;
      }
    } else if (b === COMMA) {
      fields++;
      atFieldStart = true;
      afterClose = false;
    } else if (b === QUOTE) {
      if (!afterClose && !atFieldStart) return -1;
      // Opening a value, or "" inside one (an escaped quote: the value goes on).
      inQuotes = true;
      atFieldStart = false;
      afterClose = false;
    } else if (afterClose) return -1;
    else atFieldStart = false;
  }
  return inQuotes ? -1 : fields;
}

/** The header line's column names. */
function headerNames(fd: number): string[] {
  const buffer = Buffer.alloc(64 * 1024);
  const got = readSync(fd, buffer, 0, buffer.length, 0);
  const end = buffer.subarray(0, got).indexOf(LF);
  const text = buffer
    .subarray(0, end < 0 ? got : end)
    .toString('utf8')
    .replace(/\r$/, '');
  return text.split(',').map((name) => name.trim().replace(/^"(.*)"$/, '$1'));
}

/** Lines (1-based) whose bytes are not valid UTF-8. */
function invalidUtf8Lines(fd: number): number[] {
  const out: number[] = [];
  forEachLine(fd, (line, bytes) => {
    if (line > 1 && !isUtf8(bytes)) out.push(line);
  });
  return out;
}

/** Calls back each line's bytes (without LF); a line over the cap is passed cut at the cap. */
function forEachLine(fd: number, each: (line: number, bytes: Buffer, start: number) => void): void {
  const chunk = Buffer.alloc(1 << 20);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let line = 1;
  let position = 0;
  let start = 0;
  for (;;) {
    const got = readSync(fd, chunk, 0, chunk.length, position);
    if (got === 0) break;
    let from = 0;
    for (;;) {
      const at = chunk.indexOf(LF, from);
      if (at < 0 || at >= got) break;
      const piece = chunk.subarray(from, at);
      const bytes = pending.length ? Buffer.concat([...pending, piece]) : piece;
      each(line, bytes, start);
      pending = [];
      pendingBytes = 0;
      line += 1;
      from = at + 1;
      start = position + from;
    }
    if (from < got && pendingBytes <= RECORD_BYTES_CAP) {
      pending.push(Buffer.from(chunk.subarray(from, got)));
      pendingBytes += got - from;
    }
    position += got;
  }
  if (pending.length) each(line, Buffer.concat(pending), start);
}

function lineOffset(fd: number, wanted: number): number {
  let offset = 0;
  forEachLine(fd, (line, _bytes, start) => {
    if (line === wanted) offset = start;
  });
  return offset;
}

/** The start of the line at byte `start`, as text with invisible characters shown. */
function excerpt(fd: number, start: number): string {
  const buffer = Buffer.alloc(240);
  const got = readSync(fd, buffer, 0, buffer.length, start);
  const end = buffer.subarray(0, got).indexOf(LF);
  const bytes = buffer.subarray(0, end < 0 ? got : end);
  const text = bytes.toString('utf8').replace(/\r$/, '');
  return visible(text, 120) + (end < 0 && got === buffer.length ? '…' : '');
}

/** Writes the header and the lines not in `bad` (LF line ends) to `copy`; returns each copied line's original. */
function copyGoodLines(fd: number, copy: string, bad: ReadonlySet<number>): Int32Array {
  const out = openSync(copy, 'w');
  const map: number[] = [];
  try {
    forEachLine(fd, (line, bytes) => {
      if (bad.has(line)) return;
      const clean = bytes.at(-1) === CR ? bytes.subarray(0, -1) : bytes;
      if (line > 1 && clean.length === 0) return;
      writeSync(out, clean);
      writeSync(out, '\n');
      map.push(line);
    });
  } finally {
    closeSync(out);
  }
  return Int32Array.from(map);
}

/**
 * Rejects more lines of a scanned file (lines DuckDB could not convert, found by the reader): they join the
 * account and the file is copied again without them, so what DuckDB reads next holds none of them.
 */
export function rejectMore(
  scanned: ScannedCsv,
  copyDir: string,
  more: ReadonlyArray<{ line: number; field: string | null; reason: string }>,
): void {
  const left = new Set(scanned.leftOut);
  const fresh = more.filter((r) => !left.has(r.line));
  if (fresh.length === 0) return;
  const fd = openSync(scanned.file, 'r');
  try {
    const starts = new Map<number, number>();
    const wanted = new Set(fresh.map((r) => r.line));
    forEachLine(fd, (line, _bytes, start) => {
      if (wanted.has(line)) starts.set(line, start);
    });
    for (const r of fresh) {
      left.add(r.line);
      scanned.firstRejected.push({ file: scanned.file, ...r, text: excerpt(fd, starts.get(r.line) ?? 0) });
    }
    scanned.firstRejected.sort((a, b) => a.line - b.line).splice(FIRST_REJECTED);
    scanned.rejected += fresh.length;
    scanned.accepted -= fresh.length;
    scanned.leftOut = [...left].sort((a, b) => a - b);
    const copy = join(copyDir, `${String(copyCounter++).padStart(4, '0')}-${basename(scanned.file)}`);
    scanned.lineMap = copyGoodLines(fd, copy, left);
    scanned.readPath = copy;
  } finally {
    closeSync(fd);
  }
}

/** The original line of line `line` of a copy (or the line itself for a file read as is). */
export function originalLine(scanned: Pick<ScannedCsv, 'lineMap'>, line: number): number {
  return scanned.lineMap?.[line - 1] ?? line;
}

/** Sums files' accounts. */
export function sumAccounts(files: readonly FileRows[]): RowAccount {
  const account: RowAccount = { read: 0, accepted: 0, rejected: 0, files: [...files], firstRejected: [] };
  for (const file of files) {
    account.read += file.read;
    account.accepted += file.accepted;
    account.rejected += file.rejected;
    for (const r of file.firstRejected)
      if (account.firstRejected.length < FIRST_REJECTED) account.firstRejected.push(r);
  }
  return account;
}

/** Strips a scanned file's reading details, keeping its account. */
export function fileRows(scanned: ScannedCsv): FileRows {
  const { file, read, accepted, rejected, firstRejected } = scanned;
  return { file, read, accepted, rejected, firstRejected };
}

/**
 * Checks DuckDB's row count of a scanned file against the scan: a difference is an error naming the file (it
 * would be rows lost or invented without a word).
 */
export function checkCount(scanned: ScannedCsv, duckRows: number): void {
  if (duckRows !== scanned.accepted) {
    throw new InputError(
      scanned.file,
      null,
      null,
      `${scanned.read} data lines, ${scanned.rejected} rejected, but ${duckRows} rows read instead of ${scanned.accepted}: ` +
        'the file cannot be accounted for, so it is not imported',
    );
  }
}

/** A day without a single data line is refused: "no rows" is not an empty day. */
export function checkSomeRows(name: string, account: RowAccount): void {
  if (account.read === 0) {
    throw new InputError(
      name,
      null,
      null,
      `no rows: the raw day's ${account.files.length} file(s) hold a header and no data line`,
    );
  }
}

/** One line for notes, job messages and the CLI; null when nothing was rejected. */
export function describeRejections(what: string, account: RowAccount): string | null {
  if (account.rejected === 0) return null;
  const files = account.files.filter((f) => f.rejected > 0);
  const first = account.firstRejected
    .slice(0, 3)
    .map((r) => `${r.file}, line ${r.line}${r.field ? `, field ${r.field}` : ''}: ${r.reason} ("${r.text}")`);
  return (
    `${account.rejected} of ${account.read} raw ${what} rows rejected in ${files.length} file(s) ` +
    `(${files.map((f) => `${basename(f.file)}: ${f.rejected} of ${f.read}`).join(', ')}); first: ${first.join('; ')}`
  );
}
