/**
 * Several text columns of a row as one value: DuckDB joins them (`packedTextSql`) and the reader splits them
 * (`PackedRow`), so a pass that reads every text column of every row takes one string per row out of DuckDB
 * instead of one per column. Each value is marked present (`v` + text) or null (`n`) and the values are joined
 * by NUL, a byte no accepted line of a scanned CSV file holds (parse/raw-lines.ts rejects it).
 */
import { InputError } from '../errors';

const SEPARATOR = '\0';
const PRESENT = 0x76; // 'v'

/** The SQL of one packed value from text expressions (each a VARCHAR or NULL). */
export function packedTextSql(expressions: readonly string[]): string {
  return `concat_ws(chr(0), ${expressions.map((e) => `COALESCE('v' || ${e}, 'n')`).join(', ')})`;
}

/** The values of `count` expressions packed by packedTextSql: index `slot` of `text`, or null. */
export function unpackedValue(parts: readonly string[], slot: number): string | null {
  const part = parts[slot] as string;
  return part.charCodeAt(0) === PRESENT ? part.slice(1) : null;
}

/** Splits a packed value; the count is checked, so a NUL inside a value cannot shift the columns unnoticed. */
export function unpack(packed: string, count: number, file: string): string[] {
  const parts = packed.split(SEPARATOR);
  if (parts.length !== count) {
    throw new InputError(file, null, null, `a text value holds a NUL byte (${parts.length} parts, ${count} expected)`);
  }
  return parts;
}

/** One chunk's packed column, split once per row on first use. */
export class PackedRow {
  private row = -1;
  private parts: string[] = [];

  constructor(
    private readonly vector: { getItem(row: number): unknown },
    private readonly count: number,
    private readonly file: string,
  ) {}

  value(row: number, slot: number): string | null {
    if (row !== this.row) {
      this.parts = unpack(this.vector.getItem(row) as string, this.count, this.file);
      this.row = row;
    }
    return unpackedValue(this.parts, slot);
  }
}
