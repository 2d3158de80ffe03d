/**
 * The one generated raw flow day of the benchmarks (bench/oa.ts, bench/scale.ts): `rows` rows over 2026-11-24,
 * time-ordered like an ingest would write them, 20k internal hosts talking to 200k outside ones, half the flows
 * each way; plus the ~4000-row results file an ML run would give (ascending scores). Written as Parquet in Spot's
 * local tree layout under `parquetRoot`, and copied as CSV under `csvRoot` when given.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Duck, sqlString } from '../electron/core/pipeline/duck';

export const BENCH_DATE = '2026-11-24';
export const FLOW_DAY_DIR = 'flow/hive/y=2026/m=11/d=24';
export const FLOW_RESULTS_DIR = 'flow/scored_results/20261124/scores';

/** The raw day's SELECT: one row per i in range(rows), every column of Spot 1.0's 28-column flow table. */
function flowDaySql(rows: number): string {
  const inner = `'10.' || (h1 % 50) || '.' || (h1 // 50 % 256) || '.' || (h1 // 12800 % 254 + 1)`;
  const outer = `((h2 % 200) + 11) || '.' || (h2 // 200 % 256) || '.' || (h2 // 51200 % 256) || '.' || (h2 % 7 + 1)`;
  return `
    WITH base AS (
      SELECT i, TIMESTAMP '2026-11-24 00:00:00' + to_seconds(i * 86400 // ${rows}) AS t,
        hash(i, 1) % 20000 AS h1, hash(i, 2) % 200000 AS h2, hash(i, 3) AS h3
      FROM range(${rows}) r(i)
    )
    SELECT strftime(t, '%Y-%m-%d %H:%M:%S') AS treceived, CAST(epoch(t) AS BIGINT) AS unix_tstamp,
      year(t) AS tryear, month(t) AS trmonth, day(t) AS trday, hour(t) AS trhour, minute(t) AS trminute,
      second(t) AS trsec, (h3 % 1000) / 100.0 AS tdur,
      CASE WHEN i % 2 = 0 THEN ${inner} ELSE ${outer} END AS sip,
      CASE WHEN i % 2 = 0 THEN ${outer} ELSE ${inner} END AS dip,
      CAST(1024 + h3 % 60000 AS INTEGER) AS sport,
      CAST([53, 80, 443, 22, 8080][CAST(1 + h3 // 7 % 5 AS BIGINT)] AS INTEGER) AS dport,
      CASE WHEN h3 % 3 = 0 THEN 'UDP' ELSE 'TCP' END AS proto, '.AP.S.' AS flag, 0 AS fwd, 0 AS stos,
      CAST(1 + h3 % 40 AS BIGINT) AS ipkt, CAST(60 + h3 % 60000 AS BIGINT) AS ibyt,
      CAST(1 + h3 // 3 % 40 AS BIGINT) AS opkt, CAST(60 + h3 // 5 % 60000 AS BIGINT) AS obyt,
      1 AS input, 2 AS output, 0 AS sas, 0 AS das, 0 AS dtos, 0 AS dir, '10.255.0.1' AS rip, i
    FROM base`;
}

/** Writes the day and its results file; returns the Parquet day file and the Parquet tree's results file. */
export async function generateFlowDay(
  rows: number,
  parquetRoot: string,
  csvRoot?: string,
): Promise<{ parquetFile: string; resultsFile: string }> {
  for (const root of csvRoot === undefined ? [parquetRoot] : [parquetRoot, csvRoot]) {
    mkdirSync(join(root, FLOW_DAY_DIR), { recursive: true });
    mkdirSync(join(root, FLOW_RESULTS_DIR), { recursive: true });
  }
  const parquetFile = join(parquetRoot, FLOW_DAY_DIR, 'part-0.parquet');
  const resultsFile = join(parquetRoot, FLOW_RESULTS_DIR, 'flow_results.csv');
  const duck = await Duck.open({ memoryLimit: '2GB', threads: 2 });
  try {
    await duck.run(
      `COPY (SELECT * EXCLUDE (i) FROM (${flowDaySql(rows)})) TO ${sqlString(parquetFile)} (FORMAT parquet)`,
    );
    // The suspicious rows are picked from the written day (not a second generation of it): ~4000, by hash.
    const every = Math.max(1, Math.floor(rows / 4000));
    const results = `
      SELECT treceived, tryear, trmonth, trday, trhour, trminute, trsec, tdur, sip, dip, sport, dport, proto,
        ipkt, ibyt, opkt, obyt, (row_number() OVER (ORDER BY hash(n, 10))) * 1e-9 AS score
      FROM (SELECT *, row_number() OVER () AS n FROM read_parquet(${sqlString(parquetFile)}, hive_partitioning = false))
      WHERE hash(n, 9) % ${every} = 0 ORDER BY score`;
    await duck.run(`COPY (${results}) TO ${sqlString(resultsFile)} (FORMAT csv, HEADER false, DELIMITER '\t')`);
    if (csvRoot !== undefined) {
      await duck.run(
        `COPY (SELECT * FROM read_parquet(${sqlString(parquetFile)}, hive_partitioning = false)) TO ` +
          `${sqlString(join(csvRoot, FLOW_DAY_DIR, 'part-0.csv'))} (FORMAT csv, HEADER true)`,
      );
      await duck.run(
        `COPY (SELECT * FROM read_csv(${sqlString(resultsFile)}, delim = '\t', header = false, all_varchar = true)) ` +
          `TO ${sqlString(join(csvRoot, FLOW_RESULTS_DIR, 'flow_results.csv'))} (FORMAT csv, HEADER false, DELIMITER '\t', QUOTE '')`,
      );
    }
  } finally {
    duck.close();
  }
  return { parquetFile, resultsFile };
}
