/**
 * Facts that explain a suspicious row, stored beside the day in the cache (the view's "Why suspicious"): the
 * embedded scorer's named detections that cover the row, the LDA word decoded into plain features, and the row's
 * place in the combined-risk order (`riskRank`: named detections first, strongest first, then the LDA score —
 * ml/combined.ts), which the suspicious list uses as its default order.
 */
import type { Pipeline } from '../../shared/schema';
import type { OaRow } from './cache/types';
import { combinedRisk } from './ml/combined';
import { explainWord } from './ml/explain';
import type { StoredDetection } from './parse/detections';

/** Adds `detections`, the decoded word and `riskRank` to each scores row's explanation (in place). */
export function addExplanations(
  pipeline: Pipeline,
  rows: readonly OaRow[],
  explanations: Array<Record<string, unknown>>,
  detections: readonly StoredDetection[],
): void {
  // The examples are already among `rows` (the import adds them), so they are not added again here.
  const keyed = detections.map(({ examples: _examples, ...detection }) => detection);
  const ranked = combinedRisk(rows, keyed, { scoreColumn: 'ml_score', includeExamples: false });
  ranked.forEach((entry, riskRank) => {
    const facts = (explanations[entry.index] ??= {});
    facts.riskRank = riskRank;
    if (entry.detections.length > 0) {
      facts.detections = entry.detections.map((d) => ({
        name: d.name.replaceAll('_', ' '),
        detail: `${d.evidence} (strength ${d.strength.toFixed(2)})`,
        strength: d.strength,
      }));
    }
    const word = entry.row.word;
    if (typeof word === 'string' && word !== '') {
      facts.decodedWord = explainWord(pipeline, word)
        .map((f) => `${f.feature} ${f.value}`)
        .join(', ');
    }
  });
}
