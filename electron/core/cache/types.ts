import type { DayFindings } from '../../../shared/api';
import type { OaTable, Pipeline } from '../../../shared/schema';
import type { RowAccount } from '../parse/raw-lines';

/** One value of a cached row; bigint columns travel as number (they stay below 2^53 in practice). */
export type CellValue = string | number | null;
/** A row of an OA table, keyed by the column names of shared/schema.ts OA_TABLES. */
export type OaRow = Record<string, CellValue>;

/** Everything one pipeline run produces for one day; the cache writes it in one transaction. */
export interface DayImport {
  pipeline: Pipeline;
  /** YYYY-MM-DD */
  date: string;
  /** Every OA output table of the pipeline (shared/schema.ts OA_OUTPUT_TABLES), complete. */
  tables: Partial<Record<OaTable, OaRow[]>>;
  /** Where the data came from, for the UI and the audit trail (e.g. a results file path or "hive://host/db"). */
  source: string;
  /** Extra per-row facts the views show beside Spot's columns (rarity, decoded LDA word, named detections),
   * keyed by the row's index in `<pipeline>_scores` order. Optional. */
  explanations?: Array<Record<string, unknown>>;
  /** The raw day's rows: read = accepted + rejected per file, with the first rejected lines (parse/raw-lines.ts). */
  rawRows?: RowAccount;
  /** Which named detections the day has and where they were computed; stored with the day. */
  findings?: DayFindings;
  /** What the analyst should know about the import (e.g. a detections file left out); not stored. */
  notes?: string[];
}
