// Small CSV files of the enrichment layer (context tables, reputation lists): read whole, with line numbers
// so every error can say where. Large files (iploc) are streamed by geo.ts instead.
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { InputError } from '../errors';

export interface CsvLine {
  /** 1-based line number of the record in the file. */
  line: number;
  fields: string[];
}

/** Reads a file the user named; a missing or unreadable file is an InputError naming it. */
export async function readUserFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem =
      code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a folder, not a file' : String(error);
    throw new InputError(path, null, null, problem);
  }
}

/**
 * Parses RFC 4180 CSV (quoted fields, any column count per row), fields trimmed, empty lines and lines
 * starting with `#` skipped.
 */
export function parseCsvLines(path: string, text: string): CsvLine[] {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      info: true,
      relax_column_count: true,
      relax_quotes: false,
      skip_empty_lines: true,
      trim: true,
      comment: '#',
      comment_no_infix: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    const lines = (error as { lines?: number }).lines;
    throw new InputError(path, typeof lines === 'number' ? lines : null, null, (error as Error).message);
  }
  return records
    .filter((entry) => entry.record.some((field) => field !== ''))
    .map((entry) => ({ line: entry.info.lines, fields: entry.record }));
}

export async function readCsvLines(path: string): Promise<CsvLine[]> {
  return parseCsvLines(path, await readUserFile(path));
}
