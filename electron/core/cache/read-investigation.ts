/** Read-only queries of the threat-investigation and storyboard tables (on the read-only connection). */
import type { Database } from 'better-sqlite3';
import type { Cell } from '../../../shared/api-base';
import type { AnchorKind, StoryboardEntry } from '../../../shared/ops/investigation';
import type { Pipeline } from '../../../shared/schema';
import { profileOf } from '../profiles/index';

type Row = Record<string, Cell>;

/** One of the day's most suspicious anchors and the facts of its strongest row (why it is on the list). */
export interface SuspiciousAnchor {
  anchor: string;
  kind: AnchorKind;
  /** What the anchor folds under in the Most suspicious list: a URI's host, a DNS query's base domain (the name
   * itself when it has none); null for an IP (its own item). */
  group: string | null;
  /** Suspicious rows of the day with the anchor. */
  rows: number;
  /** Position of its strongest row in Spot's (LDA) order, 0-based. */
  idx: number;
  /** The strongest named finding covering that row, and its evidence; null without one. */
  finding: string | null;
  detail: string | null;
  /** The first finding key of that row (e.g. `bad_reputation|host`), null without one. */
  firstFinding: string | null;
}

export class InvestigationReader {
  constructor(private readonly db: Database) {}

  /** Anchors the analyst scored High (1): flow src/dst IPs, dns clients and queries, proxy URIs. */
  scoredAnchors(pipeline: Pipeline, date: string): Array<{ anchor: string; kind: AnchorKind; rows: number }> {
    const sql: Record<Pipeline, string> = {
      flow: `SELECT anchor, 'ip' AS kind, sum(n) AS rows FROM (
               SELECT srcip AS anchor, min(row_id) AS r, count(*) AS n FROM flow_threat_investigation WHERE day = @date AND score = 1 GROUP BY srcip
               UNION ALL
               SELECT dstip, min(row_id), count(*) FROM flow_threat_investigation WHERE day = @date AND score = 1 GROUP BY dstip)
             WHERE anchor IS NOT NULL AND anchor != '' GROUP BY anchor ORDER BY min(r), anchor`,
      dns: `SELECT anchor, kind, sum(n) AS rows FROM (
               SELECT ip_dst AS anchor, 'ip' AS kind, min(row_id) AS r, count(*) AS n FROM dns_threat_investigation WHERE day = @date AND ip_sev = 1 GROUP BY ip_dst
               UNION ALL
               SELECT dns_qry_name, 'query', min(row_id), count(*) FROM dns_threat_investigation WHERE day = @date AND dns_sev = 1 GROUP BY dns_qry_name)
             WHERE anchor IS NOT NULL AND anchor != '' GROUP BY anchor, kind ORDER BY min(r), anchor`,
      proxy: `SELECT fulluri AS anchor, 'uri' AS kind, count(*) AS rows FROM proxy_threat_investigation WHERE day = @date AND uri_sev = 1
              AND fulluri IS NOT NULL AND fulluri != '' GROUP BY fulluri ORDER BY min(row_id)`,
    };
    return this.db.prepare(sql[pipeline]).all({ date }) as Array<{ anchor: string; kind: AnchorKind; rows: number }>;
  }

  /**
   * The day's most suspicious anchors in the suspicious list's default order: the combined-risk rank the import
   * stored per row (named detections first, explanations.riskRank), else Spot's order (flow by rank, dns/proxy by
   * ascending score) for days imported without it.
   */
  suspiciousAnchors(pipeline: Pipeline, date: string, limit: number): SuspiciousAnchor[] {
    const facts = 'risk, idx, finding, detail, firstFinding';
    // tld is Spot's registered domain of the query ('None' when the name has none, e.g. printer.local).
    const base = `CASE WHEN tld IS NULL OR tld IN ('', 'None') THEN dns_qry_name ELSE tld END`;
    const anchors: Record<Pipeline, string> = {
      flow: `SELECT srcip AS anchor, 'ip' AS kind, NULL AS grp, ${facts} FROM ranked UNION ALL SELECT dstip, 'ip', NULL, ${facts} FROM ranked`,
      dns: `SELECT ip_dst AS anchor, 'ip' AS kind, NULL AS grp, ${facts} FROM ranked UNION ALL SELECT dns_qry_name, 'query', ${base}, ${facts} FROM ranked`,
      proxy: `SELECT fulluri AS anchor, 'uri' AS kind, host AS grp, ${facts} FROM ranked`,
    };
    const columns: Record<Pipeline, string> = {
      flow: 'srcip, dstip',
      dns: 'ip_dst, dns_qry_name, tld',
      proxy: 'fulluri, host',
    };
    // row_index of explanations = the row's position in row_id order within the day.
    const sql = `WITH indexed AS (
        SELECT ${columns[pipeline]}, ROW_NUMBER() OVER (ORDER BY row_id) - 1 AS idx FROM ${pipeline}_scores WHERE day = @date
      ), ranked AS (
        SELECT indexed.*, COALESCE(json_extract(e.json, '$.riskRank'), indexed.idx) AS risk,
          json_extract(e.json, '$.detections[0].name') AS finding, json_extract(e.json, '$.detections[0].detail') AS detail,
          json_extract(e.json, '$.findings[0].key') AS firstFinding FROM indexed
        LEFT JOIN explanations e ON e.pipeline = @pipeline AND e.day = @date AND e.row_index = indexed.idx
      )
      -- SQLite takes the bare columns (idx, finding, ...) from the row with min(risk): the anchor's strongest row.
      SELECT anchor, kind, grp AS "group", count(*) AS rows, min(risk) AS risk, idx, finding, detail, firstFinding
      FROM (${anchors[pipeline]})
      WHERE anchor IS NOT NULL AND anchor != '' GROUP BY anchor, kind ORDER BY min(risk), anchor LIMIT @limit`;
    return (this.db.prepare(sql).all({ date, pipeline, limit }) as Array<SuspiciousAnchor & { risk: number }>).map(
      ({ risk: _risk, ...anchor }) => anchor,
    );
  }

