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

export const DNS_IP_SEARCH_COLUMNS = ['dnsQuery', 'clientIp', 'total', 'firstSeen', 'lastSeen'] as const;
export const DNS_QUERY_SEARCH_COLUMNS = ['clientIp', 'dnsQuery', 'total', 'firstSeen', 'lastSeen'] as const;

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

export function searchColumns(pipeline: Pipeline, kind: AnchorKind): readonly string[] {
  if (pipeline === 'flow') return FLOW_SEARCH_COLUMNS;
  if (pipeline === 'dns') return kind === 'ip' ? DNS_IP_SEARCH_COLUMNS : DNS_QUERY_SEARCH_COLUMNS;
  return PROXY_SEARCH_COLUMNS;
}

/** The raw columns each search reads (a projection keeps the scan narrow). */
const READ_COLUMNS: Record<Pipeline, readonly string[]> = {
  flow: ['treceived', 'sip', 'dip', 'sport', 'dport', 'proto', 'ipkt', 'ibyt'],
  dns: ['frame_time', 'unix_tstamp', 'ip_dst', 'dns_qry_name'],
  proxy: PROXY_SEARCH_COLUMNS,
};

/** UNION ALL of the days' sources, projected to the columns the search reads. */
export function unionSource(pipeline: Pipeline, daySources: readonly string[]): string {
  if (daySources.length === 0) throw new Error('no raw day to search');
  const cols = READ_COLUMNS[pipeline].join(', ');
  return daySources.map((source) => `SELECT ${cols} FROM ${source}`).join(' UNION ALL ');
}

/**
 * One SELECT: flow groups every connection of the IP by (sip, dip, sport, dport, proto); dns counts the anchor's
 * queries (or a query's clients); proxy lists every request of the URI or referred by it, in time order.
 */
export function expandedSearchSql(
  pipeline: Pipeline,
  kind: AnchorKind,
  anchor: string,
  daySources: readonly string[],
): string {
  const raw = `(${unionSource(pipeline, daySources)})`;
  const a = sqlString(anchor);
  if (pipeline === 'flow') {
    return `SELECT sip AS srcIp, dip AS dstIp, sport AS srcPort, dport AS dstPort, proto,
      min(treceived) AS firstSeen, max(treceived) AS lastSeen, count(*) AS connections,
      max(ipkt) AS maxPkts, round(avg(ipkt), 2) AS avgPkts, max(ibyt) AS maxBytes, round(avg(ibyt), 2) AS avgBytes
      FROM ${raw} WHERE sip = ${a} OR dip = ${a}
      GROUP BY sip, dip, sport, dport, proto
      ORDER BY firstSeen, srcIp, dstIp, srcPort, dstPort`;
  }
  if (pipeline === 'dns') {
    const where = kind === 'ip' ? `ip_dst = ${a}` : `dns_qry_name = ${a}`;
    const first =
      kind === 'ip' ? 'dns_qry_name AS dnsQuery, ip_dst AS clientIp' : 'ip_dst AS clientIp, dns_qry_name AS dnsQuery';
    return `SELECT ${first}, count(*) AS total,
      strftime(to_timestamp(min(unix_tstamp)), '%Y-%m-%d %H:%M:%S') AS firstSeen,
      strftime(to_timestamp(max(unix_tstamp)), '%Y-%m-%d %H:%M:%S') AS lastSeen
      FROM ${raw} WHERE ${where} AND dns_qry_name IS NOT NULL AND ip_dst IS NOT NULL
      GROUP BY dns_qry_name, ip_dst ORDER BY total DESC, 1, 2`;
  }
  // Same rule as isProxyRequestOf: the requests whose full URI starts with the anchor, and those it referred.
  return `SELECT ${PROXY_SEARCH_COLUMNS.join(', ')} FROM ${raw}
    WHERE starts_with(fulluri, ${a}) OR referer = ${a} ORDER BY p_date, p_time, clientip`;
}

/** A proxy request of the anchor (host, URI prefix or full URI): its full URI starts with it (the SQL's rule). */
export function isProxyRequestOf(anchor: string, fulluri: string): boolean {
  return fulluri.startsWith(anchor);
}
