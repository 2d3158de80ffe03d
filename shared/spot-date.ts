/**
 * The two forms of a day: `YYYY-MM-DD` in the API and the UI, `YYYYMMDD` (and unpadded `y=/m=/d=` partitions) in
 * Spot's paths. One validation for both: a real calendar day.
 */

export interface DayParts {
  y: number;
  m: number;
  d: number;
  /** `YYYYMMDD`, as Spot's scored_results folders are named. */
  compact: string;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const COMPACT_DAY = /^(\d{4})(\d{2})(\d{2})$/;

/** The parts of a `YYYY-MM-DD` day, or null when it is not one (wrong form, or no such calendar day). */
export function parseDay(date: string): DayParts | null {
  const match = DAY.exec(date);
  if (!match) return null;
  const [, y, m, d] = match as unknown as [string, string, string, string];
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) return null;
  return { y: Number(y), m: Number(m), d: Number(d), compact: `${y}${m}${d}` };
}

/** A day that is not `YYYY-MM-DD` or not on the calendar: bad input (the doors answer code 'input'). */
export class BadDateError extends Error {
  constructor(readonly date: string) {
    super(`bad date "${date}" (expected YYYY-MM-DD)`);
    this.name = 'BadDateError';
  }
}

/** The parts of a `YYYY-MM-DD` day; a bad one is a BadDateError naming it. */
export function splitDay(date: string): DayParts {
  const parts = parseDay(date);
  if (!parts) throw new BadDateError(date);
  return parts;
}

/** `YYYY-MM-DD` → `YYYYMMDD` (a bad day is an error naming it). */
export function compactDay(date: string): string {
  return splitDay(date).compact;
}

/** `YYYYMMDD` → `YYYY-MM-DD`, or null when it is not a calendar day (e.g. a folder that only looks like one). */
export function dayFromCompact(compact: string): string | null {
  const match = COMPACT_DAY.exec(compact);
  if (!match) return null;
  const date = `${match[1]}-${match[2]}-${match[3]}`;
  return parseDay(date) ? date : null;
}
