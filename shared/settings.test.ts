import { describe, expect, it } from 'vitest';
import {
  databasePort,
  DEFAULT_INTERNAL_SUBNETS,
  defaultSettings,
  feedbackPathFor,
  renderPathTemplate,
  resultsPathFor,
  validateSettings,
} from './settings';

describe('settings schema', () => {
  it('fills every default from an empty document', () => {
    const s = defaultSettings();
    expect(s.pipelines.flow).toEqual({ enabled: true, source: 'local' });
    expect(s.mlNode.port).toBe(22);
    expect(s.mlNode.huser).toBe('/user/spot');
    expect(s.mlNode.feedbackTarget).toBe('hdfs');
    expect(s.database.database).toBe('spot');
    expect(s.database.auth).toEqual({ mode: 'NOSASL' });
    expect(s.oa).toEqual({ topN: 3000, displayCap: 250 });
    expect(s.localMl).toMatchObject({
      topics: 20,
      alpha: 1.02,
      beta: 1.001,
      iterations: 20,
      tol: 1,
      maxResults: 5000,
      dupFactor: 1000,
      userDomains: [],
      proxySafeDomains: ['intel'],
      feedbackWindowDays: 0,
    });
  });

  it('picks the engine default port unless one is set', () => {
    const hive = validateSettings({ database: { engine: 'hive' } });
    const impala = validateSettings({ database: { engine: 'impala' } });
    const explicit = validateSettings({ database: { engine: 'hive', port: 10001 } });
    if (!hive.ok || !impala.ok || !explicit.ok) throw new Error('expected valid');
    expect(databasePort(hive.settings)).toBe(10000);
    expect(databasePort(impala.settings)).toBe(21050);
    expect(databasePort(explicit.settings)).toBe(10001);
  });

  it('keeps partial input and fills the rest', () => {
    const r = validateSettings({ pipelines: { dns: { source: 'hive' } }, oa: { topN: 500 } });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.settings.pipelines.dns).toEqual({ enabled: true, source: 'hive' });
    expect(r.settings.pipelines.flow.source).toBe('local');
    expect(r.settings.oa).toEqual({ topN: 500, displayCap: 250 });
  });

  it('reports every bad field with its dotted path and a clear message', () => {
    const r = validateSettings({
      database: { port: 70000, auth: { mode: 'PLAIN' }, extra: 1 },
      oa: { topN: 0 },
      pipelines: { proxy: { source: 'ftp' } },
      mlNode: { hpathTemplate: '{huser}/{bogus}' },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byPath = Object.fromEntries(r.errors.map((e) => [e.path, e.message]));
    expect(byPath['database.port']).toBe('database.port must be between 1 and 65535');
    expect(byPath['database.auth.user']).toBe('database.auth.user is required');
    expect(byPath['database']).toBe('unknown setting(s): extra');
    expect(byPath['oa.topN']).toBe('oa.topN must be at least 1');
    expect(byPath['pipelines.proxy.source']).toBe('source must be one of local, ssh, hive');
    expect(byPath['mlNode.hpathTemplate']).toMatch(/unknown field\(s\) \{bogus\}/);
  });

  it('accepts PLAIN auth with a password reference, never a password field', () => {
    const ok = validateSettings({ database: { auth: { mode: 'PLAIN', user: 'spot', passwordRef: 'db' } } });
    expect(ok.ok).toBe(true);
    const withPassword = validateSettings({ database: { auth: { mode: 'PLAIN', user: 'spot', password: 'x' } } });
    expect(withPassword.ok).toBe(false);
    if (!withPassword.ok) expect(withPassword.errors[0]?.message).toBe('unknown setting(s): password');
  });

  it('refuses a database name that is not an identifier', () => {
    const r = validateSettings({ database: { database: 'spot; drop table x' } });
    expect(r.ok).toBe(false);
  });
});

describe('detection settings', () => {
  it('default to the private address space and empty lists, also for a file written before the block existed', () => {
    const empty = {
      infrastructureHosts: [],
      neverIncludedSubnets: [],
      neverIncludedDomains: [],
      alwaysIncludedSubnets: [],
      alwaysIncludedDomains: [],
    };
    expect(defaultSettings().detection).toEqual({ internalSubnets: [...DEFAULT_INTERNAL_SUBNETS], ...empty });
    const old = validateSettings({ version: 1, oa: { topN: 500 }, localMl: { topics: 10 } });
    if (!old.ok) throw new Error(JSON.stringify(old.errors));
    expect(old.settings.detection).toEqual(defaultSettings().detection);
    // A list given replaces the default (it is the whole address space, not an addition).
    const only = validateSettings({ detection: { internalSubnets: ['10.20.0.0/16'] } });
    if (!only.ok) throw new Error(JSON.stringify(only.errors));
    expect(only.settings.detection).toEqual({ internalSubnets: ['10.20.0.0/16'], ...empty });
  });

  it('accepts addresses, CIDRs, short IPv6 prefixes and domains, trimmed; domains lower case without the final dot', () => {
    const r = validateSettings({
      detection: {
        internalSubnets: [' 10.20.0.0/16 ', '2001::/16', 'fd00::/8'],
        infrastructureHosts: ['10.20.0.1', '10.20.0.53/32'],
        neverIncludedSubnets: ['0.0.0.0/0'],
        neverIncludedDomains: ['Updates.Example.COM.', '_msdcs.corp.local'],
        alwaysIncludedSubnets: ['10.20.9.9'],
        alwaysIncludedDomains: ['xn--bcher-kva.example'],
      },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.settings.detection).toEqual({
      internalSubnets: ['10.20.0.0/16', '2001::/16', 'fd00::/8'],
      infrastructureHosts: ['10.20.0.1', '10.20.0.53/32'],
      neverIncludedSubnets: ['0.0.0.0/0'],
      neverIncludedDomains: ['updates.example.com', '_msdcs.corp.local'],
      alwaysIncludedSubnets: ['10.20.9.9'],
      alwaysIncludedDomains: ['xn--bcher-kva.example'],
    });
  });

  it('names the field, the entry and the problem of every bad entry', () => {
    const r = validateSettings({
      detection: {
        internalSubnets: ['10.0.0.0/33', '10.0.0.0/8', '300.1.1.1'],
        infrastructureHosts: ['2001:db8::53', ''],
        neverIncludedSubnets: ['2001:db8::/32'],
        neverIncludedDomains: ['*.corp.example.com', 'https://example.com/x'],
        alwaysIncludedSubnets: '10.0.0.1',
        alwaysIncludedDomains: ['bad..name', '10.0.0.1'],
        networks: [],
      },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.fromEntries(r.errors.map((e) => [e.path, e.message]))).toEqual({
      'detection.internalSubnets.0':
        'detection.internalSubnets: "10.0.0.0/33" has an IPv4 prefix length that is not 0–32',
      'detection.internalSubnets.2':
        'detection.internalSubnets: "300.1.1.1" is not an IPv4 address or CIDR (a.b.c.d or a.b.c.d/n)',
      'detection.infrastructureHosts.0':
        'detection.infrastructureHosts: "2001:db8::53" is a single IPv6 address; the detectors match IPv6 by ' +
        'prefixes of at most 16 bits (e.g. fd00::/8)',
      'detection.infrastructureHosts.1': 'detection.infrastructureHosts entries must not be empty',
      'detection.neverIncludedSubnets.0':
        'detection.neverIncludedSubnets: "2001:db8::/32" has a /32 IPv6 prefix; the detectors match IPv6 by ' +
        'prefixes of 1 to 16 bits (e.g. 2001::/16, fd00::/8)',
      'detection.neverIncludedDomains.0':
        'detection.neverIncludedDomains: "*.corp.example.com" has a wildcard; a domain already matches its ' +
        'subdomains (write corp.example.com)',
      'detection.neverIncludedDomains.1':
        'detection.neverIncludedDomains: "https://example.com/x" is a URL or path; write the domain only (e.g. example.com)',
      'detection.alwaysIncludedSubnets': 'detection.alwaysIncludedSubnets must be a list of addresses or CIDRs',
      'detection.alwaysIncludedDomains.0':
        'detection.alwaysIncludedDomains: "bad..name" is not a domain name (labels of letters, digits and hyphens, ' +
        'separated by dots)',
      'detection.alwaysIncludedDomains.1':
        'detection.alwaysIncludedDomains: "10.0.0.1" is an IP address; put addresses in the subnet lists',
      detection: 'unknown setting(s): networks',
    });
  });
});

describe('path templates', () => {
  const values = { huser: '/user/spot/', luser: '/home/spot', type: 'dns' as const, date: '2026-03-07' };
  it('renders padded and unpadded date fields', () => {
    expect(renderPathTemplate('{huser}/{type}/hive/y={yyyy}/m={m}/d={d}/', values)).toBe(
      '/user/spot/dns/hive/y=2026/m=3/d=7/',
    );
    expect(renderPathTemplate('{luser}/{type}/{yyyymmdd}/{mm}{dd}', values)).toBe('/home/spot/dns/20260307/0307');
  });
  it('derives results and feedback paths from HPATH / LPATH', () => {
    const s = defaultSettings();
    expect(resultsPathFor(s, 'flow', '2026-11-24')).toBe(
      '/user/spot/flow/scored_results/20261124/scores/flow_results.csv',
    );
    expect(feedbackPathFor(s, 'flow', '2026-11-24')).toBe(
      '/user/spot/flow/scored_results/20261124/feedback/ml_feedback.csv',
    );
    s.mlNode.feedbackTarget = 'local';
    expect(feedbackPathFor(s, 'proxy', '2026-11-24')).toBe('/home/spot/ml/proxy/20261124/ml_feedback.csv');
  });
  it('refuses a malformed date', () => {
    expect(() => renderPathTemplate('{yyyy}', { ...values, date: '20260307' })).toThrow(/not YYYY-MM-DD/);
  });
});
