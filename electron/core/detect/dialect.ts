/**
 * The SQL dialects the detectors run in: DuckDB on the laptop, Hive and Impala where the data lives. Detectors
 * and the `events` select list are written once, in a portable subset spelled as DuckDB spells it; the few
 * functions that differ between engines are listed here, once, and `toDialect` renders a statement for an engine
 * by rewriting those calls (and the string literals, identifiers and type names the engines lex differently).
 * A function an engine lacks makes `toDialect` throw `UnsupportedSqlError` naming it: that detector then reports
 * itself missing on that engine instead of sending SQL the cluster would refuse.
 *
 * Differences covered: regular-expression match (regexp_matches → RLIKE / REGEXP), full match, string split
 * (split_part), trimming given characters, epoch seconds, quantiles and medians (Impala: none, see quantiles.ts), distinct
 * string aggregation, TRY_CAST and type names, string-literal escapes, identifiers the engines reserve.
 */
import { hiveStringLiteral } from '../hive/sql';
import type { QuantileStyle } from './quantiles';

export type SqlEngine = 'duckdb' | 'hive' | 'impala';

export const SQL_ENGINES: readonly SqlEngine[] = ['duckdb', 'hive', 'impala'];

export class UnsupportedSqlError extends Error {
  constructor(
    readonly engine: string,
    readonly feature: string,
  ) {
    super(`${engine} has no ${feature}`);
    this.name = 'UnsupportedSqlError';
  }
}

export interface SqlDialect {
  /** The engine the functions are spelled for. */
  engine: SqlEngine;
  /** The name shown in messages (e.g. "DuckDB over HiveServer2"). */
  label: string;
  /** A string literal that the engine's lexer reads back as exactly `value`. */
  literal(value: string): string;
  /** A quoted identifier. */
  quote(name: string): string;
  /** Identifiers (lower case) the engine reserves: quoted wherever the portable SQL uses them as names. */
  reserved: ReadonlySet<string>;
  /** Type names, portable (DuckDB) → engine. */
  type(name: string): string;
  /** Portable function calls → engine SQL; `args` are already rendered, `values` the literal text of each
   * argument that is a single string literal (else undefined). */
  functions: Readonly<Record<string, (args: string[], values: (string | undefined)[]) => string>>;
  /** How the detectors write quantiles for this engine (quantiles.ts). */
  quantiles: QuantileStyle;
}

const standardLiteral = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/**
 * Hive and Impala: backslash escapes; a quote inside the text as a double-quoted piece joined by concat(), since
 * Impala's grammar (and naive placeholder scanners) do not read `\'`; both engines read "'" as a literal.
 */
function backslashLiteral(value: string): string {
  if (!value.includes("'")) return hiveStringLiteral(value);
  const pieces = value.split("'").flatMap((piece, i) => (i === 0 ? [piece] : ["'", piece]));
  const rendered = pieces.filter((p) => p !== '').map((p) => (p === "'" ? `"'"` : hiveStringLiteral(p)));
  return rendered.length === 1 ? (rendered[0] as string) : `concat(${rendered.join(', ')})`;
}

/**
 * A small constant table as portable SQL (SELECT … UNION ALL …): Hive has no `(VALUES …) t(c)` in FROM.
 * `values` are SQL expressions (numbers, literals); use as `${inlineTable(['k'], [[1], [2]])} d`.
 */
export function inlineTable(columns: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const selects = rows.map(
    (row) => `SELECT ${row.map((value, c) => `${value} AS ${columns[c] ?? `c${c}`}`).join(', ')}`,
  );
  return `(${selects.join(' UNION ALL ')})`;
}

/** Java and RE2 both read `(?:…)` and anchors: a full match is a partial match of the anchored pattern. */
const anchored = (pattern: string): string => `^(?:${pattern})$`;

