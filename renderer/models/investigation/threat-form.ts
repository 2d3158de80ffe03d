/** Pure parts of the threat-investigation view: whose form is shown, what the search line says, readable headers. */
import type { ExpandedSearch, StoryboardEntry } from '../../../shared/ops/investigation';
import { PIPELINE_PROFILES } from '../../../shared/pipeline-profile';
import type { Pipeline } from '../../../shared/schema';
import { formatTime, type TimeZoneChoice } from '../../../shared/format';

export interface ThreatDraft {
  title: string;
  text: string;
}

/** What the search's anchor field takes, in words. */
export function anchorHint(pipeline: Pipeline): string {
  return PIPELINE_PROFILES[pipeline].search.anchorHint;
}

/**
 * The form of one anchor (the view state is already per pipeline and day): the analyst's unsaved draft of it, else
 * its saved threat, else empty. Never another anchor's text: saving it would file the wrong incident.
 */
export function threatFormOf(
  anchor: string,
  drafts: Readonly<Record<string, ThreatDraft>>,
  saved: readonly StoryboardEntry[],
): ThreatDraft {
  const draft = drafts[anchor];
  if (draft) return draft;
  const entry = saved.find((e) => e.anchor === anchor);
  return entry ? { title: entry.title, text: entry.text } : { title: '', text: '' };
}

/** True when the form differs from what is saved for the anchor (nothing saved counts as empty). */
export function isUnsaved(form: ThreatDraft, anchor: string, saved: readonly StoryboardEntry[]): boolean {
  const entry = saved.find((e) => e.anchor === anchor);
  return form.title !== (entry?.title ?? '') || form.text !== (entry?.text ?? '');
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The optional end of a search range as typed: '' (one day), a valid YYYY-MM-DD, or an error naming the field. */
export function parseEndDate(text: string): { ok: true; endDate: string } | { ok: false; error: string } {
  const t = text.trim();
  if (t === '') return { ok: true, endDate: '' };
  const time = Date.parse(`${t}T00:00:00Z`);
  if (!ISO_DAY.test(t) || Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== t) {
    return { ok: false, error: `Through: “${t}” is not a date as YYYY-MM-DD.` };
  }
  return { ok: true, endDate: t };
}

/** `2026-11-24T10:15:02.123Z` → `2026-11-24 10:15:02 UTC` (or the local time, "… local"): the one time format. */
export function isoMinuteText(iso: string, zone: TimeZoneChoice = 'utc'): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  return `${formatTime(at, zone)} ${zone === 'utc' ? 'UTC' : 'local'}`;
}

/** The line under a result's heading: how many rows over which days, what is missing or cut, when it ran. */
export function searchSummary(result: ExpandedSearch, zone: TimeZoneChoice = 'utc'): string {
  const unit = PIPELINE_PROFILES[result.pipeline].search.rowsWord;
  const days = result.days.length > 0 ? result.days.join(', ') : 'no day with raw data';
  const parts = [`${result.total.toLocaleString('en-US')} ${unit} over ${days}`];
  if (result.missingDays.length) parts.push(`no raw data for ${result.missingDays.join(', ')}`);
  if (result.truncated) parts.push(`showing the first ${result.rows.length.toLocaleString('en-US')}`);
  parts.push(`searched ${isoMinuteText(result.searchedAt, zone)}`);
  return parts.join(' · ');
}

/** The caption of the main result table. */
export function resultCaption(result: Pick<ExpandedSearch, 'pipeline' | 'kind'>): string {
  const words = PIPELINE_PROFILES[result.pipeline].search;
  return (result.kind === 'ip' ? words.ipCaption : undefined) ?? words.caption;
}
