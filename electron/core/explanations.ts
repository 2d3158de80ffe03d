/**
 * Facts that explain a suspicious row, stored beside the day in the cache (the view's "Why suspicious"): the
 * embedded scorer's named detections that cover the row (from `<type>_detections.json` next to the results file)
 * and, where the results carry it, the LDA word decoded into plain features.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Pipeline } from '../../shared/schema';
import type { DayImport } from './cache/types';
import { detectionCoversRow } from './ml/combined';
import type { DetectionKeys } from './ml/detections';
import { explainWord } from './ml/explain';

interface StoredDetection {
  name: string;
  strength: number;
  evidence: string;
  keys: DetectionKeys;
}

/** The detections file the scorer wrote beside a results file, or [] when there is none or it is unreadable. */
export function detectionsBeside(resultsFile: string, pipeline: Pipeline): StoredDetection[] {
  const file = path.join(path.dirname(resultsFile), `${pipeline}_detections.json`);
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { detections?: StoredDetection[] };
    return Array.isArray(parsed.detections) ? parsed.detections : [];
  } catch {
    return [];
  }
}

/** Adds `detections` and the decoded word to each scores row's explanation (in place). */
export function addExplanations(day: DayImport, detections: readonly StoredDetection[]): void {
  const rows = day.tables[`${day.pipeline}_scores`] ?? [];
  day.explanations ??= rows.map(() => ({}));
  rows.forEach((row, index) => {
    const facts = (day.explanations![index] ??= {});
    const covering = detections.filter((d) => detectionCoversRow(d.keys, row));
    if (covering.length > 0) {
      facts.detections = covering.map((d) => ({
        name: d.name.replaceAll('_', ' '),
        detail: `${d.evidence} (strength ${d.strength.toFixed(2)})`,
        strength: d.strength,
      }));
    }
    if (typeof row.word === 'string' && row.word !== '') {
      facts.decodedWord = explainWord(day.pipeline, row.word)
        .map((f) => `${f.feature} ${f.value}`)
        .join(', ');
    }
  });
}
