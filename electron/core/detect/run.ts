/**
 * Runs a pipeline's detectors over the `events` view of one day, one query each. A detector that fails is
 * reported by name and leaves the others' findings (a slow or broken definition costs only its own findings).
 */
import { CancelledError } from '../errors';
import type { Duck } from '../pipeline/duck';
import type { Detector, DetectorContext, Finding, QueryRow } from './types';

export interface DetectorRun {
  findings: Finding[];
  failed: { detector: string; error: string }[];
}

const clamp01 = (x: number): number => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

export async function runDetectors(
  duck: Duck,
  detectors: readonly Detector[],
  ctx: DetectorContext,
  signal?: AbortSignal,
): Promise<DetectorRun> {
  return runDetectorQueries((sql) => duck.all(sql, signal), detectors, ctx, signal);
}

/** Runs each detector's query through `query` (local DuckDB, or an engine that holds the day: pushdown.ts). */
export async function runDetectorQueries(
  query: (sql: string, detector: Detector) => Promise<QueryRow[]>,
  detectors: readonly Detector[],
  ctx: DetectorContext,
  signal?: AbortSignal,
): Promise<DetectorRun> {
  const findings: Finding[] = [];
  const failed: DetectorRun['failed'] = [];
  for (const detector of detectors) {
    if (detector.pipeline !== ctx.pipeline) continue;
    try {
      const rows = await query(detector.sql(ctx), detector);
      for (const row of rows) {
        const found = detector.toFinding(row, ctx);
        findings.push({
          detector: detector.id,
          name: detector.name,
          pipeline: detector.pipeline,
          ...found,
          strength: Math.round(clamp01(found.strength) * 1000) / 1000,
        });
      }
    } catch (error) {
      if (error instanceof CancelledError || signal?.aborted) throw new CancelledError();
      failed.push({ detector: detector.id, error: (error as Error).message.split('\n')[0] ?? 'failed' });
    }
  }
  // A total order: DuckDB returns rows in no fixed order, and the detections file must be the same run to run.
  const keyText = (f: Finding): string => JSON.stringify(f.keys);
  findings.sort(
    (a, b) =>
      b.strength - a.strength ||
      b.events - a.events ||
      a.detector.localeCompare(b.detector) ||
      keyText(a).localeCompare(keyText(b)) ||
      a.evidence.localeCompare(b.evidence),
  );
  return { findings, failed };
}
