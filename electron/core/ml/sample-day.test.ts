/**
 * The bundled sample day (electron/core/sample, 2026-11-24) as the app shows it: the generator scores it with
 * this scorer, the OA import takes the top 3,000 rows plus the named detections' examples, and every injected
 * scenario must be in the top 250 of its pipeline in the stored combined-risk order (the suspicious list's
 * default). Pure LDA ranks are printed for docs/ml.md §6; LDA alone does not put most scenarios that high.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESULTS_COLUMNS, columnNames, type Pipeline } from '../../../shared/schema';
import type { DayImport, OaRow } from '../cache/types';
import { createEnrichment } from '../enrich';
import { runPipeline } from '../pipeline/index';
import { generateSampleDay, SAMPLE_ML, type SampleManifest } from '../sample/generate';
import { SAMPLE_DATE, SAMPLE_SCENARIOS, rowMatches, type ScenarioRowSelector } from '../sample/scenarios';
import { createLocalSource, resultsPath } from '../sources/local';
import { scoreDay } from './score-day';

const TOP = 3000;
/** OA scores columns that carry a results column under another name. */
const FLOW_NAMES: Record<string, string> = { srcip: 'sip', dstip: 'dip', tstart: 'treceived' };

/** An OA scores row as the results-file record the scenario selectors are written for. */
function asResultsRecord(pipeline: Pipeline, row: OaRow): Record<string, string | null> {
  const record: Record<string, string | null> = {};
  for (const [name, value] of Object.entries(row)) {
    record[pipeline === 'flow' ? (FLOW_NAMES[name] ?? name) : name] = value === null ? null : String(value);
  }
  return record;
}

let root = '';
let manifest: SampleManifest;
const imported = new Map<Pipeline, DayImport>();

beforeAll(async () => {
  root = join(mkdtempSync(join(tmpdir(), 'spot-desk-ml-sample-')), 'day');
  manifest = await generateSampleDay({ root });
  const enrichment = await createEnrichment({
    iprangesPath: join(root, manifest.context.ipranges),
    contextPaths: [join(root, manifest.context.networkContext)],
    reputationLists: [{ name: 'sample', path: join(root, manifest.context.reputation) }],
  });
  for (const pipeline of ['flow', 'dns', 'proxy'] as const) {
    const source = createLocalSource(root);
    imported.set(pipeline, await runPipeline({ source, pipeline, date: SAMPLE_DATE, top: TOP, enrichment }));
  }
}, 600_000);

afterAll(() => {
  if (root) rmSync(join(root, '..'), { recursive: true, force: true });
});

describe('the sample day is scored by the embedded scorer', () => {
  it('its results and detections files are what scoreDay writes (byte for byte, deterministic)', async () => {
    const copy = join(root, '..', 'rescored');
    cpSync(root, copy, { recursive: true });
    for (const pipeline of ['flow', 'dns', 'proxy'] as const) {
      const result = await scoreDay({ root: copy, pipeline, date: SAMPLE_DATE, ...SAMPLE_ML });
      expect(readFileSync(result.resultsPath, 'utf8')).toBe(
        readFileSync(resultsPath(root, pipeline, SAMPLE_DATE), 'utf8'),
      );
      expect(readFileSync(result.detectionsPath, 'utf8')).toBe(
        readFileSync(join(root, manifest.results[pipeline].detectionsPath), 'utf8'),
      );
      expect(result.kept).toBe(manifest.results[pipeline].rowsKept);
    }
  }, 120_000);
});

describe('sample day scenarios in the suspicious list', () => {
  const inTop = (s: ScenarioRowSelector): boolean => s.inTopResults !== false;
  for (const scenario of SAMPLE_SCENARIOS) {
    it(`${scenario.id} is in the top 250 of the combined risk order`, () => {
      const selectors = scenario.rows.filter(inTop);
      expect(selectors.length).toBeGreaterThan(0);
      for (const selector of selectors) {
        const day = imported.get(selector.pipeline)!;
        const rows = day.tables[`${selector.pipeline}_scores`] ?? [];
        const ranks = rows
          .map((row, i) => ({ row, riskRank: Number(day.explanations?.[i]?.riskRank) }))
          .filter(({ row }) => rowMatches(selector, asResultsRecord(selector.pipeline, row)))
          .map(({ riskRank }) => riskRank);
        const best = Math.min(...ranks);
        // The pure LDA rank in the whole results file, for the docs' table.
        const names = columnNames(RESULTS_COLUMNS[selector.pipeline]);
        const lda = readFileSync(resultsPath(root, selector.pipeline, SAMPLE_DATE), 'utf8')
          .split('\n')
          .findIndex((line) =>
            rowMatches(selector, Object.fromEntries(line.split('\t').map((v, i) => [names[i]!, v]))),
          );
        console.log(`${scenario.id} (${selector.pipeline}): combined rank ${best}, LDA rank ${lda} of the kept rows`);
        expect(ranks.length, `${scenario.id} (${selector.pipeline}) rows imported`).toBeGreaterThan(0);
        expect(best, `${scenario.id} (${selector.pipeline}) combined rank`).toBeLessThan(250);
      }
    });
  }
});
