import { describe, expect, it } from 'vitest';
import type { OaRow } from '../cache/types';
import { CriteriaError, hiddenRows, matchRows, matchRowsDetailed, previewCount, rowKey } from './rules';

function flow(srcip: string, dstip: string, sport: number, dport: number, tstart = '2016-07-08 13:00:00'): OaRow {
  return { tstart, srcip, dstip, sport, dport, proto: 'TCP', ipkt: 1, ibyt: 60, opkt: 0, obyt: 0, ml_score: 1e-9 };
}

const flows: OaRow[] = [
  flow('10.0.0.1', '8.8.8.8', 5000, 53), // 0
  flow('10.0.0.1', '1.1.1.1', 5001, 443), // 1
  flow('10.0.0.2', '10.0.0.1', 22, 6000), // 2
  flow('10.0.0.3', '8.8.8.8', 5002, 53), // 3
  flow('10.0.0.3', '1.1.1.1', 5003, 443), // 4
];

describe('flow matching', () => {
  it('ANDs the keys that are set, exact', () => {
    expect(matchRows('flow', { srcIp: '10.0.0.1' }, flows)).toEqual([0, 1]);
    expect(matchRows('flow', { srcIp: '10.0.0.1', dstIp: '8.8.8.8' }, flows)).toEqual([0]);
    expect(matchRows('flow', { dstPort: 53 }, flows)).toEqual([0, 3]);
    expect(matchRows('flow', { dstPort: '443', srcIp: '10.0.0.3' }, flows)).toEqual([4]);
    expect(matchRows('flow', { srcIp: '10.0.0.' }, flows)).toEqual([]);
  });

  it('quick scoring by IP matches as source or destination, with the other selects applied', () => {
    expect(matchRows('flow', { quickIp: '10.0.0.1' }, flows)).toEqual([0, 1, 2]);
    // Spot queues (ip, selDst, …) and (selSrc, ip, …): with dst 8.8.8.8 selected only row 0 matches as source,
    // and (ip as destination, dst select replaced) still matches row 2
    expect(matchRows('flow', { quickIp: '10.0.0.1', dstIp: '8.8.8.8' }, flows)).toEqual([0, 2]);
    expect(matchRows('flow', { quickIp: '10.0.0.1', srcPort: 22 }, flows)).toEqual([2]);
  });

  it('refuses a score with no key and bad ports', () => {
    expect(() => matchRows('flow', {}, flows)).toThrow(CriteriaError);
    expect(() => matchRows('flow', { srcIp: '  ' }, flows)).toThrow(/at least one/);
    expect(() => matchRows('flow', { srcPort: 'http' }, flows)).toThrow(/port number/);
  });

  it('previewCount counts the matches', () => {
    expect(previewCount('flow', { dstIp: '1.1.1.1' }, flows)).toBe(2);
  });
});

function dns(ip_dst: string, dns_qry_name: string, unix_tstamp: number): OaRow {
  return {
    frame_time: 'Jul  8, 2016 13:00:00.000000000 UTC',
    unix_tstamp,
    frame_len: 100,
    ip_dst,
    dns_qry_name,
    dns_qry_class: '0x00000001',
    dns_qry_type: 1,
    dns_qry_rcode: 0,
    ml_score: 1e-7,
  };
}

const queries: OaRow[] = [
  dns('10.0.0.5', 'evil.example.com', 1), // 0
  dns('10.0.0.5', 'www.google.com', 2), // 1
  dns('10.0.0.6', 'evil.example.com', 3), // 2
  dns('10.0.0.7', 'a.evil.example.com', 4), // 3
];

describe('dns matching', () => {
  it('matches client IP OR query, exact, and says how', () => {
    expect(matchRowsDetailed('dns', { clientIp: '10.0.0.5', dnsQuery: 'evil.example.com' }, queries)).toEqual([
      { index: 0, matchedBy: 'both' },
      { index: 1, matchedBy: 'ip' },
      { index: 2, matchedBy: 'query' },
    ]);
  });

  it('quick scoring replaces the query and matches exactly (no suffix or keyword match)', () => {
    expect(matchRows('dns', { dnsQuery: 'www.google.com', quickQuery: 'evil.example.com' }, queries)).toEqual([0, 2]);
    expect(matchRows('dns', { quickQuery: 'example.com' }, queries)).toEqual([]);
  });

  it('needs an IP or a query', () => {
    expect(() => matchRows('dns', {}, queries)).toThrow(CriteriaError);
  });
});

describe('proxy matching', () => {
  const requests: OaRow[] = [
    { clientip: '10.1.1.1', fulluri: 'http://a.com/x', time: '10:00:00' },
    { clientip: '10.1.1.2', fulluri: 'http://a.com/x?y=1', time: '10:00:01' },
    { clientip: '10.1.1.3', fulluri: 'http://a.com/x', time: '10:00:02' },
  ];
  it('matches fulluri exactly; quick text is the URI', () => {
    expect(matchRows('proxy', { uri: 'http://a.com/x' }, requests)).toEqual([0, 2]);
    expect(matchRows('proxy', { uri: 'http://a.com/x', quickUri: 'http://a.com/x?y=1' }, requests)).toEqual([1]);
    expect(() => matchRows('proxy', {}, requests)).toThrow(/URI/);
  });
});

describe('hiding after a score', () => {
  it('default mode hides only the rows actually scored', () => {
    const scored = [flows[0]!];
    expect(hiddenRows('flow', scored, flows)).toEqual([0]);
    // the same event with a new ML score (re-run) is still the same row
    expect(hiddenRows('flow', [{ ...flows[3]!, ml_score: 0.5 }], flows, 'matched')).toEqual([3]);
  });

  it("spot mode reproduces Spot's wider hiding", () => {
    // flow: srcip of any scored row OR dstip of any scored row
    expect(hiddenRows('flow', [flows[0]!], flows, 'spot')).toEqual([0, 1, 3]);
    // dns: every row with a scored query name (scoring an IP hides all that IP's queries' names)
    expect(hiddenRows('dns', [queries[0]!, queries[1]!], queries, 'spot')).toEqual([0, 1, 2]);
    const requests: OaRow[] = [{ fulluri: 'u1' }, { fulluri: 'u2' }, { fulluri: 'u1' }];
    expect(hiddenRows('proxy', [requests[0]!], requests, 'spot')).toEqual([0, 2]);
  });

  it('rowKey ignores ml_score and enrichment but not the event columns', () => {
    expect(rowKey('flow', flows[0]!)).toBe(rowKey('flow', { ...flows[0]!, ml_score: 3, src_rep: 'x' }));
    expect(rowKey('flow', flows[0]!)).not.toBe(rowKey('flow', { ...flows[0]!, ibyt: 61 }));
  });
});
