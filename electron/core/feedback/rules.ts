/**
 * What an analyst's score matches, per pipeline, with Spot's matching rules (feedback.md §1), and which
 * Suspicious rows disappear afterwards. Pure functions over `<type>_scores` rows (shared/schema OA_TABLES).
 *  - flow: (srcIp, dstIp, srcPort, dstPort) — AND of the keys that are set, exact; quick scoring by IP queues
 *    (ip, dst, sport, dport) and (src, ip, sport, dport), so the IP matches as source OR destination.
 *  - dns: ip_dst = clientIp OR dns_qry_name = dnsQuery, exact; quick scoring text replaces the query, exact.
 *  - proxy: fulluri = uri, exact; quick scoring text is the URI.
 */
import type { Pipeline } from '../../../shared/schema';
import type { OaRow } from '../cache/types';

export interface FlowCriteria {
  srcIp?: string;
  dstIp?: string;
  srcPort?: number | string;
  dstPort?: number | string;
  /** Quick scoring: matches as source OR destination (with the other selects still applied). */
  quickIp?: string;
}

export interface DnsCriteria {
  clientIp?: string;
  dnsQuery?: string;
  /** Quick scoring: replaces dnsQuery, matched exactly (not Seed's keyword or pre-1.0 suffix match). */
  quickQuery?: string;
}

export interface ProxyCriteria {
  uri?: string;
  /** Quick scoring: used as the URI, exact. */
  quickUri?: string;
}

export type ScoreCriteria = FlowCriteria | DnsCriteria | ProxyCriteria;

export type MatchedBy = 'ip' | 'query' | 'both';

export interface RowMatch {
  index: number;
  /** dns only: whether the row matched through its client IP, its query, or both (feeds ip_sev/dns_sev). */
  matchedBy?: MatchedBy;
}

/** Raised for criteria that would match nothing meaningful (Spot requires at least one key). */
export class CriteriaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CriteriaError';
  }
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const s = String(value).trim();
  return s === '' ? undefined : s;
}

function port(value: unknown, name: string): string | undefined {
  const s = text(value);
  if (s === undefined) return undefined;
  if (!/^\d{1,5}$/.test(s) || Number(s) > 65535) throw new CriteriaError(`${name} must be a port number, got "${s}"`);
  return String(Number(s));
}

function cell(row: OaRow, column: string): string {
  const v = row[column];
  return v === null || v === undefined ? '' : String(v);
}

function cellPort(row: OaRow, column: string): string {
  const v = cell(row, column).trim();
  return /^\d+$/.test(v) ? String(Number(v)) : v;
}

interface FlowEntry {
  src?: string;
  dst?: string;
  sport?: string;
  dport?: string;
}

/** The flow entries a criteria queues: one, or two for quick scoring (IP as source, IP as destination). */
function flowEntries(c: FlowCriteria): FlowEntry[] {
  const base = {
    src: text(c.srcIp),
    dst: text(c.dstIp),
    sport: port(c.srcPort, 'srcPort'),
    dport: port(c.dstPort, 'dstPort'),
  };
  const quick = text(c.quickIp);
  const entries = quick
    ? [
        { ...base, src: quick },
        { ...base, dst: quick },
      ]
    : [base];
  for (const e of entries) {
    if (!e.src && !e.dst && !e.sport && !e.dport) {
      throw new CriteriaError('flow score: set at least one of source IP, destination IP, source or destination port');
    }
  }
  return entries;
}

function flowEntryMatches(e: FlowEntry, row: OaRow): boolean {
  return (
    (e.src === undefined || cell(row, 'srcip') === e.src) &&
    (e.dst === undefined || cell(row, 'dstip') === e.dst) &&
    (e.sport === undefined || cellPort(row, 'sport') === e.sport) &&
    (e.dport === undefined || cellPort(row, 'dport') === e.dport)
  );
}

