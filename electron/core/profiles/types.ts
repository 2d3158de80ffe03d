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
import type { HiveValue } from '../hive/client';
import type { SqlParam } from '../hive/sql';
import type { ScanPlan } from '../pipeline/scan';
import type { SuspiciousKeys } from '../sources/types';

export type ThreatInvestigationRow = Record<string, Cell>;

/** A Hive value zero-padded to `width` digits. */
export const padded = (value: HiveValue | undefined, width: number): string => String(value).padStart(width, '0');

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

/** The per-minute ingest counts as one Hive GROUP BY: HiveQL with `:day` and `params`, and the bucket of a row. */
export interface HiveIngest {
  template: string;
  params: Record<string, SqlParam>;
  /** The row's `YYYY-MM-DD HH:MM` bucket on the run date; null drops it. */
  bucket(row: Readonly<Record<string, HiveValue>>): string | null;
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
  /**
   * Whether a score judges the row's keys apart (dns: the client and the query, Spot's ip_sev and dns_sev) or
   * the row as a whole.
   */
  readonly keysJudgedApart: boolean;
  /** Spot's scoring criteria a score target names (null: it names none of this type's keys). */
  scoreCriteria(target: ScoreTarget): ScoreCriteria | null;
  /** How the Hive table's y/m/d partitions are typed: numbers, or zero-padded strings. */
  readonly hivePartitions: 'numeric' | 'padded-text';
  /** The raw columns a Hive source fetches a day's touching rows by: each with its list of suspicious keys. */
  readonly rawKeyColumns: ReadonlyArray<{ column: string; keys: keyof SuspiciousKeys; isIp: boolean }>;
  /** The raw columns a raw search compares an IP, a domain or a URI with (null: this type has no such field). */
  readonly rawSearchColumns: { ip: readonly string[]; domain: string | null; uri: string | null };
  /** Spot's ingest summary of the day in Hive, with the scan plan's validity filter (enrichment.md §8). */
  hiveIngest(date: string): HiveIngest;
}
