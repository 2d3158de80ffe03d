/** Threat investigation, storyboard and export. */
import { z } from 'zod';
import { dateSchema, op, pipelineSchema, type Cell, type JobState } from '../api-base';

/** What an investigation starts from: an IP (flow, dns client), a DNS query name, or a proxy full URI. */
export type AnchorKind = 'ip' | 'query' | 'uri';

export interface ThreatCandidate {
  anchor: string;
  kind: AnchorKind;
  /** 'scored': marked High (score 1) by the analyst; 'suspicious': one of the day's most suspicious rows. */
  origin: 'scored' | 'suspicious';
  /** Already saved to the storyboard. */
  saved: boolean;
  /** scored: rows the analyst scored High with it; suspicious: the day's suspicious rows with it. */
  rows: number;
  /** Why it is on the list (the analyst's score, the strongest finding, a reputation, or its LDA place). */
  reason: string;
  /** Suspicious URIs and queries: the host or base domain the list folds them under (IPs have none). */
  group?: string;
  /** 'finding': `group` names the finding and its actor the lone names of one finding fold under, not a domain. */
  groupBy?: 'finding';
}

export interface ThreatCandidates {
  scored: ThreatCandidate[];
  suspicious: ThreatCandidate[];
}

/** The expanded search of one anchor over one day or a range of days, as cached. */
export interface ExpandedSearch {
  pipeline: 'flow' | 'dns' | 'proxy';
  anchor: string;
  kind: AnchorKind;
  start: string;
  end: string;
  /** Days of the range that had raw data on disk (others are skipped and listed in `missingDays`). */
  days: string[];
  missingDays: string[];
  columns: string[];
  rows: Cell[][];
  /** Rows found before the cache cap (`rows` holds at most SEARCH_ROW_CAP). */
  total: number;
  truncated: boolean;
  /**
   * The anchor's events per minute when the rows are totals that lose the time (DNS: per queried name for a client,
   * per client for a name; `detail` counts response codes). Absent for flow and proxy, whose rows carry their time,
   * and in searches cached before it was kept.
   */
  timeline?: TimelineCluster[];
  searchedAt: string;
}

/** Rows kept in a cached expanded search; beyond it `truncated` is set (the totals still count every row). */
export const SEARCH_ROW_CAP = 50_000;

export interface SearchStart {
  /** The job running the search, or null when the result was already cached. */
  job: JobState | null;
  cached: boolean;
}

export interface StoryboardEntry {
  anchor: string;
  /** dns: which column the anchor came from (ip_threat or dns_threat). */
  kind: AnchorKind;
  title: string;
  text: string;
}

/** A node of the incident-progression tree (flow: anchor → direction → context; dns: anchor → values). */
export interface TreeNode {
  name: string;
  /** Count behind the node (connections, queries, peers), 0 when not meaningful. */
  value: number;
  children: TreeNode[];
}

/** Proxy incident progression: one column per category, nodes linked per request. */
export interface ProxyProgression {
  anchor: string;
  columns: Array<{ name: 'Referer' | 'IP' | 'Method' | 'ContentType' | 'Threat' | 'Referred'; values: string[] }>;
  /** Links between values of adjacent columns (index of column, value, next value, requests). */
  links: Array<{ column: number; from: string; to: string; count: number }>;
}

export interface ImpactBar {
  name: string;
  value: number;
  children: ImpactBar[];
}

export interface GeoPoint {
  ip: string;
  lat: number;
  lon: number;
  country: string;
  city: string;
  owner: string;
  role: 'anchor' | 'inbound' | 'outbound' | 'twoway';
}

export interface GlobeArc {
  from: string;
  to: string;
  startLat: number;
  startLon: number;
  endLat: number;
  endLon: number;
  connections: number;
}

export interface GlobeData {
  /** False when no geolocation database is available (the view says so). */
  available: boolean;
  points: GeoPoint[];
  arcs: GlobeArc[];
  /** How many endpoints have no location (private or reserved addresses, misses). */
  unlocated: number;
  /** The first 50 of them, for the view. */
  unlocatedIps: string[];
}

/** One cluster of the timeline: one peer (flow) or client (proxy), one minute, with port or code counts. */
export interface TimelineCluster {
  lane: string;
  /** `YYYY-MM-DD HH:MM` */
  minute: string;
  count: number;
  /** flow: destination port → connections; proxy: response code → requests. */
  detail: Record<string, number>;
}

/** Where the analyst's own network is: private addresses are drawn there on the map (no database locates them). */
export interface HomeLocation {
  lat: number;
  lon: number;
  label: string;
}

