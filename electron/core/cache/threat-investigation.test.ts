import { describe, expect, it } from 'vitest';
import { threatInvestigationRows, type ScoreMark, type ThreatMark } from './threat-investigation';

const flowScore = (at: string, srcip: string, dstip: string, score: 1 | 2 | 3): ScoreMark => ({
  score,
  matchedBy: 'both',
  at,
  row: { tstart: '2026-11-24 10:00:00', srcip, dstip, sport: 50000, dport: 443, proto: 'TCP' },
});
const flowMark = (savedAt: string, anchor: string): ThreatMark => ({
  anchor,
  kind: 'ip',
  savedAt,
  row: { tstart: '2026-11-24 00:00:01', srcip: anchor, dstip: '203.0.113.77', srcport: 5, dstport: 443, score: 1 },
});

describe('threatInvestigationRows', () => {
  it('puts scores and marks in the order they were made, a score first on a tie', () => {
    const rows = threatInvestigationRows(
      'flow',
      [flowScore('2026-11-24T10:00:00.000Z', '10.0.0.5', '198.51.100.7', 3)],
      [flowMark('2026-11-24T09:00:00.000Z', '10.10.7.43'), flowMark('2026-11-24T10:00:00.000Z', '10.10.7.44')],
    );
    expect(rows.map((r) => [r.srcip, r.score])).toEqual([
      ['10.10.7.43', 1],
      ['10.0.0.5', 3],
      ['10.10.7.44', 1],
    ]);
  });

  it('leaves out a mark whose anchor a score marks High, on either end of a flow, but not a lower score', () => {
    const mark = flowMark('2026-11-24T09:00:00.000Z', '10.10.7.43');
    const at = '2026-11-24T10:00:00.000Z';
    expect(threatInvestigationRows('flow', [flowScore(at, '203.0.113.9', '10.10.7.43', 1)], [mark])).toHaveLength(1);
    expect(threatInvestigationRows('flow', [flowScore(at, '10.10.7.43', '203.0.113.9', 1)], [mark])).toHaveLength(1);
    expect(threatInvestigationRows('flow', [flowScore(at, '10.10.7.43', '203.0.113.9', 2)], [mark])).toHaveLength(2);
  });

  it('maps a dns score by what it matched: an IP-only score has dns_sev 0, a query-only one ip_sev 0', () => {
    const row = { unix_tstamp: 7, ip_dst: '10.0.0.2', dns_qry_name: 'a.evil.net' };
    const score = (matchedBy: ScoreMark['matchedBy']): ScoreMark => ({ score: 1, matchedBy, at: 't', row });
    expect(threatInvestigationRows('dns', [score('ip'), score('query'), score('both')], [])).toEqual([
      { ...row, ip_sev: 1, dns_sev: 0 },
      { ...row, ip_sev: 0, dns_sev: 1 },
      { ...row, ip_sev: 1, dns_sev: 1 },
    ]);
  });
});
