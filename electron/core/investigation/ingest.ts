/** The ingest summary's range rules (ui.md §6) and per-minute series, with padded minutes. */

const DAY_MS = 86_400_000;

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Default: the last 7 days up to `newest` (the newest cached day, else today); one side missing → ±7 days
 * (Spot's rule); reversed → swapped.
 */
export function ingestRange(start: string | undefined, end: string | undefined, newest: string): [string, string] {
  let from = start;
  let to = end;
  if (!from && !to) to = newest;
  if (!from) from = addDays(to!, -6);
  if (!to) to = addDays(from, 6);
  return from <= to ? [from, to] : [to, from];
}

/** `Y-M-D H:M` in any padding (flow's tdate is unpadded) → `YYYY-MM-DD HH:MM`; null when unreadable. */
export function padMinute(tdate: string): string | null {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{1,2})/.exec(tdate.trim());
  if (!m) return null;
  const p = (s: string) => s.padStart(2, '0');
  return `${m[1]}-${p(m[2]!)}-${p(m[3]!)} ${p(m[4]!)}:${p(m[5]!)}`;
}

/** Sums the totals per padded minute, in time order; unreadable minutes are dropped. */
export function ingestSeries(
  rows: ReadonlyArray<{ tdate: string; total: number }>,
): Array<{ minute: string; total: number }> {
  const sums = new Map<string, number>();
  for (const row of rows) {
    const minute = padMinute(String(row.tdate));
    if (minute === null) continue;
    sums.set(minute, (sums.get(minute) ?? 0) + Number(row.total));
  }
  return [...sums.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([minute, total]) => ({ minute, total }));
}