export interface StoryboardDetail {
  entry: StoryboardEntry;
  tree: TreeNode | null;
  progression: ProxyProgression | null;
  impact: ImpactBar | null;
  globe: GlobeData | null;
  timeline: TimelineCluster[];
}

export interface IngestSeries {
  pipeline: 'flow' | 'dns' | 'proxy';
  start: string;
  end: string;
  points: Array<{ minute: string; total: number }>;
}

/** A file handed to the renderer as a download (it never sees a path). */
export interface ExportFile {
  filename: string;
  mimeType: string;
  /** base64 of the bytes */
  base64: string;
}

/** Traffic Light Protocol 2.0 markings an analyst puts on a report. */
export const TLP_LEVELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export type Tlp = (typeof TLP_LEVELS)[number];

/** pdf and html: the report; csv and stix: its indicators of compromise. */
export const EXPORT_FORMATS = ['pdf', 'html', 'csv', 'stix'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Where the analyst's internal hosts are drawn and counted (the storyboard map's choice). */
const homeSchema = z
  .object({
    lat: z.number().min(-90).max(90),
    lon: z.number().min(-180).max(180),
    label: z.string().max(100),
  })
  .strict();

const anchorSchema = z.string().trim().min(1, 'anchor is empty').max(4096, 'anchor is longer than 4096 characters');

export const investigationOps = {
  /** High (score 1) items of the day, and the day's most suspicious anchors as a fallback list. */
  'investigation.candidates': op<ThreatCandidates>()(z.object({ pipeline: pipelineSchema, date: dateSchema }).strict()),
  /** Starts the expanded search over the raw day(s) as a job, unless it is cached. */
  'investigation.search': op<SearchStart>()(
    z
      .object({
        pipeline: pipelineSchema,
        date: dateSchema,
        endDate: dateSchema.optional(),
        anchor: anchorSchema,
        refresh: z.boolean().default(false),
      })
      .strict(),
  ),
  /** The cached expanded search, or null when it has not run. */
  'investigation.result': op<ExpandedSearch | null>()(
    z
      .object({ pipeline: pipelineSchema, date: dateSchema, endDate: dateSchema.optional(), anchor: anchorSchema })
      .strict(),
  ),
  /** Saves the threat (title and summary) with its timeline / dendro rows, replacing an earlier save. */
  'investigation.save': op<StoryboardEntry>()(
    z
      .object({
        pipeline: pipelineSchema,
        date: dateSchema,
        endDate: dateSchema.optional(),
        anchor: anchorSchema,
        title: z.string().trim().min(1, 'title is empty').max(500, 'title is longer than 500 characters'),
        text: z.string().max(20_000, 'summary is longer than 20000 characters'),
      })
      .strict(),
  ),
  'storyboard.list': op<StoryboardEntry[]>()(z.object({ pipeline: pipelineSchema, date: dateSchema }).strict()),
  'storyboard.detail': op<StoryboardDetail>()(
    z
      .object({
        pipeline: pipelineSchema,
        date: dateSchema,
        anchor: anchorSchema,
        home: homeSchema.optional(),
      })
      .strict(),
  ),
  /** Removes a saved threat and its timeline / dendro rows. */
  'storyboard.delete': op<{ deleted: boolean }>()(
    z.object({ pipeline: pipelineSchema, date: dateSchema, anchor: anchorSchema }).strict(),
  ),
  /** Per-minute ingested records over a range (swapped if reversed), padded minutes. */
  'ingest.series': op<IngestSeries>()(
    z.object({ pipeline: pipelineSchema, start: dateSchema.optional(), end: dateSchema.optional() }).strict(),
  ),
  /** The storyboard report (HTML, or that HTML printed to PDF) or its indicators (CSV, STIX 2.1 bundle). */
  'export.storyboard': op<ExportFile>()(
    z
      .object({
        pipeline: pipelineSchema,
        date: dateSchema,
        anchor: anchorSchema.optional(),
        format: z.enum(EXPORT_FORMATS),
        tlp: z.enum(TLP_LEVELS).default('AMBER'),
        analyst: z.string().trim().max(100, 'analyst name is longer than 100 characters').optional(),
        /** The map's home location: the report places internal hosts there, as the storyboard does. */
        home: homeSchema.optional(),
      })
      .strict(),
  ),
  /** Any table the renderer shows, as RFC 4180 CSV (formula-injection safe). */
  'export.csv': op<ExportFile>()(
    z
      .object({
        name: z.string().trim().min(1).max(120),
        columns: z.array(z.string().max(200)).min(1).max(500),
        rows: z.array(z.array(z.union([z.string(), z.number(), z.null()]))).max(200_000),
      })
      .strict(),
  ),
} as const;
