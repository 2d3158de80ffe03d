/**
 * Read queries of the Suspicious views over the read-only cache connection. Each is one set-based statement
 * (no N+1 as Spot's API did, enrichment.md §7): a day's rows with their explanations, a row's detail rows, an
 * IP's chords, a client's dendrogram and one hop of the day's graph around a node.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { Cell } from '../../../shared/api-base';
import type {
  ChordData,
  DendroData,
  DetailRows,
  DnsAnswers,
  Neighbour,
  NodeKind,
  SuspiciousRows,
} from '../../../shared/ops/triage';
import { OA_TABLES, columnNames, type OaTable, type Pipeline } from '../../../shared/schema';
import { registeredDomain } from '../enrich/domain';
import { profileOf, type PipelineProfile } from '../profiles/index';

const SCORES_TABLE = { flow: 'flow_scores', dns: 'dns_scores', proxy: 'proxy_scores' } as const satisfies Record<
  Pipeline,
  OaTable
>;
const EDGE_TABLE = { flow: 'flow_edge', dns: 'dns_edge', proxy: 'proxy_edge' } as const satisfies Record<
  Pipeline,
  OaTable
>;

/** Which node kinds each pipeline's graph has (flow: IPs; dns: client IPs and domains; proxy: clients, hosts, URIs). */
export const NODE_KINDS: Record<Pipeline, readonly NodeKind[]> = {
  flow: ['ip'],
  dns: ['ip', 'domain'],
  proxy: ['ip', 'host', 'uri'],
};

export class TriageQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TriageQueryError';
  }
}

type Row = Record<string, Cell>;

