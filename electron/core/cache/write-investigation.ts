/** The analyst's threat saves: each save or delete is ONE transaction on the writer connection. */
import type { Database } from 'better-sqlite3';
import type { Cell } from '../../../shared/api-base';
import type { AnchorKind } from '../../../shared/ops/investigation';
import { OA_TABLES, type OaTable, type Pipeline } from '../../../shared/schema';
import { profileOf, storyboardColumn } from '../profiles/index';
import { putThreatMark, rewriteThreatInvestigation } from './threat-investigation';

type Row = Record<string, Cell>;

export interface ThreatSave {
  pipeline: Pipeline;
  date: string;
  anchor: string;
  kind: AnchorKind;
  title: string;
  text: string;
  /**
   * A `<type>_threat_investigation` row marking the anchor High: kept as the threat's mark (threat-investigation.ts
   * derives the table from the scores and the marks; it shows unless a score already marks the anchor High).
   */
  investigationRow: Row;
  /** flow_timeline / proxy_timeline rows, or dns_threat_dendro rows; they REPLACE the anchor's earlier rows. */
  detailRows: Row[];
}

function insert(db: Database, table: OaTable, date: string, row: Row): void {
  const columns = OA_TABLES[table].map((c) => c.name);
  db.prepare(`INSERT INTO ${table} (day, ${columns.join(', ')}) VALUES (?, ${columns.map(() => '?').join(', ')})`).run(
    date,
    ...columns.map((c) => row[c] ?? null),
  );
}

export class InvestigationWriter {
  constructor(private readonly db: Database) {}

  /**
   * Saves one threat: the storyboard row is updated in place or appended (Spot rewrote the whole partition with
   * unescaped SQL, so a quote broke it), and the anchor's timeline / dendro rows are replaced, not appended.
   */
  saveThreat(save: ThreatSave): void {
    const { pipeline, date, anchor, kind } = save;
    const profile = profileOf(pipeline);
    const detail = profile.storyboardDetail;
    const table: OaTable = `${pipeline}_storyboard`;
    // Each anchor column holds the anchor or '' (dns keeps a client and a query threat apart this way).
    const column = storyboardColumn(pipeline, kind);
    const anchors = Object.fromEntries(
      profile.storyboardAnchors.map((a) => [a.column, a.column === column ? anchor : '']),
    );
    const run = this.db.transaction(() => {
      const match = Object.keys(anchors)
        .map((c) => `${c} IS @${c}`)
        .join(' AND ');
      const updated = this.db
        .prepare(`UPDATE ${table} SET title = @title, text = @text WHERE day = @date AND ${match}`)
        .run({ ...anchors, title: save.title, text: save.text, date });
      if (updated.changes === 0) insert(this.db, table, date, { ...anchors, title: save.title, text: save.text });
      putThreatMark(this.db, pipeline, date, {
        anchor,
        kind,
        row: save.investigationRow,
        savedAt: new Date().toISOString(),
      });
      rewriteThreatInvestigation(this.db, pipeline, date);
      this.db.prepare(`DELETE FROM ${detail.table} WHERE day = ? AND ${detail.anchorColumn} = ?`).run(date, anchor);
      for (const row of save.detailRows) insert(this.db, detail.table, date, { ...row, [detail.anchorColumn]: anchor });
    });
    run.immediate();
  }

  /** Changes only the title and summary of a saved threat; false when it is not saved. */
  updateText(pipeline: Pipeline, date: string, anchor: string, kind: AnchorKind, title: string, text: string): boolean {
    const column = storyboardColumn(pipeline, kind);
    return (
      this.db
        .prepare(`UPDATE ${pipeline}_storyboard SET title = ?, text = ? WHERE day = ? AND ${column} = ?`)
        .run(title, text, date, anchor).changes > 0
    );
  }

  /** Removes the storyboard row and the anchor's timeline / dendro rows (the High mark stays). */
  deleteThreat(pipeline: Pipeline, date: string, anchor: string, kind: AnchorKind): boolean {
    const detail = profileOf(pipeline).storyboardDetail;
    const column = storyboardColumn(pipeline, kind);
    const run = this.db.transaction(() => {
      const { changes } = this.db
        .prepare(`DELETE FROM ${pipeline}_storyboard WHERE day = ? AND ${column} = ?`)
        .run(date, anchor);
      this.db.prepare(`DELETE FROM ${detail.table} WHERE day = ? AND ${detail.anchorColumn} = ?`).run(date, anchor);
      return changes > 0;
    });
    return run.immediate();
  }
}