  /**
   * The DNS names a client queried that are worth blocking: its rows of the day the analyst scored High as a query,
   * or that a named finding (or a bad reputation) covers. Its other queries are left out. Lower case, no final dot.
   */
  flaggedDnsQueries(date: string, client: string): string[] {
    const rows = this.db
      .prepare(
        `SELECT dns_qry_name AS name FROM dns_threat_investigation WHERE day = @date AND ip_dst = @client AND dns_sev = 1
         UNION
         SELECT s.dns_qry_name FROM (
           SELECT ip_dst, dns_qry_name, ROW_NUMBER() OVER (ORDER BY row_id) - 1 AS idx FROM dns_scores WHERE day = @date
         ) s JOIN explanations e ON e.pipeline = 'dns' AND e.day = @date AND e.row_index = s.idx
         WHERE s.ip_dst = @client AND json_array_length(e.json, '$.findings') > 0`,
      )
      .all({ date, client }) as Array<{ name: string | null }>;
    const names = rows.map((r) => (r.name ?? '').trim().replace(/\.+$/, '').toLowerCase()).filter(Boolean);
    return [...new Set(names)].sort();
  }

  storyboard(pipeline: Pipeline, date: string): StoryboardEntry[] {
    const anchors = profileOf(pipeline).storyboardAnchors;
    const rows = this.db
      .prepare(
        `SELECT ${anchors.map((a) => a.column).join(', ')}, title, text FROM ${pipeline}_storyboard WHERE day = ? ORDER BY row_id`,
      )
      .all(date) as Array<Record<string, string | null>>;
    return rows.map((r) => {
      // The first anchor column the row fills; none filled: the last (an empty anchor, as saved).
      const at = anchors.find((a) => r[a.column]) ?? anchors[anchors.length - 1]!;
      return { anchor: r[at.column] ?? '', kind: at.kind, title: r.title ?? '', text: r.text ?? '' };
    });
  }

  flowTimeline(date: string, anchor: string): Row[] {
    return this.db
      .prepare(
        `SELECT ip_threat, tstart, tend, srcip, dstip, proto, sport, dport, ipkt, ibyt FROM flow_timeline
         WHERE day = ? AND ip_threat = ? ORDER BY row_id`,
      )
      .all(date, anchor) as Row[];
  }

  proxyTimeline(date: string, anchor: string): Row[] {
    return this.db
      .prepare(
        `SELECT p_threat, tstart, tend, duration, clientip, respcode, respcodename FROM proxy_timeline
         WHERE day = ? AND p_threat = ? ORDER BY row_id`,
      )
      .all(date, anchor) as Row[];
  }

  dnsThreatDendro(date: string, anchor: string): Row[] {
    return this.db
      .prepare(
        `SELECT anchor, total, dns_qry_name, ip_dst FROM dns_threat_dendro WHERE day = ? AND anchor = ?
         ORDER BY total DESC, row_id`,
      )
      .all(date, anchor) as Row[];
  }

  newestDay(pipeline: Pipeline): string | null {
    const row = this.db.prepare(`SELECT max(day) AS day FROM days WHERE pipeline = ?`).get(pipeline) as {
      day: string | null;
    };
    return row.day;
  }
}
