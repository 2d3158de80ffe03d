/** Storyboard view model: which threat shows, the export choices and the analyst's export preferences. Pure. */
import { TLP_LEVELS, type ExportFormat, type StoryboardEntry, type Tlp } from '../../../shared/ops/investigation';
import type { Pipeline } from '../../../shared/schema';

export interface ExportChoice {
  format: ExportFormat;
  label: string;
  title: string;
}

/** What the exports offer, in two groups: the incident report, and its indicators of compromise. */
export const EXPORT_GROUPS: ReadonlyArray<{ name: string; choices: readonly ExportChoice[] }> = [
  {
    name: 'Report',
    choices: [
      { format: 'pdf', label: 'PDF', title: 'The incident report as PDF (to send)' },
      { format: 'html', label: 'HTML', title: 'The incident report as one self-contained HTML file' },
    ],
  },
  {
    name: 'Indicators',
    choices: [
      { format: 'csv', label: 'CSV', title: 'Indicators of compromise as CSV (spreadsheet-safe)' },
      { format: 'stix', label: 'STIX 2.1', title: 'Indicators of compromise as a STIX 2.1 bundle (for a TIP or SIEM)' },
    ],
  },
];

/** What each pipeline's storyboard shows beyond the progression: the only place they differ in the view. */
export const STORYBOARD_PANELS: Record<Pipeline, { timeline: boolean; timelineDetail: string; timelineUnit: string }> =
  {
    flow: { timeline: true, timelineDetail: 'ports', timelineUnit: 'connections' },
    dns: { timeline: true, timelineDetail: 'response codes', timelineUnit: 'queries' },
    proxy: { timeline: true, timelineDetail: 'response codes', timelineUnit: 'requests' },
  };

export interface ExportPrefs {
  tlp: Tlp;
  analyst: string;
}

export const DEFAULT_EXPORT_PREFS: ExportPrefs = { tlp: 'AMBER', analyst: '' };
const PREFS_KEY = 'spot-desk.export-prefs';

/** The analyst's last TLP and name, from storage; anything unreadable gives the defaults. */
export function loadExportPrefs(storage: Pick<Storage, 'getItem'> | null): ExportPrefs {
  try {
    const raw = JSON.parse(storage?.getItem(PREFS_KEY) ?? 'null') as Partial<ExportPrefs> | null;
    return {
      tlp: TLP_LEVELS.includes(raw?.tlp as Tlp) ? (raw!.tlp as Tlp) : DEFAULT_EXPORT_PREFS.tlp,
      analyst: typeof raw?.analyst === 'string' ? raw.analyst.slice(0, 100) : '',
    };
  } catch {
    return { ...DEFAULT_EXPORT_PREFS };
  }
}

export function saveExportPrefs(storage: Pick<Storage, 'setItem'> | null, prefs: ExportPrefs): void {
  try {
    storage?.setItem(PREFS_KEY, JSON.stringify({ tlp: prefs.tlp, analyst: prefs.analyst.slice(0, 100) }));
  } catch {
    // storage full or disabled: the choice lasts this session only
  }
}

/** The export request; an empty analyst name lets the core use the account's name. The map's home location goes
 * with it, so the report places and counts internal hosts as the storyboard does. */
export function exportRequest(
  pipeline: Pipeline,
  date: string,
  format: ExportFormat,
  prefs: ExportPrefs,
  anchor?: string,
  home?: { lat: number; lon: number; label: string } | null,
) {
  const analyst = prefs.analyst.trim();
  return {
    pipeline,
    date,
    format,
    tlp: prefs.tlp,
    ...(analyst ? { analyst } : {}),
    ...(anchor !== undefined ? { anchor } : {}),
    ...(home ? { home: { lat: home.lat, lon: home.lon, label: home.label } } : {}),
  };
}

/** After the list reloads: keep the threat that showed, else the first. */
export function selectionAfterReload(entries: readonly StoryboardEntry[], keep: string | null): string | null {
  return entries.find((e) => e.anchor === keep)?.anchor ?? entries[0]?.anchor ?? null;
}

/** The TLP choices with what each allows (the select's tooltip). */
export const TLP_CHOICES: ReadonlyArray<{ tlp: Tlp; hint: string }> = [
  { tlp: 'CLEAR', hint: 'Disclosure is not limited' },
  { tlp: 'GREEN', hint: 'Within the community, not publicly' },
  { tlp: 'AMBER', hint: "Recipients' organisation and its clients, need-to-know" },
  { tlp: 'AMBER+STRICT', hint: "Recipients' organisation only" },
  { tlp: 'RED', hint: 'Named recipients only' },
];
