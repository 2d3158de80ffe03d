/**
 * What each pipeline's rows look like to an analyst, in one place: the columns shown by default (what an analyst
 * decides on), the identity columns pinned when a table scrolls sideways, the IP columns that carry a name and a
 * country, the event time of a row, the entity columns the views filter and score by, the words the views use, and
 * every column's label and value format. Views read this instead of branching on the pipeline (lint forbids a
 * comparison with a pipeline name in renderer/ and shared/). The renderer's heavier per-pipeline code sits in
 * `Record<Pipeline, …>`s beside it, so a fourth type fails to compile until each has it: the graph builders
 * (`renderer/models/suspicious/graph.ts`), the table's columns (`columns.ts`), the "why" lines (`explain.ts`), the
 * cases (`cases.ts`) and the expanded search's top tables (`renderer/models/investigation/investigation.ts`).
 */
import type { Cell } from './api-base';
import type { ScoreTarget } from './ops/feedback';
import type { GeoPoint } from './ops/investigation';
import { parseUtcTime } from './format';
import { OA_TABLES, type ColumnType, type OaTable, type Pipeline } from './schema';

/** Columns the views derive from a scores row (they are not in shared/schema.ts). */
export type DerivedColumn = 'rank' | 'detection' | 'severity' | 'packets' | 'bytes' | 'answers';

/** A column of the details table (Spot's details, ui.md §1–3): the `<type>_edge` column shown, and its raw source. */
export interface DetailColumn {
  /** The `<type>_edge` column. */
  readonly name: string;
  /** The raw column it is read from: the core's scan of the raw day keeps it for the detail rows. */
  readonly raw: string;
  /** A time of day whose date another column holds (proxy: time and tdate), shown as one instant. */
  readonly dateColumn?: string;
  /** Long text (URIs, user agents, query names): a wider column. */
  readonly wide?: true;
}

/**
 * What the second details tab shows: the chord diagram of an IP (flow), the dendrogram of a client (dns), or the
 * request of the row itself, field by field (proxy: the details columns, then these columns of the scores row).
 */
export type PeersView =
  | { readonly kind: 'chord'; readonly label: string; readonly ipColumn: string }
  | { readonly kind: 'dendrogram'; readonly label: string; readonly ipColumn: string }
  | { readonly kind: 'request'; readonly label: string; readonly moreColumns: readonly string[] };

/** An entity of a row an analyst can filter the day by: its word and the columns it is read from (first not empty). */
export interface RowEntity {
  readonly word: string;
  readonly columns: readonly string[];
}

/** What a quick-score text targets, in words for the confirmation. */
export interface QuickScore {
  readonly target: ScoreTarget;
  readonly describe: string;
}

/**
 * Quick scoring (feedback.md §1): what an IP, a port or any other text scores in this pipeline. A kind the pipeline
 * does not score is absent (an IP or a port then counts as text).
 */
export interface QuickScoreRule {
  readonly placeholder: string;
  readonly ip?: (ip: string) => QuickScore;
  readonly port?: (port: number) => QuickScore;
  readonly text?: (text: string) => QuickScore;
  /** The answer to any other text, when `text` is absent. */
  readonly refusal?: string;
}

/**
 * The day filter (`#…?filter=`, ui.md §1–3): an IP matches these columns exactly; other text is looked for (case
 * ignored) in these columns written one after the other. The words say it in the filter chip.
 */
export interface DayFilterRule {
  readonly ipColumns: readonly string[];
  readonly ipWord: string;
  readonly textColumns: readonly string[];
  /** "query contains …"; absent: the text is shown as typed. */
  readonly textWord?: string;
}

export interface PipelineProfile {
  /** The OA table the Suspicious view lists. */
  scoresTable: OaTable;
  /** The OA table of a row's details. */
  edgeTable: OaTable;
  /** Shown until the analyst changes the column choice, in this order after the identity columns. */
  defaultColumns: readonly string[];
  /** Which row it is (time and actor): first, and pinned when the table scrolls sideways. */
  identityColumns: readonly string[];
  /** IP columns, written with the host's network-context name and country beside them. */
  ipColumns: readonly string[];
  /** The row's event time in epoch milliseconds (the tables hold UTC), null when it has none. */
  eventTime(values: Readonly<Record<string, Cell>>): number | null;
  /** The details table's columns, in Spot's order. */
  detailColumns: readonly DetailColumn[];
  /** The second details tab. */
  peers: PeersView;
  /** The pipeline in running text ("Suspicious DNS"). */
  name: string;
  /** A row in one line, for captions. */
  caption(values: Readonly<Record<string, Cell>>): string;
  /** The entities of a row the day can be filtered by (a row's right-click menu). */
  rowEntities: readonly RowEntity[];
  /** The column a row's "Quick-score…" starts from. */
  quickScoreColumn: string;
  quickScore: QuickScoreRule;
  dayFilter: DayFilterRule;
  /** A column written with the reputation shield of another column beside it. */
  reputationBeside?: { readonly column: string; readonly reputation: string };
  /** The expanded search (Threat investigation): what is typed as its anchor, what a result row is, and the
   * caption of the result table (a client IP's rows read differently from a name's). */
  search: { anchorHint: string; rowsWord: string; caption: string; ipCaption?: string };
  /** What each role of a storyboard map's endpoint is (the core computes roles from the anchor's side, as on a
   * flow map; a proxy client "inbound" to the anchor server is the one that made the requests). Map and report. */
  mapRoles: Readonly<Record<GeoPoint['role'], string>>;
  /** What a map's arc counts, one and many: a flow arc is connections, a DNS arc the client's queries answered
   * with the address, a proxy arc requests. Map and report. */
  mapArc: { readonly one: string; readonly many: string };
}

