/** RFC 4180 CSV that is safe to open in a spreadsheet (no formula injection). */
import type { Cell } from '../../../shared/api-base';

/** Characters that make a spreadsheet read a cell as a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One field: a leading quote defuses formulas; quotes are doubled and the field quoted when needed. */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  let text = String(value);
  // Plain negative numbers stay numbers; any other text starting with = + - @ (or tab/CR) gets a quote.
  if (typeof value !== 'number' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A whole file: header line, CRLF line ends (RFC 4180). */
export function toCsv(columns: readonly string[], rows: ReadonlyArray<readonly Cell[]>): string {
  const lines = [columns.map(csvCell).join(',')];
  for (const row of rows) lines.push(columns.map((_, i) => csvCell(row[i] ?? null)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** A file name from free text: letters, digits, dot, dash and underscore only. */
export function safeFileName(name: string, extension: string): string {
  const base =
    name
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .replace(/^[._]+/, '')
      .slice(0, 100) || 'export';
  return `${base}.${extension}`;
}
