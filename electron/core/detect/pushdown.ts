/**
 * Detections where the data lives: each detector of a pipeline as ONE statement for the engine holding the raw
 * day (Hive, Impala; DuckDB for the laptop and the HiveServer2 test server). The statement reads the raw table
 * only through an `events` CTE pruned to the day's partition (y, m, d as Spot's tables have them) and returns only
 * the detector's findings and their covered keys — never the raw day. The detector definitions are the local
 * ones (registry.ts), rendered by dialect.ts, so findings are the same wherever they run. A detector that fails
 * (or that the engine cannot run) leaves the others' findings and is named in `failed`.
 */
import { parseDay } from '../../../shared/spot-date';
import { RAW_COLUMNS, type Pipeline } from '../../../shared/schema';
import { CancelledError, InputError } from '../errors';
import { profileOf } from '../profiles/index';
import type { HiveConnection, HiveValue } from '../hive/client';
import { toDialect, UnsupportedSqlError, type SqlDialect } from './dialect';
import { selectList } from './events';
import { networkSettings } from './network';
import { DETECTORS } from './registry';
import { runDetectorQueries, type DetectorRun } from './run';
import type { Detector, DetectorContext, NetworkSettings, QueryRow } from './types';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface PushdownDay {
  pipeline: Pipeline;
  /** YYYY-MM-DD. */
  date: string;
  /** The Hive database holding Spot's raw tables (`<database>.flow|dns|proxy`). */
  database: string;
  /** The raw table; default the pipeline's name, as Spot's ingest creates it. */
  table?: string;
}

/**
 * The day's partition predicate as Spot's raw tables are partitioned (the profile's hivePartitions: flow and dns
 * by numbers, proxy by zero-padded strings, as its ingest writes them). Portable SQL; the values come from a validated date only.
 */
export function partitionPredicate(pipeline: Pipeline, date: string): string {
  const parts = parseDay(date);
  if (!parts) throw new InputError('date', null, null, `bad date "${date}" (expected YYYY-MM-DD)`);
  const [y, m, d] = [parts.compact.slice(0, 4), parts.compact.slice(4, 6), parts.compact.slice(6, 8)];
  return profileOf(pipeline).hivePartitions === 'padded-text'
    ? `y = '${y}' AND m = '${m}' AND d = '${d}'`
    : `y = ${Number(y)} AND m = ${Number(m)} AND d = ${Number(d)}`;
}

/** `events` as a CTE over the raw table, pruned to the day (portable SQL). */
export function eventsCte(day: PushdownDay): string {
  const table = day.table ?? day.pipeline;
  for (const [field, name] of [
    ['database', day.database],
    ['table', table],
  ] as const)
    if (!IDENTIFIER.test(name))
      throw new InputError('settings', null, `database.${field}`, `"${name}" is not a plain identifier`);
  const columns = new Set(RAW_COLUMNS[day.pipeline].map((c) => c.name));
  return (
    `events AS (SELECT ${selectList(day.pipeline, columns)} ` +
    `FROM "${day.database}"."${table}" WHERE ${partitionPredicate(day.pipeline, day.date)})`
  );
}

/** A detector's portable query with `events` read from the raw table of the day, rendered for the dialect. */
export function pushedStatement(detectorSql: string, day: PushdownDay, dialect: SqlDialect): string {
  const body = detectorSql.trim();
  const withHead = /^WITH\s+/i.exec(body);
  const portable = withHead
    ? `WITH ${eventsCte(day)},\n${body.slice(withHead[0].length)}`
    : `WITH ${eventsCte(day)}\n${body}`;
  return toDialect(portable, dialect);
}

export interface PushdownOptions extends PushdownDay {
  network?: Partial<NetworkSettings>;
  /** Default: the registry's detectors of the pipeline. */
  detectors?: readonly Detector[];
}

export interface PlannedStatement {
  detector: string;
  /** The statement, or null when the engine cannot run this detector (`reason` says why). */
  sql: string | null;
  reason?: string;
}

function contextOf(options: PushdownOptions, dialect: SqlDialect): DetectorContext {
  return {
    pipeline: options.pipeline,
    date: options.date,
    network: networkSettings(options.network),
    quantiles: dialect.quantiles,
  };
}

/** Every statement a day would send (the dry run): one per detector of the pipeline. */
export function planPushdown(options: PushdownOptions, dialect: SqlDialect): PlannedStatement[] {
  const ctx = contextOf(options, dialect);
  return (options.detectors ?? DETECTORS[options.pipeline])
    .filter((d) => d.pipeline === options.pipeline)
    .map((detector) => {
      try {
        return { detector: detector.id, sql: pushedStatement(detector.sql(ctx), options, dialect) };
      } catch (error) {
        if (error instanceof UnsupportedSqlError) return { detector: detector.id, sql: null, reason: error.message };
        throw error;
      }
    });
}

const toQueryValue = (v: HiveValue): QueryRow[string] => (typeof v === 'bigint' ? Number(v) : v);

/**
 * Runs the pushed-down detectors of one day over a Hive/Impala connection: one statement per detector, only their
 * findings come back. Cancelling the signal cancels the running statement on the server.
 */
export async function runPushdown(
  connection: HiveConnection,
  options: PushdownOptions,
  dialect: SqlDialect,
  signal?: AbortSignal,
): Promise<DetectorRun & { statements: number }> {
  let statements = 0;
  const run = await runDetectorQueries(
    async (sql, detector) => {
      if (signal?.aborted) throw new CancelledError();
      const statement = pushedStatement(sql, options, dialect);
      statements++;
      const rows = await connection.queryAll(
        statement,
        {},
        { label: `detector ${detector.id} on ${options.pipeline} ${options.date}`, signal },
      );
      return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, toQueryValue(v)])));
    },
    options.detectors ?? DETECTORS[options.pipeline],
    contextOf(options, dialect),
    signal,
  );
  return { ...run, statements };
}
