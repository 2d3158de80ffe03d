// Pure parts of the Hive source: the partition and key predicates it renders.
import { describe, expect, it } from 'vitest';
import { renderSql, sqlIdent } from '../hive/sql';
import { dayPredicate, ingestQuery, keyPredicate } from './hive';

describe('Hive source predicates', () => {
  it('prunes flow/dns by numeric partitions and proxy by zero-padded strings', () => {
    const flow = dayPredicate('flow', '2026-03-07');
    expect(renderSql(flow.sql, flow.params)).toBe('(y = 2026 AND m = 3 AND d = 7)');
    const proxy = dayPredicate('proxy', '2026-03-07', 'x');
    expect(renderSql(proxy.sql, proxy.params)).toBe("(y = '2026' AND m = '03' AND d = '07')");
    expect(() => dayPredicate('dns', '2026-02-30')).toThrow('bad date "2026-02-30"');
  });

  it('puts every key into IN lists of bounded size, one OR-ed predicate', () => {
    const ips = ['10.0.0.3', '10.0.0.1', '10.0.0.2', '10.0.0.1'];
    const flow = keyPredicate('flow', { ips }, 2);
    if (!flow) throw new Error('expected a predicate');
    expect(renderSql(flow.sql, flow.params)).toBe(
      "(`sip` IN ('10.0.0.1', '10.0.0.2') OR `sip` IN ('10.0.0.3') OR `dip` IN ('10.0.0.1', '10.0.0.2') OR `dip` IN ('10.0.0.3'))",
    );
    const dns = keyPredicate('dns', { dnsNames: ["a'b.com"], clients: ['::1'] });
    if (!dns) throw new Error('expected a predicate');
    expect(renderSql(dns.sql, dns.params)).toBe("(`dns_qry_name` IN ('a\\'b.com') OR `ip_dst` IN ('::1'))");
    expect(keyPredicate('proxy', { clients: ['10.0.0.1'] })).toBeNull();
    expect(() => keyPredicate('dns', { clients: ['not-an-ip'] })).toThrow(/"not-an-ip" is not an IP address/);
  });

  it('buckets ingest rows into zero-padded minutes', () => {
    const flow = ingestQuery('flow', '2026-03-07');
    expect(flow.bucket({ tryear: 2026, trmonth: 3, trday: 7, trhour: 4, trminute: 5 })).toBe('2026-03-07 04:05');
    // Only flow filters the run's year (its rows carry it); every parameter given is used by the template.
    expect(
      renderSql(flow.template.replace(':day', 'TRUE'), { db: sqlIdent('db'), table: sqlIdent('flow'), ...flow.params }),
    ).toContain('tryear = 2026');
    const dns = ingestQuery('dns', '2026-03-07');
    expect(dns.bucket({ frame_time: 'Mar  7, 2026 04:05:59.123456000 UTC' })).toBe('2026-03-07 04:05');
    expect(dns.bucket({ frame_time: 'garbage' })).toBeNull();
    expect(ingestQuery('proxy', '2026-03-07').bucket({ p_date: '2026-03-07', hhmm: '23:59' })).toBe('2026-03-07 23:59');
  });
});
