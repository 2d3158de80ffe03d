/** What the latest import of a day changed, in words for the banner above the Suspicious view (issue #16: after a
 * re-score the view says what changed). Pure. */
import type { DayChanges } from '../../../shared/ops/triage';

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** At most this many case titles per kind of change; the rest are counted. */
const TITLES = 3;
const titles = (list: readonly string[]) =>
  list.length <= TITLES ? list.join(', ') : `${list.slice(0, TITLES).join(', ')} and ${list.length - TITLES} more`;

/** "10:31" of an ISO time, in UTC (the app's one time zone until the UTC/local switch exists). */
const clock = (iso: string) => (/T(\d{2}:\d{2})/.exec(iso)?.[1] ?? iso) + ' UTC';

/** The banner's lines, or null when the day was imported once and no standing rule scored anything. */
export function describeChanges(day: DayChanges): string[] | null {
  const lines: string[] = [];
  const c = day.changes;
  if (c) {
    const r = c.rows;
    const rowParts = [
      `${plural(r.new, 'new row')}`,
      `${r.dropped.toLocaleString('en-US')} dropped`,
      `${r.movedUp.toLocaleString('en-US')} moved up`,
      `${r.movedDown.toLocaleString('en-US')} moved down`,
    ];
    lines.push(
      `Since the import of ${clock(c.previousImportedAt)}: ${rowParts.join(', ')} (${plural(r.after, 'row')} now, ${r.before.toLocaleString('en-US')} before).`,
    );
    const caseParts = [
      c.cases.new.length ? `new ${titles(c.cases.new)}` : '',
      c.cases.dropped.length ? `dropped ${titles(c.cases.dropped)}` : '',
      c.cases.movedUp.length ? `up ${titles(c.cases.movedUp)}` : '',
      c.cases.movedDown.length ? `down ${titles(c.cases.movedDown)}` : '',
    ].filter(Boolean);
    lines.push(caseParts.length ? `Cases: ${caseParts.join('; ')}.` : 'Cases: the same, in the same order.');
  }
  if (day.standing.rows > 0)
    lines.push(
      `Standing rules scored ${plural(day.standing.rows, 'new row')} (${plural(day.standing.rules, 'rule')}: your earlier quick scores).`,
    );
  return lines.length ? lines : null;
}
