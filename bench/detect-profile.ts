/**
 * Where a day's detection time goes: `npx tsx bench/detect-profile.ts <raw root> <pipeline> <YYYY-MM-DD>`.
 * Times, in one process on one raw day, each step of detect/day.ts detectDay — the raw view (header check, the
 * row-accounting line scan and DuckDB's conversion count), the events table, the shared day tables — and then
 * each detector's statement, wall and process CPU (main thread + DuckDB threads). A profile, not a benchmark: for
 * a before/after, run it from both trees on the same day (bench:score writes one: KEEP_DAY=<dir> WRITE_ONLY=1).
 */
import { createDayTables } from '../electron/core/detect/day-tables';
import { eventsTableFromRawSql } from '../electron/core/detect/events';
import { networkSettings } from '../electron/core/detect/network';
import { DETECTORS } from '../electron/core/detect/registry';
import { Duck } from '../electron/core/pipeline/duck';
import { createRawView } from '../electron/core/pipeline/raw-view';
import { createLocalSource } from '../electron/core/sources/local';
import type { Pipeline } from '../shared/schema';

const [root, pipelineArg, date] = process.argv.slice(2);
if (!root || !date || !['flow', 'dns', 'proxy'].includes(pipelineArg ?? '')) {
  console.error('usage: npx tsx bench/detect-profile.ts <raw root> <flow|dns|proxy> <YYYY-MM-DD>');
  process.exit(2);
}
const pipeline = pipelineArg as Pipeline;
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
let wall = Date.now();
let used = cpu();
const lap = (step: string): void => {
  console.log(`| ${step} | ${((Date.now() - wall) / 1000).toFixed(2)} | ${(cpu() - used).toFixed(2)} |`);
  wall = Date.now();
  used = cpu();
};

const raw = await createLocalSource(root).rawDay(pipeline, date, {});
const duck = await Duck.open();
try {
  console.log(`${pipeline} ${date}, ${raw.files.length} file(s)\n\n| step | wall s | CPU s |\n|---|---|---|`);
  const view = await createRawView(duck, pipeline, raw);
  lap(`raw view (${view.rows.accepted} rows accounted)`);
  await duck.run(eventsTableFromRawSql(pipeline, view.columns));
  lap('events table');
  const network = networkSettings({});
  const dayTables = await createDayTables(duck, pipeline, network);
  lap('shared day tables');
  for (const detector of DETECTORS[pipeline]) {
    const rows = await duck.all(detector.sql({ pipeline, date, network, dayTables }));
    lap(`${detector.id} (${rows.length} rows)`);
  }
} finally {
  duck.close();
}
