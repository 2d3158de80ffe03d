import type { OaRow } from '../cache/types';
import type { Duck } from './duck';
import { sqlIdent } from './sql-text';

/** How a pipeline reads its raw day: the ingest-summary bucket and filter, and which rows details need. */
export interface ScanPlan {
  /** True for a raw row any detail table can need (e.g. flow: both IPs among the suspicious rows' IPs). */
  touch: string;
  /** The raw columns the detail queries read (the single scan keeps only these of a touching row). */
  columns: readonly string[];
  /** Cheap per-row grouping expressions of the ingest bucket; `bucket` formats them as k0, k1, … once per group. */
  bucketKeys: readonly string[];
  /** The bucket text, `YYYY-MM-DD HH:MM`, from k0, k1, …; NULL drops the group. */
  bucket: string;
  /** Spot's validity filter for the ingest summary: these columns hold a value, … */
  required: readonly string[];
  /** … these hold the run's value (flow: the year), … */
  equals?: Readonly<Record<string, number>>;
  /** … and this condition holds (SQL; omitted: none). */
  valid?: string;
}

/**
 * What a day's Parquet statistics prove about every row (raw-view.ts reads them from the files' footers): columns
 * without a null, and columns holding one value. A check they prove is left out of the validity filter, so the
 * ingest pass need not read those columns at all. CSV days prove nothing.
 */
export interface ColumnFacts {
  nonNull: ReadonlySet<string>;
  constant: ReadonlyMap<string, string>;
}

export const NO_FACTS: ColumnFacts = { nonNull: new Set(), constant: new Map() };

/** Spot's validity filter of `plan` as SQL, without the checks `facts` prove. */
export function validSql(plan: ScanPlan, facts: ColumnFacts = NO_FACTS): string {
  const equals = Object.entries(plan.equals ?? {});
  const proven = (column: string, value: number): boolean =>
    facts.nonNull.has(column) && facts.constant.get(column) === String(value);
  const checks = [
    ...plan.required
      .filter((column) => !facts.nonNull.has(column) && !(column in (plan.equals ?? {})))
      .map((column) => `${sqlIdent(column)} IS NOT NULL`),
    ...equals.filter(([column, value]) => !proven(column, value)).map(([c, v]) => `${sqlIdent(c)} = ${v}`),
    ...(plan.valid ? [`(${plan.valid})`] : []),
  ];
  return checks.length > 0 ? checks.join(' AND ') : 'true';
}

const keyList = (plan: ScanPlan): string => plan.bucketKeys.map((key, i) => `${key} AS k${i}`).join(', ');
const keyNames = (plan: ScanPlan): string => plan.bucketKeys.map((_, i) => `k${i}`).join(', ');

/**
 * How the raw day is read:
 * - `single`: one pass over the files counts every minute and keeps the rows touching the suspicious keys;
 *   the detail queries then run over those rows only. Parsing a CSV day once instead of once per table is
 *   what makes CSV days fast (the default for CSV).
 * - `columnar`: two passes, each reading only the columns it needs: the per-minute counts (only the bucket
 *   columns and the checks the statistics leave), then the touching rows. Parquet reads columns apart, so two
 *   narrow passes cost less than one wide one (the default for Parquet).
 * - `per-table`: each detail query and the ingest summary scan the files themselves (the literal "one query
 *   per table over the raw day").
 */
export type ScanMode = 'single' | 'columnar' | 'per-table';

/** `raw` = every row of the day (per-table mode). */
export async function useWholeDay(duck: Duck, signal?: AbortSignal): Promise<void> {
  await duck.run('CREATE OR REPLACE TEMP VIEW raw AS SELECT * FROM raw_files', signal);
}

/**
 * The single pass: per bucket key, the count of valid rows and the list of touching rows (only the columns
 * details read; the struct is built for touching rows only).
 */
export function scanSql(plan: ScanPlan, facts: ColumnFacts = NO_FACTS): string {
  const kept = `{${plan.columns.map((c) => `'${c}': "${c}"`).join(', ')}}`;
  const columns = plan.columns.map((c) => `r."${c}"`).join(', ');
  return `
    SELECT ${keyNames(plan)}, count(*) FILTER (WHERE valid) AS total, list(kept) FILTER (WHERE touch) AS hits
    FROM (
      SELECT *, CASE WHEN touch THEN ${kept} END AS kept
      FROM (
        SELECT ${keyList(plan)}, coalesce(${validSql(plan, facts)}, false) AS valid, coalesce(${plan.touch}, false) AS touch,
          ${columns}
        FROM raw_files r
      )
    )
    GROUP BY ALL`;
}

