/**
 * Test support for detectors: an in-memory DuckDB whose `events` table holds the given rows (normalised columns,
 * events.ts), and a run of one detector over it. Fixtures are plain objects; missing columns are NULL.
 */
import type { Pipeline } from '../../../shared/schema';
import { Duck, sqlString } from '../pipeline/duck';
import { EVENT_COLUMNS, eventsTableSql } from './events';
import { networkSettings } from './network';
import { runDetectors } from './run';
import type { Detector, Finding, NetworkSettings } from './types';

export type EventRow = Record<string, string | number | null | undefined>;

function literal(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return 'NULL';
  return typeof value === 'number' ? String(value) : sqlString(value);
}

/** Loads rows into `events` (in batches, as one INSERT … VALUES each). */
export async function loadEvents(duck: Duck, pipeline: Pipeline, rows: readonly EventRow[]): Promise<void> {
  await duck.run(eventsTableSql(pipeline));
  const columns = Object.keys(EVENT_COLUMNS[pipeline]);
  for (let at = 0; at < rows.length; at += 2000) {
    const values = rows
      .slice(at, at + 2000)
      .map((row) => `(${columns.map((c) => literal(row[c])).join(', ')})`)
      .join(', ');
    await duck.run(`INSERT INTO events (${columns.join(', ')}) VALUES ${values}`);
  }
}

/** Runs detectors over fixture rows and returns their findings (a failing detector throws). */
export async function detectOn(
  detectors: readonly Detector[],
  pipeline: Pipeline,
  rows: readonly EventRow[],
  network: Partial<NetworkSettings> = {},
): Promise<Finding[]> {
  const duck = await Duck.open({ memoryLimit: '512MB', threads: 1 });
  try {
    await loadEvents(duck, pipeline, rows);
    const result = await runDetectors(duck, detectors, {
      pipeline,
      date: '2026-01-01',
      network: networkSettings(network),
    });
    if (result.failed.length > 0) throw new Error(result.failed.map((f) => `${f.detector}: ${f.error}`).join('; '));
    return result.findings;
  } finally {
    duck.close();
  }
}
