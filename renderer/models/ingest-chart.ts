/**
 * The ingest summary's pure parts: days without data, the y range of what is in view, one tick format in the
 * analyst's zone, and the period's dates read as YYYY-MM-DD whatever the browser's locale.
 */
import type { TimeZoneChoice } from '../../shared/format';
import { parseDay } from '../../shared/spot-date';

export interface IngestLine {
  pipeline: string;
  points: ReadonlyArray<{ time: Date; total: number }>;
}

const DAY_MS = 86_400_000;

/** The UTC days of [start, end] (YYYY-MM-DD, inclusive) on which no line has a point: drawn as "no data". */
export function daysWithoutData(start: string, end: string, lines: readonly IngestLine[]): string[] {
  const first = Date.parse(`${start}T00:00:00Z`);
  const last = Date.parse(`${end}T00:00:00Z`);
  if (!Number.isFinite(first) || !Number.isFinite(last) || last < first) return [];
  const withData = new Set<number>();
  for (const l of lines) for (const p of l.points) withData.add(Math.floor(p.time.getTime() / DAY_MS));
  const empty: string[] = [];
  for (let day = first; day <= last; day += DAY_MS) {
    if (!withData.has(Math.floor(day / DAY_MS))) empty.push(new Date(day).toISOString().slice(0, 10));
  }
  return empty;
}

/** The highest total among the points between two instants (the y axis follows the zoom); at least 1. */
export function visibleMax(lines: readonly IngestLine[], from: Date, to: Date): number {
  const [a, b] = [from.getTime(), to.getTime()];
  let top = 0;
  for (const l of lines) {
    for (const p of l.points) {
      const t = p.time.getTime();
      if (t >= a && t <= b && p.total > top) top = p.total;
    }
  }
  return Math.max(1, top);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** One tick format for the time axis at any zoom: `MM-DD HH:MM` in the zone the tables use (UTC or local). */
export function ingestTick(date: Date, zone: TimeZoneChoice = 'utc'): string {
  if (zone === 'local')
    return `${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
  return `${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
}

/**
 * A period date as typed: '' (the server's default), or a real YYYY-MM-DD day. The inputs are text, not the
 * browser's date picker, which writes the day in the locale's order (11/24/2026, 24.11.2026).
 */
export function periodDate(label: string, text: string): { day: string } | { problem: string } {
  const day = text.trim();
  if (day === '' || parseDay(day)) return { day };
  return { problem: `${label}: “${day}” is not a day; write it as YYYY-MM-DD (e.g. 2026-11-24).` };
}

/** The period to ask for, from the two boxes as typed: only the days given (the server fills the rest), or the
 * first box's problem. */
export function periodRange(
  startText: string,
  endText: string,
): { range: { start?: string; end?: string } } | { problem: string } {
  const from = periodDate('Period start', startText);
  if ('problem' in from) return from;
  const to = periodDate('Period end', endText);
  if ('problem' in to) return to;
  return { range: { ...(from.day ? { start: from.day } : {}), ...(to.day ? { end: to.day } : {}) } };
}

/** The records of a series over its whole period. */
export function seriesTotal(series: { points: readonly { total: number }[] } | undefined): number {
  return series?.points.reduce((sum, p) => sum + p.total, 0) ?? 0;
}

/** Whole counts on the y axis, with thousands separators. */
export function countTick(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString('en-US') : '';
}
