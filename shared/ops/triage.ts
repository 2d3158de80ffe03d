/** Suspicious views: the day's suspicious rows, their details, chords, dendrogram and graph neighbours. */
import { z } from 'zod';
import { dateSchema, op, pipelineSchema, type Cell } from '../api-base';
import type { Severity } from '../schema';

/** Every suspicious row of a day in Spot's order (flow by rank, dns/proxy by ascending score). */
export interface SuspiciousRows {
  /** Column names of `<pipeline>_scores` in Spot's order (shared/schema.ts). */
  columns: string[];
  /** rows[i] is row index i (0-based position in Spot's order, the index scoring and explanations use). */
  rows: Cell[][];
  /** Per row: the stored explanation JSON (pipeline/scorer facts), or null when none was stored. */
  explanations: Array<Record<string, unknown> | null>;
  /** All suspicious rows of the day (rows.length is smaller only when `limit` cut it). */
  total: number;
}

export interface DetailRows {
  table: string;
  columns: string[];
  rows: Cell[][];
  /** What the rows were selected by, in words (for the panel's caption). */
  selectedBy: string;
}

export interface ChordLink {
  srcip: string;
  dstip: string;
  ibyt: number;
  ipkt: number;
}
export interface ChordData {
  ip: string;
  /** 'flow_chords' = Spot's table; 'flow_edge' = summed from the day's edge rows when Spot has no chords for it. */
  source: 'flow_chords' | 'flow_edge';
  links: ChordLink[];
}

export interface DendroData {
  ip: string;
  /** One entry per queried name: the answers (dns_a split on `|`, deduplicated), how many dendro rows, and the
   * name's base (registered) domain, as the DNS storyboard groups by it ('None' when it has none). */
  queries: Array<{ name: string; answers: string[]; count: number; base: string }>;
}

/** The answers of DNS suspicious rows (`dns_a` of the raw event, kept in dns_edge/dns_dendro by the import). */
export interface DnsAnswers {
  /** False when the day kept no raw DNS events at all (no dns_edge or dns_dendro rows): no row can have answers. */
  hasData: boolean;
  /** One entry per asked row index that exists: the event's answers (`dns_a` split on `|`, deduplicated, [] when
   * the server answered none), or null when the import kept no raw event of the row (Spot keeps 250 per key). */
  rows: Array<{ row: number; answers: string[] | null }>;
}

export type NodeKind = 'ip' | 'domain' | 'host' | 'uri';
export const nodeKindSchema = z.enum(['ip', 'domain', 'host', 'uri']);

export interface Neighbour {
  kind: NodeKind;
  value: string;
  /** Rows linking the node and this neighbour (edge rows + suspicious rows). */
  rows: number;
  /** flow: bytes both ways; dns/proxy: rows. */
  weight: number;
  /** The highest suspicion among the linking suspicious rows (lower score = more suspicious); null when none. */
  minScore: number | null;
  /** IPs: inside the network by the same ipranges the day's flow srcip_internal/dstip_internal came from. */
  internal?: boolean;
}

/** What the network context and geolocation say about one IP, written beside it in tables and details. */
export interface HostName {
  /** The network-context name (the label up to " - ", e.g. "proxy01"), '' when the IP has no label. */
  name: string;
  /** The whole network-context label ("proxy01 - Proxy (Blue Coat) egress web proxy"), '' when none. */
  label: string;
  /** Inside the network (ipranges), as the flow import classifies it. */
  internal: boolean;
  /** Country name of an outside IP by the geolocation database, '' when unknown or internal. */
  country: string;
}

/** One row of `suspicious.list`: the view's default order, with what put it there. */
export interface SuspiciousListRow {
  /** Place in the list (0-based). */
  position: number;
  /** The row's index in Spot's order (what scoring and details use). */
  index: number;
  /** The strongest named finding covering the row, '' when none. */
  finding: string;
  /** Combined risk before labels (null for days imported before it existed). */
  risk: number | null;
  /** The analyst's score, when scored (only listed with `all`). */
  severity: Severity | null;
  /** `<pipeline>_scores` values, in `columns` order (ml_score is the LDA score). */
  values: Cell[];
}

export interface SuspiciousList {
  columns: string[];
  rows: SuspiciousListRow[];
  /** Rows left out because they are scored or allow-listed (without `all`). */
  hidden: { scored: number; allowListed: number };
}

/** What the latest import of a day changed against the previous import of the day (issue #16). */
export interface OrderChanges {
  /** When the previous import was made. */
  previousImportedAt: string;
  rows: { before: number; after: number; new: number; dropped: number; movedUp: number; movedDown: number };
  /** Case titles ("port scan · 10.10.4.201"), most important first. */
  cases: { new: string[]; dropped: string[]; movedUp: string[]; movedDown: string[] };
  /** Row indexes (current import) of the new rows. */
  newRows: number[];
}

export interface DayChanges {
  importedAt: string;
  /** null when the day was imported once only. */
  changes: OrderChanges | null;
  /** What the standing rules (scores by criteria) scored at the latest import. */
  standing: { rules: number; rows: number };
}

export const triageOps = {
  /** The day's rows exactly in the view's default order (the CLI's `list`). */
  'suspicious.list': op<SuspiciousList>()(
    z
      .object({
        pipeline: pipelineSchema,
        date: dateSchema,
        order: z.enum(['risk', 'lda']).default('risk'),
        all: z.boolean().default(false),
        limit: z.number().int().min(1).max(10_000_000).optional(),
      })
      .strict(),
  ),
  'suspicious.rows': op<SuspiciousRows>()(
    z
      .object({
        pipeline: pipelineSchema,
        date: dateSchema,
        /** A display cap (a setting); absent = every suspicious row of the day. */
        limit: z.number().int().min(1).max(1_000_000).optional(),
      })
      .strict(),
  ),
  /** What the latest import of the day changed: new, dropped and moved rows and cases; standing rules applied. */
  'suspicious.changes': op<DayChanges>()(z.object({ pipeline: pipelineSchema, date: dateSchema }).strict()),
  /** The detail rows of one suspicious row (enrichment.md §7): flow_edge same minute both directions,
   * dns_edge same hour + exact query, proxy_edge same URI + client. */
  'details.rows': op<DetailRows>()(
    z.object({ pipeline: pipelineSchema, date: dateSchema, row: z.number().int().min(0) }).strict(),
  ),
  'chords.get': op<ChordData>()(z.object({ date: dateSchema, ip: z.string().min(1).max(64) }).strict()),
  'dendro.get': op<DendroData>()(z.object({ date: dateSchema, ip: z.string().min(1).max(64) }).strict()),
  /** The answers of the DNS rows on screen (one set-based read per page, after the table's first paint). */
  'dns.answers': op<DnsAnswers>()(
    z.object({ date: dateSchema, rows: z.array(z.number().int().min(0)).max(2000) }).strict(),
  ),
  /** Names and countries of IPs (the network context and geolocation the import uses), keyed by IP. */
  'hosts.names': op<Record<string, HostName>>()(
    z.object({ ips: z.array(z.string().min(1).max(64)).max(50_000) }).strict(),
  ),
  /** One hop of the day's graph around a node, from the edge tables and the suspicious rows. */
  'graph.neighbours': op<Neighbour[]>()(
    z
      .object({
        pipeline: pipelineSchema,
        date: dateSchema,
        kind: nodeKindSchema,
        value: z.string().min(1).max(8192),
        limit: z.number().int().min(1).max(2000).default(50),
      })
      .strict(),
  ),
} as const;