/** The ingest summary from the single pass's per-key counts in `relation`. */
export function scanIngestSql(plan: ScanPlan, relation: string): string {
  return `SELECT * FROM (SELECT ${plan.bucket} AS tdate, CAST(sum(total) AS BIGINT) AS total FROM ${relation} GROUP BY 1)
    WHERE total > 0 AND tdate IS NOT NULL ORDER BY tdate`;
}

/**
 * One pass over `raw_files`: per-minute valid-row counts, and the touching rows (only the columns details
 * read) collected into the table `raw`, which the detail queries then read as if it were the whole day.
 * Returns the ingest summary rows.
 */
export async function scanOnce(duck: Duck, plan: ScanPlan, facts: ColumnFacts, signal?: AbortSignal): Promise<OaRow[]> {
  await duck.run(`CREATE OR REPLACE TABLE day_scan AS ${scanSql(plan, facts)}`, signal);
  await duck.run(`DROP VIEW IF EXISTS raw`, signal);
  await duck.run(`CREATE OR REPLACE TABLE raw AS SELECT unnest(hits, recursive := true) FROM day_scan`, signal);
  return duck.all(scanIngestSql(plan, 'day_scan'), signal);
}

/**
 * Makes `raw` ready for the detail queries in the chosen mode and returns the ingest summary (empty when the
 * raw day is partial: the source's own counts are used then).
 */
/** The columnar passes: the per-minute counts (skipped for a partial day), then the touching rows into `raw`. */
async function scanColumns(
  duck: Duck,
  plan: ScanPlan,
  facts: ColumnFacts,
  wholeDay: boolean,
  signal?: AbortSignal,
): Promise<OaRow[]> {
  const ingest = wholeDay ? await duck.all(ingestSql(plan, 'raw_files', facts), signal) : [];
  await duck.run(`DROP VIEW IF EXISTS raw`, signal);
  const columns = plan.columns.map(sqlIdent).join(', ');
  await duck.run(`CREATE OR REPLACE TABLE raw AS SELECT ${columns} FROM raw_files WHERE ${plan.touch}`, signal);
  return ingest;
}

export async function prepareDay(
  duck: Duck,
  mode: ScanMode,
  plan: ScanPlan,
  wholeDay: boolean,
  facts: ColumnFacts = NO_FACTS,
  signal?: AbortSignal,
): Promise<OaRow[]> {
  if (mode === 'single' || mode === 'columnar') {
    try {
      if (mode === 'columnar') return await scanColumns(duck, plan, facts, wholeDay, signal);
      const ingest = await scanOnce(duck, plan, facts, signal);
      return wholeDay ? ingest : [];
    } catch (err) {
      // The touching rows are held in memory; on a day where they exceed memory_limit, read per table.
      if (!(err instanceof Error) || !/out of memory/i.test(err.message)) throw err;
      await duck.run('DROP TABLE IF EXISTS day_scan', signal);
      const rawIsTable = await duck.all("SELECT 1 FROM duckdb_tables() WHERE table_name = 'raw'", signal);
      if (rawIsTable.length > 0) await duck.run('DROP TABLE raw', signal);
    }
  }
  await useWholeDay(duck, signal);
  return wholeDay ? duck.all(ingestSql(plan, 'raw', facts), signal) : [];
}

/** The ingest summary over the whole day in `relation`: Spot's filter, then COUNT per minute. */
export function ingestSql(plan: ScanPlan, relation = 'raw', facts: ColumnFacts = NO_FACTS): string {
  return `SELECT * FROM (
      SELECT ${plan.bucket} AS tdate, CAST(sum(n) AS BIGINT) AS total
      FROM (SELECT ${keyList(plan)}, count(*) AS n FROM ${relation} WHERE ${validSql(plan, facts)} GROUP BY ALL)
      GROUP BY 1
    ) WHERE tdate IS NOT NULL ORDER BY tdate`;
}
