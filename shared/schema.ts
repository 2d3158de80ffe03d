/**
 * Every Spot table and file format, column by column in Spot's own order, defined once.
 * Parsers, the cache DDL, CSV export and the renderer's table columns all read these lists,
 * so a column order is written in exactly one place. Facts: ../shared/spec/data-formats.md.
 */

export type ColumnType = 'string' | 'int' | 'bigint' | 'float';

export interface Column {
  readonly name: string;
  readonly type: ColumnType;
}

export type Pipeline = 'flow' | 'dns' | 'proxy';
export const PIPELINES: readonly Pipeline[] = ['flow', 'dns', 'proxy'];

function cols(spec: string): readonly Column[] {
  // "name:type name:type ..." with type defaulting to string; keeps the lists below readable.
  return spec
    .trim()
    .split(/\s+/)
    .map((token) => {
      const [name, type = 'string'] = token.split(':');
      if (!name) throw new Error(`bad column spec ${token}`);
      return { name, type: type as ColumnType };
    });
}

/** Raw telemetry tables (Hive `flow`, `dns`, `proxy`), data-formats.md §2. */
export const RAW_COLUMNS = {
  /** Spot 1.0's 28-column flow table. The seed's 27-column form lacks unix_tstamp (index 1). */
  flow: cols(`treceived unix_tstamp:bigint tryear:int trmonth:int trday:int trhour:int trminute:int trsec:int
    tdur:float sip dip sport:int dport:int proto flag fwd:int stos:int ipkt:bigint ibyt:bigint opkt:bigint
    obyt:bigint input:int output:int sas:int das:int dtos:int dir:int rip`),
  dns: cols(`frame_time unix_tstamp:bigint frame_len:int ip_dst ip_src dns_qry_name dns_qry_class
    dns_qry_type:int dns_qry_rcode:int dns_a`),
  proxy: cols(`p_date p_time clientip host reqmethod useragent resconttype duration:int username authgroup
    exceptionid filterresult webcat referer respcode action urischeme uriport uripath uriquery uriextension
    serverip scbytes:int csbytes:int virusid bcappname bcappoper fulluri`),
} as const satisfies Record<Pipeline, readonly Column[]>;

/** The seed's 27-column flow form: the 1.0 table without unix_tstamp. */
export const RAW_FLOW_SEED_COLUMNS: readonly Column[] = RAW_COLUMNS.flow.filter((c) => c.name !== 'unix_tstamp');

/** spot-ml output `<type>_results.csv`: TAB, no header, ascending score, score last. data-formats.md §3. */
export const RESULTS_COLUMNS = {
  flow: cols(`treceived tryear:int trmonth:int trday:int trhour:int trminute:int trsec:int tdur:float sip dip
    sport:int dport:int proto ipkt:bigint ibyt:bigint opkt:bigint obyt:bigint score:float`),
  dns: cols(`frame_time unix_tstamp:bigint frame_len:int ip_dst dns_qry_name dns_qry_class dns_qry_type:int
    dns_qry_rcode:int score:float`),
  proxy: cols(`p_date p_time clientip host reqmethod useragent resconttype duration:int username webcat referer
    respcode uriport uripath uriquery serverip scbytes:int csbytes:int fulluri word score:float`),
} as const satisfies Record<Pipeline, readonly Column[]>;

