import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migration as m001 } from './001-oa-tables';
import { migration as m002 } from './002-analyst';
import { migration as m003 } from './003-outbox-generations';
import { migration as m004 } from './004-detail-indexes';
import { migration } from './005-threat-marks';

const D = '2026-11-24';

describe('migration 005 threat marks', () => {
  it('keeps the storyboard marks already in the threat-investigation tables, and only those', () => {
    const db = new Database(':memory:');
    for (const m of [m001, m002, m003, m004]) m.up(db);
    const run = (sql: string, ...values: unknown[]): void => void db.prepare(sql).run(...values);
    run(
      `INSERT INTO score_audit (pipeline, day, action, target_json, score, changes_json, by, at) VALUES ('flow', ?, 'score', '{}', 1, '[]', 'a', 't')`,
      D,
    );
    // A flow score's row, and a storyboard mark on 203.0.113.77 (the saved threat's anchor is the row's dstip).
    const scored = { tstart: `${D} 10:00:00`, srcip: '10.0.0.5', dstip: '198.51.100.7', sport: 50000, dport: 443 };
    run(
      `INSERT INTO analyst_scores (pipeline, day, row_key, score, row_json, by, at, audit_id) VALUES ('flow', ?, 'k', 1, ?, 'a', 't', 1)`,
      D,
      JSON.stringify(scored),
    );
    run(
      `INSERT INTO flow_threat_investigation (day, tstart, srcip, dstip, srcport, dstport, score) VALUES (?, ?, ?, ?, ?, ?, 1)`,
      D,
      scored.tstart,
      scored.srcip,
      scored.dstip,
      scored.sport,
      scored.dport,
    );
    run(
      `INSERT INTO flow_threat_investigation (day, tstart, srcip, dstip, srcport, dstport, score) VALUES (?, ?, '10.10.7.43', '203.0.113.77', 5, 443, 1)`,
      D,
      `${D} 00:00:01`,
    );
    run(`INSERT INTO flow_storyboard (day, ip_threat, title, text) VALUES (?, '203.0.113.77', 't', '')`, D);
    run(
      `INSERT INTO dns_threat_investigation (day, unix_tstamp, ip_dst, dns_qry_name, ip_sev, dns_sev) VALUES (?, NULL, '10.10.5.120', 'a.evil.net', 1, 0), (?, NULL, '10.10.5.120', 'b.evil.net', 0, 1)`,
      D,
      D,
    );
    run(`INSERT INTO proxy_threat_investigation (day, tdate, fulluri, uri_sev) VALUES (?, ?, 'evil.com/x', 1)`, D, D);
    run(`INSERT INTO proxy_threat_investigation (day, tdate, fulluri, uri_sev) VALUES (?, ?, 'ok.com/', 3)`, D, D);
    migration.up(db);
    const marks = db.prepare(`SELECT pipeline, anchor, kind, row_json FROM threat_marks ORDER BY id`).all() as Array<{
      pipeline: string;
      anchor: string;
      kind: string;
      row_json: string;
    }>;
    expect(marks.map((m) => [m.pipeline, m.anchor, m.kind])).toEqual([
      ['flow', '203.0.113.77', 'ip'],
      ['dns', '10.10.5.120', 'ip'],
      ['dns', 'b.evil.net', 'query'],
      ['proxy', 'evil.com/x', 'uri'],
    ]);
    expect(JSON.parse(marks[0]!.row_json)).toEqual({
      tstart: `${D} 00:00:01`,
      srcip: '10.10.7.43',
      dstip: '203.0.113.77',
      srcport: 5,
      dstport: 443,
      score: 1,
    });
  });
});
