/**
 * What the core knows of one telemetry type, in one place: its raw columns, how its raw day is scanned, what an
 * expanded-search anchor is, and the row it writes to Spot's `<type>_threat_investigation` table. Adding a fourth
 * type means adding a profile (and its parsers and OA steps), not a branch in every module that reads a day.
 * Heavier strategies that need DuckDB or the scorer are registered per type beside their code (pipeline/steps.ts,
 * ml/pipelines.ts), keyed the same way.
 */
import type { Cell } from '../../../shared/api-base';
import type { AnchorKind } from '../../../shared/ops/investigation';
import type { Column, OaTable, Pipeline, Severity } from '../../../shared/schema';
import type { ScoreTarget } from '../../../shared/ops/feedback';
import type { OaRow } from '../cache/types';
import type { ScoreCriteria } from '../feedback/rules';
import type { ScanPlan } from '../pipeline/scan';

export type ThreatInvestigationRow = Record<string, Cell>;

/** A cell as text ('' for none). */
export const cellText = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/** What the scan of a raw day depends on: the run date and, for flow, which raw schema the day has. */
export interface RawDayFacts {
  /** YYYY-MM-DD */
  date: string;
  /** Whether the raw day has unix_tstamp (flow's Spot 1.0 schema; the seed's 27 columns lack it). */
  hasUnixTstamp: boolean;
}

/** An event the analyst marked: a scores-table row (or the event a saved threat stands for) and the severity. */
export interface MarkedEvent {
  row: OaRow;
  score: Severity;
  /** Which of the row's keys the mark is about (DNS: the client, the query or both; others: both). */
  matchedBy: 'ip' | 'query' | 'both';
}

export interface PipelineProfile {
  readonly pipeline: Pipeline;
  /** The raw CSV schemas a header may name, the current one first. */
  readonly rawSchemas: ReadonlyArray<readonly Column[]>;
  /** The raw columns the OA queries read; a raw day lacking one cannot be processed. */
  readonly requiredRawColumns: readonly string[];
  /** How the raw day is read: ingest buckets, validity filter, and the rows the detail tables need. */
  scanPlan(day: RawDayFacts): ScanPlan;
  /** What an expanded-search anchor of this type is (flow: an IP; dns: a client IP or a query; proxy: a URI). */
  anchorKind(anchor: string): AnchorKind;
  /** Spot's `<type>_threat_investigation` row of a marked event. */
  threatInvestigationRow(event: MarkedEvent): ThreatInvestigationRow;
  /** Whether a threat-investigation row marks the anchor High. */
  marksHigh(row: ThreatInvestigationRow, anchor: string, kind: AnchorKind): boolean;
  /**
   * The storyboard table's anchor columns, one per anchor kind (dns: the client and the query, each row filling
   * one); a row's anchor is the first one it fills.
   */
  readonly storyboardAnchors: ReadonlyArray<{ column: string; kind: AnchorKind }>;
  /** The table a saved threat's detail rows go to (timeline or dendrogram), and its anchor column. */
  readonly storyboardDetail: { table: OaTable; anchorColumn: string };
  /**
   * Which `<type>_edge` rows are the details of a suspicious row (enrichment.md §7): the SQL condition on the
   * edge table with its parameters, their order, and the words saying what was selected.
   */
  detailRows(row: OaRow): { where: string; params: Cell[]; orderBy: string; selectedBy: string };
  /** What rows "like" this one share for the labels: flow destination and port, DNS base domain, proxy host. */
  labelEntity(row: OaRow): string;
  /** Spot's scoring criteria a score target names (null: it names none of this type's keys). */
  scoreCriteria(target: ScoreTarget): ScoreCriteria | null;
  /** How the Hive table's y/m/d partitions are typed: numbers, or zero-padded strings. */
  readonly hivePartitions: 'numeric' | 'padded-text';
}
