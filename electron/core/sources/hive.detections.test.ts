// A day scored on the ML node (results without a detections file) with its raw day in Hive: the import gets the
// named detections from the detectors pushed down to Hive (the HiveServer2 test server), joined with the results
// rows they cover, says where they came from, and orders the rows by combined risk as for a locally scored day.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHs2Server, type Hs2Server } from '../../../test/fixtures/hs2-server';
import { createRawTables, loadRawDay } from '../../../test/fixtures/hs2/raw-tables';
import { PIPELINES } from '../../../shared/schema';
import { validateSettings } from '../../../shared/settings';
import { detectDay } from '../detect/day';
import { DUCKDB_OVER_HS2 } from '../detect/dialect';
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
/** Spot's ML node: LDA results only, no detections file. */
let mlNode: DaySource;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'hive-detections-'));
  date = (await generateSampleDay({ root: join(root, 'day'), scale: 0.02, format: 'parquet' })).date;
  local = createLocalSource(join(root, 'day'));
  mlNode = { ...local, openDetections: async () => null };
  server = await startHs2Server({
    loader: async (duckdb) => {
      await createRawTables(duckdb);
      for (const pipeline of PIPELINES) {
        const ref = await local.rawDay(pipeline, date, {});
        await loadRawDay(duckdb, { pipeline, date, files: ref.files, format: ref.format });
      }
    },
  });
}, 240_000);

afterAll(async () => {
  await server?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

function hiveSource() {
  const parsed = validateSettings({
    pipelines: { flow: { source: 'hive' }, dns: { source: 'hive' }, proxy: { source: 'hive' } },
    database: { engine: 'hive', host: '127.0.0.1', port: server.port },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return createHiveSource(parsed.settings, {
    cacheDir: join(root, 'cache'),
    resultsSource: mlNode,
    detectorDialect: DUCKDB_OVER_HS2,
  });
}

type Shown = { name: string; detail: string };
const shownDetections = (explanations: Array<Record<string, unknown>>): Shown[] =>
  explanations.flatMap((e) => (e.detections as Shown[] | undefined) ?? []);

describe('ML-node day with its raw day in Hive: detections pushed down', () => {
  for (const pipeline of PIPELINES)
    it(`${pipeline}: findings as the local detectors', said where from, rows in combined-risk order`, async () => {
      const source = hiveSource();
      try {
        const here = await detectDay({ pipeline, date, raw: await local.rawDay(pipeline, date, {}) });
        const there = await source.detectAtSource!(pipeline, date);
        expect(there.findings).toEqual(here.findings);
        expect(there.failed).toEqual([]);

        const enrichment = await fixtureEnrichment();
        const day = await runPipeline({ source, pipeline, date, top: 300, enrichment });
        expect(day.notes?.[0]).toBe(
          `${pipeline} named detections: ${here.findings.length} finding(s) from ${there.detectors} of ` +
            `${there.detectors} detector(s), pushed down to DuckDB over HiveServer2 at 127.0.0.1:${server.port}`,
        );
        // The day keeps where its findings were computed, for the view.
        expect(day.findings).toEqual({
          computed: true,
          origin: `pushed down to DuckDB over HiveServer2 at 127.0.0.1:${server.port}`,
          findings: here.findings.length,
          detectorsRun: there.detectors,
          detectorsAsked: there.detectors,
          missing: [],
        });
        const shown = shownDetections(day.explanations ?? []);
        expect(shown.length, 'rows covered by a finding carry it').toBeGreaterThan(0);
        for (const d of shown) expect(d.detail).toContain('; pushed down to DuckDB over HiveServer2');
        // The finding names shown are the local detectors' names.
        const names = new Set(here.findings.map((f) => f.name.replaceAll('_', ' ')));
        for (const d of shown) expect(names).toContain(d.name);
        // Combined risk: the first row of the risk order is one a finding covers.
        const first = (day.explanations ?? []).find((e) => e.riskRank === 0);
        expect(first?.detections).toBeDefined();
      } finally {
        await source.close();
      }
    }, 180_000);
});
