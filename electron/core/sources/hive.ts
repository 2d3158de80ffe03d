/**
 * Hive/Impala as the raw-day source. Spot keeps the ML results on HDFS, not in Hive, so listDates and
 * openResults come from another source (local or SSH). For a day's details this source runs ONE
 * partition-pruned, set-based query per pipeline and day that fetches every raw row touching the
 * suspicious keys (instead of Spot 1.0's one query per suspicious row), streams it into a local Parquet
 * file with DuckDB and hands that to the pipeline (`wholeDay: false`); the ingest summary is one GROUP BY
 * in Hive (`ingestCounts`). Values reach HiveQL only as typed, escaped literals (../hive/sql.ts).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import type { DuckDBAppender } from '@duckdb/node-api';
import { RAW_COLUMNS, type ColumnType, type Pipeline } from '../../../shared/schema';
import { databasePort, type Settings } from '../../../shared/settings';
import { splitDay } from '../../../shared/spot-date';
import { DIALECTS, type SqlDialect } from '../detect/dialect';
import { runPushdown } from '../detect/pushdown';
import { DETECTORS } from '../detect/registry';
import { networkSettingsFrom } from '../settings/network';
import { InputError } from '../errors';
import { connectHive, hiveOptionsFromSettings, HiveError, type HiveConnection, type HiveValue } from '../hive/client';
import { sqlIdent, sqlInt, sqlIp, sqlList, sqlString, type SqlParam } from '../hive/sql';
import { Duck, DUCK_TYPE, sqlString as duckString } from '../pipeline/duck';
import { profileOf } from '../profiles/index';
import type { HiveIngest } from '../profiles/types';
import type { DaySource, IngestCount, RawDayRef, SuspiciousKeys } from './types';

/** Same typing as the pipeline's raw CSV view (pipeline/raw-view.ts), so both paths give equal rows. */

/** Values per IN list. Impala and Hive accept long lists, but a bounded list keeps each predicate cheap to plan. */
export const IN_LIST_CHUNK = 1000;

/** Longest date range `queryRaw` accepts, in days (each day is one partition predicate). */
export const MAX_RANGE_DAYS = 92;

export interface HiveSourceOptions {
  /** Folder for the fetched raw days (Parquet). */
  cacheDir: string;
  /** Where results files come from (Spot keeps them on HDFS: the local or SSH source). */
  resultsSource?: DaySource;
  /** The PLAIN password, resolved by the app from `passwordRef` (safeStorage) or a prompt. */
  password?: () => Promise<string>;
  /** Rows per FetchResults (default 1000: thrift's unframed receiver re-parses a reply per TCP chunk, so large NOSASL batches cost quadratic CPU). */
  fetchSize?: number;
  /** Values per IN list (default IN_LIST_CHUNK). */
  inListChunk?: number;
  /**
   * The dialect of the pushed-down detector statements; default the settings' engine (Hive or Impala). The
   * HiveServer2 test server executes DuckDB SQL, so its tests pass DUCKDB_OVER_HS2.
   */
  detectorDialect?: SqlDialect;
}

export interface RawWhere {
  ip?: string;
  domain?: string;
  uri?: string;
}

export interface HiveDaySource extends DaySource {
  ingestCounts(pipeline: Pipeline, date: string, signal?: AbortSignal): Promise<IngestCount[]>;
  /** Raw rows of a date range matching an IP, a domain or a URI, streamed (threat investigation). */
  queryRaw(
    pipeline: Pipeline,
    range: { from: string; to: string },
    where: RawWhere,
  ): AsyncGenerator<Record<string, HiveValue>>;
  /** Closes the Hive session. */
  close(): Promise<void>;
}

/**
 * Partition predicate for one day: flow and dns partitions are numbers, proxy's are zero-padded strings.
 * Uses placeholders `:<prefix>y` etc. and returns their parameters.
 */
