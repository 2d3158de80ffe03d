/**
 * SQL of the expanded search (enrichment.md §9), one statement over every raw day of the range. Pure: it gets
 * the per-day source expressions (read_csv / read_parquet) and returns the SELECT; search.ts runs it.
 */
import type { AnchorKind } from '../../../shared/ops/investigation';
import type { Pipeline } from '../../../shared/schema';
import { sqlString } from '../pipeline/sql-text';
import { profileOf } from '../profiles/index';

/** flow anchors are IPs; dns anchors are client IPs or query names; proxy anchors are hosts, URI prefixes or full
 * URIs (Spot's fulluri is host/path?query, so a host is a prefix too). The kind comes from the profile. */
export function anchorKind(pipeline: Pipeline, anchor: string): AnchorKind {
  return profileOf(pipeline).anchorKind(anchor);
}

export const FLOW_SEARCH_COLUMNS = [
  'srcIp',
  'dstIp',
  'srcPort',
  'dstPort',
  'proto',
  'firstSeen',
  'lastSeen',
  'connections',
  'maxPkts',
  'avgPkts',
  'maxBytes',
  'avgBytes',
] as const;

export const DNS_IP_SEARCH_COLUMNS = ['dnsQuery', 'clientIp', 'total', 'firstSeen', 'lastSeen', 'answers'] as const;
export const DNS_QUERY_SEARCH_COLUMNS = ['clientIp', 'dnsQuery', 'total', 'firstSeen', 'lastSeen', 'answers'] as const;
/** Distinct answers kept per (name, client) row of a DNS search (a CDN rotates through many). */
export const DNS_ANSWERS_CAP = 8;

/** The columns ui.md §4 lists for proxy, in that order, under Spot's raw names. */
export const PROXY_SEARCH_COLUMNS = [
  'p_date',
  'p_time',
  'clientip',
  'username',
  'duration',
  'fulluri',
  'webcat',
  'respcode',
  'reqmethod',
  'useragent',
  'resconttype',
  'referer',
  'uriport',
  'serverip',
  'scbytes',
  'csbytes',
] as const;

/**
 * What the expanded search of one telemetry type is: the raw columns it reads (a projection keeps the scan narrow),
 * the columns it returns for an anchor kind, and its SELECT over `raw` for the quoted anchor `a`.
 */
interface SearchStrategy {
  readColumns: readonly string[];
  columns(kind: AnchorKind): readonly string[];
  sql(kind: AnchorKind, a: string, raw: string): string;
  /** When the rows lose the time: a second SELECT of (lane, minute, code, count), the search's `timeline`. */
  timelineSql?(kind: AnchorKind, a: string, raw: string): string;
}

/** The DNS rows of an anchor: a client's queries or a name's clients. */
function dnsWhere(kind: AnchorKind, a: string): string {
  const where = kind === 'ip' ? `ip_dst = ${a}` : `dns_qry_name = ${a}`;
  return `${where} AND dns_qry_name IS NOT NULL AND ip_dst IS NOT NULL`;
}

/**
 * One SELECT: flow groups every connection of the IP by (sip, dip, sport, dport, proto); dns counts the anchor's
 * queries (or a query's clients); proxy lists every request of the URI or referred by it, in time order.
 */
