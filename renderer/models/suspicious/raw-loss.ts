import type { DaySummary } from '../../../shared/api';

/** The line a day that lost raw rows at import shows above its rows, or null when none was rejected. */
export function rawLossLine(day: Pick<DaySummary, 'rawRead' | 'rawRejected' | 'rawNote'> | undefined): string | null {
  if (!day?.rawRejected) return null;
  const first = day.rawNote ? ` First: ${day.rawNote}.` : '';
  return (
    `${day.rawRejected} of ${day.rawRead ?? '?'} raw rows of this day were rejected at import and are not in its ` +
    `details, chords or ingest summary.${first}`
  );
}