/** Spot's matching rule of each telemetry type: every row the criteria matches, with how (dns). */
const MATCHERS: Record<Pipeline, (criteria: ScoreCriteria, rows: readonly OaRow[]) => RowMatch[]> = {
  flow: (criteria, rows) => {
    const entries = flowEntries(criteria as FlowCriteria);
    const out: RowMatch[] = [];
    rows.forEach((row, index) => {
      if (entries.some((e) => flowEntryMatches(e, row))) out.push({ index });
    });
    return out;
  },
  dns: (criteria, rows) => {
    const c = criteria as DnsCriteria;
    const ip = text(c.clientIp);
    // the quick-scoring text takes precedence over the select
    const query = text(c.quickQuery) ?? text(c.dnsQuery);
    if (!ip && !query) throw new CriteriaError('dns score: set a client IP or a query name');
    const out: RowMatch[] = [];
    rows.forEach((row, index) => {
      const byIp = ip !== undefined && cell(row, 'ip_dst') === ip;
      const byQuery = query !== undefined && cell(row, 'dns_qry_name') === query;
      if (byIp || byQuery) out.push({ index, matchedBy: byIp && byQuery ? 'both' : byIp ? 'ip' : 'query' });
    });
    return out;
  },
  proxy: (criteria, rows) => {
    const c = criteria as ProxyCriteria;
    const uri = text(c.quickUri) ?? text(c.uri);
    if (!uri) throw new CriteriaError('proxy score: set a URI');
    const out: RowMatch[] = [];
    rows.forEach((row, index) => {
      if (cell(row, 'fulluri') === uri) out.push({ index });
    });
    return out;
  },
};

/** Every row the criteria matches, with how (dns). Throws CriteriaError when no key is set. */
export function matchRowsDetailed(pipeline: Pipeline, criteria: ScoreCriteria, rows: readonly OaRow[]): RowMatch[] {
  return MATCHERS[pipeline](criteria, rows);
}

/** Indexes (into `rows`) of the rows a score with these criteria applies to. */
export function matchRows(pipeline: Pipeline, criteria: ScoreCriteria, rows: readonly OaRow[]): number[] {
  return matchRowsDetailed(pipeline, criteria, rows).map((m) => m.index);
}

/** How many rows a score would touch, for the "this will score N rows" preview. */
export function previewCount(pipeline: Pipeline, criteria: ScoreCriteria, rows: readonly OaRow[]): number {
  return matchRowsDetailed(pipeline, criteria, rows).length;
}

/** The columns that identify one suspicious event (the ML result columns; not the ML score or enrichment,
 * which change when a day is re-scored or re-enriched). */
export const ROW_KEY_COLUMNS: Record<Pipeline, readonly string[]> = {
  flow: ['tstart', 'srcip', 'dstip', 'sport', 'dport', 'proto', 'ipkt', 'ibyt', 'opkt', 'obyt'],
  dns: [
    'frame_time',
    'unix_tstamp',
    'frame_len',
    'ip_dst',
    'dns_qry_name',
    'dns_qry_class',
    'dns_qry_type',
    'dns_qry_rcode',
  ],
  proxy: [
    'tdate',
    'time',
    'clientip',
    'host',
    'reqmethod',
    'useragent',
    'resconttype',
    'duration',
    'username',
    'webcat',
    'referer',
    'respcode',
    'uriport',
    'uripath',
    'uriquery',
    'serverip',
    'scbytes',
    'csbytes',
    'fulluri',
  ],
};

/** A string identifying the event a `<type>_scores` row describes. */
export function rowKey(pipeline: Pipeline, row: OaRow): string {
  return ROW_KEY_COLUMNS[pipeline].map((c) => cell(row, c)).join('\u0001');
}

export type HidingMode = 'matched' | 'spot';

/** Spot's hiding after a score: the rows sharing the scored rows' source or destination (flow), query, or URI. */
const SPOT_HIDDEN_BY: Record<Pipeline, readonly string[]> = {
  flow: ['srcip', 'dstip'],
  dns: ['dns_qry_name'],
  proxy: ['fulluri'],
};

/**
 * Indexes (into `allRows`) of Suspicious rows to hide once `scoredRows` are scored.
 *  - 'matched' (default): only the rows actually scored.
 *  - 'spot': Spot 1.0's wider hiding — flow: any row whose srcip is the srcip of a scored row OR whose dstip
 *    is the dstip of a scored row; dns: any row with a scored query name; proxy: any row with a scored fulluri.
 */
export function hiddenRows(
  pipeline: Pipeline,
  scoredRows: readonly OaRow[],
  allRows: readonly OaRow[],
  mode: HidingMode = 'matched',
): number[] {
  const hidden: number[] = [];
  if (mode === 'matched') {
    const keys = new Set(scoredRows.map((r) => rowKey(pipeline, r)));
    allRows.forEach((row, index) => {
      if (keys.has(rowKey(pipeline, row))) hidden.push(index);
    });
    return hidden;
  }
  // A row is hidden when one of these columns holds a value a scored row holds in the same column.
  const scoredValues = SPOT_HIDDEN_BY[pipeline].map((column) => ({
    column,
    values: new Set(scoredRows.map((r) => cell(r, column))),
  }));
  allRows.forEach((row, index) => {
    if (scoredValues.some(({ column, values }) => values.has(cell(row, column)))) hidden.push(index);
  });
  return hidden;
}
