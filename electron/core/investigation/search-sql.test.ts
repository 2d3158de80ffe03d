import { describe, expect, it } from 'vitest';
import { sqlString } from '../pipeline/duck';
import { anchorKind, expandedSearchSql, unionSource } from './search-sql';

describe('expanded search SQL', () => {
  it('tells anchors apart', () => {
    expect(anchorKind('flow', '10.0.0.1')).toBe('ip');
    expect(anchorKind('dns', '10.0.0.1')).toBe('ip');
    expect(anchorKind('dns', 'fe80::1')).toBe('ip');
    expect(anchorKind('dns', 'evil.com')).toBe('query');
    expect(anchorKind('proxy', '10.0.0.1')).toBe('uri');
  });
  it('quotes literals and unions the days', () => {
    expect(sqlString("a'b")).toBe("'a''b'");
    expect(unionSource('dns', ['d1', 'd2'])).toBe(
      'SELECT frame_time, unix_tstamp, ip_dst, dns_qry_name, dns_qry_rcode, dns_a FROM d1 UNION ALL SELECT frame_time, unix_tstamp, ip_dst, dns_qry_name, dns_qry_rcode, dns_a FROM d2',
    );
    expect(() => unionSource('flow', [])).toThrow(/no raw day/);
  });
  it('puts the anchor in as a literal only', () => {
    const sql = expandedSearchSql('proxy', 'uri', "x' OR 1=1 --", ['src']);
    expect(sql).toContain("starts_with(fulluri, 'x'' OR 1=1 --') OR referer = 'x'' OR 1=1 --'");
    expect(expandedSearchSql('flow', 'ip', '1.2.3.4', ['src'])).toContain('GROUP BY sip, dip, sport, dport, proto');
  });
});