export function dayPredicate(
  pipeline: Pipeline,
  date: string,
  prefix = 'p',
): { sql: string; params: Record<string, SqlParam> } {
  const { y, m, d } = splitDay(date);
  const params: Record<string, SqlParam> =
    profileOf(pipeline).hivePartitions === 'padded-text'
      ? {
          [`${prefix}y`]: sqlString(String(y)),
          [`${prefix}m`]: sqlString(String(m).padStart(2, '0')),
          [`${prefix}d`]: sqlString(String(d).padStart(2, '0')),
        }
      : { [`${prefix}y`]: sqlInt(y), [`${prefix}m`]: sqlInt(m), [`${prefix}d`]: sqlInt(d) };
  return { sql: `(y = :${prefix}y AND m = :${prefix}m AND d = :${prefix}d)`, params };
}

function unique(values: readonly string[] | undefined): string[] {
  return [...new Set(values ?? [])].sort();
}

/** `col IN (…) OR col IN (…)` over chunks of at most `chunk` values; placeholders are generated names. */
function inChunks(
  column: string,
  values: readonly SqlParam[],
  chunk: number,
  params: Record<string, SqlParam>,
): string[] {
  const parts: string[] = [];
  for (let i = 0; i < values.length; i += chunk) {
    const name = `${column}_${i / chunk}`;
    params[name] = sqlList(values.slice(i, i + chunk));
    parts.push(`\`${column}\` IN :${name}`);
  }
  return parts;
}

function ipParams(values: string[], what: string): SqlParam[] {
  return values.map((value) => {
    if (isIP(value) === 0)
      throw new InputError(what, null, null, `suspicious key ${JSON.stringify(value)} is not an IP address`);
    return sqlIp(value);
  });
}

/** The key predicate of `rawDay`: every raw row touching a suspicious key (data-formats.md / enrichment.md §7). */
export function keyPredicate(
  pipeline: Pipeline,
  keys: SuspiciousKeys,
  chunk = IN_LIST_CHUNK,
): { sql: string; params: Record<string, SqlParam> } | null {
  const params: Record<string, SqlParam> = {};
  const parts = profileOf(pipeline).rawKeyColumns.flatMap(({ column, keys: list, isIp }) => {
    const values = unique(keys[list]);
    return inChunks(column, isIp ? ipParams(values, `${pipeline} keys`) : values.map(sqlString), chunk, params);
  });
  return parts.length === 0 ? null : { sql: `(${parts.join(' OR ')})`, params };
}

/** Per-minute ingest query of the day and how to bucket its rows; same validity filters as the pipeline (enrichment.md §8). */
export function ingestQuery(pipeline: Pipeline, date: string): HiveIngest {
  return profileOf(pipeline).hiveIngest(date);
}

function appendValue(appender: DuckDBAppender, type: ColumnType, value: HiveValue): void {
  if (value === null || value === undefined) return appender.appendNull();
  switch (type) {
    case 'string':
      return appender.appendVarchar(String(value));
    case 'float':
      return appender.appendDouble(Number(value));
    default: {
      // Seed-era tables type some integer columns as DOUBLE; keep the integer part as Hive's CAST would.
      const n = typeof value === 'bigint' ? value : BigInt(Math.trunc(Number(value)));
      return appender.appendBigInt(n);
    }
  }
}