/** The argument at `i`, or a clear programming error (the detectors' SQL is ours, so this is a bug, not input). */
function arg(args: readonly string[], i: number, fn: string): string {
  const a = args[i];
  if (a === undefined) throw new Error(`${fn}() needs at least ${i + 1} argument(s)`);
  return a;
}

function literalArg(values: readonly (string | undefined)[], i: number, fn: string): string {
  const v = values[i];
  if (v === undefined) throw new Error(`${fn}(): argument ${i + 1} must be a string literal to be portable`);
  return v;
}

/** Escapes a literal separator for a regular expression (Hive's split() takes a pattern). */
const regexEscape = (text: string): string => text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');

const DUCKDB_TYPES: Record<string, string> = {};
const HIVE_TYPES: Record<string, string> = { VARCHAR: 'STRING', INTEGER: 'INT', TEXT: 'STRING' };

/**
 * Identifiers the detectors use as column names or aliases that Hive or Impala reserve (found by validating every
 * statement against their grammars, dialect.test.ts); both engines accept them back-quoted.
 */
const HIVE_RESERVED = ['server', 'uri', 'hours', 'window'];
const IMPALA_RESERVED = [...HIVE_RESERVED, 'first', 'last'];

function makeDialect(
  engine: SqlEngine,
  label: string,
  lexing: 'standard' | 'backslash',
  functions: SqlDialect['functions'],
  types: Record<string, string>,
  reserved: readonly string[],
  quantiles: QuantileStyle = 'aggregate',
): SqlDialect {
  return {
    engine,
    label,
    literal: lexing === 'standard' ? standardLiteral : backslashLiteral,
    quote: lexing === 'standard' ? (n) => `"${n.replace(/"/g, '""')}"` : (n) => `\`${n.replace(/`/g, '``')}\``,
    reserved: new Set(reserved),
    type: (name) => types[name.toUpperCase()] ?? name,
    functions,
    quantiles,
  };
}

/** DuckDB: the portable spelling itself (only literals and quoting are re-rendered). */
const DUCKDB_FUNCTIONS: SqlDialect['functions'] = {};

function hiveFunctions(lit: (v: string) => string): SqlDialect['functions'] {
  return {
    regexp_matches: (a) => `(${arg(a, 0, 'regexp_matches')} RLIKE ${arg(a, 1, 'regexp_matches')})`,
    regexp_full_match: (a, v) =>
      `(${arg(a, 0, 'regexp_full_match')} RLIKE ${lit(anchored(literalArg(v, 1, 'regexp_full_match')))})`,
    // Hive's split() takes a pattern and yields NULL past the last part; DuckDB's split_part yields ''.
    split_part: (a, v) =>
      `COALESCE(split(${arg(a, 0, 'split_part')}, ${lit(regexEscape(literalArg(v, 1, 'split_part')))})[${arg(a, 2, 'split_part')} - 1], '')`,
    rtrim: (a, v) =>
      a.length === 1
        ? `rtrim(${arg(a, 0, 'rtrim')})`
        : `regexp_replace(${arg(a, 0, 'rtrim')}, ${lit(`[${regexEscape(literalArg(v, 1, 'rtrim'))}]+$`)}, '')`,
    ltrim: (a, v) =>
      a.length === 1
        ? `ltrim(${arg(a, 0, 'ltrim')})`
        : `regexp_replace(${arg(a, 0, 'ltrim')}, ${lit(`^[${regexEscape(literalArg(v, 1, 'ltrim'))}]+`)}, '')`,
    // unix_timestamp reads the timestamp in the session's time zone: sessions for Spot data run in UTC.
    epoch: (a) => `CAST(unix_timestamp(${arg(a, 0, 'epoch')}) AS DOUBLE)`,
    // Hive's percentile() takes integers only and percentile_approx bins and interpolates its own way: a cluster
    // finding could differ from the laptop's on the same data. The detectors take exact quantiles with analytic
    // functions here too (quantiles.ts, the dialect's `ranked` style); an aggregate left is refused.
    median: () => {
      throw new UnsupportedSqlError('Hive', 'exact median aggregate (write it with quantiles.ts)');
    },
    quantile_cont: () => {
      throw new UnsupportedSqlError('Hive', 'quantile aggregate (write it with quantiles.ts)');
    },
    string_agg: (a) => {
      const first = arg(a, 0, 'string_agg');
      const distinct = /^DISTINCT\s+/i.exec(first);
      if (!distinct) throw new UnsupportedSqlError('Hive', 'ordered string_agg without DISTINCT');
      return `concat_ws(${arg(a, 1, 'string_agg')}, sort_array(collect_set(${first.slice(distinct[0].length)})))`;
    },
  };
}