const text = (v: Cell | undefined): string => (v === null || v === undefined ? '' : String(v));

export const PIPELINE_PROFILES: Record<Pipeline, PipelineProfile> = {
  flow: {
    scoresTable: 'flow_scores',
    edgeTable: 'flow_edge',
    identityColumns: ['tstart', 'srcip'],
    defaultColumns: ['dstip', 'sport', 'dport', 'proto', 'packets', 'bytes', 'detection', 'ml_score', 'severity'],
    ipColumns: ['srcip', 'dstip', 'rip'],
    eventTime: (v) => parseUtcTime(text(v.tstart)),
    detailColumns: [
      { name: 'tstart', raw: 'treceived' },
      { name: 'srcip', raw: 'sip' },
      { name: 'dstip', raw: 'dip' },
      { name: 'sport', raw: 'sport' },
      { name: 'dport', raw: 'dport' },
      { name: 'proto', raw: 'proto' },
      { name: 'flags', raw: 'flag' },
      { name: 'tos', raw: 'stos' },
      { name: 'ibyt', raw: 'ibyt' },
      { name: 'ipkt', raw: 'ipkt' },
      { name: 'obyt', raw: 'obyt' },
      { name: 'opkt', raw: 'opkt' },
      { name: 'rip', raw: 'rip' },
      { name: 'input', raw: 'input' },
      { name: 'output', raw: 'output' },
    ],
    peers: { kind: 'chord', label: 'Chord', ipColumn: 'srcip' },
    name: 'flow',
    caption: (v) => `${text(v.srcip)}:${text(v.sport)} → ${text(v.dstip)}:${text(v.dport)} ${text(v.proto)}`,
    rowEntities: [
      { word: 'source IP', columns: ['srcip'] },
      { word: 'destination IP', columns: ['dstip'] },
    ],
    quickScoreColumn: 'dstip',
    quickScore: {
      placeholder: 'IP or destination port',
      ip: (ip) => ({ target: { ip }, describe: `every row with ${ip} as source or destination` }),
      port: (dport) => ({ target: { dport }, describe: `every row to destination port ${dport}` }),
      refusal: 'Flow quick scoring takes an IP or a destination port.',
    },
    dayFilter: { ipColumns: ['srcip', 'dstip'], ipWord: 'IP', textColumns: ['srcip', 'dstip', 'dport', 'sport'] },
    search: { anchorHint: 'an IP address', rowsWord: 'connection groups', caption: 'Every connection' },
    mapRoles: { anchor: 'Anchor', inbound: 'Inbound only', outbound: 'Outbound only', twoway: 'Two way' },
    mapArc: { one: 'connection', many: 'connections' },
  },
  dns: {
    scoresTable: 'dns_scores',
    edgeTable: 'dns_edge',
    identityColumns: ['frame_time', 'ip_dst'],
    defaultColumns: [
      'dns_qry_name',
      'dns_qry_type_name',
      'dns_qry_rcode_name',
      'answers',
      'detection',
      'ml_score',
      'severity',
    ],
    ipColumns: ['ip_dst', 'ip_src'],
    // unix_tstamp is exact; frame_time is tshark's text of the same instant.
    eventTime: (v) => {
      const seconds = Number(v.unix_tstamp);
      if (v.unix_tstamp !== null && v.unix_tstamp !== undefined && Number.isFinite(seconds) && seconds > 0)
        return seconds * 1000;
      return parseUtcTime(text(v.frame_time));
    },
    detailColumns: [
      { name: 'unix_tstamp', raw: 'unix_tstamp' },
      { name: 'frame_len', raw: 'frame_len' },
      { name: 'ip_dst', raw: 'ip_dst' },
      { name: 'ip_src', raw: 'ip_src' },
      { name: 'dns_qry_name', raw: 'dns_qry_name', wide: true },
      // The edge table holds the codes and their IANA names; the names are what an analyst reads.
      { name: 'dns_qry_class_name', raw: 'dns_qry_class' },
      { name: 'dns_qry_type_name', raw: 'dns_qry_type' },
      { name: 'dns_qry_rcode_name', raw: 'dns_qry_rcode' },
      { name: 'dns_a', raw: 'dns_a' },
    ],
    peers: { kind: 'dendrogram', label: 'Dendrogram', ipColumn: 'ip_dst' },
    name: 'DNS',
    caption: (v) => `${text(v.ip_dst)} asked ${text(v.dns_qry_name)}`,
    rowEntities: [
      { word: 'client', columns: ['ip_dst'] },
      { word: 'domain', columns: ['tld', 'dns_qry_name'] },
    ],
    quickScoreColumn: 'dns_qry_name',
    quickScore: {
      placeholder: 'client IP or exact query',
      ip: (clientIp) => ({ target: { clientIp }, describe: `every query of client ${clientIp}` }),
      text: (dnsQuery) => ({ target: { dnsQuery }, describe: `every row querying exactly ${dnsQuery}` }),
    },
    dayFilter: { ipColumns: ['ip_dst'], ipWord: 'client', textColumns: ['dns_qry_name'], textWord: 'query' },
    reputationBeside: { column: 'dns_qry_name', reputation: 'query_rep' },
    search: {
      anchorHint: 'a client IP or a query name',
      rowsWord: 'query groups',
      caption: 'Clients of the query',
      ipCaption: 'Queries of the client',
    },
    // Links go from a client to the addresses its names resolved to; the anchor is the client or those addresses.
    mapRoles: {
      anchor: 'Anchor',
      inbound: 'Client',
      outbound: 'Resolved address',
      twoway: 'Client and resolved address',
    },
    mapArc: { one: 'query resolved to it', many: 'queries resolved to it' },
  },
  proxy: {
    scoresTable: 'proxy_scores',
    edgeTable: 'proxy_edge',
    identityColumns: ['time', 'clientip'],
    defaultColumns: [
      'host',
      'reqmethod',
      'fulluri',
      'respcode',
      'resconttype',
      'csbytes',
      'scbytes',
      'detection',
      'ml_score',
      'severity',
    ],
    ipColumns: ['clientip', 'serverip'],
    eventTime: (v) => parseUtcTime(`${text(v.tdate)} ${text(v.time)}`),
    detailColumns: [
      { name: 'time', raw: 'p_time', dateColumn: 'tdate' },
      { name: 'clientip', raw: 'clientip' },
      { name: 'host', raw: 'host' },
      { name: 'webcat', raw: 'webcat' },
      { name: 'respcode', raw: 'respcode' },
      { name: 'reqmethod', raw: 'reqmethod' },
      { name: 'useragent', raw: 'useragent', wide: true },
      { name: 'resconttype', raw: 'resconttype' },
      { name: 'referer', raw: 'referer' },
      { name: 'uriport', raw: 'uriport' },
      { name: 'serverip', raw: 'serverip' },
      { name: 'scbytes', raw: 'scbytes' },
      { name: 'csbytes', raw: 'csbytes' },
      { name: 'fulluri', raw: 'fulluri', wide: true },
    ],
    peers: {
      kind: 'request',
      label: 'Request',
      moreColumns: ['uripath', 'uriquery', 'username', 'duration', 'network_context', 'word'],
    },
    name: 'proxy',
    caption: (v) => `${text(v.clientip)} ${text(v.reqmethod)} ${text(v.fulluri)}`,
    rowEntities: [
      { word: 'client', columns: ['clientip'] },
      { word: 'host', columns: ['host'] },
    ],
    quickScoreColumn: 'fulluri',
    quickScore: {
      placeholder: 'exact full URI',
      // Proxy scores URIs only: an IP typed here is looked for as a URI, as Spot does.
      text: (uri) => ({ target: { uri }, describe: `every request of exactly ${uri}` }),
    },
    dayFilter: { ipColumns: ['clientip'], ipWord: 'client', textColumns: ['fulluri'], textWord: 'URI' },
    reputationBeside: { column: 'host', reputation: 'uri_rep' },
    search: { anchorHint: 'a host, a URI prefix or a full URI', rowsWord: 'requests', caption: 'Requests' },
    // Links go from the clients to the URI's server, which is the anchor.
    mapRoles: {
      anchor: 'Server (answered)',
      inbound: 'Client (made the requests)',
      outbound: 'Server (answered)',
      twoway: 'Client and server',
    },
    mapArc: { one: 'request', many: 'requests' },
  },
};

