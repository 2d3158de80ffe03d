import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FILED_COLUMNS, FindingIndex, findingCoversRow, type CoverRow } from './cover';
import type { FindingKeys } from './types';

// Few values, so that keys and rows meet often.
const ip = fc.constantFrom('10.0.0.5', '10.0.0.6', '192.0.2.1');
const name = fc.constantFrom('a.tunnel.example', 'Tunnel.Example.', 'tunnel.example', 'shop.example.com', 'x.org');
const keysArb: fc.Arbitrary<FindingKeys> = fc.record(
  {
    srcip: ip,
    dstip: ip,
    dport: fc.constantFrom(53, 443),
    proto: fc.constantFrom('TCP', 'UDP'),
    clientip: ip,
    host: fc.constantFrom('shop.example.com', 'x.org'),
    domain: fc.constantFrom('tunnel.example', 'example.com', 'example'),
    qtype: fc.constantFrom(1, 16),
    rcode: fc.constantFrom(0, 3),
    useragent: fc.constantFrom('curl/8', 'Mozilla'),
    uriPattern: fc.constantFrom('union[+ ]select', '\\.exe$'),
  },
  { requiredKeys: [] },
);
const rowArb: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    sip: ip,
    dip: ip,
    dport: fc.constantFrom('53', '443'),
    proto: fc.constantFrom('tcp', 'UDP'),
    ip_dst: ip,
    clientip: ip,
    host: name,
    dns_qry_name: name,
    dns_qry_type: fc.constantFrom('1', '16'),
    dns_qry_rcode: fc.constantFrom('0', '3'),
    useragent: fc.constantFrom('curl/8', 'Mozilla'),
    fulluri: fc.constantFrom('shop.example.com/?id=1 UNION SELECT 1', 'x.org/a.exe', 'x.org/'),
  },
  { requiredKeys: [] },
);

/** The row with only FILED_COLUMNS readable: reading any other column fails the test. */
function filedOnly(row: Record<string, string>): CoverRow {
  const filed = new Set<string>(FILED_COLUMNS);
  return new Proxy(row, {
    get(target, column) {
      if (typeof column === 'string' && !filed.has(column)) throw new Error(`candidates read ${column}`);
      return target[column as string];
    },
  });
}

describe('FindingIndex', () => {
  it('covering is exactly the findings whose keys cover the row', () => {
    fc.assert(
      fc.property(fc.array(keysArb, { maxLength: 8 }), rowArb, (keys, row) => {
        const want = keys.flatMap((k, i) => (findingCoversRow(k, row) ? [i] : []));
        expect(new FindingIndex(keys).covering(row)).toEqual(want);
      }),
      { numRuns: 500, seed: 15 },
    );
  });

  it('candidates read only the filed columns and hold every covering finding (none: no finding covers it)', () => {
    fc.assert(
      fc.property(fc.array(keysArb, { maxLength: 8 }), rowArb, (keys, row) => {
        const index = new FindingIndex(keys);
        const candidates = new Set(index.candidates(filedOnly(row)));
        for (const i of index.covering(row)) expect(candidates.has(i)).toBe(true);
      }),
      { numRuns: 500, seed: 15 },
    );
  });
});
