/**
 * The normalised `events` view every detector reads: one row per raw event with the same typed columns whatever
 * the raw form (CSV or Parquet, Spot 1.0's 28-column flow or the seed's 27). Built over `raw_files`, the view
 * pipeline/raw-view.ts creates for a raw day. Detectors never read raw column names, so a new raw form only
 * changes this file.
 */
import type { Pipeline } from '../../../shared/schema';

/** The columns of `events` per pipeline, with their SQL types. */
export const EVENT_COLUMNS = {
  flow: {
    /** Unix seconds of the flow start. */
    ts: 'DOUBLE',
    sip: 'VARCHAR',
    dip: 'VARCHAR',
    sport: 'INTEGER',
    dport: 'INTEGER',
    /** Upper case: TCP, UDP, ICMP … */
    proto: 'VARCHAR',
    /** TCP flags as nfdump writes them (e.g. `.A..S.`), '' when unknown. */
    flag: 'VARCHAR',
    ipkt: 'BIGINT',
    ibyt: 'BIGINT',
    opkt: 'BIGINT',
    obyt: 'BIGINT',
    /** Seconds. */
    tdur: 'DOUBLE',
  },
  dns: {
    ts: 'DOUBLE',
    /** The querying host (Spot's ip_dst: the response's destination). */
    client: 'VARCHAR',
    /** The resolver (ip_src). */
    server: 'VARCHAR',
    /** Lower case, without a trailing dot. */
    qname: 'VARCHAR',
    qclass: 'VARCHAR',
    qtype: 'INTEGER',
    rcode: 'INTEGER',
    frame_len: 'INTEGER',
    /** Answers joined by `|`. */
    answers: 'VARCHAR',
  },
  proxy: {
    ts: 'DOUBLE',
    client: 'VARCHAR',
    /** Lower case. */
    host: 'VARCHAR',
    /** Upper case. */
    method: 'VARCHAR',
    /** Spot's fulluri (host + path + query). */
    uri: 'VARCHAR',
    path: 'VARCHAR',
    query: 'VARCHAR',
    useragent: 'VARCHAR',
    ctype: 'VARCHAR',
    respcode: 'INTEGER',
    csbytes: 'BIGINT',
    scbytes: 'BIGINT',
    referer: 'VARCHAR',
    serverip: 'VARCHAR',
    username: 'VARCHAR',
  },
} as const satisfies Record<Pipeline, Record<string, string>>;

export type EventColumn<P extends Pipeline> = keyof (typeof EVENT_COLUMNS)[P];

const cast = (expr: string, type: string): string => `TRY_CAST(${expr} AS ${type})`;

const text = (c: string): string => `CAST(${c} AS VARCHAR)`;

/** Each type's `events` columns from its raw columns (`columns` = those present), in the EVENT_COLUMNS order. */
const EVENT_SELECT: Record<Pipeline, (columns: ReadonlySet<string>) => string[]> = {
  flow: (columns) => {
    const fromText = `epoch(${cast(text('treceived'), 'TIMESTAMP')})`;
    const ts = columns.has('unix_tstamp') ? `COALESCE(${fromText}, ${cast('unix_tstamp', 'DOUBLE')})` : fromText;
    return [
      `${ts} AS ts`,
      `${text('sip')} AS sip`,
      `${text('dip')} AS dip`,
      `${cast('sport', 'INTEGER')} AS sport`,
      `${cast('dport', 'INTEGER')} AS dport`,
      `upper(${text('proto')}) AS proto`,
      `COALESCE(${text('flag')}, '') AS flag`,
      `${cast('ipkt', 'BIGINT')} AS ipkt`,
      `${cast('ibyt', 'BIGINT')} AS ibyt`,
      `COALESCE(${cast('opkt', 'BIGINT')}, 0) AS opkt`,
      `COALESCE(${cast('obyt', 'BIGINT')}, 0) AS obyt`,
      `${cast('tdur', 'DOUBLE')} AS tdur`,
    ];
  },
  dns: () => [
    `${cast('unix_tstamp', 'DOUBLE')} AS ts`,
    `${text('ip_dst')} AS client`,
    `${text('ip_src')} AS server`,
    `rtrim(lower(${text('dns_qry_name')}), '.') AS qname`,
    `${text('dns_qry_class')} AS qclass`,
    `${cast('dns_qry_type', 'INTEGER')} AS qtype`,
    `${cast('dns_qry_rcode', 'INTEGER')} AS rcode`,
    `${cast('frame_len', 'INTEGER')} AS frame_len`,
    `COALESCE(${text('dns_a')}, '') AS answers`,
  ],
  proxy: () => [
    `epoch(${cast(`${text('p_date')} || ' ' || ${text('p_time')}`, 'TIMESTAMP')}) AS ts`,
    `${text('clientip')} AS client`,
    `lower(${text('host')}) AS host`,
    `upper(${text('reqmethod')}) AS method`,
    `COALESCE(${text('fulluri')}, '') AS uri`,
    `COALESCE(${text('uripath')}, '') AS path`,
    `COALESCE(${text('uriquery')}, '') AS query`,
    `COALESCE(${text('useragent')}, '-') AS useragent`,
    `COALESCE(${text('resconttype')}, '-') AS ctype`,
    `${cast('respcode', 'INTEGER')} AS respcode`,
    `COALESCE(${cast('csbytes', 'BIGINT')}, 0) AS csbytes`,
    `COALESCE(${cast('scbytes', 'BIGINT')}, 0) AS scbytes`,
    `COALESCE(${text('referer')}, '-') AS referer`,
    `${text('serverip')} AS serverip`,
    `COALESCE(${text('username')}, '-') AS username`,
  ],
};

/**
 * The SELECT list turning Spot's raw columns (`columns` = those present) into `events`, in portable SQL
 * (dialect.ts renders it for Hive and Impala, whose raw tables have the same column names).
 */
export function selectList(pipeline: Pipeline, columns: ReadonlySet<string>): string {
  return EVENT_SELECT[pipeline](columns).join(', ');
}

/** The name every detector reads the day under. */
export const EVENTS_TABLE = 'events';

/** `CREATE VIEW events` over `raw_files` (present columns given, for the seed's flow form without unix_tstamp). */
export function eventsViewSql(pipeline: Pipeline, columns: ReadonlySet<string>): string {
  return `CREATE OR REPLACE TEMP VIEW ${EVENTS_TABLE} AS SELECT ${selectList(pipeline, columns)} FROM raw_files`;
}

/**
 * `CREATE TEMP TABLE events` holding the same rows as eventsViewSql's view: the raw files parsed once for all the
 * detectors of a day instead of once per detector (DuckDB spills it to its temp folder beyond its memory limit).
 */
export function eventsTableFromRawSql(pipeline: Pipeline, columns: ReadonlySet<string>): string {
  return `CREATE OR REPLACE TEMP TABLE ${EVENTS_TABLE} AS SELECT ${selectList(pipeline, columns)} FROM raw_files`;
}

/** `CREATE TABLE events` with the normalised columns (tests and fixtures insert rows into it directly). */
export function eventsTableSql(pipeline: Pipeline): string {
  const columns = Object.entries(EVENT_COLUMNS[pipeline]).map(([name, type]) => `${name} ${type}`);
  return `CREATE OR REPLACE TABLE events (${columns.join(', ')})`;
}
