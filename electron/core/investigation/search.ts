/**
 * Runs the expanded search: ONE DuckDB query over every raw day of the range, streamed chunk by chunk into the
 * result (capped at SEARCH_ROW_CAP rows kept; the total still counts all), cancellable through the job's signal.
 */
import type { Cell } from '../../../shared/api-base';
import type { ExpandedSearch, TimelineCluster } from '../../../shared/ops/investigation';
import { SEARCH_ROW_CAP } from '../../../shared/ops/investigation';
import type { Pipeline } from '../../../shared/schema';
import { CancelledError, InputError } from '../errors';
import { csvColumnsSql, Duck, fileListSql } from '../pipeline/duck';
import type { DaySource, RawDayRef } from '../sources/types';
import { anchorKind, expandedSearchSql, expandedTimelineSql, searchColumns, searchKeepsTimeline } from './search-sql';
import { rawSchemaOfFile } from '../parse/raw-header';

/** Every date from start to end inclusive (YYYY-MM-DD), swapped if reversed, at most maxDays. */
export function datesInRange(start: string, end: string, maxDays = 31): string[] {
  const [from, to] = start <= end ? [start, end] : [end, start];
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
    if (out.length > maxDays)
      throw new InputError(`${from}..${to}`, null, 'endDate', `range longer than ${maxDays} days`);
  }
  return out;
}

/** read_csv / read_parquet of one day with Spot's declared column types (CSV is never sniffed). */
async function daySourceSql(pipeline: Pipeline, ref: RawDayRef): Promise<string> {
  const files = fileListSql(ref.files);
  if (ref.format === 'parquet') return `read_parquet(${files}, hive_partitioning = false, union_by_name = true)`;
  const file = [...ref.files].sort()[0];
  if (file === undefined) throw new InputError(ref.name, null, null, 'no raw CSV files');
  const columns = csvColumnsSql(await rawSchemaOfFile(pipeline, file));
  return `read_csv(${files}, header = true, delim = ',', quote = '"', escape = '"', auto_detect = false, columns = ${columns})`;
}

function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' || typeof value === 'string') return value;
  return String(value);
}

/** A search cached by an older version, before it kept what today's maps and timelines read (DNS answers and
 * per-minute counts): the raw days are searched again when they are still on disk. */
export function isOutdatedSearch(search: ExpandedSearch): boolean {
  return searchKeepsTimeline(search.pipeline) && search.timeline === undefined;
}

export interface SearchRequest {
  pipeline: Pipeline;
  anchor: string;
  start: string;
  end: string;
}

export interface SearchProgress {
  signal: AbortSignal;
  progress(fraction: number, message: string): void;
}

/** The search's (lane, minute, code, count) rows as timeline clusters (at most SEARCH_ROW_CAP of them). */
async function readTimeline(duck: Duck, sql: string, signal: AbortSignal): Promise<TimelineCluster[]> {
  const clusters = new Map<string, TimelineCluster>();
  const result = await duck.connection.stream(sql);
  for await (const chunk of result.yieldRowObjectJs()) {
    if (signal.aborted) throw new CancelledError();
    for (const row of chunk) {
      const lane = String(row.lane);
      const minute = String(row.minute);
      const key = `${lane}\u0000${minute}`;
      let cluster = clusters.get(key);
      if (!cluster) {
        if (clusters.size >= SEARCH_ROW_CAP) continue;
        cluster = { lane, minute, count: 0, detail: {} };
        clusters.set(key, cluster);
      }
      const count = Number(row.count);
      const code = row.code === null || row.code === undefined ? '-' : String(row.code);
      cluster.count += count;
      cluster.detail[code] = (cluster.detail[code] ?? 0) + count;
    }
  }
  return [...clusters.values()];
}

/** The raw days are found through the given sources in order (first that has the day wins). */
export async function runExpandedSearch(
  sources: readonly DaySource[],
  req: SearchRequest,
  job: SearchProgress,
): Promise<ExpandedSearch> {
  const { pipeline, anchor } = req;
  const kind = anchorKind(pipeline, anchor);
  const dates = datesInRange(req.start, req.end);
  const refs: Array<{ date: string; ref: RawDayRef }> = [];
  const missingDays: string[] = [];
  const problems: string[] = [];
  for (const date of dates) {
    let found: RawDayRef | null = null;
    for (const source of sources) {
      try {
        found = await source.rawDay(pipeline, date, {});
        break;
      } catch (err) {
        problems.push((err as Error).message);
      }
    }
    if (found) refs.push({ date, ref: found });
    else missingDays.push(date);
  }
  if (refs.length === 0) {
    throw new InputError(
      dates.join('..'),
      null,
      null,
      `no raw ${pipeline} data on disk: ${problems[0] ?? 'no source'}`,
    );
  }
  job.progress(0.05, `searching ${refs.length} raw day(s)`);
  const duck = await Duck.open({ memoryLimit: '512MB', threads: 2 });
  try {
    const sources_ = [];
    for (const { ref } of refs) sources_.push(await daySourceSql(pipeline, ref));
    const sql = expandedSearchSql(pipeline, kind, anchor, sources_);
    const timelineSql = expandedTimelineSql(pipeline, kind, anchor, sources_);
    const rows: Cell[][] = [];
    let timeline: TimelineCluster[] | undefined;
    let total = 0;
    const columns = searchColumns(pipeline, kind);
    const onAbort = (): void => duck.connection.interrupt();
    job.signal.addEventListener('abort', onAbort, { once: true });
    // DuckDB reports how much of the scan is done; poll it while the one query runs (it never blocks Node).
    await duck.run('SET enable_progress_bar = true; SET enable_progress_bar_print = false');
    const poll = setInterval(() => {
      const pct = duck.connection.progress.percentage;
      if (pct >= 0 && !job.signal.aborted)
        job.progress(0.05 + (0.55 * Math.min(100, pct)) / 100, `scanned ${Math.round(pct)}%`);
    }, 200);
    try {
      let result;
      try {
        result = await duck.connection.stream(sql);
      } finally {
        clearInterval(poll);
      }
      job.progress(0.6, 'reading matches');
      for await (const chunk of result.yieldRowObjectJs()) {
        if (job.signal.aborted) throw new CancelledError();
        for (const row of chunk) {
          total += 1;
          if (rows.length < SEARCH_ROW_CAP) rows.push(columns.map((c) => toCell(row[c])));
        }
        job.progress(Math.min(0.9, 0.6 + total / 200_000), `${total} rows`);
      }
      if (timelineSql) {
        job.progress(0.9, 'counting per minute');
        timeline = await readTimeline(duck, timelineSql, job.signal);
      }
    } catch (err) {
      if (job.signal.aborted) throw new CancelledError();
      const message = (err as Error).message.split('\n').slice(0, 4).join(' ');
      throw new InputError(refs.map((r) => r.ref.name).join(', '), null, null, message);
    } finally {
      job.signal.removeEventListener('abort', onAbort);
    }
    return {
      pipeline,
      anchor,
      kind,
      start: dates[0]!,
      end: dates[dates.length - 1]!,
      days: refs.map((r) => r.date),
      missingDays,
      columns: [...columns],
      rows,
      total,
      truncated: total > rows.length,
      ...(timeline ? { timeline } : {}),
      searchedAt: new Date().toISOString(),
    };
  } finally {
    duck.close();
  }
}
