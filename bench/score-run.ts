/**
 * One timed run for bench/score.ts, in a process of its own (so its peak RSS is its own):
 *   node --import tsx bench/score-run.ts '<json>'   (cwd = the source tree under test)
 * json: { tree, mode: 'score' | 'detect', root, rawRoot, pipeline, date, options }
 * Imports scoreDay() (or detectDay()) from `tree` — the current tree or a checkout of the baseline commit — runs
 * it once over the raw day and prints one JSON line: wall and CPU seconds of the call (CPU = the whole process,
 * main thread and DuckDB's threads), peak RSS of the process, the progress phases' wall seconds and a summary.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface RunSpec {
  tree: string;
  mode: 'score' | 'detect';
  root: string;
  rawRoot: string;
  pipeline: 'flow' | 'dns' | 'proxy';
  date: string;
  options: Record<string, unknown>;
}

const spec = JSON.parse(process.argv[2] ?? '') as RunSpec;
const load = (path: string) => import(pathToFileURL(join(spec.tree, path)).href);

const phases: Record<string, number> = {};
let phase = '';
let phaseStart = 0;
const onProgress = (_fraction: number, message: string): void => {
  const name = message.replace(/[\d,]+/g, '#');
  if (name === phase) return;
  const now = performance.now();
  if (phase) phases[phase] = (phases[phase] ?? 0) + (now - phaseStart) / 1000;
  phase = name;
  phaseStart = now;
};

let summary: Record<string, unknown>;
let seconds: number;
let cpuSeconds: number;
if (spec.mode === 'score') {
  // The scorer's file was renamed to kebab-case; a baseline tree from before the rename has the old name.
  const scorer = existsSync(join(spec.tree, 'electron/core/ml/score-day.ts'))
    ? 'electron/core/ml/score-day.ts'
    : 'electron/core/ml/scoreDay.ts';
  const { scoreDay } = await load(scorer);
  const cpu = process.cpuUsage();
  const start = performance.now();
  phaseStart = start;
  const result = await scoreDay({
    root: spec.root,
    rawRoot: spec.rawRoot,
    pipeline: spec.pipeline,
    date: spec.date,
    ...spec.options,
    onProgress,
  });
  seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  cpuSeconds = (used.user + used.system) / 1e6;
  onProgress(1, '(end)');
  summary = {
    events: result.events,
    valid: result.valid,
    kept: result.kept,
    findings: result.detections.length,
    covered: result.detections.reduce((n: number, d: { covered?: number }) => n + (d.covered ?? 0), 0),
    failedDetectors: result.failedDetectors ?? [],
  };
} else {
  const { detectDay } = await load('electron/core/detect/day.ts');
  const { createLocalSource } = await load('electron/core/sources/local.ts');
  const cpu = process.cpuUsage();
  const start = performance.now();
  const raw = await createLocalSource(spec.rawRoot).rawDay(spec.pipeline, spec.date, {});
  const run = await detectDay({ pipeline: spec.pipeline, date: spec.date, raw });
  seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  cpuSeconds = (used.user + used.system) / 1e6;
  const byDetector: Record<string, number> = {};
  for (const f of run.findings as { detector: string }[]) byDetector[f.detector] = (byDetector[f.detector] ?? 0) + 1;
  summary = { findings: run.findings.length, byDetector, failedDetectors: run.failed };
}

// maxRSS is in KiB: the process's peak, DuckDB's native memory included.
const peakRssMB = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ seconds, cpuSeconds, peakRssMB, phases, summary }));
