import type { Migration } from './index';

// Spot's OA tables, one SQLite table each, keyed by `day` (YYYY-MM-DD) where Spot partitions by y/m/d.
// The columns are frozen here (not generated from shared/schema.ts) so that this migration never changes
// after it has shipped; a test checks they still equal shared/schema.ts.
const TABLES: Record<string, string> = {
  flow_scores: `tstart TEXT, srcip TEXT, dstip TEXT, sport INTEGER, dport INTEGER, proto TEXT, ipkt INTEGER,
    ibyt INTEGER, opkt INTEGER, obyt INTEGER, ml_score REAL, rank INTEGER, srcip_internal INTEGER,
    dstip_internal INTEGER, src_geoloc TEXT, dst_geoloc TEXT, src_domain TEXT, dst_domain TEXT, src_rep TEXT,
    dst_rep TEXT`,
  flow_edge: `tstart TEXT, srcip TEXT, dstip TEXT, sport INTEGER, dport INTEGER, proto TEXT, flags TEXT,
    tos INTEGER, ibyt INTEGER, ipkt INTEGER, input INTEGER, output INTEGER, rip TEXT, obyt INTEGER, opkt INTEGER,
    hh INTEGER, mn INTEGER`,
  flow_chords: `ip_threat TEXT, srcip TEXT, dstip TEXT, ibyt INTEGER, ipkt INTEGER`,
  flow_ingest_summary: `tdate TEXT, total INTEGER`,
  flow_threat_investigation: `tstart TEXT, srcip TEXT, dstip TEXT, srcport INTEGER, dstport INTEGER, score INTEGER`,
  flow_storyboard: `ip_threat TEXT, title TEXT, text TEXT`,
  flow_timeline: `ip_threat TEXT, tstart TEXT, tend TEXT, srcip TEXT, dstip TEXT, proto TEXT, sport INTEGER,
    dport INTEGER, ipkt INTEGER, ibyt INTEGER`,
  dns_scores: `frame_time TEXT, unix_tstamp INTEGER, frame_len INTEGER, ip_dst TEXT, dns_qry_name TEXT,
    dns_qry_class TEXT, dns_qry_type INTEGER, dns_qry_rcode INTEGER, ml_score REAL, tld TEXT, query_rep TEXT,
    hh INTEGER, dns_qry_class_name TEXT, dns_qry_type_name TEXT, dns_qry_rcode_name TEXT, network_context TEXT`,
  dns_edge: `unix_tstamp INTEGER, frame_len INTEGER, ip_dst TEXT, ip_src TEXT, dns_qry_name TEXT,
    dns_qry_class TEXT, dns_qry_type INTEGER, dns_qry_rcode INTEGER, dns_a TEXT, hh INTEGER,
    dns_qry_class_name TEXT, dns_qry_type_name TEXT, dns_qry_rcode_name TEXT, network_context TEXT`,
  dns_dendro: `unix_tstamp INTEGER, dns_a TEXT, dns_qry_name TEXT, ip_dst TEXT`,
  dns_threat_dendro: `anchor TEXT, total INTEGER, dns_qry_name TEXT, ip_dst TEXT`,
  dns_threat_investigation: `unix_tstamp INTEGER, ip_dst TEXT, dns_qry_name TEXT, ip_sev INTEGER, dns_sev INTEGER`,
  dns_storyboard: `ip_threat TEXT, dns_threat TEXT, title TEXT, text TEXT`,
  dns_ingest_summary: `tdate TEXT, total INTEGER`,
  proxy_scores: `tdate TEXT, time TEXT, clientip TEXT, host TEXT, reqmethod TEXT, useragent TEXT,
    resconttype TEXT, duration INTEGER, username TEXT, webcat TEXT, referer TEXT, respcode INTEGER,
    uriport INTEGER, uripath TEXT, uriquery TEXT, serverip TEXT, scbytes INTEGER, csbytes INTEGER, fulluri TEXT,
    word TEXT, ml_score REAL, uri_rep TEXT, respcode_name TEXT, network_context TEXT`,
  proxy_edge: `tdate TEXT, time TEXT, clientip TEXT, host TEXT, webcat TEXT, respcode TEXT, reqmethod TEXT,
    useragent TEXT, resconttype TEXT, referer TEXT, uriport TEXT, serverip TEXT, scbytes INTEGER,
    csbytes INTEGER, fulluri TEXT, hh INTEGER, respcode_name TEXT`,
  proxy_threat_investigation: `tdate TEXT, fulluri TEXT, uri_sev INTEGER`,
  proxy_storyboard: `p_threat TEXT, title TEXT, text TEXT`,
  proxy_timeline: `p_threat TEXT, tstart TEXT, tend TEXT, duration INTEGER, clientip TEXT, respcode TEXT,
    respcodename TEXT`,
  proxy_ingest_summary: `tdate TEXT, total INTEGER`,
};

export const migration: Migration = {
  version: 1,
  name: 'oa-tables',
  up(db) {
    for (const [name, columns] of Object.entries(TABLES)) {
      // row_id keeps Spot's row order (rank for flow, ascending score for dns/proxy) stable on read.
      db.exec(`CREATE TABLE ${name} (row_id INTEGER PRIMARY KEY, day TEXT NOT NULL, ${columns})`);
      db.exec(`CREATE INDEX ${name}_day ON ${name}(day)`);
    }
    // Which (pipeline, day) pairs are cached, where they came from, and when.
    db.exec(`CREATE TABLE days (
      pipeline TEXT NOT NULL CHECK (pipeline IN ('flow','dns','proxy')),
      day TEXT NOT NULL,
      source TEXT NOT NULL,
      imported_at TEXT NOT NULL,
      rows INTEGER NOT NULL,
      PRIMARY KEY (pipeline, day)
    ) WITHOUT ROWID`);
    // Why each suspicious row is suspicious (decoded word, rarity, named detections), as JSON per row.
    db.exec(`CREATE TABLE explanations (
      pipeline TEXT NOT NULL, day TEXT NOT NULL, row_index INTEGER NOT NULL, json TEXT NOT NULL,
      PRIMARY KEY (pipeline, day, row_index)
    ) WITHOUT ROWID`);
  },
};

export const FROZEN_COLUMNS = TABLES;
