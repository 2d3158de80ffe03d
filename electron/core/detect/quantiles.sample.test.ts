// The detectors in the form Impala runs (quantiles as ROW_NUMBER()/COUNT() OVER picks, quantiles.ts), executed by
// DuckDB on the sample day: the same findings as with DuckDB's quantile aggregates, for every pipeline.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PIPELINES } from '../../../shared/schema';
import { generateSampleDay } from '../sample/generate';
import { createLocalSource } from '../sources/local';
import { detectDay } from './day';

let root: string;
let date: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'quantiles-sample-'));
  date = (await generateSampleDay({ root, scale: 0.02, format: 'parquet' })).date;
}, 240_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** The detectors whose SQL takes a quantile or a median. */
const QUANTILE_DETECTORS = [
  'flow/beaconing',
  'flow/rare_external',
  'dns/dga',
  'dns/nxdomain_burst',
  'dns/high_query_rate',
  'proxy/beaconing',
];

describe('ranked (Impala) quantiles on the sample day', () => {
  for (const pipeline of PIPELINES)
    it(`${pipeline}: identical findings with quantile aggregates and with analytic functions`, async () => {
      const raw = await createLocalSource(root).rawDay(pipeline, date, {});
      const duck = { threads: 1, memoryLimit: '512MB' };
      const aggregate = await detectDay({ pipeline, date, raw, duck });
      const rankedRun = await detectDay({ pipeline, date, raw, duck, quantiles: 'ranked' });
      expect(aggregate.failed).toEqual([]);
      expect(rankedRun.failed).toEqual([]);
      expect(aggregate.findings.length, 'the sample day has findings').toBeGreaterThan(0);
      expect(rankedRun.findings).toEqual(aggregate.findings);
      console.log(
        pipeline,
        QUANTILE_DETECTORS.map((d) => `${d} ${aggregate.findings.filter((f) => f.detector === d).length}`).join(', '),
      );
    }, 180_000);
});
