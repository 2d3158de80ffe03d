/**
 * The Suspicious table's columns per pipeline: Spot's columns (ui.md §1–3) plus the enriched and derived ones.
 * Which are shown first and pinned, their labels and value formats come from shared/pipeline-profile.ts.
 */
import { formatCell, formatTime, zoneLabel, type TimeZoneChoice } from '../../../shared/format';
import { PIPELINE_PROFILES, columnFormat, columnLabel } from '../../../shared/pipeline-profile';
import type { Pipeline } from '../../../shared/schema';
import { rowDetections } from './order';
import { highestReputation, parseReputation } from './reputation';
import { mlScore, num, str, type SuspiciousRow } from './rows';
import type { ColumnDef } from './table';

/** Special cell renderings the view draws around the text (shield, globe, severity badge). */
export type CellKind = 'text' | 'ip' | 'rep' | 'score' | 'severity' | 'rank' | 'detection';

export interface SuspiciousColumn extends ColumnDef<SuspiciousRow> {
  kind: CellKind;
  /** For kind 'ip': the columns of the same end (reputation label, geoloc, domain, internal flag). */
  ipOf?: 'src' | 'dst' | 'client';
  /** For kind 'rep': the label column. */
  repColumn?: string;
  /** The cell's hover text, when it says more than the cell (a whole list, or why a value is missing). */
  title?: (row: SuspiciousRow) => string;
}

/** Values the view loads after the rows (the DNS answers): text and hover text of a row's cell. */
export interface LateValues {
  answers(index: number): { text: string; title: string };
}

const NO_LATE_VALUES: LateValues = { answers: () => ({ text: '', title: '' }) };

const text = (key: string, label: string, width: number, extra: Partial<SuspiciousColumn> = {}): SuspiciousColumn => ({
  key,
  label,
  width,
  kind: 'text',
  value: (r) => r.values[key] ?? null,
  ...extra,
});
const number = (key: string, label: string, width: number, visible = true): SuspiciousColumn =>
  text(key, label, width, { align: 'right', mono: true, visible, value: (r) => num(r.values[key]) });
/** A port or code: right-aligned, written as it is. */
const code = (key: string, width: number, header?: string): SuspiciousColumn => ({
  ...number(key, columnLabel(key), width),
  ...(header ? { header } : {}),
});
/** An amount (count or bytes, by the profile's format) written with separators or units; sorted as a number. */
const amount = (
  pipeline: Pipeline,
  key: string,
  width: number,
  value?: (r: SuspiciousRow) => number,
): SuspiciousColumn => {
  const format = columnFormat(PIPELINE_PROFILES[pipeline].scoresTable, key);
  const read = value ?? ((r: SuspiciousRow) => num(r.values[key]));
  return text(key, columnLabel(key), width, {
    align: 'right',
    mono: true,
    value: read,
    display: (r) => formatCell(format, read(r), 'utc'),
  });
};
/** A text column labelled from the profile. */
const plain = (key: string, width: number, extra: Partial<SuspiciousColumn> = {}): SuspiciousColumn =>
  text(key, columnLabel(key), width, extra);

const rank: SuspiciousColumn = {
  key: 'rank',
  label: columnLabel('rank'),
  width: 56,
  align: 'right',
  kind: 'rank',
  // Spot's order is the rank: flow's rank column, dns/proxy ascending score. Shown 1-based. A row a named
  // detection brought in from outside the top N has no rank among them (its LDA score says where it stands).
  value: (r) => (r.explanation?.outsideTop !== undefined ? null : r.index + 1),
};
const score: SuspiciousColumn = {
  key: 'ml_score',
  label: columnLabel('ml_score'),
  width: 72,
  align: 'right',
  mono: true,
  kind: 'score',
  value: (r) => mlScore(r),
  // Three significant digits, as the Why lines write it; the sort uses the whole value.
  display: (r) => (Number.isFinite(mlScore(r)) ? mlScore(r).toExponential(2) : ''),
};
/** The strongest named detection covering the row ("beaconing 0.92"): searchable, and why a row leads the list. */
const detection: SuspiciousColumn = {
  key: 'detection',
  label: columnLabel('detection'),
  width: 96,
  kind: 'detection',
  value: (r) => {
    const [strongest] = rowDetections(r);
    return strongest ? `${strongest.name} ${strongest.strength.toFixed(2)}` : null;
  },
};
const severity: SuspiciousColumn = {
  key: 'severity',
  label: columnLabel('severity'),
  width: 66,
  kind: 'severity',
  value: (r) => r.severity,
};
const rep = (key: string, label: string): SuspiciousColumn => ({
  key: `${key}:level`,
  label,
  width: 120,
  kind: 'rep',
  repColumn: key,
  visible: false,
  value: (r) => {
    const entries = parseReputation(str(r.values[key]));
    return entries.length === 0 ? null : highestReputation(entries);
  },
});

