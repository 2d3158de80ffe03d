import type { Duck } from './duck';

export type KeyColumnType = 'VARCHAR' | 'BIGINT' | 'DOUBLE';
export type KeyValue = string | number | null;

/**
 * Loads the suspicious rows' keys into a DuckDB temp table with the appender, so each detail table is one
 * join against it (Spot 1.0 ran one raw-table query per suspicious row instead).
 */
export async function loadKeyTable(
  duck: Duck,
  table: string,
  columns: ReadonlyArray<readonly [string, KeyColumnType]>,
  rows: ReadonlyArray<readonly KeyValue[]>,
): Promise<void> {
  const ddl = columns.map(([name, type]) => `"${name}" ${type}`).join(', ');
  await duck.run(`CREATE OR REPLACE TABLE ${table} (${ddl})`);
  const appender = await duck.connection.createAppender(table);
  try {
    for (const row of rows) {
      columns.forEach(([, type], index) => {
        const value = row[index];
        if (value === null || value === undefined) appender.appendNull();
        else if (type === 'VARCHAR') appender.appendVarchar(String(value));
        else if (type === 'BIGINT') appender.appendBigInt(BigInt(Math.trunc(Number(value))));
        else appender.appendDouble(Number(value));
      });
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}
