// The pushed-down detectors through hive-driver against the HiveServer2 test server (DuckDB behind a Hive lexer),
// on the sample day: the same findings as the local run, one statement per detector, each pruned to the day's
// partition and returning findings only; a failing detector leaves the others; a query can be cancelled.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHs2Server, type Hs2Server } from '../../../test/fixtures/hs2-server';
import { createRawTables, loadRawDay } from '../../../test/fixtures/hs2/raw-tables';
import { PIPELINES } from '../../../shared/schema';
import { CancelledError } from '../errors';
import { connectHive, type HiveConnection } from '../hive/client';
import { generateSampleDay } from '../sample/generate';
import { createLocalSource } from '../sources/local';
import { detectDay } from './day';
import { DUCKDB_OVER_HS2 } from './dialect';
import { runPushdown } from './pushdown';
import { DETECTORS } from './registry';
import type { Detector } from './types';

let root: string;
let date: string;
let server: Hs2Server;
let hive: HiveConnection;
const local = () => createLocalSource(join(root, 'day'));

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'pushdown-hs2-'));
  const manifest = await generateSampleDay({ root: join(root, 'day'), scale: 0.02, format: 'parquet' });
  date = manifest.date;
  server = await startHs2Server({
    loader: async (duckdb) => {
      await createRawTables(duckdb);
      for (const pipeline of PIPELINES) {
        const ref = await local().rawDay(pipeline, date, {});
        await loadRawDay(duckdb, { pipeline, date, files: ref.files, format: ref.format });
      }
    },
  });
  hive = await connectHive({ host: '127.0.0.1', port: server.port, database: 'spot', auth: { mode: 'NOSASL' } });
}, 240_000);

afterAll(async () => {
  await hive?.close();
  await server?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('pushed-down detectors on the sample day through HiveServer2', () => {
  for (const pipeline of PIPELINES)
    it(`${pipeline}: the same findings as the local run, one pruned statement per detector`, async () => {
      const raw = await local().rawDay(pipeline, date, {});
      const here = await detectDay({ pipeline, date, raw });
      const before = server.statements.length;
      const there = await runPushdown(hive, { pipeline, date, database: 'spot' }, DUCKDB_OVER_HS2);
      expect(here.failed).toEqual([]);
      expect(there.failed).toEqual([]);
      expect(there.findings.length, 'the sample day has findings').toBeGreaterThan(0);
      expect(there.findings).toEqual(here.findings);
      const sent = server.statements.slice(before);
      expect(sent).toHaveLength(DETECTORS[pipeline].length);
      const [y, m, d] = date.split('-') as [string, string, string];
      const predicate =
        pipeline === 'proxy'
          ? `WHERE y = '${y}' AND m = '${m}' AND d = '${d}')`
          : `WHERE y = ${Number(y)} AND m = ${Number(m)} AND d = ${Number(d)})`;
      for (const statement of sent) {
        expect(statement).toContain(`FROM \`spot\`.\`${pipeline}\` ${predicate}`);
        expect(statement.match(/`spot`/g)).toHaveLength(1);
      }
    }, 120_000);

  it('a failing detector is named and leaves the others’ findings', async () => {
    const broken: Detector = {
      ...DETECTORS.flow[0]!,
      id: 'flow/broken',
      sql: () => 'WITH x AS (SELECT no_such_column FROM events) SELECT * FROM x',
    };
    const all = await runPushdown(hive, { pipeline: 'flow', date, database: 'spot' }, DUCKDB_OVER_HS2);
    const run = await runPushdown(
      hive,
      { pipeline: 'flow', date, database: 'spot', detectors: [broken, ...DETECTORS.flow] },
      DUCKDB_OVER_HS2,
    );
    expect(run.failed.map((f) => f.detector)).toEqual(['flow/broken']);
    expect(run.failed[0]!.error).toMatch(/no_such_column/);
    expect(run.findings).toEqual(all.findings);
  }, 120_000);

  it('cancelling stops the running statement on the server and rejects with CancelledError', async () => {
    const controller = new AbortController();
    const cancelsBefore = server.operationsCancelled();
    const sentBefore = server.statements.length;
    server.setStalled(true);
    try {
      const running = runPushdown(
        hive,
        { pipeline: 'dns', date, database: 'spot' },
        DUCKDB_OVER_HS2,
        controller.signal,
      );
      const outcome = running.then(
        () => 'finished',
        (error: unknown) => error,
      );
      // Abort once the first statement reached the server (its fetch is stalled, as on a hung cluster).
      while (server.statements.length === sentBefore) await new Promise((r) => setTimeout(r, 20));
      controller.abort();
      expect(await outcome).toBeInstanceOf(CancelledError);
    } finally {
      server.setStalled(false);
    }
    expect(server.operationsCancelled()).toBe(cancelsBefore + 1);
    expect(server.statements.length).toBe(sentBefore + 1);
  }, 120_000);
});