const DAY_MS = 86_400_000;

/**
 * The row's event time: sorted as an instant, written in the one format in the analyst's zone. In a day's table
 * (`day` given) a cell writes the time of day, and the days it is off the day in that zone ("23:59:58 −1d"); the
 * whole time is its hover text. The column is narrow in UTC, wider where a local day can differ.
 */
function timeColumn(pipeline: Pipeline, zone: () => TimeZoneChoice, day?: string): SuspiciousColumn {
  const key = PIPELINE_PROFILES[pipeline].identityColumns[0] ?? 'time';
  const eventTime = PIPELINE_PROFILES[pipeline].eventTime;
  const dayStart = day ? Date.parse(`${day}T00:00:00Z`) : NaN;
  const compact = (ms: number | null): string => {
    const whole = formatTime(ms, zone());
    if (!whole || !Number.isFinite(dayStart)) return whole;
    // Whole days between the cell's date (in the zone) and the day shown.
    const offDays = Math.round((Date.parse(`${whole.slice(0, 10)}T00:00:00Z`) - dayStart) / DAY_MS);
    return offDays === 0 ? whole.slice(11) : `${whole.slice(11)} ${offDays > 0 ? '+' : '−'}${Math.abs(offDays)}d`;
  };
  return {
    key,
    get label() {
      return zone() === 'utc' ? 'Time (UTC)' : 'Time (local)';
    },
    get width() {
      if (!Number.isFinite(dayStart)) return 150;
      return zone() === 'utc' ? 88 : 100;
    },
    mono: true,
    kind: 'text',
    value: (r) => eventTime(r.values),
    display: (r) => compact(eventTime(r.values)),
    title: (r) => {
      const ms = eventTime(r.values);
      return ms === null ? '' : `${formatTime(ms, zone())} ${zoneLabel(zone(), ms)}`;
    },
  };
}

const sum = (a: string, b: string) => (r: SuspiciousRow) => {
  const x = num(r.values[a]);
  const y = num(r.values[b]);
  return (Number.isFinite(x) ? x : 0) + (Number.isFinite(y) ? y : 0);
};

/** The columns of each pipeline's table besides the common ones, in no particular order (the profile orders them).
 * `late` fills values that arrive after the rows (DNS answers). */
const PIPELINE_COLUMNS: Record<Pipeline, (late: LateValues) => SuspiciousColumn[]> = {
  flow: () => [
    // Every default column fits the table at 1366×768 (see tableTrack); a long host name is cut with an ellipsis,
    // whole in the hover text and in Details. Numbers are never cut: the widths hold 65535, 999,999 and 999.9 kB.
    plain('srcip', 152, { kind: 'ip', ipOf: 'src', mono: true }),
    plain('dstip', 152, { kind: 'ip', ipOf: 'dst', mono: true }),
    // nfdump's words for the ports: "Src port" would be cut at this width.
    code('sport', 54, 'Sport'),
    code('dport', 54, 'Dport'),
    plain('proto', 50),
    { ...amount('flow', 'packets', 68, sum('ipkt', 'opkt')), kind: 'text' },
    { ...amount('flow', 'bytes', 72, sum('ibyt', 'obyt')), kind: 'text' },
    amount('flow', 'ipkt', 80),
    amount('flow', 'ibyt', 80),
    amount('flow', 'opkt', 84),
    amount('flow', 'obyt', 84),
    plain('src_geoloc', 160),
    plain('dst_geoloc', 160),
    plain('src_domain', 140),
    plain('dst_domain', 140),
    rep('src_rep', 'Source reputation'),
    rep('dst_rep', 'Destination reputation'),
  ],
  dns: (late) => [
    // Every default column fits the table at 1366×768 (see tableTrack): long names and answer lists are cut with
    // an ellipsis, whole in the hover text and in Details.
    plain('ip_dst', 168, { kind: 'ip', ipOf: 'client', mono: true }),
    plain('dns_qry_name', 144, { mono: true }),
    plain('tld', 170, { mono: true }),
    plain('dns_qry_class_name', 110),
    plain('dns_qry_type_name', 50),
    plain('dns_qry_rcode_name', 88),
    plain('answers', 120, {
      mono: true,
      value: (r) => late.answers(r.index).text,
      title: (r) => late.answers(r.index).title,
    }),
    plain('network_context', 130),
    rep('query_rep', 'Reputation'),
  ],
  proxy: () => [
    // Time, client, host, method, URI, status, content type and both byte counts are in view at 1366×768 (the
    // issue's list); finding and score follow sideways, the identity columns pinned. Long values are cut, whole in
    // the hover text; the status code always shows, its name after it as room allows.
    plain('clientip', 150, { kind: 'ip', ipOf: 'client', mono: true }),
    plain('host', 120, { mono: true }),
    plain('reqmethod', 64),
    plain('fulluri', 146, { mono: true, title: (r) => str(r.values.fulluri) }),
    plain('respcode', 72, {
      header: 'Status',
      value: (r) => `${str(r.values.respcode)} ${str(r.values.respcode_name)}`.trim(),
      title: (r) => `${str(r.values.respcode)} ${str(r.values.respcode_name)}`.trim(),
    }),
    plain('resconttype', 104, { title: (r) => str(r.values.resconttype) }),
    amount('proxy', 'csbytes', 84),
    amount('proxy', 'scbytes', 100),
    plain('webcat', 130),
    plain('useragent', 220),
    plain('username', 90),
    plain('network_context', 130),
    rep('uri_rep', 'Reputation'),
  ],
};

