/**
 * One timed run for bench/scale.ts, in a process of its own (so its peak RSS is its own):
 *   node --import tsx bench/scale-run.ts '<json>'
 * json: { mode: 'oa' | 'score' | 'pushdown', root, date, top?, memoryLimit? }
 * - oa: runPipeline (flow, top N) over the local tree at `root` (results file + raw day), nothing written;
 * - score: scoreDay (flow) over the raw day at `root`, results written into a scratch tree;
 * - pushdown: every flow detector's pushed-down statement (detect/pushdown.ts, DuckDB dialect) over the raw day's
 *   Parquet files read as Spot's partitioned table `spot.flow` (hive partitioning y/m/d), one statement each.
 * Prints one JSON line: wall and CPU seconds, the process's peak RSS (DuckDB's native memory included), a summary.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIALECTS } from '../electron/core/detect/dialect';
import { planPushdown } from '../electron/core/detect/pushdown';
import { createEnrichment } from '../electron/core/enrich';
import { scoreDay } from '../electron/core/ml/score-day';
import { runPipeline } from '../electron/core/pipeline';
import { Duck, sqlString } from '../electron/core/pipeline/duck';
import { createLocalSource } from '../electron/core/sources/local';

interface RunSpec {
  mode: 'oa' | 'score' | 'pushdown';
  root: string;
  date: string;
  top?: number;
  /** DuckDB memory_limit of the pushdown stand-in. */
  memoryLimit?: string;
}

const spec = JSON.parse(process.argv[2] ?? '') as RunSpec;
const cpu = process.cpuUsage();
const start = performance.now();
let summary: Record<string, unknown>;

if (spec.mode === 'oa') {
  const enrichment = await createEnrichment({});
  const day = await runPipeline({
    source: createLocalSource(spec.root),
    pipeline: 'flow',
    date: spec.date,
    top: spec.top ?? 3000,
    enrichment,
  });
  summary = Object.fromEntries(Object.entries(day.tables).map(([t, rows]) => [t, rows?.length ?? 0]));
} else if (spec.mode === 'score') {
  const scratch = mkdtempSync(join(tmpdir(), 'scale-score-'));
  try {
    const result = await scoreDay({
      root: scratch,
      rawRoot: spec.root,
      pipeline: 'flow',
      date: spec.date,
      tol: 1,
      maxResults: 5000,
      seed: 7,
    });
    summary = {
      events: result.events,
      kept: result.kept,
      findings: result.detections.length,
      failedDetectors: result.failedDetectors ?? [],
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
} else {
  const duck = await Duck.open({ memoryLimit: spec.memoryLimit ?? '1GB', threads: 2 });
  try {
    // Spot's partitioned raw table, as the cluster holds it: the y=/m=/d= folders are its partitions.
    await duck.run('CREATE SCHEMA spot');
    const glob = join(spec.root, 'flow', 'hive', '*', '*', '*', '*.parquet');
    await duck.run(`CREATE VIEW spot.flow AS SELECT * FROM read_parquet(${sqlString(glob)}, hive_partitioning = true)`);
    const statements: Record<string, { seconds: number; rows: number } | { error: string }> = {};
    for (const planned of planPushdown({ pipeline: 'flow', date: spec.date, database: 'spot' }, DIALECTS.duckdb)) {
      if (planned.sql === null) continue;
      const at = performance.now();
      try {
        const rows = await duck.all(planned.sql);
        statements[planned.detector] = { seconds: (performance.now() - at) / 1000, rows: rows.length };
      } catch (error) {
        statements[planned.detector] = { error: (error as Error).message.split('\n')[0] ?? 'failed' };
      }
    }
    summary = { statements };
  } finally {
    duck.close();
  }
}

const seconds = (performance.now() - start) / 1000;
const used = process.cpuUsage(cpu);
const cpuSeconds = (used.user + used.system) / 1e6;
// maxRSS is in KiB: the process's peak, DuckDB's native memory included.
const peakRssMB = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ seconds, cpuSeconds, peakRssMB, summary }));