function impalaFunctions(lit: (v: string) => string): SqlDialect['functions'] {
  return {
    regexp_matches: (a) => `(${arg(a, 0, 'regexp_matches')} REGEXP ${arg(a, 1, 'regexp_matches')})`,
    regexp_full_match: (a, v) =>
      `(${arg(a, 0, 'regexp_full_match')} REGEXP ${lit(anchored(literalArg(v, 1, 'regexp_full_match')))})`,
    epoch: (a) => `CAST(unix_timestamp(${arg(a, 0, 'epoch')}) AS DOUBLE)`,
    // Impala's only quantile aggregate, APPX_MEDIAN, is approximate: the detectors take exact quantiles with
    // analytic functions there (quantiles.ts, the dialect's `ranked` style); an aggregate left is refused.
    median: () => {
      throw new UnsupportedSqlError('Impala', 'exact median aggregate (write it with quantiles.ts)');
    },
    quantile_cont: () => {
      throw new UnsupportedSqlError('Impala', 'quantile aggregate (write it with quantiles.ts)');
    },
    string_agg: (a) => `group_concat(${arg(a, 0, 'string_agg')}, ${arg(a, 1, 'string_agg')})`,
  };
}

export const DIALECTS: Readonly<Record<SqlEngine, SqlDialect>> = {
  duckdb: makeDialect('duckdb', 'DuckDB', 'standard', DUCKDB_FUNCTIONS, DUCKDB_TYPES, []),
  hive: makeDialect('hive', 'Hive', 'backslash', hiveFunctions(backslashLiteral), HIVE_TYPES, HIVE_RESERVED, 'ranked'),
  impala: makeDialect(
    'impala',
    'Impala',
    'backslash',
    impalaFunctions(backslashLiteral),
    HIVE_TYPES,
    IMPALA_RESERVED,
    'ranked',
  ),
};

/**
 * DuckDB's functions lexed as HiveQL (backslash escapes, back-quoted names): what the HiveServer2 test server
 * (test/fixtures/hs2-server.ts, DuckDB behind a Hive lexer) runs, so a test can compare its findings with local ones.
 */
export const DUCKDB_OVER_HS2: SqlDialect = makeDialect(
  'duckdb',
  'DuckDB over HiveServer2',
  'backslash',
  DUCKDB_FUNCTIONS,
  DUCKDB_TYPES,
  HIVE_RESERVED,
);

// ------------------------------------------------------------------ the rewriter

type Token =
  | { kind: 'string'; value: string }
  | { kind: 'ident'; value: string } // "quoted"
  | { kind: 'word'; value: string }
  | { kind: 'comment'; value: string }
  | { kind: 'other'; value: string };

/** Lexes portable (DuckDB, standard SQL) text: '' inside a literal is a quote, no backslash escapes. */
export function lexPortable(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    if (c === "'" || c === '"') {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) throw new Error(`unterminated ${c} at offset ${i} of a detector statement`);
        if (sql[j] === c) {
          if (sql[j + 1] === c) {
            value += c;
            j += 2;
            continue;
          }
          break;
        }
        value += sql[j];
        j++;
      }
      tokens.push({ kind: c === "'" ? 'string' : 'ident', value });
      i = j + 1;
      continue;
    }
    if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? sql.length : end;
      tokens.push({ kind: 'comment', value: sql.slice(i, stop) });
      i = stop;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i, i + 128));
    if (word) {
      tokens.push({ kind: 'word', value: word[0] });
      i += word[0].length;
      continue;
    }
    tokens.push({ kind: 'other', value: c });
    i++;
  }
  return tokens;
}

