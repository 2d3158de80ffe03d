/**
 * Whether this machine can score a day with the embedded scorer, decided from the day's row count before the
 * expensive passes start. The model is the measured peak memory of scoreDay (bench:scale, bench/results/
 * scale.json): a fixed base plus a cost per event. A day over the budget is refused with a message that points
 * to the cluster path (score it with spot-ml; its detections then run where the data lives, detect/pushdown.ts).
 */
import type { Pipeline } from '../../../shared/schema';

/**
 * Peak RSS of scoreDay ≈ base + events × per-event bytes. Flow, bench:scale's generated days on this machine since
 * the detectors run before the scorer's arrays exist (bench/results/scale-score.json): 0.67 GB at 1M events, 1.28 GB
 * at 10M (≈ 0.6 GB + 70 B an event); the model keeps a third more. dns and proxy (not yet measured at 10M) keep the
 * earlier, larger model: their rows carry more text per event.
 */
export const SCORE_MEMORY_MODEL: Readonly<Record<Pipeline, { baseBytes: number; bytesPerEvent: number }>> = {
  flow: { baseBytes: 0.8 * 2 ** 30, bytesPerEvent: 100 },
  dns: { baseBytes: 1.2 * 2 ** 30, bytesPerEvent: 300 },
  proxy: { baseBytes: 1.2 * 2 ** 30, bytesPerEvent: 450 },
};

/** The share of the machine's memory a scoring run may take (the app, the OS and other programs keep the rest). */
export const SCORE_MEMORY_SHARE = 0.6;

export interface CapacityInput {
  pipeline: Pipeline;
  events: number;
  totalMemBytes: number;
}

export type Capacity =
  | { ok: true; needBytes: number; budgetBytes: number }
  | { ok: false; needBytes: number; budgetBytes: number; message: string };

const gb = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(1)} GB`;

export function scoreCapacity({ pipeline, events, totalMemBytes }: CapacityInput): Capacity {
  const model = SCORE_MEMORY_MODEL[pipeline];
  const needBytes = model.baseBytes + events * model.bytesPerEvent;
  const budgetBytes = totalMemBytes * SCORE_MEMORY_SHARE;
  if (needBytes <= budgetBytes) return { ok: true, needBytes, budgetBytes };
  return {
    ok: false,
    needBytes,
    budgetBytes,
    message:
      `this ${pipeline} day has ${events.toLocaleString('en-US')} events: scoring it here needs about ` +
      `${gb(needBytes)} of memory, more than the ${gb(budgetBytes)} this machine can give it ` +
      `(${Math.round(SCORE_MEMORY_SHARE * 100)} % of ${gb(totalMemBytes)}). Score it on the cluster (spot-ml on the ML ` +
      'node) and import its results with the Hive/Impala source: the named detections then run in the cluster ' +
      '(spot-desk detect --dry-run shows the SQL)',
  };
}