export class TriageReader {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Database) {}

  private prepare(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Every suspicious row of the day in Spot's order (row_id), with the stored explanation of each. */
  suspiciousRows(pipeline: Pipeline, date: string, limit?: number): SuspiciousRows {
    const table = SCORES_TABLE[pipeline];
    const columns = columnNames(OA_TABLES[table]);
    const cap = limit ?? -1; // SQLite: LIMIT -1 = no limit
    const total = (this.prepare(`SELECT count(*) AS n FROM ${table} WHERE day = ?`).get(date) as { n: number }).n;
    const rows = this.prepare(`SELECT ${columns.join(', ')} FROM ${table} WHERE day = ? ORDER BY row_id LIMIT ?`)
      .raw(true)
      .all(date, cap) as Cell[][];
    const explanations: Array<Record<string, unknown> | null> = new Array<Record<string, unknown> | null>(
      rows.length,
    ).fill(null);
    const stored = this.prepare(
      `SELECT row_index AS i, json FROM explanations WHERE pipeline = ? AND day = ? AND row_index < ?`,
    ).all(pipeline, date, rows.length) as Array<{ i: number; json: string }>;
    for (const { i, json } of stored) {
      try {
        const value: unknown = JSON.parse(json);
        if (value && typeof value === 'object' && !Array.isArray(value))
          explanations[i] = value as Record<string, unknown>;
      } catch {
        // A broken explanation is shown as none rather than failing the whole day.
      }
    }
    return { columns, rows, explanations, total };
  }

  /** One suspicious row by its index in Spot's order, keyed by column name; undefined past the end. */
  scoresRow(pipeline: Pipeline, date: string, index: number): Row | undefined {
    const table = SCORES_TABLE[pipeline];
    return this.prepare(
      `SELECT ${columnNames(OA_TABLES[table]).join(', ')} FROM ${table} WHERE day = ? ORDER BY row_id LIMIT 1 OFFSET ?`,
    ).get(date, index) as Row | undefined;
  }

  /** The detail rows of a suspicious row (enrichment.md §7, as Spot's API reads them, but exact and set-based). */
  details(pipeline: Pipeline, date: string, index: number): DetailRows {
    const row = this.scoresRow(pipeline, date, index);
    if (!row) throw new TriageQueryError(`${pipeline} ${date} has no suspicious row ${index}`);
    const table = EDGE_TABLE[pipeline];
    const columns = columnNames(OA_TABLES[table]);
    let rule: ReturnType<PipelineProfile['detailRows']>;
    try {
      rule = profileOf(pipeline).detailRows(row);
    } catch (err) {
      throw new TriageQueryError((err as Error).message);
    }
    const rows = this.prepare(
      `SELECT ${columns.join(', ')} FROM ${table} WHERE day = ? AND ${rule.where} ORDER BY ${rule.orderBy}`,
    )
      .raw(true)
      .all(date, ...rule.params) as Cell[][];
    return { table, columns, rows, selectedBy: rule.selectedBy };
  }

  /** An IP's chord links: Spot's flow_chords rows, else the day's flow_edge rows of the IP summed per pair
   * (Spot only writes chords for IPs with ≥ 2 suspicious peers). */
  chords(date: string, ip: string): ChordData {
    const stored = this.prepare(
      `SELECT srcip, dstip, coalesce(ibyt, 0) AS ibyt, coalesce(ipkt, 0) AS ipkt FROM flow_chords
       WHERE day = ? AND ip_threat = ? ORDER BY row_id`,
    ).all(date, ip) as ChordData['links'];
    if (stored.length > 0) return { ip, source: 'flow_chords', links: stored };
    const summed = this.prepare(
      `SELECT srcip, dstip, sum(coalesce(ibyt, 0)) AS ibyt, sum(coalesce(ipkt, 0)) AS ipkt FROM flow_edge
       WHERE day = ? AND (srcip = ? OR dstip = ?) GROUP BY srcip, dstip ORDER BY ibyt DESC`,
    ).all(date, ip, ip) as ChordData['links'];
    return { ip, source: 'flow_edge', links: summed };
  }

  /** A client's dendrogram: queried names → answers (dns_a split on `|`). */
  dendro(date: string, ip: string): DendroData {
    const rows = this.prepare(
      `SELECT dns_qry_name AS name, coalesce(dns_a, '') AS answers, count(*) AS n FROM dns_dendro
       WHERE day = ? AND ip_dst = ? GROUP BY dns_qry_name, dns_a ORDER BY dns_qry_name`,
    ).all(date, ip) as Array<{ name: string | null; answers: string; n: number }>;
    const byName = new Map<string, { name: string; answers: Set<string>; count: number }>();
    for (const r of rows) {
      const name = r.name ?? '';
      let entry = byName.get(name);
      if (!entry) byName.set(name, (entry = { name, answers: new Set(), count: 0 }));
      entry.count += r.n;
      for (const answer of r.answers.split('|')) if (answer.trim() !== '') entry.answers.add(answer.trim());
    }
    return {
      ip,
      queries: [...byName.values()].map((q) => ({
        name: q.name,
        answers: [...q.answers],
        count: q.count,
        base: registeredDomain(q.name),
      })),
    };
  }

  /**
   * The answers of DNS suspicious rows by index (Spot's order): the raw event with the row's exact time, client
   * and query, as dns_edge (same hour and query) or dns_dendro (same client) kept it. One statement for the
   * whole page of indexes; the indexes are rows of the day's ordered dns_scores.
   */
  dnsAnswers(date: string, indexes: readonly number[]): DnsAnswers {
    const { has } = this.prepare(
      `SELECT EXISTS (SELECT 1 FROM dns_edge WHERE day = $d) OR EXISTS (SELECT 1 FROM dns_dendro WHERE day = $d) AS has`,
    ).get({ d: date }) as { has: number };
    const hasData = has === 1;
    if (indexes.length === 0) return { hasData, rows: [] };
    const found = this.prepare(
      `WITH asked(i) AS (SELECT DISTINCT CAST(value AS INTEGER) FROM json_each($rows)),
       ordered AS (
         SELECT row_number() OVER (ORDER BY row_id) - 1 AS i, unix_tstamp, ip_dst, dns_qry_name, hh
         FROM dns_scores WHERE day = $d
       ),
       target AS (SELECT o.* FROM ordered o JOIN asked a ON a.i = o.i),
       events(i, dns_a) AS (
         SELECT t.i, e.dns_a FROM target t JOIN dns_edge e
           ON e.day = $d AND e.hh = t.hh AND e.dns_qry_name = t.dns_qry_name
          AND e.ip_dst = t.ip_dst AND e.unix_tstamp = t.unix_tstamp
         UNION ALL
         SELECT t.i, g.dns_a FROM target t JOIN dns_dendro g
           ON g.day = $d AND g.ip_dst = t.ip_dst AND g.dns_qry_name = t.dns_qry_name AND g.unix_tstamp = t.unix_tstamp
       )
       SELECT t.i AS i, group_concat(coalesce(e.dns_a, ''), '|') AS answers, count(e.i) AS events
       FROM target t LEFT JOIN events e ON e.i = t.i GROUP BY t.i ORDER BY t.i`,
    ).all({ d: date, rows: JSON.stringify(indexes) }) as Array<{ i: number; answers: string | null; events: number }>;
    return {
      hasData,
      rows: found.map((r) => ({
        row: r.i,
        answers:
          r.events === 0
            ? null
            : [
                ...new Set(
                  (r.answers ?? '')
                    .split('|')
                    .map((a) => a.trim())
                    .filter((a) => a !== ''),
                ),
              ],
      })),
    };
  }

  /** One hop around a node: the other ends of the day's edge rows and suspicious rows that touch it. */
  neighbours(pipeline: Pipeline, date: string, kind: NodeKind, value: string, limit: number): Neighbour[] {
    if (!NODE_KINDS[pipeline].includes(kind)) {
      throw new TriageQueryError(
        `${pipeline} graphs have no ${kind} nodes (they have ${NODE_KINDS[pipeline].join(', ')})`,
      );
    }
    const { sql, otherKind } = neighbourQuery(pipeline, kind);
    const rows = this.prepare(
      `WITH links(other, weight, score) AS (${sql})
       SELECT other AS value, count(*) AS rows, sum(weight) AS weight, min(score) AS minScore FROM links
       WHERE other IS NOT NULL AND other <> '' AND other <> $v
       GROUP BY other ORDER BY minScore IS NULL, minScore, weight DESC, other LIMIT $limit`,
    ).all({ d: date, v: value, limit }) as Array<{
      value: string;
      rows: number;
      weight: number;
      minScore: number | null;
    }>;
    return rows.map((r) => ({ kind: otherKind, ...r }));
  }
}

