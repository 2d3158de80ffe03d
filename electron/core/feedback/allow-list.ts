/**
 * Allow-list rules: known-benign IPs, networks, domains and URIs an analyst never wants to see again.
 *
 * File formats (both hold the same rules; `kind` is ip | cidr | domain | uri):
 *  - JSON: `{ "version": 1, "rules": [ { "kind": "cidr", "pattern": "10.0.0.0/8", "reason": "lab" }, … ] }`
 *    (a bare array of rules is accepted too). Export writes one rule per line.
 *  - CSV: RFC 4180, comma separated, header line `kind,pattern,reason`, one rule per line. Export defuses
 *    cells a spreadsheet would run as formulas (csv-writer.ts); import undoes that.
 * Validation errors are InputErrors naming the file, the line and the field.
 *
 * What a rule matches:
 *  - ip / cidr: flow srcip or dstip; dns ip_dst (the client); proxy clientip or serverip.
 *  - domain (the name or any sub-domain, case-insensitive): dns dns_qry_name; proxy host; flow src_domain or
 *    dst_domain (the names enrichment put there).
 *  - uri (exact, or a prefix when the pattern ends with `*`): proxy fulluri only.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Pipeline } from '../../../shared/schema';
import type { OaRow } from '../cache/types';
import { readCsvCell, toCsv } from '../csv-writer';
import { InputError } from '../errors';

export type AllowListKind = 'ip' | 'cidr' | 'domain' | 'uri';
export const ALLOW_LIST_KINDS: readonly AllowListKind[] = ['ip', 'cidr', 'domain', 'uri'];

export interface AllowListRule {
  kind: AllowListKind;
  pattern: string;
  reason: string;
}

function cell(row: OaRow, column: string): string {
  const v = row[column];
  return v === null || v === undefined ? '' : String(v).trim();
}

/** An IP as a bigint plus its family, or null when not an IP. */
function ipValue(ip: string): { family: 4 | 6; value: bigint } | null {
  const family = isIP(ip);
  if (family === 4) {
    const value = ip.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
    return { family: 4, value };
  }
  if (family === 6) {
    let text = ip.toLowerCase();
    const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
    if (v4) {
      const n = ipValue(v4[1]!)!.value;
      text = text.slice(0, v4.index) + `${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
    }
    const [head = '', tail] = text.split('::');
    const headParts = head === '' ? [] : head.split(':');
    const tailParts = tail === undefined || tail === '' ? [] : tail.split(':');
    const missing = 8 - headParts.length - tailParts.length;
    const groups = [...headParts, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...tailParts];
    const value = groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
    return { family: 6, value };
  }
  return null;
}

interface Cidr {
  family: 4 | 6;
  network: bigint;
  mask: bigint;
}

function parseCidr(pattern: string): Cidr | string {
  const [address = '', prefixText, extra] = pattern.split('/');
  if (extra !== undefined || prefixText === undefined) return 'expected address/prefix, e.g. 10.0.0.0/8';
  const ip = ipValue(address);
  if (!ip) return `"${address}" is not an IP address`;
  const bits = ip.family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) return `prefix must be 0..${bits}`;
  const prefix = BigInt(prefixText);
  const all = (1n << BigInt(bits)) - 1n;
  const mask = (all << (BigInt(bits) - prefix)) & all;
  return { family: ip.family, network: ip.value & mask, mask };
}

function inCidr(cidr: Cidr, ip: string): boolean {
  const v = ipValue(ip);
  return v !== null && v.family === cidr.family && (v.value & cidr.mask) === cidr.network;
}

function normaliseDomain(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

function domainMatches(pattern: string, name: string): boolean {
  const p = normaliseDomain(pattern);
  const n = normaliseDomain(name);
  return n !== '' && (n === p || n.endsWith(`.${p}`));
}

const IP_COLUMNS: Record<Pipeline, readonly string[]> = {
  flow: ['srcip', 'dstip'],
  dns: ['ip_dst'],
  proxy: ['clientip', 'serverip'],
};
const DOMAIN_COLUMNS: Record<Pipeline, readonly string[]> = {
  flow: ['src_domain', 'dst_domain'],
  dns: ['dns_qry_name'],
  proxy: ['host'],
};
const URI_COLUMNS: Record<Pipeline, readonly string[]> = { flow: [], dns: [], proxy: ['fulluri'] };

/** Whether `rule` covers `row` (a `<pipeline>_scores` row). */
export function allowListMatches(pipeline: Pipeline, rule: AllowListRule, row: OaRow): boolean {
  switch (rule.kind) {
    case 'ip': {
      const want = ipValue(rule.pattern.trim());
      if (!want) return false;
      return IP_COLUMNS[pipeline].some((c) => {
        const got = ipValue(cell(row, c));
        return got !== null && got.family === want.family && got.value === want.value;
      });
    }
    case 'cidr': {
      const cidr = parseCidr(rule.pattern.trim());
      if (typeof cidr === 'string') return false;
      return IP_COLUMNS[pipeline].some((c) => inCidr(cidr, cell(row, c)));
    }
    case 'domain':
      return DOMAIN_COLUMNS[pipeline].some((c) => domainMatches(rule.pattern, cell(row, c)));
    case 'uri': {
      const pattern = rule.pattern.trim();
      return URI_COLUMNS[pipeline].some((c) => {
        const uri = cell(row, c);
        return pattern.endsWith('*') ? uri.startsWith(pattern.slice(0, -1)) : uri === pattern;
      });
    }
  }
}

/** Checks one rule; returns [field, problem] or null. */
function ruleProblem(rule: Record<string, unknown>): [string, string] | null {
  const kind = rule.kind;
  if (typeof kind !== 'string' || !ALLOW_LIST_KINDS.includes(kind as AllowListKind)) {
    return ['kind', `must be one of ${ALLOW_LIST_KINDS.join(', ')}, got ${JSON.stringify(kind ?? null)}`];
  }
  const pattern = rule.pattern;
  if (typeof pattern !== 'string' || pattern.trim() === '') return ['pattern', 'is empty'];
  if (rule.reason !== undefined && typeof rule.reason !== 'string') return ['reason', 'must be text'];
  const p = pattern.trim();
  switch (kind as AllowListKind) {
    case 'ip':
      return isIP(p) ? null : ['pattern', `"${p}" is not an IPv4 or IPv6 address`];
    case 'cidr': {
      const cidr = parseCidr(p);
      return typeof cidr === 'string' ? ['pattern', `"${p}": ${cidr}`] : null;
    }
    case 'domain':
      return /^(\*\.)?[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?(\.[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?)*\.?$/.test(
        p,
      )
        ? null
        : ['pattern', `"${p}" is not a domain name`];
    case 'uri':
      return /\s/.test(p) ? ['pattern', 'a URI cannot contain spaces'] : null;
  }
}

function toRule(raw: Record<string, unknown>): AllowListRule {
  const kind = raw.kind as AllowListKind;
  let pattern = String(raw.pattern).trim();
  // "*.example.com" means the domain and its sub-domains, which is what a domain rule does anyway
  if (kind === 'domain') pattern = normaliseDomain(pattern.replace(/^\*\./, ''));
  return { kind, pattern, reason: typeof raw.reason === 'string' ? raw.reason : '' };
}

/** 1-based line of each object element of the rules array (top-level array, or the array under "rules"). */
function ruleLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let arrayDepth = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '[') {
      if (arrayDepth === -1 && depth <= 1) arrayDepth = depth + 1;
      depth++;
    } else if (ch === '{') {
      if (depth === arrayDepth) lines.push(line);
      depth++;
    } else if (ch === ']' || ch === '}') depth--;
  }
  return lines;
}

function parseJsonRules(file: string, text: string): AllowListRule[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const position = /position (\d+)/.exec(String((err as Error).message));
    const line = position ? text.slice(0, Number(position[1])).split('\n').length : null;
    throw new InputError(file, line, null, `not valid JSON (${(err as Error).message})`);
  }
  const list = Array.isArray(doc) ? doc : (doc as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(list)) throw new InputError(file, 1, 'rules', 'expected an array of rules or { "rules": [...] }');
  const lines = ruleLines(text);
  return list.map((raw: unknown, index) => {
    const line = lines[index] ?? null;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new InputError(file, line, `rules[${index}]`, 'expected an object { kind, pattern, reason }');
    }
    const problem = ruleProblem(raw as Record<string, unknown>);
    if (problem) throw new InputError(file, line, problem[0], problem[1]);
    return toRule(raw as Record<string, unknown>);
  });
}

function parseCsvRules(file: string, text: string): AllowListRule[] {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parseCsv(text, {
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      bom: true,
    }) as unknown as Array<{
      record: string[];
      info: { lines: number };
    }>;
  } catch (err) {
    const e = err as { lines?: number; message: string };
    throw new InputError(file, e.lines ?? null, null, `not valid CSV (${e.message})`);
  }
  const [header, ...rows] = records;
  if (!header) return [];
  const names = header.record.map((h) => h.trim().toLowerCase());
  for (const required of ['kind', 'pattern']) {
    if (!names.includes(required)) {
      throw new InputError(file, header.info.lines, required, 'missing column (header must be kind,pattern,reason)');
    }
  }
  return rows.map(({ record, info }) => {
    const raw: Record<string, unknown> = {};
    names.forEach((name, i) => {
      if (record[i] !== undefined) raw[name] = readCsvCell(record[i]);
    });
    if (record.length > names.length) {
      throw new InputError(file, info.lines, null, `${record.length} fields, the header has ${names.length}`);
    }
    const problem = ruleProblem(raw);
    if (problem) throw new InputError(file, info.lines, problem[0], problem[1]);
    return toRule(raw);
  });
}

/** Parses an allow-list file's text; the format is taken from the name (.json / .csv) or sniffed. */
export function parseAllowList(file: string, text: string): AllowListRule[] {
  const lower = file.toLowerCase();
  const json = lower.endsWith('.json') || (!lower.endsWith('.csv') && /^\s*[[{]/.test(text));
  return json ? parseJsonRules(file, text) : parseCsvRules(file, text);
}

/** Serialises rules as JSON (one rule per line) or CSV. */
export function exportAllowList(rules: readonly AllowListRule[], format: 'json' | 'csv'): string {
  if (format === 'csv') {
    return toCsv(
      ['kind', 'pattern', 'reason'],
      rules.map((r) => [r.kind, r.pattern, r.reason]),
      '\n',
    );
  }
  const body = rules
    .map((r) => `    ${JSON.stringify({ kind: r.kind, pattern: r.pattern, reason: r.reason })}`)
    .join(',\n');
  return `{\n  "version": 1,\n  "rules": [\n${body}${body ? '\n' : ''}  ]\n}\n`;
}

export function readAllowListFile(path: string): AllowListRule[] {
  return parseAllowList(path, readFileSync(path, 'utf8'));
}

export function writeAllowListFile(path: string, rules: readonly AllowListRule[]): void {
  const format = path.toLowerCase().endsWith('.csv') ? 'csv' : 'json';
  const temp = `${path}.tmp`;
  writeFileSync(temp, exportAllowList(rules, format));
  renameSync(temp, path);
}
