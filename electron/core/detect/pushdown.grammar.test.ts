// Every statement a day would push down, rendered for Hive and Impala, is valid in that engine's grammar
// (dt-sql-parser's HiveSQL and ImpalaSQL: the test server executes DuckDB SQL, so the grammar is the check), reads
// the raw table only through the day's partition predicate, and leaves no DuckDB-only function behind.
import { HiveSQL, ImpalaSQL } from 'dt-sql-parser';
import { describe, expect, it } from 'vitest';
import { PIPELINES } from '../../../shared/schema';
import { DIALECTS } from './dialect';
import { planPushdown } from './pushdown';
import { DETECTORS } from './registry';

const DAY = { date: '2026-03-07', database: 'spot' };
const NETWORK = {
  infrastructureHosts: ['10.0.0.1'],
  neverIncludedSubnets: ['192.0.2.0/24'],
  alwaysIncludedSubnets: ['10.9.0.0/16'],
  neverIncludedDomains: ['example.org'],
  alwaysIncludedDomains: ['corp.example'],
};
const DUCKDB_ONLY = {
  hive: /\b(regexp_matches|regexp_full_match|quantile_cont|median|string_agg|epoch|try_cast|split_part)\s*\(/i,
  impala: /\b(regexp_matches|regexp_full_match|quantile_cont|median|string_agg|epoch|try_cast)\s*\(/i,
};

const parsers = { hive: new HiveSQL(), impala: new ImpalaSQL() } as const;

describe('pushed-down detector statements', () => {
  for (const engine of ['hive', 'impala'] as const)
    for (const pipeline of PIPELINES) {
      const plan = planPushdown({ ...DAY, pipeline, network: NETWORK }, DIALECTS[engine]);
      it(`${engine} ${pipeline}: every detector planned, valid in the grammar, pruned to the day`, () => {
        expect(plan.map((p) => p.detector)).toEqual(DETECTORS[pipeline].map((d) => d.id));
        for (const { detector, sql, reason } of plan) {
          // Every detector runs on both engines (Impala's quantiles with analytic functions, quantiles.ts).
          expect(reason, detector).toBeUndefined();
          if (sql === null) throw new Error(`${engine} ${detector}: no statement`);
          const errors = parsers[engine].validate(sql).map((e) => `${e.startLine}:${e.startColumn} ${e.message}`);
          expect(errors, `${engine} ${detector}`).toEqual([]);
          expect(sql, detector).not.toMatch(DUCKDB_ONLY[engine]);
          // Exact quantiles only: Impala's APPX_MEDIAN would make its findings differ from the laptop's.
          expect(sql, detector).not.toMatch(/appx_median|percentile_approx\s*\(\s*[^,]+,[^,]+\)/i);
          // The raw table is read once, with the day's partition predicate.
          const reads = [...sql.matchAll(/FROM\s+`spot`\.`(\w+)`\s+WHERE\s+([^)]*)\)/g)];
          expect(
            reads.map((r) => r[1]),
            detector,
          ).toEqual([pipeline]);
          expect(reads[0]![2]!.trim(), detector).toBe(
            pipeline === 'proxy' ? "y = '2026' AND m = '03' AND d = '07'" : 'y = 2026 AND m = 3 AND d = 7',
          );
          expect(sql.match(/`spot`/g)?.length, detector).toBe(1);
        }
      });
    }
});
