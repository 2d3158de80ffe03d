/**
 * Prints the findings of every detector on one raw day of a local tree, strongest first:
 *   npx tsx scripts/detect-day.ts <root> <flow|dns|proxy> <YYYY-MM-DD> [limit]
 * For tuning by eye and for the bench; the scorer runs the same detectors.
 */
import { detectDay } from '../electron/core/detect/day';
import { createLocalSource } from '../electron/core/sources/local';
import type { Pipeline } from '../shared/schema';

const [root, pipeline, date, limit = '40'] = process.argv.slice(2);
if (!root || !pipeline || !date) {
  console.error('usage: tsx scripts/detect-day.ts <root> <flow|dns|proxy> <YYYY-MM-DD> [limit]');
  process.exit(2);
}
const raw = await createLocalSource(root).rawDay(pipeline as Pipeline, date, {});
const started = Date.now();
const run = await detectDay({ pipeline: pipeline as Pipeline, date, raw });
for (const f of run.findings.slice(0, Number(limit)))
  console.log(`${f.strength.toFixed(3)}\t${f.detector}\t${f.events}\t${JSON.stringify(f.keys)}\t${f.evidence}`);
console.log(`${run.findings.length} findings in ${Date.now() - started} ms; failed: ${JSON.stringify(run.failed)}`);
