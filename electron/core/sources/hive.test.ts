// The Hive source against a real HiveServer2 Thrift server (test/fixtures/hs2-server.ts) holding a generated
// day (test/fixtures/hs2/generated-day.ts), compared with the same day read from local files by the pipeline's own DuckDB view.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHs2Server, type Hs2Server } from '../../../test/fixtures/hs2-server';
import { writeGeneratedDay } from '../../../test/fixtures/hs2/generated-day';
import { createRawTables, loadRawDay } from '../../../test/fixtures/hs2/raw-tables';
import { RAW_COLUMNS, type Pipeline } from '../../../shared/schema';
import { validateSettings, type Settings } from '../../../shared/settings';
import { HiveError } from '../hive/client';
import { SqlParamError } from '../hive/sql';
import { CancelledError } from '../errors';
import { JobRunner } from '../jobs';
import { runPipeline } from '../pipeline';
import { fileListSql } from '../pipeline/duck';
import { fixtureEnrichment } from '../pipeline/test-days';
import { createHiveSource, type HiveDaySource } from './hive';
import { createLocalSource } from './local';
import type { TransferOptions, TransferProgress } from './transfer';
import type { DaySource, RawDayRef, SuspiciousKeys } from './types';

const DATE = '2026-11-24';
let root: string;
let cacheDir: string;
let server: Hs2Server;
let local: DaySource;

