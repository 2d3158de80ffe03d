/**
 * The one report model: what a storyboard export says, built from the saved threats and their evidence. Pure; the
 * HTML renderer draws it, the PDF is that HTML printed, the IOC exports read the same indicators.
 */
import type { Cell } from '../../../shared/api-base';
import type { AnchorKind, StoryboardDetail, TimelineCluster, Tlp } from '../../../shared/ops/investigation';
import type { Pipeline } from '../../../shared/schema';
import { STORYBOARD_FIRST, TIMELINE_LIMIT } from '../investigation/shape';
import { contextFreeClass, isInternalClass } from './host-class';
import { dnsName, iocsOfThreat, type Ioc } from './iocs';

export { TLP_LEVELS, type Tlp } from '../../../shared/ops/investigation';

/** What TLP 2.0 says each marking allows (printed under the marking). */
export const TLP_MEANING: Record<Tlp, string> = {
  CLEAR: 'Disclosure is not limited.',
  GREEN: 'Limited disclosure: may be shared within the community, not publicly.',
  AMBER: "Limited disclosure: recipients' organisation and its clients, on a need-to-know basis.",
  'AMBER+STRICT': "Limited disclosure: recipients' organisation only, on a need-to-know basis.",
  RED: 'For the eyes and ears of the individual recipients only, no further disclosure.',
};

/** Evidence rows printed per threat; the count of all of them is printed too. */
export const EVIDENCE_CAP = 25;
/** Columns of evidence printed (a page holds about this many); the CSV export has every column. */
export const EVIDENCE_COLUMN_CAP = 9;
/** Lanes drawn on a threat's timeline chart; the rest are summed in one "others" lane. */
export const TIMELINE_LANES = 10;
/** Key events listed under a timeline chart. */
export const KEY_EVENT_CAP = 12;

/** The per-pipeline words and units of a report (the only place they differ). */
export const PIPELINE_REPORT: Record<
  Pipeline,
  {
    name: string;
    unit: string;
    one: string;
    /** What one timeline lane is, for a threat of this anchor kind. */
    lane: (kind: AnchorKind) => string;
    detail: string;
    sources: string;
    /** What the storyboard's timeline keeps of a threat (as Spot's OA), said when it is not all of it. */
    timelineKeeps: string;
    /** Whether a timeline of these lanes and this total hit what the storyboard keeps. */
    timelineFull: (lanes: number, total: number) => boolean;
    /** Whether the map's points are hosts of the threat (flow peers, a URI's server and clients) and not only
     * where its names resolved (a DNS client's answers: mostly its ordinary lookups, no part of the incident). */
    mapPointsAreHosts: boolean;
    /** What the map places, said when there is nothing to place. */
    mapEndpoints: string;
    /** Evidence columns holding host addresses (the hosts of a threat that has no timeline or map). */
    hostColumns: string[];
  }
> = {
  flow: {
    name: 'Flow',
    unit: 'connections',
    one: 'connection',
    lane: () => 'peer',
    detail: 'ports',
    sources: 'netflow (nfdump) records',
    timelineKeeps: `the earliest ${TIMELINE_LIMIT.toLocaleString('en-US')} connections of a threat`,
    timelineFull: (_lanes, total) => total >= TIMELINE_LIMIT, // one timeline row per connection
    mapPointsAreHosts: true,
    mapEndpoints: 'the anchor and its peers',
    hostColumns: ['srcIp', 'dstIp'],
  },
  dns: {
    name: 'DNS',
    unit: 'queries',
    one: 'query',
    lane: (kind) => (kind === 'ip' ? 'domain' : 'client'),
    detail: 'response codes',
    sources: 'DNS packet captures',
    timelineKeeps: 'every query of the anchor, per minute',
    timelineFull: () => false, // the search counts every query per minute
    mapPointsAreHosts: false,
    mapEndpoints: 'the clients and the addresses their queries resolved to',
    hostColumns: ['clientIp'],
  },
  proxy: {
    name: 'Proxy',
    unit: 'requests',
    one: 'request',
    lane: () => 'client',
    detail: 'response codes',
    sources: 'web proxy (Blue Coat) logs',
    timelineKeeps: `the ${STORYBOARD_FIRST} busiest clients of a URI (up to ${TIMELINE_LIMIT.toLocaleString('en-US')} timeline rows)`,
    timelineFull: (lanes, total) => lanes >= STORYBOARD_FIRST || total >= TIMELINE_LIMIT,
    mapPointsAreHosts: true,
    mapEndpoints: "the clients and the server's address of each request",
    hostColumns: ['clientip', 'serverip'],
  },
};

export interface EvidenceInput {
  columns: string[];
  rows: Cell[][];
  /** Every row the search found (rows may hold fewer). */
  total: number;
}

