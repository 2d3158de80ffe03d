/**
 * The base (registrable) domain of a DNS query name, as a plain SQL expression every DNS detector groups by:
 * `a.b.example.co.uk` → `example.co.uk`, `x.y.example.com` → `example.com`. The rule is the public suffix list's
 * (ICANN section, as `tldts.getDomain` reads it) for the names DNS logs actually hold: the last two labels, or the
 * last three when the last two are a multi-label public suffix — a second-level label from MULTI_LABEL_SECOND
 * under a two-letter country code (`co.uk`, `com.au`, `ne.jp`, `com.br` …) or one of MULTI_LABEL_SUFFIXES.
 * Reverse-lookup names fold into their zone (`in-addr.arpa`, `ip6.arpa`); single-label names and IP literals are
 * their own base. Only regexp_extract, regexp_matches, CASE, IN, length and substr: valid in DuckDB and close to
 * HiveQL/Impala (RE2 patterns, no look-around).
 */
import { sqlString } from '../../pipeline/duck';

/** Second-level labels that form a public suffix under (nearly) every two-letter country code that has them. */
export const MULTI_LABEL_SECOND = [
  'ac',
  'co',
  'com',
  'edu',
  'gob',
  'gov',
  'govt',
  'mil',
  'net',
  'org',
  'or',
  'ne',
  'go',
  'ad',
  'ed',
  'gr',
  'lg',
  'ltd',
  'plc',
  'sch',
  'nom',
  'asn',
  'id',
] as const;

/** Multi-label public suffixes outside that pattern that DNS logs commonly hold (checked against tldts in tests). */
export const MULTI_LABEL_SUFFIXES = [
  'me.uk',
  'police.uk',
  'nhs.uk',
  'school.nz',
  'in.th',
  'co.th',
  'gen.in',
  'firm.in',
  'ind.in',
  'res.in',
  'info.pl',
  'biz.pl',
  'art.br',
  'eng.br',
  'ind.br',
  'inf.br',
  'blog.br',
  'com.ua',
  'kiev.ua',
  'k12.ca.us',
] as const;

const SECOND = `^(${MULTI_LABEL_SECOND.join('|')})[.][a-z][a-z]$`;

/** SQL: the last `labels` labels of `expr` ('' when it has fewer). */
export function lastLabelsSql(expr: string, labels: number): string {
  return `regexp_extract(${expr}, '${Array.from({ length: labels }, () => '[^.]+').join('[.]')}$', 0)`;
}

/**
 * SQL: the base domain of `expr` (a lower-case query name without the trailing dot, as `events.qname` is) from its
 * last two, three and four labels (lastLabelsSql): pass columns computed once where a query reads many rows.
 */
export function baseDomainFromLabels(expr: string, two: string, three: string, four: string): string {
  const suffixes = MULTI_LABEL_SUFFIXES.filter((s) => s.split('.').length === 2).map(sqlString);
  const suffixes3 = MULTI_LABEL_SUFFIXES.filter((s) => s.split('.').length === 3).map(sqlString);
  return `(CASE
    WHEN ${two} IN ('in-addr.arpa', 'ip6.arpa') THEN ${two}
    WHEN ${expr} NOT LIKE '%.%' OR regexp_matches(${expr}, '^[0-9.]+$') THEN ${expr}
    WHEN ${three} IN (${suffixes3.join(', ')}) THEN COALESCE(NULLIF(${four}, ''), ${expr})
    WHEN regexp_matches(${two}, '${SECOND}') OR ${two} IN (${suffixes.join(', ')})
      THEN COALESCE(NULLIF(${three}, ''), ${expr})
    ELSE COALESCE(NULLIF(${two}, ''), ${expr}) END)`;
}

/**
 * SQL: the base domain of `expr` (a lower-case query name without the trailing dot, as `events.qname` is).
 * `expr` is repeated in the expression: pass a column, not a computation.
 */
export function baseDomainSql(expr: string): string {
  return baseDomainFromLabels(expr, lastLabelsSql(expr, 2), lastLabelsSql(expr, 3), lastLabelsSql(expr, 4));
}

/** SQL: the labels of `name` before its base domain `base` ('' when the name is the base domain itself). */
export function subdomainSql(name: string, base: string): string {
  return `(CASE WHEN length(${name}) > length(${base}) THEN substr(${name}, 1, length(${name}) - length(${base}) - 1) ELSE '' END)`;
}