function hiveSettings(overrides: (s: Settings) => void = () => undefined): Settings {
  const parsed = validateSettings({
    pipelines: { flow: { source: 'hive' }, dns: { source: 'hive' }, proxy: { source: 'hive' } },
    database: { engine: 'hive', host: '127.0.0.1', port: server.port, database: 'spot' },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  overrides(parsed.settings);
  return parsed.settings;
}

const DUCK_TYPE = { string: 'VARCHAR', int: 'BIGINT', bigint: 'BIGINT', float: 'DOUBLE' } as const;

/** A DuckDB reader over a raw day: Spot-typed CSV (header checked by the local source) or Parquet. */
function rawReader(pipeline: Pipeline, ref: RawDayRef): string {
  const glob = fileListSql(ref.files);
  if (ref.format === 'parquet') return `read_parquet(${glob}, hive_partitioning = false)`;
  const columns = RAW_COLUMNS[pipeline].map((c) => `'${c.name}': '${DUCK_TYPE[c.type]}'`).join(', ');
  return `read_csv(${glob}, header = true, hive_partitioning = false, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = {${columns}})`;
}

async function duckAll(sql: string): Promise<Array<Record<string, unknown>>> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Array<Record<string, unknown>>;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Rows of a raw day, canonical and sorted (a multiset), optionally filtered. */
async function rawRows(pipeline: Pipeline, ref: RawDayRef, where = 'true'): Promise<string[]> {
  // Hive's FLOAT columns hold float32 values: compare float columns at that precision on both sides.
  const select = RAW_COLUMNS[pipeline]
    .map((c) => `CAST("${c.name}" AS ${c.type === 'float' ? 'FLOAT' : DUCK_TYPE[c.type]}) AS "${c.name}"`)
    .join(', ');
  const rows = await duckAll(`SELECT ${select} FROM ${rawReader(pipeline, ref)} WHERE ${where}`);
  return rows.map((row) => JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).sort();
}

/** Ingest counts computed locally from the files, with enrichment.md §8's filters and padded minutes. */
async function localIngest(pipeline: Pipeline): Promise<Array<{ minute: string; total: number }>> {
  const reader = rawReader(pipeline, await local.rawDay(pipeline, DATE, {}));
  const sql = {
    flow: `SELECT printf('%04d-%02d-%02d %02d:%02d', tryear, trmonth, trday, trhour, trminute) AS minute, count(*) AS total
      FROM ${reader} WHERE unix_tstamp IS NOT NULL AND sip IS NOT NULL AND sport IS NOT NULL AND dip IS NOT NULL
      AND dport IS NOT NULL AND ibyt IS NOT NULL AND ipkt IS NOT NULL AND tryear = 2026 AND trmonth IS NOT NULL
      AND trday IS NOT NULL AND trhour IS NOT NULL AND trminute IS NOT NULL AND try_cast(treceived AS TIMESTAMP) IS NOT NULL
      GROUP BY 1 ORDER BY 1`,
    dns: `SELECT '${DATE} ' || regexp_extract(frame_time, ' (\\d{2}:\\d{2}):\\d{2}', 1) AS minute, count(*) AS total
      FROM ${reader} WHERE unix_tstamp IS NOT NULL AND frame_time IS NOT NULL AND frame_len IS NOT NULL
      AND dns_qry_name IS NOT NULL AND ip_src IS NOT NULL AND dns_qry_class IS NOT NULL AND dns_qry_type IS NOT NULL
      AND dns_qry_rcode IS NOT NULL AND regexp_extract(frame_time, ' (\\d{2}:\\d{2}):\\d{2}', 1) <> ''
      GROUP BY 1 ORDER BY 1`,
    proxy: `SELECT p_date || ' ' || substr(p_time, 1, 5) AS minute, count(*) AS total
      FROM ${reader} WHERE p_date IS NOT NULL AND p_time IS NOT NULL AND clientip IS NOT NULL AND host IS NOT NULL
      AND fulluri IS NOT NULL AND p_time <> '' GROUP BY 1 ORDER BY 1`,
  }[pipeline];
  return (await duckAll(sql)).map((r) => ({ minute: String(r['minute']), total: Number(r['total']) }));
}

/** Keys of a realistic size: values of the day's raw rows (every Nth), plus values absent from the day. */
async function sampleKeys(pipeline: Pipeline): Promise<{ keys: SuspiciousKeys; where: string }> {
  const reader = rawReader(pipeline, await local.rawDay(pipeline, DATE, {}));
  const list = (values: string[]) => values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');
  const pick = async (column: string, every: number) =>
    (await duckAll(`SELECT DISTINCT "${column}" AS v FROM ${reader} WHERE "${column}" IS NOT NULL ORDER BY 1`))
      .map((r) => String(r['v']))
      .filter((_, i) => i % every === 0);
  if (pipeline === 'flow') {
    const ips = [...(await pick('sip', 7)), '203.0.113.254'];
    return { keys: { ips }, where: `sip IN (${list(ips)}) OR dip IN (${list(ips)})` };
  }
  if (pipeline === 'dns') {
    const dnsNames = [...(await pick('dns_qry_name', 11)), 'absent.example.com', "x' OR 1=1 --"];
    const clients = await pick('ip_dst', 9);
    return {
      keys: { dnsNames, clients },
      where: `dns_qry_name IN (${list(dnsNames)}) OR ip_dst IN (${list(clients)})`,
    };
  }
  const uris = [...(await pick('fulluri', 5)), "' OR 1=1 --", 'http://absent.example/\\path'];
  return { keys: { uris }, where: `fulluri IN (${list(uris)})` };
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'hive-source-'));
  cacheDir = join(root, 'cache');
  await writeGeneratedDay(join(root, 'day'), DATE);
  local = createLocalSource(join(root, 'day'));
  server = await startHs2Server({
    loader: async (duckdb) => {
      await createRawTables(duckdb);
      for (const pipeline of ['flow', 'dns', 'proxy'] as const) {
        const ref = await local.rawDay(pipeline, DATE, {});
        await loadRawDay(duckdb, { pipeline, date: DATE, files: ref.files, format: ref.format });
      }
    },
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('Hive source: raw rows and ingest counts', () => {
  let source: HiveDaySource;
  beforeAll(() => {
    source = createHiveSource(hiveSettings(), { cacheDir, resultsSource: local, fetchSize: 500 });
  });
  afterAll(async () => source?.close());

  for (const pipeline of ['flow', 'dns', 'proxy'] as const) {
    it(`${pipeline}: one query fetches exactly the raw rows touching the keys`, async () => {
      const { keys, where } = await sampleKeys(pipeline);
      const before = server.statements.length;
      const ref = await source.rawDay(pipeline, DATE, keys);
      expect(ref).toMatchObject({ format: 'parquet', wholeDay: false });
      expect(server.statements.length - before).toBe(1);
      const statement = server.statements[before] as string;
      expect(statement).toContain(
        pipeline === 'proxy' ? "y = '2026' AND m = '11' AND d = '24'" : 'y = 2026 AND m = 11 AND d = 24',
      );
      const fromHive = await rawRows(pipeline, ref);
      const fromFiles = await rawRows(pipeline, await local.rawDay(pipeline, DATE, {}), where);
      expect(fromHive.length).toBeGreaterThan(0);
      expect(fromHive).toEqual(fromFiles);
    });

    it(`${pipeline}: ingest counts computed in Hive equal the local computation`, async () => {
      const counts = await source.ingestCounts(pipeline, DATE);
      expect(counts.length).toBeGreaterThan(100);
      expect(counts.every((c) => /^2026-11-24 \d{2}:\d{2}$/.test(c.minute))).toBe(true);
      expect(counts).toEqual(await localIngest(pipeline));
    });
  }

  it('chunks long IN lists inside one statement, with the same rows', async () => {
    const { keys } = await sampleKeys('flow');
    const chunked = createHiveSource(hiveSettings(), {
      cacheDir: join(cacheDir, 'chunked'),
      resultsSource: local,
      inListChunk: 4,
    });
    try {
      const before = server.statements.length;
      const ref = await chunked.rawDay('flow', DATE, keys);
      expect(server.statements.length - before).toBe(1);
      const statement = server.statements[before] as string;
      expect(statement.match(/`sip` IN \(/g)?.length).toBe(Math.ceil((keys.ips?.length ?? 0) / 4));
      expect(await rawRows('flow', ref)).toEqual(await rawRows('flow', await source.rawDay('flow', DATE, keys)));
    } finally {
      await chunked.close();
    }
  });

  it('renders injection attempts as literals that match nothing', async () => {
    const ref = await source.rawDay('proxy', DATE, { uris: ["' OR 1=1 --", "') OR ('1'='1", '\\'] });
    expect(await rawRows('proxy', ref)).toEqual([]);
    const dns = await source.rawDay('dns', DATE, { dnsNames: ["' OR ''='"] });
    expect(await rawRows('dns', dns)).toEqual([]);
  });

  it('refuses keys that are not IPs where IPs are expected', async () => {
    await expect(source.rawDay('flow', DATE, { ips: ['10.0.0.1', "10.0.0.1' OR '1'='1"] })).rejects.toThrow(
      /is not an IP address/,
    );
  });

  it('writes an empty raw day when there are no keys, without asking Hive', async () => {
    const before = server.statements.length;
    const ref = await source.rawDay('dns', DATE, {});
    expect(server.statements.length).toBe(before);
    expect(await rawRows('dns', ref)).toEqual([]);
  });

  it('searches raw rows by IP over a date range (threat investigation)', async () => {
    const { keys } = await sampleKeys('flow');
    const ip = keys.ips?.[1] as string;
    const rows: Array<Record<string, unknown>> = [];
    for await (const row of source.queryRaw('flow', { from: '2026-11-23', to: '2026-11-25' }, { ip })) rows.push(row);
    const expected = await rawRows('flow', await local.rawDay('flow', DATE, {}), `sip = '${ip}' OR dip = '${ip}'`);
    expect(rows.length).toBe(expected.length);
    expect(rows.every((r) => r['sip'] === ip || r['dip'] === ip)).toBe(true);
    await expect(
      (async () => {
        for await (const _ of source.queryRaw('flow', { from: DATE, to: DATE }, { domain: 'x.com' })) break;
      })(),
    ).rejects.toThrow(/flow rows have no domain/);
  });

  it('shows the raw rows fetched so far, growing, and names the engine it reads from', async () => {
    const { keys } = await sampleKeys('flow');
    const progress: TransferProgress[] = [];
    const ref = await source.rawDay('flow', DATE, keys, { onTransfer: (p) => progress.push(p) });
    const rows = (await rawRows('flow', ref)).length;
    expect(rows).toBeGreaterThan(500); // more than one fetch of 500
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.every((p) => p.what === 'raw day' && p.from === `hive://127.0.0.1:${server.port}/spot`)).toBe(true);
    const counts = progress.map((p) => p.rows ?? -1);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts.at(-1)).toBe(rows);
  });

  it('cancelled while fetching raw rows: CancelledError, the operation cancelled on the server, the day as it was', async () => {
    const { keys } = await sampleKeys('dns');
    const file = join(cacheDir, 'hive-raw', 'dns', '20261124.parquet');
    const before = await rawRows('dns', await source.rawDay('dns', DATE, keys));
    const cancels = server.operationsCancelled();
    const controller = new AbortController();
    const err = await source
      .rawDay('dns', DATE, keys, {
        signal: controller.signal,
        onTransfer: (p) => {
          if ((p.rows ?? 0) > 0) controller.abort();
        },
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CancelledError);
    expect(server.operationsCancelled()).toBeGreaterThan(cancels);
    expect(readdirSync(join(cacheDir, 'hive-raw', 'dns'))).toEqual(['20261124.parquet']);
    expect(await rawRows('dns', { files: [file], name: file, format: 'parquet', wholeDay: false })).toEqual(before);
  });

  it('a cancelled job sends no ingest-count query', async () => {
    const before = server.statements.length;
    const controller = new AbortController();
    controller.abort();
    await expect(source.ingestCounts('proxy', DATE, controller.signal)).rejects.toBeInstanceOf(CancelledError);
    expect(server.statements.length).toBe(before);
  });

  it('hands the job’s progress and cancellation to the results source it reads results from', async () => {
    const seen: Array<TransferOptions | undefined> = [];
    const recording: DaySource = {
      ...local,
      openResults: (pipeline, date, transfer) => {
        seen.push(transfer);
        return local.openResults(pipeline, date, transfer);
      },
    };
    const through = createHiveSource(hiveSettings(), { cacheDir, resultsSource: recording });
    try {
      const transfer: TransferOptions = { signal: new AbortController().signal, onTransfer: () => undefined };
      (await through.openResults('dns', DATE, transfer)).stream.destroy();
      expect(seen).toEqual([transfer]);
    } finally {
      await through.close();
    }
  });

  it('delegates results to the results source', async () => {
    expect(await source.listDates('dns')).toEqual([DATE]);
    const results = await source.openResults('dns', DATE);
    expect(results.name).toContain('dns_results.csv');
    results.stream.destroy();
  });

  it('gives up on a hung server after the query timeout and uses a new session next time', async () => {
    const impatient = createHiveSource(
      hiveSettings((s) => (s.database.queryTimeoutMs = 1000)),
      { cacheDir, resultsSource: local },
    );
    try {
      await impatient.ingestCounts('dns', DATE);
      const sessions = server.sessionsOpened();
      server.setStalled(true);
      const err = await impatient.ingestCounts('dns', DATE).catch((e: unknown) => e);
      server.setStalled(false);
      expect(err).toBeInstanceOf(HiveError);
      expect((err as HiveError).kind).toBe('timeout');
      expect((err as HiveError).message).toMatch(
        /^dns ingest counts of 2026-11-24: fetching rows: no answer from Hive at 127\.0\.0\.1:\d+ within 1000 ms$/,
      );
      expect(await impatient.ingestCounts('dns', DATE)).toEqual(await localIngest('dns'));
      expect(server.sessionsOpened()).toBe(sessions + 1);
    } finally {
      await impatient.close();
    }
  });

  it('reconnects after the server dropped the connection', async () => {
    await source.ingestCounts('proxy', DATE);
    server.dropConnections();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await source.ingestCounts('proxy', DATE)).length).toBeGreaterThan(0);
  });
});

describe('an import job reading raw rows through Hive', () => {
  /** An import of the DNS day; with `cancelWhileFetching`, the server holds its rows back and the job is cancelled
   * once it is waiting for them (the job bar's events are throttled, so the test watches the job's state). */
  async function importJob(cacheDir: string, cancelWhileFetching = false) {
    const jobs = new JobRunner();
    const source = createHiveSource(hiveSettings(), { cacheDir, resultsSource: local, fetchSize: 200 });
    const seen: { progress: number; message: string; status: string }[] = [];
    const enrichment = await fixtureEnrichment();
    jobs.onChange((job) => seen.push({ progress: job.progress, message: job.message, status: job.status }));
    if (cancelWhileFetching) server.setStalled(true);
    const statements = server.statements.length;
    try {
      const { id } = jobs.start('pipeline', `import dns ${DATE}`, async (ctx) => {
        const day = await runPipeline({
          source,
          pipeline: 'dns',
          date: DATE,
          top: 200,
          enrichment,
          onProgress: ctx.progress,
          signal: ctx.signal,
        });
        return `${day.tables.dns_scores?.length} rows`;
      });
      if (cancelWhileFetching) {
        // The raw rows' statement has reached the server and the job waits for its rows: cancel.
        while (server.statements.length === statements || !/^fetching raw dns day/.test(jobs.get(id)?.message ?? ''))
          await new Promise((r) => setTimeout(r, 20));
        jobs.cancel(id);
        server.setStalled(false);
      }
      return { final: await jobs.wait(id), seen };
    } finally {
      server.setStalled(false);
      await source.close();
    }
  }

  it('shows the rows fetched so far in the job bar; Cancel ends it cancelled, the server told, the cache as it was', async () => {
    const cacheDir = join(root, 'cache-job');
    // The job bar emits at most one update per 100 ms: fetches slower than that each show (on an idle machine all
    // fetches of this small day can land inside one window, which left one update and failed this test).
    server.setFetchDelay(150);
    const { final, seen } = await importJob(cacheDir).finally(() => server.setFetchDelay(0));
    expect(final.status, final.error).toBe('done');
    const fetching = seen.filter((s) =>
      /^fetching raw dns day 2026-11-24 from hive:\/\/127\.0\.0\.1:\d+\/spot: /.test(s.message),
    );
    const rows = fetching.map((s) => Number(/: ([\d,]+) rows?$/.exec(s.message)![1]!.replaceAll(',', '')));
    // The job bar coalesces quick updates: at least the start and a count past the first fetch of 200.
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    expect(rows.at(-1)).toBeGreaterThan(200);
    const day = join(cacheDir, 'hive-raw', 'dns');
    const kept = readFileSync(join(day, '20261124.parquet'));

    const cancels = server.operationsCancelled();
    const cancelled = await importJob(cacheDir, true);
    expect(cancelled.final.status).toBe('cancelled');
    expect(server.operationsCancelled()).toBeGreaterThan(cancels);
    expect(readdirSync(day)).toEqual(['20261124.parquet']);
    expect(readFileSync(join(day, '20261124.parquet')).equals(kept)).toBe(true);
  });
});

describe('Hive source: clear errors', () => {
  it('reports a missing table', async () => {
    const source = createHiveSource(
      hiveSettings((s) => (s.database.database = 'archive')),
      { cacheDir, resultsSource: local },
    );
    try {
      const err = await source.ingestCounts('flow', DATE).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HiveError);
      expect((err as HiveError).kind).toBe('missing-table');
      expect((err as HiveError).message).toMatch(
        /^flow ingest counts of 2026-11-24 failed on 127\.0\.0\.1:\d+: .*Table not found/,
      );
    } finally {
      await source.close();
    }
  });

  it('refuses a bad database identifier before sending anything', async () => {
    const source = createHiveSource(
      hiveSettings((s) => (s.database.database = 'spot.flow; DROP TABLE x; --')),
      { cacheDir, resultsSource: local },
    );
    const before = server.statements.length;
    try {
      await expect(source.rawDay('flow', DATE, { ips: ['10.0.0.1'] })).rejects.toThrow(SqlParamError);
      expect(server.statements.length).toBe(before);
    } finally {
      await source.close();
    }
  });

  it('says where results come from when no results source is set', async () => {
    const source = createHiveSource(hiveSettings(), { cacheDir });
    await expect(source.listDates('flow')).rejects.toThrow(/results files come from the local or SSH source/);
  });
});

describe('Hive source: the pipeline gives the same tables as from local files', () => {
  // The generated day (6000 flow, 4000 dns, 3000 proxy rows); the top 300 of each results file.
  for (const pipeline of ['flow', 'dns', 'proxy'] as const) {
    it(`${pipeline} on a generated day`, async () => {
      const enrichment = await fixtureEnrichment();
      const source = createHiveSource(hiveSettings(), { cacheDir, resultsSource: local, fetchSize: 2000 });
      try {
        const fromFiles = await runPipeline({ source: local, pipeline, date: DATE, top: 300, enrichment });
        const fromHive = await runPipeline({ source, pipeline, date: DATE, top: 300, enrichment });
        const canonical = (rows: unknown[] | undefined) =>
          (rows ?? []).map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)));
        expect(Object.keys(fromHive.tables).sort()).toEqual(Object.keys(fromFiles.tables).sort());
        for (const table of Object.keys(fromFiles.tables) as Array<keyof typeof fromFiles.tables>) {
          expect(fromFiles.tables[table]?.length, table).toBeGreaterThan(0);
          expect(canonical(fromHive.tables[table]), table).toEqual(canonical(fromFiles.tables[table]));
        }
      } finally {
        await source.close();
      }
    });
  }
});