export interface ReportInput {
  pipeline: Pipeline;
  date: string;
  /** `YYYY-MM-DD HH:MM:SS UTC` */
  generatedAt: string;
  analyst: string;
  tlp: Tlp;
  /** Where the day's data came from (the cache's import sources). */
  sources: string[];
  threats: Array<{
    detail: StoryboardDetail;
    evidence: EvidenceInput | null;
    /** DNS client threats: the client's queries scored High or covered by a finding (its indicators). */
    flaggedQueries?: readonly string[];
  }>;
  /** The storyboard's host classification for this day's network context (shared/host-class.ts). */
  classOf?: (ip: string) => string;
}

export interface KeyEvent {
  /** `YYYY-MM-DD HH:MM` */
  minute: string;
  text: string;
}

export interface TimelineLane {
  name: string;
  total: number;
  /** minute of day (0..1439) → count */
  points: Array<{ minuteOfDay: number; count: number }>;
}

export interface ThreatReport {
  title: string;
  anchor: string;
  kind: string;
  writeUp: string;
  /** Hosts involved: the anchor and the peers/clients seen, internal first. */
  hosts: Array<{ ip: string; hostClass: string; internal: boolean; count: number }>;
  firstSeen: string | null;
  lastSeen: string | null;
  /** Connections / queries / requests behind the threat. */
  volume: number;
  /** Connections / queries / requests the timeline holds. */
  timelineTotal: number;
  /** The storyboard kept only part of the threat in its timeline (Spot's limits): the report says so. */
  timelineCut: boolean;
  detail: StoryboardDetail;
  lanes: TimelineLane[];
  keyEvents: KeyEvent[];
  evidence: { columns: string[]; rows: Cell[][]; total: number; hiddenColumns: number } | null;
  iocs: Ioc[];
}

export interface ReportModel {
  title: string;
  pipeline: Pipeline;
  date: string;
  generatedAt: string;
  analyst: string;
  tlp: Tlp;
  sources: string[];
  summary: { happened: string; hosts: string; when: string; severity: string; done: string };
  threats: ThreatReport[];
}

function minuteOfDay(minute: string): number {
  const m = /(\d{2}):(\d{2})$/.exec(minute);
  return m ? Number(m[1]) * 60 + Number(m[2]) : 0;
}

/** Lanes by total, the first TIMELINE_LANES drawn, the rest summed into "others". */
export function timelineLanes(clusters: readonly TimelineCluster[], keep = TIMELINE_LANES): TimelineLane[] {
  const byLane = new Map<string, Map<number, number>>();
  for (const c of clusters) {
    const lane = byLane.get(c.lane) ?? new Map<number, number>();
    const m = minuteOfDay(c.minute);
    lane.set(m, (lane.get(m) ?? 0) + c.count);
    byLane.set(c.lane, lane);
  }
  const lanes = [...byLane].map(([name, points]) => ({
    name,
    total: [...points.values()].reduce((s, v) => s + v, 0),
    points,
  }));
  lanes.sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
  const shown = lanes.slice(0, keep);
  const rest = lanes.slice(keep);
  if (rest.length > 0) {
    const points = new Map<number, number>();
    for (const l of rest) for (const [m, v] of l.points) points.set(m, (points.get(m) ?? 0) + v);
    shown.push({ name: `${rest.length} others`, total: rest.reduce((s, l) => s + l.total, 0), points });
  }
  return shown.map((l) => ({
    name: l.name,
    total: l.total,
    points: [...l.points].sort((a, b) => a[0] - b[0]).map(([minuteOfDay, count]) => ({ minuteOfDay, count })),
  }));
}

