import type { Migration } from './index';

// The storyboard's High marks get a table of their own, so that `<pipeline>_threat_investigation` has one
// writer (cache/threat-investigation.ts) that derives its rows from the analyst's scores and these marks. Before,
// a saved threat inserted its mark straight into that table and the next score rewrote the table without it.
//
// Backfill: a High row of a threat-investigation table that no analyst score produces is a storyboard mark.
// Its anchor is what the save marked: dns the client (ip_sev) or the query (dns_sev), proxy the URI, flow the
// endpoint a saved threat of the day names (else the source IP, the search's anchor in most saves). Backfilled
// marks carry the epoch as their save time: they come before the day's scores, whose times are real.
export const migration: Migration = {
  version: 5,
  name: 'threat-marks',
  up(db) {
    db.exec(`CREATE TABLE threat_marks (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      pipeline TEXT NOT NULL CHECK (pipeline IN ('flow','dns','proxy')),
      day TEXT NOT NULL,
      anchor TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('ip','query','uri')),
      row_json TEXT NOT NULL,
      saved_at TEXT NOT NULL,
      UNIQUE (pipeline, day, anchor, kind)
    )`);
    const field = (column: string): string => `json_extract(s.row_json, '$.${column}')`;
    const unscored = (pipeline: string, match: string): string =>
      `NOT EXISTS (SELECT 1 FROM analyst_scores s WHERE s.pipeline = '${pipeline}' AND s.day = t.day AND ${match})`;
    db.exec(`INSERT OR IGNORE INTO threat_marks (pipeline, day, anchor, kind, row_json, saved_at)
      SELECT 'flow', t.day,
        COALESCE((SELECT b.ip_threat FROM flow_storyboard b WHERE b.day = t.day AND b.ip_threat IN (t.srcip, t.dstip)
                  ORDER BY b.row_id LIMIT 1), t.srcip),
        'ip',
        json_object('tstart', t.tstart, 'srcip', t.srcip, 'dstip', t.dstip, 'srcport', t.srcport,
                    'dstport', t.dstport, 'score', t.score),
        '1970-01-01T00:00:00.000Z'
      FROM flow_threat_investigation t
      WHERE t.score = 1 AND t.srcip IS NOT NULL AND ${unscored(
        'flow',
        `s.score = 1 AND ${field('tstart')} IS t.tstart AND ${field('srcip')} IS t.srcip
          AND ${field('dstip')} IS t.dstip AND ${field('sport')} IS t.srcport
          AND ${field('dport')} IS t.dstport`,
      )}
      ORDER BY t.row_id`);
    db.exec(`INSERT OR IGNORE INTO threat_marks (pipeline, day, anchor, kind, row_json, saved_at)
      SELECT 'dns', t.day, CASE WHEN t.ip_sev = 1 THEN t.ip_dst ELSE t.dns_qry_name END,
        CASE WHEN t.ip_sev = 1 THEN 'ip' ELSE 'query' END,
        json_object('unix_tstamp', t.unix_tstamp, 'ip_dst', t.ip_dst, 'dns_qry_name', t.dns_qry_name,
                    'ip_sev', t.ip_sev, 'dns_sev', t.dns_sev),
        '1970-01-01T00:00:00.000Z'
      FROM dns_threat_investigation t
      WHERE ((t.ip_sev = 1 AND t.dns_sev = 0 AND t.ip_dst IS NOT NULL)
          OR (t.ip_sev = 0 AND t.dns_sev = 1 AND t.dns_qry_name IS NOT NULL))
        AND ${unscored(
          'dns',
          `s.score = 1 AND ${field('unix_tstamp')} IS t.unix_tstamp AND ${field('ip_dst')} IS t.ip_dst
            AND ${field('dns_qry_name')} IS t.dns_qry_name`,
        )}
      ORDER BY t.row_id`);
    db.exec(`INSERT OR IGNORE INTO threat_marks (pipeline, day, anchor, kind, row_json, saved_at)
      SELECT 'proxy', t.day, t.fulluri, 'uri',
        json_object('tdate', t.tdate, 'fulluri', t.fulluri, 'uri_sev', t.uri_sev),
        '1970-01-01T00:00:00.000Z'
      FROM proxy_threat_investigation t
      WHERE t.uri_sev = 1 AND t.fulluri IS NOT NULL AND ${unscored(
        'proxy',
        `s.score = 1 AND ${field('tdate')} IS t.tdate AND ${field('fulluri')} IS t.fulluri`,
      )}
      ORDER BY t.row_id`);
  },
};
