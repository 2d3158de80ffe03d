/**
 * The day as cases: the Suspicious rows grouped into what an analyst decides on. A case is one named finding per
 * actor (the finding key `name|actor[|family]` the import stores per row, shared/risk-order.ts), or one cluster of
 * similar model rows no finding covers (same entity and LDA word). A row belongs to the case of its strongest
 * finding, else to its cluster. Cases come in the order of their best row in the rows handed in (the view's risk
 * order, or the analyst's column sort), so cases and rows never disagree about what comes first. Pure, no DOM.
 */
import { caseKeyFromFacts, caseTitle, type CaseKind } from '../../../shared/case-key';
import { riskFactsOf } from '../../../shared/risk-order';
import type { Pipeline, Severity } from '../../../shared/schema';
import { isIp } from './filter';
import { rowDetections } from './order';
import { mlScore, str, type SuspiciousRow } from './rows';

export type { CaseKind };

export interface CaseStatus {
  /** Rows of the case the analyst scored, per severity (hidden scored rows included). */
  scored: Record<Severity, number>;
  /** Every row of the case in the day (shown or hidden). */
  total: number;
  /** In words: "unscored", "2 of 40 scored Low", "all scored High", "mixed: 3 High, 1 Low of 12". */
  label: string;
}

export interface SuspiciousCase {
  key: string;
  kind: CaseKind;
  /** "port scan · 10.10.4.201", or for a cluster its entity ("10.1.4.30:445", "microsoft.com"). */
  title: string;
  /** The case's rows among those handed in, in their order; rows[0] is the best row. */
  rows: SuspiciousRow[];
  /** HH:MM:SS of the earliest and latest row ('' when the rows carry no time). */
  firstSeen: string;
  lastSeen: string;
  /** Rows per hour of the day (24 buckets), for the sparkline. */
  activity: number[];
  /** The strongest evidence in words: the finding's own evidence, else the decoded LDA word. */
  evidence: string;
  status: CaseStatus;
  /** What Threat investigation searches for this case (flow an IP, dns a client IP or query, proxy a URI). */
  anchor: string;
  /** The IP the title names (a finding's actor, a cluster's host), whose name is written beside it; else null. */
  titleIp: string | null;
}

/** Per pipeline, the one place that knows a row's time, its fallback entity (days cached before the import stored
 * one) and what a case is investigated by. */
const PIPELINE_CASES: Record<
  Pipeline,
  {
    time: (row: SuspiciousRow) => string;
    entity: (row: SuspiciousRow) => string;
    anchor: (row: SuspiciousRow) => string;
    /** Whether a finding's actor is what the analyst investigates: the pipeline's search takes it (flow takes IPs,
     * DNS a client IP or a name, proxy URIs only). */
    searchTakesActor: (actor: string) => boolean;
    /** Who made the row (the host or client a cluster's evidence counts). */
    who: { column: string; word: string };
  }
> = {
  flow: {
    who: { column: 'srcip', word: 'source' },
    time: (r) => str(r.values.tstart),
    entity: (r) => `${str(r.values.dstip)}:${str(r.values.dport)}`,
    anchor: (r) => str(r.values.dstip),
    searchTakesActor: isIp,
  },
  dns: {
    who: { column: 'ip_dst', word: 'client' },
    time: (r) => str(r.values.frame_time),
    entity: (r) => str(r.values.tld) || str(r.values.dns_qry_name),
    anchor: (r) => str(r.values.dns_qry_name),
    searchTakesActor: () => true,
  },
  proxy: {
    who: { column: 'clientip', word: 'client' },
    time: (r) => str(r.values.time),
    entity: (r) => str(r.values.host).toLowerCase(),
    anchor: (r) => str(r.values.fulluri),
    searchTakesActor: () => false,
  },
};

const CLOCK = /(\d{1,2}):(\d{2}):(\d{2})/;

/** The row's time of day as HH:MM:SS, or '' when it has none. */
export function timeOfDay(pipeline: Pipeline, row: SuspiciousRow): string {
  const m = CLOCK.exec(PIPELINE_CASES[pipeline].time(row));
  return m ? `${m[1]!.padStart(2, '0')}:${m[2]}:${m[3]}` : '';
}

/** Rows keep their identity while only their scores change (rows.ts withScores), so a row's case is worked out once
 * per row object, not on every regrouping (a search keystroke regroups thousands of rows). */
const caseKeys = new WeakMap<SuspiciousRow, { key: string; kind: CaseKind; time: string }>();

/** Which case a row belongs to: its strongest finding, else its (entity, word) cluster. */
export function caseKeyOf(pipeline: Pipeline, row: SuspiciousRow): { key: string; kind: CaseKind } {
  const { key, kind } = caseFacts(pipeline, row);
  return { key, kind };
}