export function createHiveSource(settings: Settings, opts: HiveSourceOptions): HiveDaySource {
  const database = settings.database.database;
  /** Where rows come from, in the job bar: `hive://host:10000/spot`, `impala://host:21050/spot`. */
  const label = `${settings.database.engine}://${settings.database.host}:${databasePort(settings)}/${database}`;
  let connection: Promise<HiveConnection> | null = null;
  let opened: HiveConnection | null = null;

  /** The shared connection promise itself (not a wrapper), so callers can tell whether it was replaced. */
  function hive(): Promise<HiveConnection> {
    // A connection the server has dropped since the last call is replaced before it is used.
    if (connection && opened && !opened.isOpen()) {
      connection = null;
      opened = null;
    }
    if (!connection) {
      const attempt = (async () => {
        const password = settings.database.auth.mode === 'PLAIN' && opts.password ? await opts.password() : undefined;
        opened = await connectHive({
          ...hiveOptionsFromSettings(settings, password),
          fetchSize: opts.fetchSize ?? 1000,
        });
        return opened;
      })();
      connection = attempt;
      attempt.catch(() => {
        if (connection === attempt) connection = null;
      });
    }
    return connection;
  }

  /** Runs `work`; a lost connection is forgotten so that the next call reconnects. */
  async function withHive<R>(work: (c: HiveConnection) => Promise<R>): Promise<R> {
    const current = hive();
    try {
      return await work(await current);
    } catch (err) {
      if (err instanceof HiveError && (err.kind === 'dropped' || err.kind === 'timeout') && connection === current) {
        connection = null;
        opened = null;
        (await current.catch(() => null))?.close().catch(() => undefined);
      }
      throw err;
    }
  }

  function needResults(): DaySource {
    if (!opts.resultsSource)
      throw new Error(
        'the Hive source holds raw data only; results files come from the local or SSH source (set one in Settings)',
      );
    return opts.resultsSource;
  }

  return {
    listDates: async (pipeline) => needResults().listDates(pipeline),
    // The results source's transfer (SFTP, HDFS) shows in the job and stops on its Cancel, as when it is used alone.
    openResults: async (pipeline, date, transfer) => needResults().openResults(pipeline, date, transfer),
    // Named detections live beside the results (when the embedded scorer wrote them), never in Hive.
    openDetections: async (pipeline, date) => (await opts.resultsSource?.openDetections?.(pipeline, date)) ?? null,
    openTopics: async (pipeline, date) => (await opts.resultsSource?.openTopics?.(pipeline, date)) ?? null,

    // A day scored on the ML node has no detections file: the detectors run in Hive/Impala, one partition-pruned
    // statement each, and only their findings come back (detect/pushdown.ts).
    async detectAtSource(pipeline, date, signal) {
      const dialect = opts.detectorDialect ?? DIALECTS[settings.database.engine];
      const network = networkSettingsFrom(settings);
      const run = await withHive((c) => runPushdown(c, { pipeline, date, database, network }, dialect, signal));
      return {
        findings: run.findings,
        failed: run.failed,
        origin: `pushed down to ${dialect.label} at ${settings.database.host}:${databasePort(settings)}`,
        detectors: DETECTORS[pipeline].length,
      };
    },

    async rawDay(pipeline, date, keys, transfer = {}): Promise<RawDayRef> {
      const { compact } = splitDay(date);
      const columns = RAW_COLUMNS[pipeline];
      const dir = join(opts.cacheDir, 'hive-raw', pipeline);
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${compact}.parquet`);
      const temp = `${file}.tmp-${process.pid}-${Date.now()}`;
      // DuckDB's one memory and spill policy (pipeline/duck.ts), kept small: the rows only pass through.
      const duck = await Duck.open({ memoryLimit: '512MB', threads: 1 });
      try {
        await duck.run(`CREATE TABLE raw (${columns.map((c) => `"${c.name}" ${DUCK_TYPE[c.type]}`).join(', ')})`);
        const predicate = keyPredicate(pipeline, keys, opts.inListChunk ?? IN_LIST_CHUNK);
        if (predicate) {
          const day = dayPredicate(pipeline, date);
          const params: Record<string, SqlParam> = {
            db: sqlIdent(database),
            table: sqlIdent(pipeline),
            ...day.params,
            ...predicate.params,
          };
          columns.forEach((c, i) => (params[`c${i}`] = sqlIdent(c.name)));
          const select = columns.map((_, i) => `:c${i}`).join(', ');
          const template = `SELECT ${select} FROM :db.:table WHERE ${day.sql} AND ${predicate.sql}`;
          const { signal, onTransfer } = transfer;
          let rows = 0;
          const report = () => onTransfer?.({ what: 'raw day', pipeline, date, from: label, rows });
          await withHive(async (c) => {
            const appender = await duck.connection.createAppender('raw');
            try {
              report();
              // Cancel (the signal) cancels the operation on the server; a throwing report (a cancelled job) ends
              // the fetch too, which closes the operation.
              const what = `raw ${pipeline} rows of ${date}`;
              for await (const batch of c.query(template, params, { label: what, signal })) {
                for (const row of batch.rows) {
                  columns.forEach((column, i) => appendValue(appender, column.type, row[i] ?? null));
                  appender.endRow();
                }
                appender.flushSync();
                rows += batch.rows.length;
                report();
              }
            } finally {
              appender.closeSync();
            }
          });
        }
        await duck.run(`COPY raw TO ${duckString(temp)} (FORMAT parquet)`);
        await rename(temp, file);
      } catch (err) {
        rmSync(temp, { force: true });
        throw err;
      } finally {
        duck.close();
      }
      return { files: [file], name: file, format: 'parquet', wholeDay: false };
    },

    async ingestCounts(pipeline, date, signal): Promise<IngestCount[]> {
      const ingest = ingestQuery(pipeline, date);
      const day = dayPredicate(pipeline, date);
      const params: Record<string, SqlParam> = {
        db: sqlIdent(database),
        table: sqlIdent(pipeline),
        ...day.params,
        ...ingest.params,
      };
      const totals = new Map<string, number>();
      await withHive(async (c) => {
        // The day predicate is spliced in as text built only from placeholders, then rendered with the rest.
        for await (const batch of c.query(ingest.template.replace(':day', day.sql), params, {
          label: `${pipeline} ingest counts of ${date}`,
          signal,
        })) {
          for (const row of batch.rows) {
            const record = Object.fromEntries(batch.columns.map((col, i) => [col.name, row[i] ?? null]));
            const minute = ingest.bucket(record);
            if (minute === null) continue;
            totals.set(minute, (totals.get(minute) ?? 0) + Number(record['total']));
          }
        }
      });
      return [...totals.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([minute, total]) => ({ minute, total }));
    },

    async *queryRaw(pipeline, range, where) {
      const from = splitDay(range.from);
      const to = splitDay(range.to);
      const start = Date.UTC(from.y, from.m - 1, from.d);
      const end = Date.UTC(to.y, to.m - 1, to.d);
      if (end < start) throw new InputError('date range', null, null, `${range.to} is before ${range.from}`);
      const days = (end - start) / 86_400_000 + 1;
      if (days > MAX_RANGE_DAYS)
        throw new InputError(
          'date range',
          null,
          null,
          `${days} days is more than the ${MAX_RANGE_DAYS} a raw search may span`,
        );
      const params: Record<string, SqlParam> = { db: sqlIdent(database), table: sqlIdent(pipeline) };
      const dayParts: string[] = [];
      for (let i = 0; i < days; i++) {
        const day = dayPredicate(pipeline, new Date(start + i * 86_400_000).toISOString().slice(0, 10), `d${i}_`);
        dayParts.push(day.sql);
        Object.assign(params, day.params);
      }
      const conditions: string[] = [];
      const searched = profileOf(pipeline).rawSearchColumns;
      if (where.ip !== undefined) {
        params['ip'] = ipParams([where.ip], 'search')[0] as SqlParam;
        conditions.push(`(${searched.ip.map((c) => `\`${c}\` = :ip`).join(' OR ')})`);
      }
      if (where.domain !== undefined) {
        if (searched.domain === null)
          throw new InputError('search', null, 'domain', `${pipeline} rows have no domain; search by IP`);
        params['domain'] = sqlString(where.domain);
        conditions.push(`\`${searched.domain}\` = :domain`);
      }
      if (where.uri !== undefined) {
        if (searched.uri === null) throw new InputError('search', null, 'uri', `${pipeline} rows have no URI`);
        params['uri'] = sqlString(where.uri);
        conditions.push(`\`${searched.uri}\` = :uri`);
      }
      if (conditions.length === 0)
        throw new InputError('search', null, null, 'give an IP, a domain or a URI to search for');
      const columns = RAW_COLUMNS[pipeline];
      columns.forEach((c, i) => (params[`c${i}`] = sqlIdent(c.name)));
      const template = `SELECT ${columns.map((_, i) => `:c${i}`).join(', ')} FROM :db.:table
        WHERE (${dayParts.join(' OR ')}) AND ${conditions.join(' AND ')}`;
      const c = await hive();
      for await (const batch of c.query(template, params, {
        label: `${pipeline} raw search ${range.from}..${range.to}`,
      }))
        for (const row of batch.rows) yield Object.fromEntries(columns.map((col, i) => [col.name, row[i] ?? null]));
    },

    async close() {
      const current = connection;
      connection = null;
      opened = null;
      if (current) await (await current.catch(() => null))?.close();
    },
  };
}