/** Every column a pipeline's table offers, in no particular order (the profile orders them). */
function available(pipeline: Pipeline, zone: () => TimeZoneChoice, late: LateValues, day?: string): SuspiciousColumn[] {
  const time = timeColumn(pipeline, zone, day);
  const common = [{ ...rank }, { ...detection }, time, { ...score }, { ...severity }];
  return [...common, ...PIPELINE_COLUMNS[pipeline](late)];
}

/**
 * A pipeline's table columns: the profile's identity columns first (pinned), then its default columns, then the
 * rest hidden until chosen. `zone` is read when a time is written, so a switch redraws without new columns;
 * `late` likewise when a late value (DNS answers) is written, so its arrival fills the cells in.
 */
export function suspiciousColumns(
  pipeline: Pipeline,
  zone: () => TimeZoneChoice = () => 'utc',
  late: LateValues = NO_LATE_VALUES,
  day?: string,
): SuspiciousColumn[] {
  const profile = PIPELINE_PROFILES[pipeline];
  const byKey = new Map(available(pipeline, zone, late, day).map((c) => [c.key, c]));
  const take = (key: string) => {
    const column = byKey.get(key);
    byKey.delete(key);
    return column;
  };
  const pinned = profile.identityColumns.map(take).filter((c) => c !== undefined);
  const shown = profile.defaultColumns.map(take).filter((c) => c !== undefined);
  const rest = [...byKey.values()];
  // Getters (the time label) must survive: set flags on the objects, never spread them.
  for (const c of pinned) Object.assign(c, { pinned: true, visible: true });
  for (const c of shown) Object.assign(c, { visible: true });
  for (const c of rest) Object.assign(c, { visible: false });
  return [...pinned, ...shown, ...rest];
}

/** The largest share of the view's width the table takes: the network view and the details keep the rest. */
export const TABLE_MAX_SHARE = 0.72;
/** Beside the columns: the panel's borders, the vertical scroll bar and the column chooser's button over the header. */
const TABLE_CHROME = 30;

/**
 * The width the table asks of the view: what its default columns need, so they show without scrolling sideways
 * (the view gives at most TABLE_MAX_SHARE). Sized by the defaults, not the analyst's choice, so choosing a column
 * does not move the panels.
 */
export function tableTrack(columns: readonly SuspiciousColumn[]): number {
  return columns.filter((c) => c.visible).reduce((sum, c) => sum + c.width, 0) + TABLE_CHROME;
}

/** The columns with times in UTC (tests, exports). */
export const SUSPICIOUS_COLUMNS: Record<Pipeline, SuspiciousColumn[]> = {
  flow: suspiciousColumns('flow'),
  dns: suspiciousColumns('dns'),
  proxy: suspiciousColumns('proxy'),
};
