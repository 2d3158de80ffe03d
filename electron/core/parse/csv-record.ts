/**
 * One line of a raw CSV file split into its values as DuckDB's read_csv reads it with every column VARCHAR (quote
 * and escape `"`, raw-day.ts): a quoted value without its quotes and with `""` read as `"`, an empty value — quoted
 * or not — as null, anything else as written (no trimming). Only for lines the scan accepted (raw-lines.ts): each
 * value is either wholly quoted or holds no quote, and the line holds no CR, LF or NUL.
 */
const QUOTE = 0x22;
const COMMA = 0x2c;

export function csvRecordValues(line: string): (string | null)[] {
  if (line.indexOf('"') < 0) return line.split(',').map((value) => (value === '' ? null : value));
  const values: (string | null)[] = [];
  let at = 0;
  for (;;) {
    let value: string;
    if (line.charCodeAt(at) === QUOTE) {
      // A quoted value ends at a quote not followed by another; `""` inside it is one quote.
      let text = '';
      let from = at + 1;
      for (;;) {
        const quote = line.indexOf('"', from);
        if (quote < 0) throw new Error(`unclosed quote in a line the scan accepted: ${line.slice(0, 80)}`);
        text += line.slice(from, quote);
        if (line.charCodeAt(quote + 1) === QUOTE) {
          text += '"';
          from = quote + 2;
          continue;
        }
        at = quote + 1;
        break;
      }
      value = text;
    } else {
      const comma = line.indexOf(',', at);
      const end = comma < 0 ? line.length : comma;
      value = line.slice(at, end);
      at = end;
    }
    values.push(value === '' ? null : value);
    if (at >= line.length) return values;
    if (line.charCodeAt(at) !== COMMA) throw new Error(`characters after a closing quote: ${line.slice(0, 80)}`);
    at += 1;
    if (at === line.length) {
      values.push(null);
      return values;
    }
  }
}

/** Field bounds of the unquoted line being picked (reused: one pick per row of a day). */
let fieldStart = new Int32Array(64);
let fieldEnd = new Int32Array(64);

/**
 * The values at `picks` (column indexes; -1 = a column the file lacks, read as null) of a line that must hold
 * `columns` values, as csvRecordValues reads them; null when it holds another number. Only the picked values are
 * made into strings.
 */
export function csvRecordPick(line: string, columns: number, picks: readonly number[]): (string | null)[] | null {
  if (line.indexOf('"') >= 0) {
    const all = csvRecordValues(line);
    return all.length === columns ? picks.map((p) => (p < 0 ? null : (all[p] ?? null))) : null;
  }
  if (fieldStart.length < columns) {
    fieldStart = new Int32Array(columns);
    fieldEnd = new Int32Array(columns);
  }
  let field = 0;
  let at = 0;
  for (;;) {
    const comma = line.indexOf(',', at);
    if (field >= columns) return null;
    fieldStart[field] = at;
    if (comma < 0) {
      fieldEnd[field] = line.length;
      break;
    }
    fieldEnd[field] = comma;
    field += 1;
    at = comma + 1;
  }
  if (field + 1 !== columns) return null;
  return picks.map((p) => {
    if (p < 0) return null;
    const value = line.slice(fieldStart[p], fieldEnd[p]);
    return value === '' ? null : value;
  });
}