/** The UNION of the edge and suspicious rows linking a node ($v) to its neighbours, per pipeline and kind. */
function neighbourQuery(pipeline: Pipeline, kind: NodeKind): { sql: string; otherKind: NodeKind } {
  return NEIGHBOUR_QUERIES[pipeline](kind);
}

const FLOW_BYTES = 'coalesce(ibyt, 0) + coalesce(obyt, 0)';
/** dns_edge has no tld: its exact query names map to the day's tld through dns_scores. */
const DNS_NAMES = `(SELECT DISTINCT dns_qry_name, tld FROM dns_scores WHERE day = $d)`;

const NEIGHBOUR_QUERIES: Record<Pipeline, (kind: NodeKind) => { sql: string; otherKind: NodeKind }> = {
  flow: () => ({
    otherKind: 'ip',
    sql: `SELECT dstip, ${FLOW_BYTES}, NULL FROM flow_edge WHERE day = $d AND srcip = $v
        UNION ALL SELECT srcip, ${FLOW_BYTES}, NULL FROM flow_edge WHERE day = $d AND dstip = $v
        UNION ALL SELECT dstip, ${FLOW_BYTES}, ml_score FROM flow_scores WHERE day = $d AND srcip = $v
        UNION ALL SELECT srcip, ${FLOW_BYTES}, ml_score FROM flow_scores WHERE day = $d AND dstip = $v`,
  }),
  dns: (kind) =>
    kind === 'ip'
      ? {
          otherKind: 'domain',
          sql: `SELECT tld, 1, ml_score FROM dns_scores WHERE day = $d AND ip_dst = $v
          UNION ALL SELECT q.tld, 1, NULL FROM dns_edge e JOIN ${DNS_NAMES} q ON q.dns_qry_name = e.dns_qry_name
            WHERE e.day = $d AND e.ip_dst = $v`,
        }
      : {
          otherKind: 'ip',
          sql: `SELECT ip_dst, 1, ml_score FROM dns_scores WHERE day = $d AND tld = $v
        UNION ALL SELECT e.ip_dst, 1, NULL FROM dns_edge e JOIN ${DNS_NAMES} q ON q.dns_qry_name = e.dns_qry_name
          WHERE e.day = $d AND q.tld = $v`,
        },
  proxy: (kind) => {
    if (kind === 'ip') {
      return {
        otherKind: 'host',
        sql: `SELECT host, 1, ml_score FROM proxy_scores WHERE day = $d AND clientip = $v
        UNION ALL SELECT host, 1, NULL FROM proxy_edge WHERE day = $d AND clientip = $v`,
      };
    }
    const column = kind === 'host' ? 'host' : 'fulluri';
    return {
      otherKind: 'ip',
      sql: `SELECT clientip, 1, ml_score FROM proxy_scores WHERE day = $d AND ${column} = $v
      UNION ALL SELECT clientip, 1, NULL FROM proxy_edge WHERE day = $d AND ${column} = $v`,
    };
  },
};