function caseFacts(pipeline: Pipeline, row: SuspiciousRow): { key: string; kind: CaseKind; time: string } {
  let known = caseKeys.get(row);
  if (!known) caseKeys.set(row, (known = { ...computeCaseKey(pipeline, row), time: timeOfDay(pipeline, row) }));
  return known;
}

function computeCaseKey(pipeline: Pipeline, row: SuspiciousRow): { key: string; kind: CaseKind } {
  const facts = riskFactsOf(row.explanation);
  return caseKeyFromFacts(facts, facts?.entity === undefined ? PIPELINE_CASES[pipeline].entity(row) : '');
}

/** "port_scan|10.10.4.201|ab12cd34" → name "port scan", actor "10.10.4.201". */
function findingParts(key: string): { name: string; actor: string } {
  const [name = '', actor = ''] = key.slice('finding:'.length).split('|');
  return { name: name.replaceAll('_', ' '), actor };
}

const SEVERITY_WORDS: Record<Severity, string> = { 1: 'High', 2: 'Medium', 3: 'Low' };

export function caseStatus(scored: Record<Severity, number>, total: number): CaseStatus {
  const parts = ([1, 2, 3] as const).filter((s) => scored[s] > 0);
  const n = scored[1] + scored[2] + scored[3];
  let label: string;
  if (n === 0) label = 'unscored';
  else if (parts.length === 1 && n === total) label = `all scored ${SEVERITY_WORDS[parts[0]!]}`;
  else if (parts.length === 1) label = `${n} of ${total} scored ${SEVERITY_WORDS[parts[0]!]}`;
  else label = `mixed: ${parts.map((s) => `${scored[s]} ${SEVERITY_WORDS[s]}`).join(', ')} of ${total}`;
  return { scored, total, label };
}

function evidenceOf(pipeline: Pipeline, kind: CaseKind, key: string, rows: readonly SuspiciousRow[]): string {
  const best = rows[0]!;
  if (kind === 'finding') {
    const { name } = findingParts(key);
    const detections = rowDetections(best);
    const own = detections.find((d) => d.name === name) ?? detections[0];
    if (own?.detail) return own.detail;
    if (name === 'bad reputation') return 'a reputation service calls it malicious';
    return name;
  }
  const decoded = best.explanation?.decodedWord;
  if (typeof decoded === 'string' && decoded !== '') return decoded;
  // No decoded word stored (flow and DNS clusters): who made the rows and how rare the model found them.
  const { column, word } = PIPELINE_CASES[pipeline].who;
  const who = new Set(rows.map((r) => str(r.values[column]))).size;
  const lowest = rows.reduce((min, r) => (Number.isFinite(mlScore(r)) ? Math.min(min, mlScore(r)) : min), Infinity);
  const score = Number.isFinite(lowest) ? `; lowest LDA score ${lowest.toExponential(2)}` : '';
  return `${rows.length.toLocaleString('en-US')} row${rows.length === 1 ? '' : 's'} from ${who.toLocaleString('en-US')} ${word}${who === 1 ? '' : 's'}${score}`;
}

/** A case's title cut just after the IP it names, so that the IP's name is written beside the IP itself
 * ("dns tunnelling · 10.10.5.120" | " · t.example · TXT records"), its port kept with it; the whole title and ''
 * without one. */
export function titleAroundIp(c: Pick<SuspiciousCase, 'title' | 'titleIp'>): [string, string] {
  const at = c.titleIp ? c.title.indexOf(c.titleIp) : -1;
  if (at < 0) return [c.title, ''];
  // An IP's port stays with it ("10.1.4.30:445 fs01").
  const end = at + c.titleIp!.length + (/^:\d+/.exec(c.title.slice(at + c.titleIp!.length))?.[0].length ?? 0);
  return [c.title.slice(0, end), c.title.slice(end)];
}

function titleIpOf(kind: CaseKind, key: string, title: string): string | null {
  const candidate = kind === 'finding' ? findingParts(key).actor : title.replace(/:\d+$/, '');
  return isIp(candidate) ? candidate : null;
}

function anchorOf(kind: CaseKind, key: string, pipeline: Pipeline, best: SuspiciousRow): string {
  if (kind === 'finding') {
    const { actor } = findingParts(key);
    if (actor !== '' && PIPELINE_CASES[pipeline].searchTakesActor(actor)) return actor;
  }
  return PIPELINE_CASES[pipeline].anchor(best);
}

