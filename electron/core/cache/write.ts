import type { Database, Statement } from 'better-sqlite3';
import { OA_OUTPUT_TABLES, OA_TABLES, type OaTable } from '../../../shared/schema';
import { snapshotRows } from './order-snapshot';
import type { CellValue, DayImport, OaRow } from './types';

/** The only code that changes the cache. */
export class CacheWriter {
  private readonly inserts = new Map<OaTable, Statement>();

  constructor(private readonly db: Database) {}

  private insertFor(table: OaTable): Statement {
    let stmt = this.inserts.get(table);
    if (!stmt) {
      const columns = OA_TABLES[table].map((c) => c.name);
      stmt = this.db.prepare(
        `INSERT INTO ${table} (day, ${columns.join(', ')}) VALUES (?, ${columns.map(() => '?').join(', ')})`,
      );
      this.inserts.set(table, stmt);
    }
    return stmt;
  }

  /**
   * Replaces a (pipeline, day) with a complete new import in ONE transaction: either the old day or the new one
   * is visible, never a mix, even if the process dies half-way. The analyst's tables (threat investigation,
   * storyboard, timeline, scores) are not touched, so a re-run keeps the analyst's work (Spot 1.0 deletes it).
   * The day's previous order is kept in `order_snapshots` (cache/order-snapshot.ts), so the view can say what the
   * new import changed.
   */
  replaceDay(day: DayImport, onProgress?: (rowsWritten: number, rowsTotal: number) => void): void {
    const tables = OA_OUTPUT_TABLES[day.pipeline];
    for (const name of Object.keys(day.tables) as OaTable[]) {
      if (!tables.includes(name)) throw new Error(`${name} is not an output table of the ${day.pipeline} pipeline`);
    }
    const total = tables.reduce((sum, t) => sum + (day.tables[t]?.length ?? 0), 0);
    const scoresTable = `${day.pipeline}_scores` as OaTable;
    const run = this.db.transaction(() => {
      this.snapshotOrder(day);
      for (const table of tables) this.db.prepare(`DELETE FROM ${table} WHERE day = ?`).run(day.date);
      this.db.prepare(`DELETE FROM explanations WHERE pipeline = ? AND day = ?`).run(day.pipeline, day.date);
      let written = 0;
      for (const table of tables) {
        const columns = OA_TABLES[table].map((c) => c.name);
        const insert = this.insertFor(table);
        for (const row of day.tables[table] ?? []) {
          const values: CellValue[] = [day.date];
          for (const column of columns) values.push(row[column] ?? null);
          insert.run(values);
          written += 1;
          if (onProgress && written % 1000 === 0) onProgress(written, total);
        }
      }
      const explain = this.db.prepare(`INSERT INTO explanations (pipeline, day, row_index, json) VALUES (?, ?, ?, ?)`);
      day.explanations?.forEach((facts, index) => explain.run(day.pipeline, day.date, index, JSON.stringify(facts)));
      const raw = day.rawRows;
      const first = raw?.firstRejected[0];
      const note = first
        ? `${first.file}, line ${first.line}${first.field ? `, field ${first.field}` : ''}: ${first.reason}`
        : null;
      this.db
        .prepare(
          `INSERT INTO days (pipeline, day, source, imported_at, rows, raw_read, raw_rejected, raw_note, findings_json)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (pipeline, day) DO UPDATE SET source = excluded.source, imported_at = excluded.imported_at,
           rows = excluded.rows, raw_read = excluded.raw_read, raw_rejected = excluded.raw_rejected,
           raw_note = excluded.raw_note, findings_json = excluded.findings_json`,
        )
        .run(
          day.pipeline,
          day.date,
          day.source,
          new Date().toISOString(),
          day.tables[scoresTable]?.length ?? 0,
          raw?.read ?? null,
          raw?.rejected ?? null,
          note,
          day.findings ? JSON.stringify(day.findings) : null,
        );
      onProgress?.(written, total);
    });
    run.immediate();
  }

  /** Keeps the order of the day as it is now (if it is cached) before an import replaces it. */
  private snapshotOrder(day: DayImport): void {
    const previous = this.db
      .prepare(`SELECT imported_at FROM days WHERE pipeline = ? AND day = ?`)
      .get(day.pipeline, day.date) as { imported_at: string } | undefined;
    if (!previous) return;
    const rows = this.db
      .prepare(`SELECT * FROM ${day.pipeline}_scores WHERE day = ? ORDER BY row_id`)
      .all(day.date) as OaRow[];
    const explanations: Array<Record<string, unknown> | null> = new Array<null>(rows.length).fill(null);
    const stored = this.db
      .prepare(`SELECT row_index AS i, json FROM explanations WHERE pipeline = ? AND day = ?`)
      .all(day.pipeline, day.date) as Array<{ i: number; json: string }>;
    for (const { i, json } of stored)
      if (i < rows.length) explanations[i] = JSON.parse(json) as Record<string, unknown>;
    this.db
      .prepare(
        `INSERT INTO order_snapshots (pipeline, day, imported_at, snapshot_json) VALUES (?, ?, ?, ?)
         ON CONFLICT (pipeline, day) DO UPDATE SET imported_at = excluded.imported_at,
         snapshot_json = excluded.snapshot_json`,
      )
      .run(
        day.pipeline,
        day.date,
        previous.imported_at,
        JSON.stringify(snapshotRows(day.pipeline, rows, explanations)),
      );
  }
}
