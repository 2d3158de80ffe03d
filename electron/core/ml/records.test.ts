import { describe, expect, it } from 'vitest';
import { dnsRecord, type RowAccess } from './records';

type Cell = string | number | null;

/** A raw row as scoreDay hands it over: text columns as strings, numeric columns as numbers, absent = null. */
function access(values: Record<string, Cell>): RowAccess {
  const at = (column: string): Cell => values[column] ?? null;
  return {
    text: (column) => at(column) as string | null,
    num: (column) => at(column) as number | null,
    has: (column) => at(column) !== null,
  };
}

const TIME = 'May 20 2016 02:10:25.970987000 PDT';

function dns(overrides: Record<string, Cell>): RowAccess {
  return access({
    frame_time: TIME,
    unix_tstamp: 1463735425,
    frame_len: 168,
    ip_dst: '172.16.9.132',
    dns_qry_name: 'turner.com.122.2o7.net',
    dns_qry_class: '0x00000001',
    dns_qry_type: 1,
    dns_qry_rcode: 0,
    ...overrides,
  });
}

describe('dnsRecord: spot-ml filterRecords (DNSSuspiciousConnectsAnalysis)', () => {
  it('a row whose only class/type/rcode evidence is class "-" is invalid', () => {
    expect(dnsRecord(dns({ dns_qry_class: '-', dns_qry_type: null, dns_qry_rcode: null }))).toBeNull();
  });

  it('class "-" is not a reason to drop a row that has a type or a non-negative rcode; it is kept as it is', () => {
    expect(dnsRecord(dns({ dns_qry_class: '-', dns_qry_type: 1, dns_qry_rcode: null }))?.queryClass).toBe('-');
    expect(dnsRecord(dns({ dns_qry_class: '-', dns_qry_type: null, dns_qry_rcode: 0 }))?.queryClass).toBe('-');
  });

  it('a negative rcode alone is no evidence; a type alone is', () => {
    expect(dnsRecord(dns({ dns_qry_class: null, dns_qry_type: null, dns_qry_rcode: -1 }))).toBeNull();
    expect(dnsRecord(dns({ dns_qry_class: null, dns_qry_type: 28, dns_qry_rcode: null }))).toMatchObject({
      queryClass: 'unknown',
      queryType: 28,
      queryRcode: -1,
    });
  });

  // The same cases as Spot's own "filterRecords should return data set without garbage" fixture: each row spoils
  // one field (or the class/type/rcode triple); 8 of the 23 survive.
  const cases: [string, Record<string, Cell>, boolean][] = [
    ['frame_time null', { frame_time: null }, false],
    ['frame_time ""', { frame_time: '' }, false],
    ['frame_time "-"', { frame_time: '-' }, false],
    ['unix_tstamp null', { unix_tstamp: null }, false],
    ['frame_len null', { frame_len: null }, false],
    ['name null', { dns_qry_name: null }, false],
    ['name ""', { dns_qry_name: '' }, false],
    ['name "-"', { dns_qry_name: '-' }, false],
    ['name "(empty)"', { dns_qry_name: '(empty)' }, false],
    ['ip_dst null', { ip_dst: null }, false],
    ['ip_dst ""', { ip_dst: '' }, false],
    ['ip_dst "-"', { ip_dst: '-' }, false],
    ['class null, type null, rcode null', { dns_qry_class: null, dns_qry_type: null, dns_qry_rcode: null }, false],
    ['class "", type null, rcode null', { dns_qry_class: '', dns_qry_type: null, dns_qry_rcode: null }, false],
    ['class "-", type null, rcode null', { dns_qry_class: '-', dns_qry_type: null, dns_qry_rcode: null }, false],
    ['class null', { dns_qry_class: null }, true],
    ['class ""', { dns_qry_class: '' }, true],
    ['class "-"', { dns_qry_class: '-' }, true],
    ['type null', { dns_qry_type: null }, true],
    ['rcode null', { dns_qry_rcode: null }, true],
    ['class null, rcode null', { dns_qry_class: null, dns_qry_rcode: null }, true],
    ['class null (again, as in the fixture)', { dns_qry_class: null }, true],
    ['type null, rcode null', { dns_qry_type: null, dns_qry_rcode: null }, true],
  ];

  it.each(cases.map(([label, overrides, valid]) => ({ label, overrides, valid })))(
    '$label → valid: $valid',
    ({ overrides, valid }) => {
      expect(dnsRecord(dns(overrides)) !== null).toBe(valid);
    },
  );

  it('keeps 8 of the 23 rows of the fixture', () => {
    expect(cases.filter(([, o]) => dnsRecord(dns(o)) !== null)).toHaveLength(8);
  });

  it('negative unix_tstamp or frame_len is invalid (Spark geq(0))', () => {
    expect(dnsRecord(dns({ unix_tstamp: -1 }))).toBeNull();
    expect(dnsRecord(dns({ frame_len: -1 }))).toBeNull();
    expect(dnsRecord(dns({ unix_tstamp: 0, frame_len: 0 }))).not.toBeNull();
  });
});
