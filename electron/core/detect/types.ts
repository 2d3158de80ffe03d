/**
 * What a detector is and what it finds. A detector is one small module (detect/<pipeline>/<name>.ts) holding one
 * set-based SQL query over the day's normalised `events` view (events.ts) and the mapping of each result row to a
 * finding. Findings name the keys of the rows they cover, so the scorer can mark every covered event, the import
 * every covered row, and the same definition can later run where the data lives (Hive/Impala).
 */
import type { Pipeline } from '../../../shared/schema';
import type { QuantileStyle } from './quantiles';

/** The kinds of finding; the name an analyst reads (underscores shown as spaces). */
export type FindingName =
  | 'beaconing'
  | 'port_scan'
  | 'flood'
  | 'long_connection'
  | 'rare_external_contact'
  | 'large_upload'
  | 'dns_tunnelling'
  | 'dga'
  | 'nxdomain_burst'
  | 'unusual_record_type'
  | 'high_query_rate'
  | 'uri_attack'
  | 'malicious_url'
  | 'rare_host'
  | 'rare_user_agent';

/**
 * The row keys a finding covers: a results or OA row is covered when every key given is equal (domain: the row's
 * query name or host is it or ends with `.` + it; uriPattern: the row's full URI matches the regular expression,
 * case-insensitive, in the subset JavaScript and RE2 share — no look-around, no back-references).
 */
export interface FindingKeys {
  srcip?: string;
  dstip?: string;
  dport?: number;
  /** flow protocol as written in the raw data, upper case (TCP, UDP, ICMP …). */
  proto?: string;
  /** DNS ip_dst or proxy clientip. */
  clientip?: string;
  /** DNS base domain (e.g. `example.com`), or proxy host suffix. */
  domain?: string;
  /** Proxy host (exact). */
  host?: string;
  /** DNS response code (3 = NXDomain). */
  rcode?: number;
  /** DNS query type (16 = TXT, 10 = NULL, 255 = ANY). */
  qtype?: number;
  /** Proxy user agent (exact). */
  useragent?: string;
  /** Proxy full URI pattern. */
  uriPattern?: string;
}

export interface Finding {
  /** The detector's id, e.g. `flow/beaconing`. */
  detector: string;
  name: FindingName;
  pipeline: Pipeline;
  /** 0–1, higher = more confident that this is malicious. */
  strength: number;
  /** Why, in words an analyst reads, with the numbers behind it. */
  evidence: string;
  keys: FindingKeys;
  /** Events of the day behind the finding. */
  events: number;
}

/**
 * What an organisation's network looks like to the detectors (RITA's `filtering` block is the anchor). Good defaults
 * need no configuration; the settings refine them. Subnets are CIDRs (IPv4, or IPv6 with a prefix that is a multiple
 * of 4 bits); domains match themselves and their subdomains.
 */
export interface NetworkSettings {
  /** The organisation's address space. */
  internalSubnets: string[];
  /** Resolvers, gateways, NTP and DHCP servers, proxies: traffic to them is background. */
  infrastructureHosts: string[];
  /** Never make a finding involving these (allow). */
  neverIncludedSubnets: string[];
  neverIncludedDomains: string[];
  /** Always evaluate these, even when they look like background or are common. */
  alwaysIncludedSubnets: string[];
  alwaysIncludedDomains: string[];
}

export interface DetectorContext {
  pipeline: Pipeline;
  /** YYYY-MM-DD. */
  date: string;
  network: NetworkSettings;
  /** The day's shared tables exist (day-tables.ts): read them instead of computing them again per detector. */
  dayTables?: boolean;
  /** How quantiles are written (quantiles.ts): aggregates by default; analytic functions for an engine without them. */
  quantiles?: QuantileStyle;
}

/** One result row of a detector's query, column name → value (BIGINT as number). */
export type QueryRow = Record<string, string | number | boolean | null>;

export interface Detector {
  /** `<pipeline>/<name>`, unique. */
  id: string;
  pipeline: Pipeline;
  name: FindingName;
  /** One line: what it finds, for the docs and the settings. */
  description: string;
  /** One set-based query over the `events` view returning one row per finding. */
  sql(ctx: DetectorContext): string;
  /** The finding of one result row (detector, name and pipeline are filled in by the runner). */
  toFinding(row: QueryRow, ctx: DetectorContext): Omit<Finding, 'detector' | 'name' | 'pipeline'>;
}