const CASTS = new Set(['try_cast', 'cast']);

/** Renders portable SQL for a dialect. Throws UnsupportedSqlError when it uses a function the engine lacks. */
export function toDialect(sql: string, dialect: SqlDialect): string {
  const tokens = lexPortable(sql);
  let at = 0;

  const nextSignificant = (from: number): number => {
    let k = from;
    while (k < tokens.length && /^\s$/.test(tokens[k]!.value) && tokens[k]!.kind === 'other') k++;
    return k;
  };

  /** Renders tokens until the closing parenthesis at depth 0 (consumed) or the end; splits at top-level commas. */
  function renderArgs(): { args: string[]; values: (string | undefined)[] } {
    const args: string[] = [];
    const values: (string | undefined)[] = [];
    let current = '';
    let single: string | undefined;
    let parts = 0;
    // A line comment ending an argument keeps its line break, or the trimmed text would comment out the `)`.
    let endsInComment = false;
    for (;;) {
      if (at >= tokens.length) throw new Error('unbalanced parentheses in a detector statement');
      const t = tokens[at]!;
      if (t.kind === 'other' && (t.value === ')' || t.value === ',')) {
        at++;
        args.push(endsInComment ? `${current.trim()}\n` : current.trim());
        endsInComment = false;
        values.push(parts === 1 ? single : undefined);
        current = '';
        single = undefined;
        parts = 0;
        if (t.value === ')') return { args: args.length === 1 && args[0] === '' ? [] : args, values };
        continue;
      }
      if (!(t.kind === 'other' && /^\s$/.test(t.value))) {
        endsInComment = t.kind === 'comment';
        parts++;
        single = t.kind === 'string' ? t.value : undefined;
      }
      current += renderOne();
    }
  }

  /** Renders the token at `at` (and, for a call or parenthesis, everything up to its close). */
  function renderOne(): string {
    const t = tokens[at]!;
    at++;
    switch (t.kind) {
      case 'string':
        return dialect.literal(t.value);
      case 'ident':
        return dialect.quote(t.value);
      case 'comment':
        return t.value;
      case 'other':
        if (t.value === '(') {
          const { args } = renderArgs();
          return `(${args.join(', ')})`;
        }
        return t.value;
      case 'word': {
        const lower = t.value.toLowerCase();
        const open = nextSignificant(at);
        const isCall = tokens[open]?.kind === 'other' && tokens[open]?.value === '(';
        if (isCall && CASTS.has(lower)) {
          at = open + 1;
          const { args } = renderArgs();
          const inner = args.join(', ');
          const as = /\s+AS\s+([A-Za-z_][A-Za-z0-9_]*)\s*$/i.exec(inner);
          if (!as) throw new Error(`${t.value}(…) without AS <type> in a detector statement`);
          const body = inner.slice(0, as.index);
          const type = dialect.type(as[1]!);
          // Hive's and Impala's CAST yield NULL on a bad value, as DuckDB's TRY_CAST.
          const fn = dialect.engine === 'duckdb' ? t.value : 'CAST';
          return `${fn}(${body} AS ${type})`;
        }
        const rewrite = isCall ? dialect.functions[lower] : undefined;
        if (rewrite) {
          at = open + 1;
          const { args, values } = renderArgs();
          return rewrite(args, values);
        }
        if (!isCall && dialect.reserved.has(lower)) return dialect.quote(t.value);
        return t.value;
      }
    }
  }

  let out = '';
  while (at < tokens.length) out += renderOne();
  return out;
}
