/**
 * Sanity check of a built DNS labelled day: reads the raw CSV tree and labels.csv with DuckDB using Spot's column
 * types, and prints rows, clients, time span, per-family malicious rows (raw rows matching a label key) and the base
 * rate; fails when a label key matches no raw row or meta.json disagrees.
 *
 *   npx tsx bench/detect/build/dns-check.ts /work/detect-data/<day-id> [...]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { RAW_COLUMNS } from '../../../shared/schema';

const duckType = (t: string) => ({ bigint: 'BIGINT', int: 'INTEGER', float: 'DOUBLE' })[t] ?? 'VARCHAR';

async function check(dir: string): Promise<boolean> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const q = async (s: string) => (await c.runAndReadAll(s)).getRowObjectsJson();
  const cols = RAW_COLUMNS.dns.map((col) => `'${col.name}': '${duckType(col.type)}'`).join(', ');
  const esc = dir.replace(/'/g, "''");
  await c.run(`CREATE VIEW raw AS SELECT * FROM read_csv('${esc}/dns/hive/**/*.csv', header=true, columns={${cols}})`);
  await c.run(
    `CREATE VIEW lab AS SELECT * FROM read_csv('${esc}/labels.csv', header=true, columns={'unix_tstamp':'BIGINT','ip_dst':'VARCHAR','dns_qry_name':'VARCHAR','dns_qry_type':'INTEGER','family':'VARCHAR'})`,
  );
  const [all] = await q(`SELECT count(*) AS n, count(DISTINCT ip_dst) AS clients, count(DISTINCT ip_src) AS servers,
    min(to_timestamp(unix_tstamp)) AS t0, max(to_timestamp(unix_tstamp)) AS t1,
    count(*) FILTER (WHERE frame_time IS NULL OR ip_dst IS NULL OR dns_qry_name IS NULL) AS incomplete FROM raw`);
  const fam = await q(`SELECT l.family, count(*) AS rows, count(DISTINCT r.ip_dst) AS clients FROM raw r
    JOIN lab l USING (unix_tstamp, ip_dst, dns_qry_name, dns_qry_type) GROUP BY 1 ORDER BY 1`);
  const [un] = await q(
    `SELECT count(*) AS n FROM lab l ANTI JOIN raw r USING (unix_tstamp, ip_dst, dns_qry_name, dns_qry_type)`,
  );
  const [dup] = await q(
    `SELECT count(*) - count(DISTINCT (unix_tstamp, ip_dst, dns_qry_name, dns_qry_type)) AS n FROM lab`,
  );
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { rows: number; malicious: number };
  const n = Number(all!.n);
  const mal = fam.reduce((s, f) => s + Number(f.rows), 0);
  console.log(`${dir}`);
  console.log(
    `  rows ${n}, clients ${all!.clients}, servers ${all!.servers}, ${all!.t0} .. ${all!.t1}, incomplete rows ${all!.incomplete}`,
  );
  for (const f of fam) console.log(`  ${f.family}: ${f.rows} rows (${f.clients} client(s))`);
  console.log(`  malicious ${mal}, base rate ${((100 * mal) / n).toFixed(2)} %`);
  const ok = Number(un!.n) === 0 && Number(dup!.n) === 0 && meta.rows === n && meta.malicious === mal;
  if (!ok)
    console.log(
      `  PROBLEM: unmatched labels ${un!.n}, duplicate labels ${dup!.n}, meta rows/malicious ${meta.rows}/${meta.malicious}`,
    );
  return ok;
}

let ok = true;
for (const dir of process.argv.slice(2)) ok = (await check(dir)) && ok;
process.exit(ok ? 0 : 1);
