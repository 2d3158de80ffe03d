/**
 * The one CSV writer (RFC 4180): the raw files of the sample day, the allow-list export and the investigation
 * export all quote fields here. Files a person opens in a spreadsheet (exports) also get the formula-injection
 * guard; data files that programs read (the sample day) do not, because the guard changes the value.
 * spot-ml's TAB files (ml_feedback.csv, *_results.csv) have their own rules and are not written here.
 */

export type CsvValue = string | number | null;

/** A field as RFC 4180 wants it: quoted when it holds a comma, quote, CR or LF, or begins or ends with white
 * space (readers that trim would lose it); quotes doubled. */
export function csvField(value: CsvValue): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One line of a data file: fields as they are, LF line end. */
export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\n`;
}

/** Text a spreadsheet would run as a formula (OWASP CSV injection): starts with = + - @ tab or CR, possibly
 * behind quotes that the guard itself added. */
const FORMULA_START = /^'*[=+\-@\t\r]/;

/** A cell of a file meant for a spreadsheet: a leading quote defuses formulas (plain numbers, negative ones
 * included, stay numbers). readCsvCell undoes it, so a file we export reads back unchanged. */
export function csvCell(value: CsvValue): string {
  if (value === null) return '';
  const text = String(value);
  return csvField(typeof value !== 'number' && FORMULA_START.test(text) ? `'${text}` : text);
}

/** The value of a cell that csvCell wrote (the guard's quote removed). */
export function readCsvCell(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text) ? text.slice(1) : text;
}

/** A whole spreadsheet-safe file: header line, CRLF line ends (RFC 4180) unless told otherwise. */
export function toCsv(
  columns: readonly string[],
  rows: ReadonlyArray<readonly CsvValue[]>,
  lineEnd: '\r\n' | '\n' = '\r\n',
): string {
  const lines = [columns.map(csvCell).join(',')];
  for (const row of rows) lines.push(columns.map((_, i) => csvCell(row[i] ?? null)).join(','));
  return `${lines.join(lineEnd)}${lineEnd}`;
}
