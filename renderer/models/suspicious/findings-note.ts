import type { DaySummary } from '../../../shared/api';
import { formatCount } from '../../../shared/format';

/** What the view says of a day's named detections: a brief for the table's title, the whole sentence, and whether
 * it is a warning (detectors that did not run, or no detections at all) to show above the rows. */
export interface FindingsNote {
  brief: string;
  full: string;
  warn: boolean;
}

const plural = (n: number, word: string): string => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;

/** Which named detections the day has and where they were computed; null for days imported before it was kept. */
export function findingsNote(day: Pick<DaySummary, 'findings'> | undefined): FindingsNote | null {
  const findings = day?.findings;
  if (!findings) return null;
  if (!findings.computed)
    return {
      brief: 'no named detections',
      full:
        `No named detections for this day: ${findings.why}. The list ranks Spot's LDA scores, reputation and your ` +
        `labels only; Score this day (raw day on this machine) or read the day from Hive/Impala to add them.`,
      warn: true,
    };
  const { findings: count, detectorsRun, detectorsAsked, origin, missing } = findings;
  const brief = `${plural(count, 'finding')} · ${detectorsRun} of ${detectorsAsked} detectors`;
  const base = `Named detections: ${plural(count, 'finding')} from ${detectorsRun} of ${detectorsAsked} detectors — ${origin}.`;
  if (missing.length === 0) return { brief, full: base, warn: false };
  const notRun = missing.map((m) => `${m.detector} (${m.why})`).join(', ');
  return { brief, full: `${base} Not run: ${notRun}; what they would find is missing from this list.`, warn: true };
}
