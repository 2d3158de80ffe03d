/**
 * Exact quantiles for the detectors, written once for every engine. DuckDB and Hive have quantile aggregates
 * (`quantile_cont`, `median`; Hive's through dialect.ts); Impala has only APPX_MEDIAN. So a detector that needs a
 * quantile takes its rows from `ranked(...)`, which, in the `ranked` style, numbers each value within its group
 * with ROW_NUMBER() and counts the group's values with COUNT() OVER (analytic functions every engine has), and
 * writes each quantile as plain aggregates picking the rows at floor and ceil of (n − 1)·p and interpolating
 * between them as DuckDB's `quantile_cont` does for DOUBLE results: lo·(1 − d) + hi·d, d = RN − floor(RN),
 * RN = (n − 1)·p in double precision (the other spelling, lo + (hi − lo)·d, differs in the last bit). Both styles give the same values (quantiles.test.ts), so the findings are the same whichever
 * engine runs them. NULL values are left out, as the aggregates leave them out.
 */

/** `aggregate`: quantile_cont/median (DuckDB, Hive); `ranked`: analytic functions (Impala). */
export type QuantileStyle = 'aggregate' | 'ranked';

export interface RankedSource {
  /** The relation with its filter: use as `FROM ${source.from} …` (the filter must not be repeated outside). */
  from: string;
  /** The exact continuous quantile p (0–1) of a value named in `values`: an aggregate expression. */
  quantile(value: string, p: number): string;
  /** The median of a value named in `values`. */
  median(value: string): string;
}

export interface RankedSpec {
  /** A CTE or table name; the quantiles' rows are its rows that pass `where`. */
  table: string;
  where?: string;
  /** The grouping keys (column names of `table`), as the query's GROUP BY has them; none for one overall group. */
  partition: readonly string[];
  /** Name → expression over the columns of `table`, for each value a quantile is taken of. */
  values: Readonly<Record<string, string>>;
}

const NAME = /^[a-z_][a-z0-9_]*$/;

function checkedProbability(p: number): string {
  if (!(p >= 0 && p <= 1)) throw new Error(`quantile ${p} is not between 0 and 1`);
  return String(p);
}

/** The relation a quantile-taking aggregate reads, and its quantile expressions, in the given style (default aggregate). */
export function ranked(style: QuantileStyle | undefined, spec: RankedSpec): RankedSource {
  const valueOf = (name: string): string => {
    const expression = spec.values[name];
    if (expression === undefined) throw new Error(`no value "${name}" among the ranked values of ${spec.table}`);
    return expression;
  };
  if (style !== 'ranked')
    return {
      from: spec.where ? `${spec.table} WHERE ${spec.where}` : spec.table,
      quantile: (name, p) => `quantile_cont(${valueOf(name)}, ${checkedProbability(p)})`,
      median: (name) => `median(${valueOf(name)})`,
    };

  const over = spec.partition.length > 0 ? `PARTITION BY ${spec.partition.join(', ')}` : '';
  const columns = Object.entries(spec.values).flatMap(([name, expression]) => {
    if (!NAME.test(name)) throw new Error(`ranked value name "${name}" is not a plain lower-case name`);
    return [
      `${expression} AS q_${name}_v`,
      // NULLs after the values whatever the engine's default order (no NULLS LAST: `last` is an Impala keyword
      // that dialect.ts quotes where the detectors use it as a name).
      `row_number() OVER (${over} ORDER BY CASE WHEN ${expression} IS NULL THEN 1 ELSE 0 END, ${expression}) AS q_${name}_r`,
      `count(${expression}) OVER (${over}) AS q_${name}_n`,
    ];
  });
  const alias = `${spec.table}_ranked`;
  const where = spec.where ? ` WHERE ${spec.where}` : '';
  const quantile = (name: string, p: number): string => {
    valueOf(name);
    const rn = `(q_${name}_n - 1) * CAST(${checkedProbability(p)} AS DOUBLE)`;
    const at = (bound: 'floor' | 'ceil'): string =>
      `CAST(max(CASE WHEN q_${name}_r = ${bound}(${rn}) + 1 THEN q_${name}_v END) AS DOUBLE)`;
    const d = `max(${rn} - floor(${rn}))`;
    // No value in the group: no row numbered floor(−p) + 1 = 0, so NULL, as the aggregate gives.
    return `(${at('floor')} * (1 - ${d}) + ${at('ceil')} * ${d})`;
  };
  return {
    from: `(SELECT ${spec.table}.*, ${columns.join(', ')} FROM ${spec.table}${where}) ${alias}`,
    quantile,
    median: (name) => quantile(name, 0.5),
  };
}