const SEARCHES: Record<Pipeline, SearchStrategy> = {
  flow: {
    readColumns: ['treceived', 'sip', 'dip', 'sport', 'dport', 'proto', 'ipkt', 'ibyt'],
    columns: () => FLOW_SEARCH_COLUMNS,
    sql: (_kind, a, raw) => `SELECT sip AS srcIp, dip AS dstIp, sport AS srcPort, dport AS dstPort, proto,
      min(treceived) AS firstSeen, max(treceived) AS lastSeen, count(*) AS connections,
      max(ipkt) AS maxPkts, round(avg(ipkt), 2) AS avgPkts, max(ibyt) AS maxBytes, round(avg(ibyt), 2) AS avgBytes
      FROM ${raw} WHERE sip = ${a} OR dip = ${a}
      GROUP BY sip, dip, sport, dport, proto
      ORDER BY firstSeen, srcIp, dstIp, srcPort, dstPort`,
  },
  dns: {
    readColumns: ['frame_time', 'unix_tstamp', 'ip_dst', 'dns_qry_name', 'dns_qry_rcode', 'dns_a'],
    columns: (kind) => (kind === 'ip' ? DNS_IP_SEARCH_COLUMNS : DNS_QUERY_SEARCH_COLUMNS),
    sql: (kind, a, raw) => {
      const first =
        kind === 'ip' ? 'dns_qry_name AS dnsQuery, ip_dst AS clientIp' : 'ip_dst AS clientIp, dns_qry_name AS dnsQuery';
      // The answers (the resolved servers, the map's endpoints): distinct, sorted, capped; '' when none.
      return `SELECT ${first}, count(*) AS total,
      strftime(to_timestamp(min(unix_tstamp)), '%Y-%m-%d %H:%M:%S') AS firstSeen,
      strftime(to_timestamp(max(unix_tstamp)), '%Y-%m-%d %H:%M:%S') AS lastSeen,
      array_to_string(list_sort(list_distinct(list(nullif(dns_a, '')))) [1:${DNS_ANSWERS_CAP}], ',') AS answers
      FROM ${raw} WHERE ${dnsWhere(kind, a)}
      GROUP BY dns_qry_name, ip_dst ORDER BY total DESC, 1, 2`;
    },
    timelineSql: (kind, a, raw) => `SELECT ${kind === 'ip' ? 'dns_qry_name' : 'ip_dst'} AS lane,
      strftime(to_timestamp(unix_tstamp), '%Y-%m-%d %H:%M') AS minute, dns_qry_rcode AS code, count(*) AS count
      FROM ${raw} WHERE ${dnsWhere(kind, a)} AND unix_tstamp IS NOT NULL
      GROUP BY ALL ORDER BY minute, lane, code`,
  },
  proxy: {
    readColumns: PROXY_SEARCH_COLUMNS,
    columns: () => PROXY_SEARCH_COLUMNS,
    // Same rule as isProxyRequestOf: the requests whose full URI starts with the anchor, and those it referred.
    sql: (_kind, a, raw) => `SELECT ${PROXY_SEARCH_COLUMNS.join(', ')} FROM ${raw}
    WHERE starts_with(fulluri, ${a}) OR referer = ${a} ORDER BY p_date, p_time, clientip`,
  },
};

export function searchColumns(pipeline: Pipeline, kind: AnchorKind): readonly string[] {
  return SEARCHES[pipeline].columns(kind);
}

/** UNION ALL of the days' sources, projected to the columns the search reads. */
export function unionSource(pipeline: Pipeline, daySources: readonly string[]): string {
  if (daySources.length === 0) throw new Error('no raw day to search');
  const cols = SEARCHES[pipeline].readColumns.join(', ');
  return daySources.map((source) => `SELECT ${cols} FROM ${source}`).join(' UNION ALL ');
}

/** The expanded search of an anchor over the days' raw sources, as one SELECT. */
export function expandedSearchSql(
  pipeline: Pipeline,
  kind: AnchorKind,
  anchor: string,
  daySources: readonly string[],
): string {
  return SEARCHES[pipeline].sql(kind, sqlString(anchor), `(${unionSource(pipeline, daySources)})`);
}

/** The search's per-minute timeline SELECT over the same sources, or null when its rows carry their time. */
export function expandedTimelineSql(
  pipeline: Pipeline,
  kind: AnchorKind,
  anchor: string,
  daySources: readonly string[],
): string | null {
  const { timelineSql } = SEARCHES[pipeline];
  return timelineSql ? timelineSql(kind, sqlString(anchor), `(${unionSource(pipeline, daySources)})`) : null;
}

/** Whether a search of this pipeline keeps the anchor's per-minute timeline (`ExpandedSearch.timeline`). */
export function searchKeepsTimeline(pipeline: Pipeline): boolean {
  return SEARCHES[pipeline].timelineSql !== undefined;
}

/** A proxy request of the anchor (host, URI prefix or full URI): its full URI starts with it (the SQL's rule). */
export function isProxyRequestOf(anchor: string, fulluri: string): boolean {
  return fulluri.startsWith(anchor);
}