/** A map arc in words: "10.1.0.7 → 203.0.113.9: 12 queries resolved to it". */
export function mapArcLabel(pipeline: Pipeline, arc: { from: string; to: string; connections: number }): string {
  const words = PIPELINE_PROFILES[pipeline].mapArc;
  const n = arc.connections;
  return `${arc.from} → ${arc.to}: ${n.toLocaleString('en-US')} ${n === 1 ? words.one : words.many}`;
}

/** The raw columns the details table is read from, in its order (the core's scan of the raw day keeps them). */
export function detailRawColumns(pipeline: Pipeline): string[] {
  return PIPELINE_PROFILES[pipeline].detailColumns.map((c) => c.raw);
}

/** The column of a row whose IP the second details tab draws (chord, dendrogram), or null when it draws the row. */
export function peersIpColumn(pipeline: Pipeline): string | null {
  const peers = PIPELINE_PROFILES[pipeline].peers;
  return 'ipColumn' in peers ? peers.ipColumn : null;
}

/** One label per column name across the OA tables (the same field reads the same everywhere). */
const LABELS: Readonly<Record<string, string>> = {
  rank: 'Rank',
  detection: 'Finding',
  severity: 'Analyst',
  packets: 'Packets',
  bytes: 'Bytes',
  answers: 'Answers',
  ml_score: 'Score',
  tstart: 'Time',
  srcip: 'Source IP',
  dstip: 'Destination IP',
  sport: 'Src port',
  dport: 'Dst port',
  proto: 'Proto',
  flags: 'Flags',
  tos: 'Type of service',
  ibyt: 'In bytes',
  ipkt: 'In packets',
  obyt: 'Out bytes',
  opkt: 'Out packets',
  rip: 'Router IP',
  input: 'Input iface',
  output: 'Output iface',
  src_geoloc: 'Source geo',
  dst_geoloc: 'Destination geo',
  src_domain: 'Source domain',
  dst_domain: 'Destination domain',
  src_rep: 'Source reputation',
  dst_rep: 'Destination reputation',
  frame_time: 'Time',
  unix_tstamp: 'Time',
  frame_len: 'Length',
  ip_dst: 'Client IP',
  ip_src: 'Server IP',
  dns_qry_name: 'Query',
  tld: 'Domain',
  dns_qry_class_name: 'Class',
  dns_qry_type_name: 'Type',
  dns_qry_rcode_name: 'Rcode',
  dns_a: 'Answers',
  query_rep: 'Reputation',
  network_context: 'Context',
  tdate: 'Date',
  time: 'Time',
  clientip: 'Client IP',
  host: 'Host',
  webcat: 'Web category',
  respcode: 'Response',
  respcode_name: 'Response name',
  reqmethod: 'Method',
  useragent: 'User agent',
  resconttype: 'Content type',
  referer: 'Referer',
  uriport: 'URI port',
  uripath: 'URI path',
  uriquery: 'URI query',
  serverip: 'Proxy IP',
  scbytes: 'Bytes down',
  csbytes: 'Bytes up',
  fulluri: 'URI',
  username: 'User',
  duration: 'Duration (ms)',
  uri_rep: 'Reputation',
  word: 'LDA word',
  hh: 'Hour',
  mn: 'Minute',
};