function describeDetail(c: TimelineCluster): string {
  const parts = Object.entries(c.detail)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([k, v]) => `${k}×${v}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/** The events worth listing: first and last activity, the busiest minute, first contact with each top lane. */
export function keyEvents(
  clusters: readonly TimelineCluster[],
  pipeline: Pipeline,
  cap = KEY_EVENT_CAP,
  kind: AnchorKind = 'ip',
): KeyEvent[] {
  if (clusters.length === 0) return [];
  const lane = PIPELINE_REPORT[pipeline].lane(kind);
  const n = (count: number) => countOf(count, pipeline);
  const sorted = [...clusters].sort((a, b) => a.minute.localeCompare(b.minute) || a.lane.localeCompare(b.lane));
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  const perMinute = new Map<string, number>();
  for (const c of sorted) perMinute.set(c.minute, (perMinute.get(c.minute) ?? 0) + c.count);
  const [peakMinute, peakCount] = [...perMinute].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]!;
  const events: KeyEvent[] = [
    { minute: first.minute, text: `First activity: ${n(first.count)} with ${first.lane}${describeDetail(first)}` },
  ];
  const firstContact = new Map<string, TimelineCluster>();
  for (const c of sorted) if (!firstContact.has(c.lane)) firstContact.set(c.lane, c);
  const totals = new Map<string, number>();
  for (const c of sorted) totals.set(c.lane, (totals.get(c.lane) ?? 0) + c.count);
  const topLanes = [...totals]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, Math.max(0, cap - 3))
    .map(([name]) => name);
  for (const name of topLanes) {
    const c = firstContact.get(name)!;
    if (c === first) continue;
    events.push({
      minute: c.minute,
      text: `First contact with ${lane} ${name}: ${n(totals.get(name) ?? 0)} over the day${describeDetail(c)}`,
    });
  }
  // A busiest minute only means something when it stands out (a beacon's minutes are all alike).
  const mean = [...perMinute.values()].reduce((s, v) => s + v, 0) / perMinute.size;
  if (perMinute.size > 1 && peakCount >= 1.5 * mean)
    events.push({ minute: peakMinute, text: `Busiest minute: ${n(peakCount)}` });
  if (last !== first) events.push({ minute: last.minute, text: `Last activity: ${n(last.count)} with ${last.lane}` });
  return events.sort((a, b) => a.minute.localeCompare(b.minute)).slice(0, cap);
}

function hostsOf(
  pipeline: Pipeline,
  detail: StoryboardDetail,
  evidence: EvidenceInput | null,
  classOf: (ip: string) => string,
): ThreatReport['hosts'] {
  const counts = new Map<string, number>();
  const add = (ip: string, n: number) => counts.set(ip, (counts.get(ip) ?? 0) + n);
  if (detail.entry.kind === 'ip') add(detail.entry.anchor, 0);
  for (const c of detail.timeline) add(c.lane, c.count);
  if (PIPELINE_REPORT[pipeline].mapPointsAreHosts)
    for (const p of detail.globe?.points ?? []) if (!counts.has(p.ip)) add(p.ip, 0);
  // The evidence rows' addresses too: a DNS threat has neither timeline nor map.
  const columns = PIPELINE_REPORT[pipeline].hostColumns.map((c) => evidence?.columns.indexOf(c) ?? -1);
  for (const row of evidence?.rows ?? []) {
    for (const i of columns) if (i >= 0 && row[i] && !counts.has(String(row[i]))) add(String(row[i]), 0);
  }
  return [...counts]
    .filter(([ip]) => /^[0-9a-f:.]+$/i.test(ip) && /[.:]/.test(ip))
    .map(([ip, count]) => {
      const hostClass = classOf(ip);
      return { ip, hostClass, internal: isInternalClass(hostClass), count };
    })
    .sort(
      (a, b) =>
        Number(b.ip === detail.entry.anchor) - Number(a.ip === detail.entry.anchor) ||
        Number(b.internal) - Number(a.internal) ||
        b.count - a.count ||
        a.ip.localeCompare(b.ip, 'en', { numeric: true }),
    );
}

function evidenceTimes(evidence: EvidenceInput | null): string[] {
  if (!evidence) return [];
  const cols = ['firstSeen', 'lastSeen'].map((c) => evidence.columns.indexOf(c));
  const date = evidence.columns.indexOf('p_date');
  const time = evidence.columns.indexOf('p_time');
  const out: string[] = [];
  for (const row of evidence.rows) {
    for (const i of cols) if (i >= 0 && row[i]) out.push(String(row[i]).slice(0, 16));
    if (date >= 0 && time >= 0 && row[date] && row[time]) out.push(`${row[date]} ${String(row[time]).slice(0, 5)}`);
  }
  return out;
}

function volumeOf(detail: StoryboardDetail, evidence: EvidenceInput | null): number {
  if (detail.impact) return detail.impact.value;
  const timeline = detail.timeline.reduce((s, c) => s + c.count, 0);
  if (timeline > 0) return timeline;
  const total = evidence?.columns.indexOf('total') ?? -1;
  if (evidence && total >= 0) return evidence.rows.reduce((s, r) => s + (Number(r[total]) || 0), 0);
  return detail.tree?.value ?? evidence?.total ?? 0;
}

function threatReport(
  pipeline: Pipeline,
  { detail, evidence, flaggedQueries = [] }: ReportInput['threats'][number],
  classOf: (ip: string) => string,
): ThreatReport {
  const times = [...detail.timeline.map((c) => c.minute), ...evidenceTimes(evidence)].sort();
  const columns = evidence ? evidence.columns.slice(0, EVIDENCE_COLUMN_CAP) : [];
  const volume = volumeOf(detail, evidence);
  const timelineTotal = detail.timeline.reduce((s, c) => s + c.count, 0);
  return {
    title: detail.entry.title,
    anchor: detail.entry.anchor,
    kind: detail.entry.kind,
    writeUp: detail.entry.text,
    hosts: hostsOf(pipeline, detail, evidence, classOf),
    firstSeen: times[0] ?? null,
    lastSeen: times[times.length - 1] ?? null,
    volume,
    timelineTotal,
    timelineCut:
      timelineTotal < volume &&
      PIPELINE_REPORT[pipeline].timelineFull(new Set(detail.timeline.map((c) => c.lane)).size, timelineTotal),
    detail,
    lanes: timelineLanes(detail.timeline),
    keyEvents: keyEvents(detail.timeline, pipeline, KEY_EVENT_CAP, detail.entry.kind),
    evidence: evidence
      ? {
          columns,
          rows: evidence.rows.slice(0, EVIDENCE_CAP).map((r) => r.slice(0, columns.length)),
          total: evidence.total,
          hiddenColumns: evidence.columns.length - columns.length,
        }
      : null,
    iocs: iocsOfThreat(pipeline, detail, evidence, { flaggedQueries: new Set(flaggedQueries.map(dnsName)) }),
  };
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : many}`;
}

