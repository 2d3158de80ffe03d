/**
 * Named detections for a day scored elsewhere (Spot's ML node writes only LDA results): the findings come from the
 * detectors run where the raw day lives (pushdown.ts, through the day source), their rows from the ML node's
 * results file. Each stored detection says where it came from; the notes say which detectors ran, which did not
 * and why, and which findings cover no row of the results (those rows are not in the file the view is built from).
 */
import type { Pipeline } from '../../../shared/schema';
import type { StoredDetection } from '../parse/detections';
import type { ResultsRow } from '../parse/results';
import { FindingIndex } from './cover';
import type { Finding } from './types';

/** Rows of the results file kept per finding (lowest LDA scores first: the file is ascending by score). */
export const RESULTS_ROWS_PER_FINDING = 200;

export interface SourceDetections {
  findings: Finding[];
  /** Detectors that failed or that the engine cannot run, with why. */
  failed: { detector: string; error: string }[];
  /** Where the findings were computed, for the analyst (e.g. "pushed down to Hive at host:10000"). */
  origin: string;
  /** Detectors asked. */
  detectors: number;
}

export interface DetectionsWithNotes {
  detections: StoredDetection[];
  notes: string[];
}

/** Joins the findings with the rows of the results file they cover. */
export async function detectionsFromSource(
  pipeline: Pipeline,
  found: SourceDetections,
  results: AsyncIterable<ResultsRow>,
): Promise<DetectionsWithNotes> {
  const index = new FindingIndex(found.findings.map((f) => f.keys));
  const examples = found.findings.map((): ResultsRow[] => []);
  const covered = new Array<number>(found.findings.length).fill(0);
  if (found.findings.length > 0)
    for await (const result of results)
      for (const at of index.covering(result.row)) {
        covered[at]! += 1;
        if (examples[at]!.length < RESULTS_ROWS_PER_FINDING) examples[at]!.push({ line: null, row: result.row });
      }
  const detections: StoredDetection[] = found.findings.map((f, i) => ({
    name: f.name,
    strength: f.strength,
    evidence: f.evidence,
    keys: f.keys,
    detector: f.detector,
    events: f.events,
    covered: covered[i] ?? 0,
    examples: examples[i] ?? [],
    origin: found.origin,
  }));
  const ran = found.detectors - found.failed.length;
  const notes = [
    `${pipeline} named detections: ${found.findings.length} finding(s) from ${ran} of ${found.detectors} detector(s), ${found.origin}`,
  ];
  if (found.failed.length > 0)
    notes.push(`detections missing: ${found.failed.map((f) => `${f.detector} (${f.error})`).join(', ')}`);
  const unseen = detections.filter((d) => d.examples.length === 0).length;
  if (unseen > 0) notes.push(`${unseen} finding(s) cover no row of the ML results file, so no row of theirs is shown`);
  return { detections, notes };
}