/** OA output tables, data-formats.md §4. Spot partitions them by y/m/d; the cache keys them by `day`. */
export const OA_TABLES = {
  flow_scores: cols(`tstart srcip dstip sport:int dport:int proto ipkt:int ibyt:int opkt:int obyt:int
    ml_score:float rank:int srcip_internal:int dstip_internal:int src_geoloc dst_geoloc src_domain dst_domain
    src_rep dst_rep`),
  flow_edge: cols(`tstart srcip dstip sport:int dport:int proto flags tos:int ibyt:bigint ipkt:bigint
    input:bigint output:bigint rip obyt:bigint opkt:bigint hh:int mn:int`),
  flow_chords: cols(`ip_threat srcip dstip ibyt:bigint ipkt:bigint`),
  flow_ingest_summary: cols(`tdate total:bigint`),
  flow_threat_investigation: cols(`tstart srcip dstip srcport:int dstport:int score:int`),
  flow_storyboard: cols(`ip_threat title text`),
  flow_timeline: cols(`ip_threat tstart tend srcip dstip proto sport:int dport:int ipkt:bigint ibyt:bigint`),

  dns_scores: cols(`frame_time unix_tstamp:bigint frame_len:bigint ip_dst dns_qry_name dns_qry_class
    dns_qry_type:int dns_qry_rcode:int ml_score:float tld query_rep hh:int dns_qry_class_name
    dns_qry_type_name dns_qry_rcode_name network_context`),
  dns_edge: cols(`unix_tstamp:bigint frame_len:bigint ip_dst ip_src dns_qry_name dns_qry_class dns_qry_type:int
    dns_qry_rcode:int dns_a hh:int dns_qry_class_name dns_qry_type_name dns_qry_rcode_name network_context`),
  dns_dendro: cols(`unix_tstamp:bigint dns_a dns_qry_name ip_dst`),
  dns_threat_dendro: cols(`anchor total:bigint dns_qry_name ip_dst`),
  dns_threat_investigation: cols(`unix_tstamp:bigint ip_dst dns_qry_name ip_sev:int dns_sev:int`),
  dns_storyboard: cols(`ip_threat dns_threat title text`),
  dns_ingest_summary: cols(`tdate total:bigint`),

  proxy_scores: cols(`tdate time clientip host reqmethod useragent resconttype duration:int username webcat
    referer respcode:int uriport:int uripath uriquery serverip scbytes:int csbytes:int fulluri word
    ml_score:float uri_rep respcode_name network_context`),
  proxy_edge: cols(`tdate time clientip host webcat respcode reqmethod useragent resconttype referer uriport
    serverip scbytes:int csbytes:int fulluri hh:int respcode_name`),
  proxy_threat_investigation: cols(`tdate fulluri uri_sev:int`),
  proxy_storyboard: cols(`p_threat title text`),
  proxy_timeline: cols(`p_threat tstart tend duration:bigint clientip respcode respcodename`),
  proxy_ingest_summary: cols(`tdate total:bigint`),
} as const satisfies Record<string, readonly Column[]>;

export type OaTable = keyof typeof OA_TABLES;

/** The OA tables a pipeline run writes (replaced atomically on re-run). Analyst tables are kept. */
export const OA_OUTPUT_TABLES: Record<Pipeline, readonly OaTable[]> = {
  flow: ['flow_scores', 'flow_edge', 'flow_chords', 'flow_ingest_summary'],
  dns: ['dns_scores', 'dns_edge', 'dns_dendro', 'dns_ingest_summary'],
  proxy: ['proxy_scores', 'proxy_edge', 'proxy_ingest_summary'],
};

/** Tables holding the analyst's work; a pipeline re-run never deletes them (Spot 1.0 does). */
export const ANALYST_TABLES: Record<Pipeline, readonly OaTable[]> = {
  flow: ['flow_threat_investigation', 'flow_storyboard', 'flow_timeline'],
  dns: ['dns_threat_investigation', 'dns_storyboard', 'dns_threat_dendro'],
  proxy: ['proxy_threat_investigation', 'proxy_storyboard', 'proxy_timeline'],
};

/** ml_feedback.csv as spot-ml's reader needs it (feedback.md §4): TAB, one header line. */
export const FEEDBACK_COLUMNS = {
  flow: cols(`sev tstart srcIP dstIP sport dport ipkt ibyt proto`),
  dns: cols(`frame_time frame_len ip_dst dns_qry_name dns_qry_class dns_qry_type dns_qry_rcode score tld
    query_rep hh ip_sev dns_sev dns_qry_class_name dns_qry_type_name dns_qry_rcode_name network_context
    unix_tstamp`),
  proxy: cols(`p_date p_time clientip host reqmethod useragent resconttype duration username webcat referer
    respcode uriport uripath uriquery serverip scbytes csbytes fulluri word score uri_rep uri_sev
    respcode_name network_context hash`),
} as const satisfies Record<Pipeline, readonly Column[]>;

/** Index of the severity column spot-ml reads in ml_feedback.csv (feedback.md §3). */
export const FEEDBACK_SEVERITY_INDEX: Record<Pipeline, number> = { flow: 0, dns: 12, proxy: 22 };

export function columnNames(columns: readonly Column[]): string[] {
  return columns.map((c) => c.name);
}

/** Analyst score values: 1 high, 2 medium, 3 low (benign). */
export type Severity = 1 | 2 | 3;
