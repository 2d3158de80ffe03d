// CSV files of the enrichment layer (context tables, reputation lists), streamed line by line with line
// numbers so every error can say where. One record per line (a quoted field may hold commas and `""`,
// not a line break).
import { stat } from 'node:fs/promises';
import { InputError } from '../errors';
import { splitCsvLine } from './csv-line';
import { forEachLine } from './line-stream';

export interface CsvLine {
  /** 1-based line number of the record in the file. */
  line: number;
  fields: string[];
}

/** Throws an InputError naming the file when it is missing or not a file. */
export async function checkUserFile(path: string): Promise<void> {
  let isFile: boolean;
  try {
    isFile = (await stat(path)).isFile();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(path, null, null, code === 'ENOENT' ? 'file not found' : String(error));
  }
  if (!isFile) throw new InputError(path, null, null, 'is a folder, not a file');
}

/** Parses one line: fields trimmed; null for an empty line or a `#` comment line. */
export function parseCsvLine(path: string, line: number, text: string): string[] | null {
  const body = line === 1 ? text.replace(/^\uFEFF/, '') : text;
  const trimmed = body.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return null;
  const fields = splitCsvLine(trimmed);
  if (fields === null) throw new InputError(path, line, null, 'a quoted field is not closed');
  return fields.map((field) => field.trim());
}

export async function readCsvLines(path: string): Promise<CsvLine[]> {
  await checkUserFile(path);
  const lines: CsvLine[] = [];
  await forEachLine(path, ({ line, text }) => {
    const fields = parseCsvLine(path, line, text);
    if (fields !== null && fields.some((field) => field !== '')) lines.push({ line, fields });
  });
  return lines;
}