/**
 * Groups the rows handed in (already filtered, searched and ordered) into cases in the order of their best rows.
 * `allRows` = every row of the day, to count each case's scored and hidden rows for its status.
 */
export function groupCases(
  pipeline: Pipeline,
  rows: readonly SuspiciousRow[],
  allRows: readonly SuspiciousRow[] = rows,
): SuspiciousCase[] {
  const byKey = new Map<string, { kind: CaseKind; rows: SuspiciousRow[] }>();
  for (const row of rows) {
    const { key, kind } = caseFacts(pipeline, row);
    let entry = byKey.get(key);
    if (!entry) byKey.set(key, (entry = { kind, rows: [] }));
    entry.rows.push(row);
  }
  const totals = new Map<string, { scored: Record<Severity, number>; total: number }>();
  for (const row of allRows) {
    const { key } = caseFacts(pipeline, row);
    if (!byKey.has(key)) continue;
    let t = totals.get(key);
    if (!t) totals.set(key, (t = { scored: { 1: 0, 2: 0, 3: 0 }, total: 0 }));
    t.total += 1;
    if (row.severity !== null) t.scored[row.severity] += 1;
  }
  const cases: SuspiciousCase[] = [];
  for (const [key, { kind, rows: caseRows }] of byKey) {
    const best = caseRows[0]!;
    const activity = new Array<number>(24).fill(0);
    let firstSeen = '';
    let lastSeen = '';
    for (const row of caseRows) {
      const t = caseFacts(pipeline, row).time;
      if (t === '') continue;
      const hour = Number(t.slice(0, 2));
      if (hour < 24) activity[hour]! += 1;
      if (firstSeen === '' || t < firstSeen) firstSeen = t;
      if (t > lastSeen) lastSeen = t;
    }
    const t = totals.get(key) ?? { scored: { 1: 0, 2: 0, 3: 0 }, total: caseRows.length };
    const title = caseTitle(key);
    cases.push({
      key,
      kind,
      title,
      rows: caseRows,
      firstSeen,
      lastSeen,
      activity,
      evidence: evidenceOf(pipeline, kind, key, caseRows),
      status: caseStatus(t.scored, Math.max(t.total, caseRows.length)),
      anchor: anchorOf(kind, key, pipeline, best),
      titleIp: titleIpOf(kind, key, title),
    });
  }
  return cases;
}

/** How the list opens: the named findings (at most FINDINGS_PER_NAME per detection, the rest of a detection's cases
 * folded behind one line each), then the model's strongest clusters up to OPEN_CASES cases in all; the other
 * clusters sit folded behind one line. A real day's malicious-URL detection has one case per client, hundreds of
 * one-row cases that buried every other finding; a day's hundreds of small clusters would do the same. */
export interface CaseListLayout {
  leading: SuspiciousCase[];
  /** Per detection name, its weaker cases beyond the first FINDINGS_PER_NAME, in the order of their best rows. */
  foldedFindings: Array<{ name: string; cases: SuspiciousCase[]; rows: number }>;
  folded: SuspiciousCase[];
  foldedRows: number;
}

export const OPEN_CASES = 6;
export const FINDINGS_PER_NAME = 3;

export function caseListLayout(cases: readonly SuspiciousCase[]): CaseListLayout {
  const perName = new Map<string, SuspiciousCase[]>();
  for (const c of cases) {
    if (c.kind !== 'finding') continue;
    const name = findingParts(c.key).name;
    const list = perName.get(name) ?? [];
    if (list.length === 0) perName.set(name, list);
    list.push(c);
  }
  const shownFindings = new Set([...perName.values()].flatMap((list) => list.slice(0, FINDINGS_PER_NAME)));
  const foldedFindings = [...perName.entries()]
    .filter(([, list]) => list.length > FINDINGS_PER_NAME)
    .map(([name, list]) => {
      const rest = list.slice(FINDINGS_PER_NAME);
      return { name, cases: rest, rows: rest.reduce((n, c) => n + c.rows.length, 0) };
    });
  const clusters = cases.filter((c) => c.kind === 'cluster');
  const open = Math.max(0, OPEN_CASES - shownFindings.size);
  const shownClusters = new Set(clusters.slice(0, open));
  const leading = cases.filter((c) => shownFindings.has(c) || shownClusters.has(c));
  const folded = clusters.slice(open);
  return { leading, foldedFindings, folded, foldedRows: folded.reduce((n, c) => n + c.rows.length, 0) };
}

/** Sparkline bar heights (0–1) of an activity histogram, scaled to its busiest hour. */
export function sparkline(activity: readonly number[]): number[] {
  const max = Math.max(0, ...activity);
  return activity.map((n) => (max === 0 ? 0 : n / max));
}
