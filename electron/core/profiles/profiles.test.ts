import { describe, expect, it } from 'vitest';
import { detailRawColumns } from '../../../shared/pipeline-profile';
import { PIPELINES, RAW_COLUMNS, columnNames } from '../../../shared/schema';
import { PROFILES, profileOf } from './index';

describe('pipeline profiles', () => {
  it('exist for every telemetry type, each under its own name', () => {
    for (const pipeline of PIPELINES) expect(profileOf(pipeline).pipeline).toBe(pipeline);
    expect(Object.keys(PROFILES).sort()).toEqual([...PIPELINES].sort());
  });

  it('require only raw columns their schemas have, and scan only those', () => {
    for (const profile of Object.values(PROFILES)) {
      const current = new Set(columnNames(profile.rawSchemas[0]!));
      expect(profile.rawSchemas[0]).toBe(RAW_COLUMNS[profile.pipeline]);
      for (const name of profile.requiredRawColumns) expect(current.has(name), name).toBe(true);
      const plan = profile.scanPlan({ date: '2026-11-24', hasUnixTstamp: true });
      for (const name of plan.columns) expect(current.has(name), `${profile.pipeline} ${name}`).toBe(true);
    }
  });

  it("flow's scan filters the run's year and unix_tstamp only where the schema has it", () => {
    const flow = profileOf('flow');
    const plan = flow.scanPlan({ date: '2026-11-24', hasUnixTstamp: true });
    expect(plan.required[0]).toBe('unix_tstamp');
    expect(plan.equals).toEqual({ tryear: 2026 });
    expect(flow.scanPlan({ date: '2025-01-02', hasUnixTstamp: false }).required).not.toContain('unix_tstamp');
    expect(() => flow.scanPlan({ date: '2026-02-30', hasUnixTstamp: true })).toThrow('bad date "2026-02-30"');
    expect(profileOf('dns').scanPlan({ date: '2026-11-24', hasUnixTstamp: true }).bucket).toContain("'2026-11-24'");
  });

  it('name the anchor kinds of the expanded search', () => {
    expect(profileOf('flow').anchorKind('evil.com')).toBe('ip');
    expect(profileOf('dns').anchorKind('10.0.0.1')).toBe('ip');
    expect(profileOf('dns').anchorKind('fe80::1')).toBe('ip');
    expect(profileOf('dns').anchorKind('evil.com')).toBe('query');
    expect(profileOf('proxy').anchorKind('10.0.0.1')).toBe('uri');
  });

  it('build the threat-investigation row a High mark is recognised by', () => {
    const flow = profileOf('flow').threatInvestigationRow({
      row: { tstart: 't', srcip: '10.0.0.1', dstip: '8.8.8.8', sport: 5, dport: 53 },
      score: 1,
      matchedBy: 'both',
    });
    expect(flow).toEqual({ tstart: 't', srcip: '10.0.0.1', dstip: '8.8.8.8', srcport: 5, dstport: 53, score: 1 });
    expect(profileOf('flow').marksHigh(flow, '8.8.8.8', 'ip')).toBe(true);
    expect(profileOf('flow').marksHigh({ ...flow, score: 2 }, '8.8.8.8', 'ip')).toBe(false);

    const dns = profileOf('dns');
    const onClient = dns.threatInvestigationRow({
      row: { unix_tstamp: 1, ip_dst: '10.0.0.9', dns_qry_name: 'a.evil.net' },
      score: 1,
      matchedBy: 'ip',
    });
    expect(onClient).toMatchObject({ ip_sev: 1, dns_sev: 0 });
    expect(dns.marksHigh(onClient, '10.0.0.9', 'ip')).toBe(true);
    expect(dns.marksHigh(onClient, 'a.evil.net', 'query')).toBe(false);

    const proxy = profileOf('proxy').threatInvestigationRow({
      row: { tdate: '2026-11-24', fulluri: 'http://x/' },
      score: 1,
      matchedBy: 'both',
    });
    expect(proxy).toEqual({ tdate: '2026-11-24', fulluri: 'http://x/', uri_sev: 1 });
    expect(profileOf('proxy').marksHigh(proxy, 'http://x/', 'uri')).toBe(true);
  });

  it('select the detail rows, the label entity and the scoring criteria of a row', () => {
    const flowRow = { tstart: '2026-11-24 09:05:07', srcip: '10.0.0.1', dstip: '8.8.8.8', dport: 53 };
    expect(profileOf('flow').detailRows(flowRow)).toMatchObject({
      params: [9, 5, '10.0.0.1', '8.8.8.8', '8.8.8.8', '10.0.0.1'],
      selectedBy: '10.0.0.1 ↔ 8.8.8.8 in minute 09:05, both directions',
    });
    expect(() => profileOf('flow').detailRows({ ...flowRow, tstart: 'garbage' })).toThrow('has no time');
    expect(profileOf('flow').labelEntity(flowRow)).toBe('8.8.8.8:53');
    expect(profileOf('dns').labelEntity({ dns_qry_name: 'A.B.Evil.co.uk.' })).toBe('evil.co.uk');
    expect(profileOf('proxy').labelEntity({ host: 'WWW.Example.com' })).toBe('www.example.com');
    expect(profileOf('flow').scoreCriteria({ ip: '10.0.0.1' })).toMatchObject({ quickIp: '10.0.0.1' });
    expect(profileOf('flow').scoreCriteria({ uri: 'x' })).toBeNull();
    expect(profileOf('dns').scoreCriteria({ dnsQuery: 'evil.com' })).toEqual({
      clientIp: undefined,
      dnsQuery: 'evil.com',
    });
    expect(profileOf('proxy').scoreCriteria({ uri: 'http://x/' })).toEqual({ uri: 'http://x/' });
  });
  it("scan every raw column the details table shows (the shared profile's details columns)", () => {
    for (const profile of Object.values(PROFILES)) {
      const plan = profile.scanPlan({ date: '2026-11-24', hasUnixTstamp: true });
      for (const raw of detailRawColumns(profile.pipeline)) {
        expect(plan.columns, `${profile.pipeline} ${raw}`).toContain(raw);
        expect(profile.requiredRawColumns, `${profile.pipeline} ${raw}`).toContain(raw);
      }
    }
  });
});
