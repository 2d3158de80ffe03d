// On the sample day (electron/core/sample), loaded into the HS2 test server: the OA pipeline gives the same
// tables when its raw rows come from Hive as when it reads the local files.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHs2Server, type Hs2Server } from '../../../test/fixtures/hs2-server';
import { createRawTables, loadRawDay } from '../../../test/fixtures/hs2/raw-tables';
import { validateSettings } from '../../../shared/settings';
import { runPipeline } from '../pipeline';
import { fixtureEnrichment } from '../pipeline/test-days';
import { generateSampleDay } from '../sample/generate';
import { createHiveSource } from './hive';
import { createLocalSource } from './local';
import type { DaySource } from './types';

let root: string;
let date: string;
let server: Hs2Server;
let local: DaySource;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'hive-sample-'));
  const manifest = await generateSampleDay({ root: join(root, 'day'), scale: 0.02, format: 'parquet' });
  date = manifest.date;
  local = createLocalSource(join(root, 'day'));
  server = await startHs2Server({
    loader: async (duckdb) => {
      await createRawTables(duckdb);
      for (const pipeline of ['flow', 'dns', 'proxy'] as const) {
        const ref = await local.rawDay(pipeline, date, {});
        await loadRawDay(duckdb, { pipeline, date, files: ref.files, format: ref.format });
      }
    },
  });
}, 180_000);

afterAll(async () => {
  await server?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('sample day: pipeline tables from Hive equal those from local files', () => {
  for (const pipeline of ['flow', 'dns', 'proxy'] as const) {
    it(pipeline, async () => {
      const parsed = validateSettings({
        pipelines: { [pipeline]: { source: 'hive' } },
        database: { engine: 'hive', host: '127.0.0.1', port: server.port },
      });
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      const source = createHiveSource(parsed.settings, { cacheDir: join(root, 'cache'), resultsSource: local });
      const enrichment = await fixtureEnrichment();
      try {
        const fromFiles = await runPipeline({ source: local, pipeline, date, top: 1000, enrichment });
        const fromHive = await runPipeline({ source, pipeline, date, top: 1000, enrichment });
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