/** "1 connection", "12 requests": the pipeline's unit with a count. */
export function countOf(n: number, pipeline: Pipeline): string {
  const { one, unit } = PIPELINE_REPORT[pipeline];
  return plural(n, one, unit);
}

function list(items: readonly string[], max = 5): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

export function buildReport(input: ReportInput): ReportModel {
  const words = PIPELINE_REPORT[input.pipeline];
  const threats = input.threats.map((t) => threatReport(input.pipeline, t, input.classOf ?? contextFreeClass));
  const internal = [...new Set(threats.flatMap((t) => t.hosts.filter((h) => h.internal).map((h) => h.ip)))];
  // External addresses: the hosts seen, and the address indicators (a proxy threat's server is no timeline lane).
  const external = [
    ...new Set(
      threats.flatMap((t) => [
        ...t.hosts.filter((h) => !h.internal).map((h) => h.ip),
        ...t.iocs.filter((i) => i.type === 'ipv4-addr' || i.type === 'ipv6-addr').map((i) => i.value),
      ]),
    ),
  ];
  const times = threats
    .flatMap((t) => [t.firstSeen, t.lastSeen])
    .filter((t): t is string => t !== null)
    .sort();
  const volume = threats.reduce((s, t) => s + t.volume, 0);
  // Internal hosts are placed at the organisation's own sites: only external addresses say where traffic went.
  const classOf = input.classOf ?? contextFreeClass;
  const countries = [
    ...new Set(
      threats.flatMap((t) =>
        (words.mapPointsAreHosts ? (t.detail.globe?.points ?? []) : [])
          .filter((p) => !isInternalClass(classOf(p.ip)))
          .map((p) => p.country),
      ),
    ),
  ]
    .filter(Boolean)
    .sort();
  const iocs = threats.reduce((s, t) => s + t.iocs.length, 0);
  const summary =
    threats.length === 0
      ? {
          happened: `No threat was saved to the ${words.name} storyboard for ${input.date}.`,
          hosts: 'None.',
          when: '—',
          severity: '—',
          done: 'Nothing was escalated.',
        }
      : {
          happened: `${plural(threats.length, 'threat')} confirmed in the ${words.name} data of ${input.date}: ${list(
            threats.map((t) => `“${t.title}”`),
            4,
          )}.`,
          hosts:
            internal.length + external.length === 0
              ? `Anchors: ${list(threats.map((t) => t.anchor))}.`
              : `${plural(internal.length, 'internal host')}${internal.length ? ` (${list(internal)})` : ''}; ${plural(
                  external.length,
                  'external address',
                  'external addresses',
                )}${external.length ? ` (${list(external)})` : ''}.`,
          when: times.length > 0 ? `From ${times[0]} to ${times[times.length - 1]} (UTC).` : `During ${input.date}.`,
          severity: `${countOf(volume, input.pipeline)} involved${
            countries.length > 0
              ? `, with external addresses in ${plural(countries.length, 'country', 'countries')} (${list(countries)})`
              : ''
          }; ${plural(iocs, 'indicator')} of compromise extracted.`,
          done: `Each threat was investigated over the raw ${words.sources}, scored High by the analyst and written up below; the indicators are exported for blocking and hunting (CSV, STIX 2.1).`,
        };
  return {
    title: `${words.name} incident report · ${input.date}`,
    pipeline: input.pipeline,
    date: input.date,
    generatedAt: input.generatedAt,
    analyst: input.analyst,
    tlp: input.tlp,
    sources: input.sources,
    summary,
    threats,
  };
}
