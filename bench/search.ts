/**
 * Measures the expanded search on the generated sample day (≈300k flow, 150k dns, 100k proxy rows at scale 1)
 * and on a 7-day range (the same day linked under 6 more dates). Run: npm run bench:search [-- scale]
 */
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSampleDay } from '../electron/core/sample/generate';
import { C2_VICTIM, MALWARE_URI, SAMPLE_DATE, TUNNEL_CLIENT } from '../electron/core/sample/scenarios';
import { createLocalSource } from '../electron/core/sources/local';
import type { Pipeline } from '../shared/schema';
import { runExpandedSearch } from '../electron/core/investigation/search';

const scale = Number(process.argv[2] ?? 1);
const root = mkdtempSync(join(tmpdir(), 'spot-desk-bench-inv-'));
/** DuckDB scan-progress reports seen during the current search (polled every 200 ms). */
let scanReports: string[] = [];
const job = {
  signal: new AbortController().signal,
  progress: (_f: number, m: string) => void (m.startsWith('scanned') && scanReports.push(m)),
};

async function time(label: string, pipeline: Pipeline, anchor: string, start: string, end: string): Promise<void> {
  scanReports = [];
  const t0 = performance.now();
  const r = await runExpandedSearch([createLocalSource(root)], { pipeline, anchor, start, end }, job);
  const ms = performance.now() - t0;
  const rss = Math.round(process.memoryUsage().rss / 2 ** 20);
  console.log(
    `${label.padEnd(34)} ${String(Math.round(ms)).padStart(6)} ms  ${String(r.total).padStart(7)} rows  rss ${rss} MB  scan progress: ${scanReports.join(', ') || '-'}`,
  );
}

try {
  const t0 = performance.now();
  await generateSampleDay({ root, scale });
  console.log(`sample generated (scale ${scale}) in ${Math.round(performance.now() - t0)} ms`);
  for (const pipeline of ['flow', 'dns', 'proxy'] as const) {
    const day = join(root, pipeline, 'hive', 'y=2026', 'm=11', 'd=24');
    for (let d = 18; d <= 23; d++) symlinkSync(day, join(root, pipeline, 'hive', 'y=2026', 'm=11', `d=${d}`));
  }
  await time('flow C2 victim, 1 day', 'flow', C2_VICTIM, SAMPLE_DATE, SAMPLE_DATE);
  await time('flow C2 victim, 1 day (again)', 'flow', C2_VICTIM, SAMPLE_DATE, SAMPLE_DATE);
  await time('flow C2 victim, 7 days', 'flow', C2_VICTIM, '2026-11-18', SAMPLE_DATE);
  await time('dns tunnel client, 1 day', 'dns', TUNNEL_CLIENT, SAMPLE_DATE, SAMPLE_DATE);
  await time('dns tunnel client, 7 days', 'dns', TUNNEL_CLIENT, '2026-11-18', SAMPLE_DATE);
  await time('proxy malware URI, 1 day', 'proxy', MALWARE_URI, SAMPLE_DATE, SAMPLE_DATE);
  await time('proxy malware URI, 7 days', 'proxy', MALWARE_URI, '2026-11-18', SAMPLE_DATE);
} finally {
  rmSync(root, { recursive: true, force: true });
}