/** A column's label: the shared one, else its name. */
export function columnLabel(name: string): string {
  return LABELS[name] ?? name;
}

/** How a column's value is written: sizes in bytes with units, counts with separators, times in the one format. */
export type ValueFormat = 'bytes' | 'count' | 'time' | 'score' | 'text';

const BYTE_COLUMNS = new Set(['ibyt', 'obyt', 'scbytes', 'csbytes', 'frame_len', 'bytes']);
/** Integers that are identifiers or codes, not amounts: written as they are. */
const CODE_COLUMNS = new Set([
  'sport',
  'dport',
  'uriport',
  'respcode',
  'dns_qry_type',
  'dns_qry_rcode',
  'tos',
  'input',
  'output',
  'hh',
  'mn',
  'rank',
  'srcip_internal',
  'dstip_internal',
]);
const TIME_COLUMNS = new Set(['tstart', 'frame_time', 'unix_tstamp']);

/** The type shared/schema.ts gives a column of an OA table, undefined when the table has no such column. */
export function columnType(table: OaTable, name: string): ColumnType | undefined {
  return OA_TABLES[table].find((c) => c.name === name)?.type;
}

/** The format of a column of an OA table (or a derived column), from its name and its schema type. */
export function columnFormat(table: OaTable, name: string): ValueFormat {
  if (BYTE_COLUMNS.has(name)) return 'bytes';
  if (TIME_COLUMNS.has(name)) return 'time';
  if (name === 'ml_score') return 'score';
  if (name === 'packets') return 'count';
  if (CODE_COLUMNS.has(name)) return 'text';
  const type = columnType(table, name);
  return type === 'int' || type === 'bigint' ? 'count' : 'text';
}
