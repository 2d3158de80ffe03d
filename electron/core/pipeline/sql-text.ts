/** DuckDB SQL text built from values: literals, file lists, declared column types. Pure: no DuckDB loaded here. */
import type { Column, ColumnType } from '../../../shared/schema';

/** A SQL string literal (DuckDB, SQLite: a quote is doubled; HiveQL escapes differently: hive/sql.ts). */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A SQL identifier (DuckDB, SQLite): double-quoted, a quote doubled. */
export function sqlIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** How a Spot column type is read into DuckDB. */
export const DUCK_TYPE: Record<ColumnType, string> = {
  string: 'VARCHAR',
  int: 'BIGINT',
  bigint: 'BIGINT',
  float: 'DOUBLE',
};

/** The `columns = {...}` struct of a read_csv that declares Spot's columns (a CSV is never sniffed). */
export function csvColumnsSql(columns: readonly Column[], types: Record<ColumnType, string> = DUCK_TYPE): string {
  return `{${columns.map((c) => `${sqlString(c.name)}: ${sqlString(types[c.type])}`).join(', ')}}`;
}

/** A DuckDB list of files to read as named. DuckDB globs every path it is given (a list's items too), so each of
 * `[ ] * ?` is put in a one-character class: `data [x]` must not read `data x`. */
export function fileListSql(files: readonly string[]): string {
  return `[${files.map((file) => sqlString(file.replace(/[[\]*?]/g, '[$&]'))).join(', ')}]`;
}
