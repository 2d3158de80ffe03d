import { describe, expect, it } from 'vitest';
import { Duck } from '../pipeline/duck';
import { DIALECTS, DUCKDB_OVER_HS2, inlineTable, lexPortable, toDialect, UnsupportedSqlError } from './dialect';

describe('toDialect', () => {
  it('renders regular-expression matches per engine, nested calls included', () => {
    const sql = `SELECT regexp_matches(lower(x), '^a\\.b') AND regexp_full_match(y, '[0-9]+') FROM t`;
    expect(toDialect(sql, DIALECTS.duckdb)).toBe(sql);
    expect(toDialect(sql, DIALECTS.hive)).toBe(
      `SELECT (lower(x) RLIKE '^a\\\\.b') AND (y RLIKE '^(?:[0-9]+)$') FROM t`,
    );
    expect(toDialect(sql, DIALECTS.impala)).toBe(
      `SELECT (lower(x) REGEXP '^a\\\\.b') AND (y REGEXP '^(?:[0-9]+)$') FROM t`,
    );
  });

  it('splits, trims, takes epoch seconds, medians and quantiles as each engine can', () => {
    const sql = `SELECT split_part(a, '.', 2), rtrim(b, '.'), epoch(CAST(c AS TIMESTAMP)), median(d), quantile_cont(e, 0.25) FROM t`;
    const noQuantiles = `SELECT split_part(a, '.', 2), rtrim(b, '.'), epoch(CAST(c AS TIMESTAMP)) FROM t`;
    expect(toDialect(noQuantiles, DIALECTS.hive)).toBe(
      `SELECT COALESCE(split(a, '\\\\.')[2 - 1], ''), regexp_replace(b, '[\\\\.]+$', ''), ` +
        `CAST(unix_timestamp(CAST(c AS TIMESTAMP)) AS DOUBLE) FROM t`,
    );
    // Impala has no exact quantile aggregate, Hive's percentile_approx interpolates its own way: on both the
    // detectors write quantiles with analytic functions (quantiles.ts), so cluster and laptop agree.
    expect(() => toDialect(sql, DIALECTS.hive)).toThrow(UnsupportedSqlError);
    expect(() => toDialect(`SELECT median(d) FROM t`, DIALECTS.hive)).toThrow(/Hive has no exact median/);
    expect(() => toDialect(sql, DIALECTS.impala)).toThrow(UnsupportedSqlError);
    expect(() => toDialect(`SELECT median(d) FROM t`, DIALECTS.impala)).toThrow(/Impala has no exact median/);
    expect(toDialect(`SELECT split_part(a, '.', 2) FROM t`, DIALECTS.impala)).toBe(
      `SELECT split_part(a, '.', 2) FROM t`,
    );
    expect([DIALECTS.duckdb.quantiles, DIALECTS.hive.quantiles, DIALECTS.impala.quantiles]).toEqual([
      'aggregate',
      'ranked',
      'ranked',
    ]);
  });

  it('turns TRY_CAST and DuckDB type names into CAST with Hive types; string_agg into the engines’ own', () => {
    const sql = `SELECT TRY_CAST(x AS INTEGER), CAST(NULL AS VARCHAR), string_agg(DISTINCT p, '/') FROM t`;
    expect(toDialect(sql, DIALECTS.hive)).toBe(
      `SELECT CAST(x AS INT), CAST(NULL AS STRING), concat_ws('/', sort_array(collect_set(p))) FROM t`,
    );
    expect(toDialect(sql, DIALECTS.impala)).toBe(
      `SELECT CAST(x AS INT), CAST(NULL AS STRING), group_concat(DISTINCT p, '/') FROM t`,
    );
  });

  it('quotes identifiers the engines reserve, and keeps literals and comments as they are', () => {
    const sql = `SELECT server, s.uri, 'server' AS x -- a server's comment\nFROM t`;
    expect(toDialect(sql, DIALECTS.hive)).toBe("SELECT `server`, s.`uri`, 'server' AS x -- a server's comment\nFROM t");
  });

  it('renders a quote inside a literal so that Impala’s grammar and placeholder scanners read it', () => {
    expect(DIALECTS.hive.literal("it's")).toBe(`concat('it', "'", 's')`);
    expect(DIALECTS.impala.literal("'")).toBe(`"'"`);
    expect(DIALECTS.duckdb.literal("it's")).toBe(`'it''s'`);
    expect(lexPortable(`'it''s' "a""b"`).filter((t) => t.kind !== 'other')).toEqual([
      { kind: 'string', value: "it's" },
      { kind: 'ident', value: 'a"b' },
    ]);
  });

  it('inline tables run in DuckDB (and are plain SELECT … UNION ALL for Hive)', async () => {
    const table = inlineTable(
      ['i', 'name'],
      [
        [1, `'a'`],
        [2, `'b'`],
      ],
    );
    expect(table).toBe(`(SELECT 1 AS i, 'a' AS name UNION ALL SELECT 2 AS i, 'b' AS name)`);
    const duck = await Duck.open({ threads: 1, memoryLimit: '256MB' });
    try {
      expect(await duck.all(`SELECT sum(i) AS s, string_agg(name, '') AS n FROM ${table} t`)).toEqual([
        { s: 3, n: 'ab' },
      ]);
    } finally {
      duck.close();
    }
  });

  it('the HS2 test dialect keeps DuckDB functions with Hive lexing', () => {
    expect(toDialect(`SELECT median(x), '\\d' FROM t`, DUCKDB_OVER_HS2)).toBe(`SELECT median(x), '\\\\d' FROM t`);
  });

  it('keeps the line break after a comment that ends an argument', () => {
    expect(toDialect('SELECT (a -- why\n) FROM t', DIALECTS.hive)).toBe('SELECT (a -- why\n) FROM t');
  });

  it('refuses unbalanced SQL with a clear message', () => {
    expect(() => toDialect('SELECT median(x FROM t', DIALECTS.hive)).toThrow(/unbalanced parentheses/);
  });
});
