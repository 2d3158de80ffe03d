import type { Database } from 'better-sqlite3';
import type { CacheCheck, DayFindings, DaySummary, TableRows } from '../../../shared/api';
import { OA_TABLES, type OaTable, type Pipeline } from '../../../shared/schema';
import type { OrderSnapshot, SnapshotRow } from './order-snapshot';

/** Read-only queries over the cache, on the read-only connection. */
export class CacheReader {
  constructor(private readonly db: Database) {}

  listDays(pipeline?: Pipeline): DaySummary[] {
    const rows = this.db
      .prepare(
        `SELECT pipeline, day AS date, rows, source, imported_at AS importedAt, raw_read AS rawRead,
           raw_rejected AS rawRejected, raw_note AS rawNote, findings_json AS findingsJson FROM days
         WHERE (? IS NULL OR pipeline = ?) ORDER BY day DESC, pipeline`,
      )
      .all(pipeline ?? null, pipeline ?? null) as Array<Omit<DaySummary, 'findings'> & { findingsJson: string | null }>;
    return rows.map(({ findingsJson, ...day }) => ({
      ...day,
      // Written by this cache's import from a typed value (cache/write.ts): read back as it was written.
      findings: findingsJson === null ? null : (JSON.parse(findingsJson) as DayFindings),
    }));
  }

  hasDay(pipeline: Pipeline, date: string): boolean {
    return this.db.prepare(`SELECT 1 FROM days WHERE pipeline = ? AND day = ?`).get(pipeline, date) !== undefined;
  }

  tableRows(table: OaTable, date: string, limit: number, offset: number): TableRows {
    const columns = OA_TABLES[table].map((c) => c.name);
    const total = (this.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE day = ?`).get(date) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT ${columns.join(', ')} FROM ${table} WHERE day = ? ORDER BY row_id LIMIT ? OFFSET ?`)
      .raw(true)
      .all(date, limit, offset) as TableRows['rows'];
    return { columns, rows, total };
  }

  /** The stored per-minute ingest totals of a date range (inclusive), as imported: flow's minutes are unpadded,
   * so investigation/ingest.ts pads, sums and orders them into the series every door answers. */
  ingestSummary(pipeline: Pipeline, start: string, end: string): Array<{ tdate: string; total: number }> {
    return this.db
      .prepare(`SELECT tdate, total FROM ${pipeline}_ingest_summary WHERE day BETWEEN ? AND ? ORDER BY day, row_id`)
      .all(start, end) as Array<{ tdate: string; total: number }>;
  }

  explanations(pipeline: Pipeline, date: string): Array<Record<string, unknown>> {
    const rows = this.db
      .prepare(`SELECT json FROM explanations WHERE pipeline = ? AND day = ? ORDER BY row_index`)
      .all(pipeline, date) as Array<{ json: string }>;
    return rows.map((r) => JSON.parse(r.json) as Record<string, unknown>);
  }

  /** The day's order as the import before the current one left it (null: imported once only). */
  orderSnapshot(pipeline: Pipeline, date: string): OrderSnapshot | null {
    const row = this.db
      .prepare(`SELECT imported_at, snapshot_json FROM order_snapshots WHERE pipeline = ? AND day = ?`)
      .get(pipeline, date) as { imported_at: string; snapshot_json: string } | undefined;
    return row ? { importedAt: row.imported_at, rows: JSON.parse(row.snapshot_json) as SnapshotRow[] } : null;
  }

  integrityCheck(): CacheCheck {
    const messages = (this.db.pragma('integrity_check') as Array<{ integrity_check: string }>).map(
      (r) => r.integrity_check,
    );
    const days = (this.db.prepare(`SELECT count(*) AS n FROM days`).get() as { n: number }).n;
    return { ok: messages.length === 1 && messages[0] === 'ok', messages, days };
  }
}
