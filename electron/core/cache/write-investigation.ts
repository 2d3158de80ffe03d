/** The analyst's threat saves: each save or delete is ONE transaction on the writer connection. */
import type { Database } from 'better-sqlite3';
import type { Cell } from '../../../shared/api-base';
import type { AnchorKind } from '../../../shared/ops/investigation';
import { OA_TABLES, type OaTable, type Pipeline } from '../../../shared/schema';
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

const DETAIL_TABLE: Record<Pipeline, { table: OaTable; anchorColumn: string }> = {
  flow: { table: 'flow_timeline', anchorColumn: 'ip_threat' },
  dns: { table: 'dns_threat_dendro', anchorColumn: 'anchor' },
  proxy: { table: 'proxy_timeline', anchorColumn: 'p_threat' },
};

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
    const detail = DETAIL_TABLE[pipeline];
    const run = this.db.transaction(() => {
      if (pipeline === 'dns') {
        const [ip, query] = kind === 'ip' ? [anchor, ''] : ['', anchor];
        const updated = this.db
          .prepare(`UPDATE dns_storyboard SET title = ?, text = ? WHERE day = ? AND ip_threat IS ? AND dns_threat IS ?`)
          .run(save.title, save.text, date, ip, query);
        if (updated.changes === 0)
          insert(this.db, 'dns_storyboard', date, {
            ip_threat: ip,
            dns_threat: query,
            title: save.title,
            text: save.text,
          });
      } else {
        const column = pipeline === 'flow' ? 'ip_threat' : 'p_threat';
        const table = `${pipeline}_storyboard` as OaTable;
        const updated = this.db
          .prepare(`UPDATE ${table} SET title = ?, text = ? WHERE day = ? AND ${column} = ?`)
          .run(save.title, save.text, date, anchor);
        if (updated.changes === 0)
          insert(this.db, table, date, { [column]: anchor, title: save.title, text: save.text });
      }
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
    const column =
      pipeline === 'flow'
        ? 'ip_threat'
        : pipeline === 'proxy'
          ? 'p_threat'
          : kind === 'ip'
            ? 'ip_threat'
            : 'dns_threat';
    return (
      this.db
        .prepare(`UPDATE ${pipeline}_storyboard SET title = ?, text = ? WHERE day = ? AND ${column} = ?`)
        .run(title, text, date, anchor).changes > 0
    );
  }

  /** Removes the storyboard row and the anchor's timeline / dendro rows (the High mark stays). */
  deleteThreat(pipeline: Pipeline, date: string, anchor: string, kind: AnchorKind): boolean {
    const detail = DETAIL_TABLE[pipeline];
    const run = this.db.transaction(() => {
      let changes: number;
      if (pipeline === 'dns') {
        const column = kind === 'ip' ? 'ip_threat' : 'dns_threat';
        changes = this.db
          .prepare(`DELETE FROM dns_storyboard WHERE day = ? AND ${column} = ?`)
          .run(date, anchor).changes;
      } else {
        const column = pipeline === 'flow' ? 'ip_threat' : 'p_threat';
        changes = this.db
          .prepare(`DELETE FROM ${pipeline}_storyboard WHERE day = ? AND ${column} = ?`)
          .run(date, anchor).changes;
      }
      this.db.prepare(`DELETE FROM ${detail.table} WHERE day = ? AND ${detail.anchorColumn} = ?`).run(date, anchor);
      return changes > 0;
    });
    return run.immediate();
  }
}
