// A Parquet file of another pipeline inside a raw day's folder (issue 20): DuckDB's union_by_name would read a DNS
// file among flow files as flow rows with empty flow columns. Each Parquet file must hold the pipeline's raw
// columns, or the day is refused naming that file.
import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalSource, rawDayDir } from '../sources/local';
import { runPipeline } from './index';
import { fixtureDay, fixtureEnrichment, type TestDay } from './test-days';
import type { Enrichment } from './types';

const DATE = '2026-11-24';
let enrichment: Enrichment;
const days: TestDay[] = [];

beforeAll(async () => {
  enrichment = await fixtureEnrichment();
});
afterAll(() => days.forEach((d) => d.cleanup()));

function parquetFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.parquet'));
}

describe('a Parquet file of another pipeline in the raw day', () => {
  it('is refused, naming the file and the flow columns it lacks', async () => {
    const flow = await fixtureDay('flow28', 'flow', true);
    const dns = await fixtureDay('dns', 'dns', true);
    days.push(flow, dns);
    const dnsDir = rawDayDir(dns.root, 'dns', DATE);
    const stray = join(rawDayDir(flow.root, 'flow', DATE), 'stray-dns.parquet');
    cpSync(join(dnsDir, parquetFiles(dnsDir)[0]!), stray);
    const run = runPipeline({ source: createLocalSource(flow.root), pipeline: 'flow', date: DATE, top: 4, enrichment });
    await expect(run).rejects.toThrow(/stray-dns\.parquet.*lacks the raw flow column/);
  });
});
