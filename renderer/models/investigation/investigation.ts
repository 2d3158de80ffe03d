/** Pure view models of the threat-investigation, storyboard and ingest views. */
import type { Cell } from '../../../shared/api-base';
import type {
  ExpandedSearch,
  ImpactBar,
  ProxyProgression,
  TimelineCluster,
  TreeNode,
} from '../../../shared/ops/investigation';
import type { TimeZoneChoice } from '../../../shared/format';
import type { Pipeline } from '../../../shared/schema';

export interface RankedTable {
  title: string;
  columns: string[];
  rows: Cell[][];
}

/** The tables above an expanded search's result: flow has Spot's four top tables; DNS and proxy none. */
const TOP_TABLES: Record<Pipeline, (search: ExpandedSearch) => RankedTable[]> = {
  flow: (search) => flowTopTables(search),
  dns: () => [],
  proxy: () => [],
};

export function topTables(search: ExpandedSearch): RankedTable[] {
  return TOP_TABLES[search.pipeline](search);
}

/**
 * The four flow tables of Spot's notebook (ui.md §4): top sources and destinations of the anchor by
 * connections and by max bytes, summed over the peer.
 */
export function flowTopTables(search: ExpandedSearch, top = 20): RankedTable[] {
  const col = (name: string) => search.columns.indexOf(name);
  const [src, dst, conns, bytes] = [col('srcIp'), col('dstIp'), col('connections'), col('maxBytes')];
  const peers = (side: 'src' | 'dst') => {
    const map = new Map<string, { connections: number; maxBytes: number }>();
    for (const row of search.rows) {
      const [me, peer] = side === 'src' ? [row[dst], row[src]] : [row[src], row[dst]];
      if (me !== search.anchor || peer === search.anchor) continue;
      const key = String(peer);
      const e = map.get(key) ?? { connections: 0, maxBytes: 0 };
      e.connections += Number(row[conns] ?? 0);
      e.maxBytes = Math.max(e.maxBytes, Number(row[bytes] ?? 0));
      map.set(key, e);
    }
    return [...map.entries()];
  };
  const table = (title: string, side: 'src' | 'dst', by: 'connections' | 'maxBytes'): RankedTable => ({
    title,
    columns: [side === 'src' ? 'Source IP' : 'Destination IP', 'Connections', 'Max bytes'],
    rows: peers(side)
      .sort((a, b) => b[1][by] - a[1][by] || a[0].localeCompare(b[0]))
      .slice(0, top)
      .map(([ip, e]) => [ip, e.connections, e.maxBytes]),
  });
  return [
    table('Top source IPs by connections', 'src', 'connections'),
    table('Top destination IPs by connections', 'dst', 'connections'),
    table('Top source IPs by max bytes', 'src', 'maxBytes'),
    table('Top destination IPs by max bytes', 'dst', 'maxBytes'),
  ];
}

/** The bars shown at a drill level: the top level, or the children of the bar named `path`. */
export function impactLevel(impact: ImpactBar, path: string | null): { title: string; bars: ImpactBar[] } {
  if (path === null) return { title: impact.name, bars: impact.children };
  const bar = impact.children.find((b) => b.name === path);
  return bar
    ? { title: `${impact.name} › ${bar.name}`, bars: bar.children }
    : { title: impact.name, bars: impact.children };
}

/** Nodes and links of a tree laid out left to right, rows spaced by `rowHeight`, columns by `columnWidth`. */
export function treeLayout(tree: TreeNode, columnWidth = 200, rowHeight = 22, maxChildren = 50) {
  const nodes: Array<{ id: string; name: string; value: number; depth: number; x: number; y: number; leaf: boolean }> =
    [];
  const links: Array<{ from: string; to: string }> = [];
  let row = 0;
  const walk = (node: TreeNode, depth: number, id: string): number => {
    const kids = node.children.slice(0, maxChildren);
    let y: number;
    if (kids.length === 0) {
      y = row * rowHeight;
      row += 1;
    } else {
      const ys = kids.map((child, i) => {
        const childId = `${id}/${i}`;
        links.push({ from: id, to: childId });
        return walk(child, depth + 1, childId);
      });
      y = (ys[0]! + ys[ys.length - 1]!) / 2;
    }
    nodes.push({ id, name: node.name, value: node.value, depth, x: depth * columnWidth, y, leaf: kids.length === 0 });
    return y;
  };
  walk(tree, 0, 'n');
  const depth = Math.max(...nodes.map((n) => n.depth));
  return { nodes, links, width: (depth + 1) * columnWidth, height: Math.max(1, row) * rowHeight };
}

/** Lanes (peers or clients) ordered by activity, and the time extent of the clusters. */
export function timelineModel(clusters: readonly TimelineCluster[], maxLanes = 40) {
  const valid = clusters.filter((c) => !Number.isNaN(minuteToDate(c.minute).getTime()));
  const totals = new Map<string, number>();
  for (const c of valid) totals.set(c.lane, (totals.get(c.lane) ?? 0) + c.count);
  const lanes = [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, maxLanes)
    .map(([lane, total]) => ({ lane, total }));
  const keep = new Set(lanes.map((l) => l.lane));
  const points = valid.filter((c) => keep.has(c.lane)).map((c) => ({ ...c, time: minuteToDate(c.minute) }));
  const times = points.map((p) => p.time.getTime());
  // At least 10 minutes wide, with 4% room on each side so edge bubbles are not cut.
  const first = times.length > 0 ? Math.min(...times) : 0;
  const last = times.length > 0 ? Math.max(...times) + 60_000 : 60_000;
  const pad = Math.max(last - first, 600_000) * 0.04 + Math.max(0, 600_000 - (last - first)) / 2;
  const extent: [Date, Date] = [new Date(first - pad), new Date(last + pad)];
  return { lanes, points, extent, hiddenLanes: totals.size - lanes.length };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * A tick of the storyboard timeline in the app's one time format: 24-hour `HH:MM` in the zone the tables use
 * (d3's default wrote "03 AM"), seconds when zoomed in to them, and the date at midnight (a multi-day threat).
 */
export function timelineTick(date: Date, zone: TimeZoneChoice): string {
  const utc = zone === 'utc';
  const [month, day, hours, minutes, seconds] = utc
    ? [date.getUTCMonth(), date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()]
    : [date.getMonth(), date.getDate(), date.getHours(), date.getMinutes(), date.getSeconds()];
  const clock = `${pad2(hours)}:${pad2(minutes)}${seconds ? `:${pad2(seconds)}` : ''}`;
  return hours === 0 && minutes === 0 && seconds === 0 ? `${pad2(month + 1)}-${pad2(day)} ${clock}` : clock;
}

/** Width of the timeline's lane labels (11px monospace, "name (total)"): IPs fit the least, a long domain is
 * given room up to `max` and clipped beyond it. */
export function laneLabelWidth(lanes: ReadonlyArray<{ lane: string; total: number }>, min = 150, max = 300): number {
  const chars = Math.max(0, ...lanes.map((l) => `${l.lane} (${l.total})`.length));
  return Math.round(Math.min(max, Math.max(min, 16 + chars * 6.7)));
}

/** `YYYY-MM-DD HH:MM` as a UTC Date (Spot's data is UTC). */
export function minuteToDate(minute: string): Date {
  if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(minute)) return new Date(Number.NaN);
  return new Date(`${minute.replace(' ', 'T')}:00Z`);
}

/** Text of a cluster's port / code counts, biggest first. */
export function detailText(detail: Record<string, number>, max = 4): string {
  const entries = Object.entries(detail).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shown = entries.slice(0, max).map(([k, v]) => `${k}×${v}`);
  return entries.length > max ? `${shown.join(' ')} +${entries.length - max}` : shown.join(' ');
}

/** The bytes of a base64 string (exports arrive so; the renderer never sees a file path). */
export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Ingest points of several pipelines as line series of Dates. */
export function ingestLines(
  series: ReadonlyArray<{ pipeline: string; points: ReadonlyArray<{ minute: string; total: number }> }>,
) {
  return series.map((s) => ({
    pipeline: s.pipeline,
    points: s.points
      .map((p) => ({ time: minuteToDate(p.minute), total: p.total }))
      .filter((p) => !Number.isNaN(p.time.getTime())),
  }));
}

/** The progression's columns sized to the panel: as wide as 200 px, as narrow as 140 px (below that the panel
 * scrolls sideways); a label is cut to what its column holds (12 px text, ~7 px a character) with the whole value
 * in its hover text. `pad` = the drawing's margin left and right of the columns. */
export function progressionFit(available: number, columns: number) {
  const pad = 16;
  const columnWidth = Math.max(140, Math.min(200, Math.floor((available - pad) / Math.max(1, columns))));
  const chars = Math.floor((columnWidth - 16) / 7);
  const cut = (text: string) => (text.length > chars ? `${text.slice(0, chars - 1)}…` : text);
  return { columnWidth, pad, chars, cut };
}

/**
 * Proxy incident progression as a graph: one column per category, each value a node (at most `maxRows` per column,
 * the rest counted), each link a curve between the rows of adjacent columns, thicker with more requests.
 */
export function progressionLayout(progression: ProxyProgression, maxRows = 30, columnWidth = 190, rowHeight = 22) {
  const shown = progression.columns.map((c) => c.values.slice(0, maxRows));
  const row = shown.map((values) => new Map(values.map((v, i) => [v, i])));
  const maxCount = Math.max(1, ...progression.links.map((l) => l.count));
  const links = progression.links
    .map((l) => {
      const from = row[l.column]?.get(l.from);
      const to = row[l.column + 1]?.get(l.to);
      if (from === undefined || to === undefined) return null;
      return {
        x1: l.column * columnWidth,
        y1: from * rowHeight,
        x2: (l.column + 1) * columnWidth,
        y2: to * rowHeight,
        width: 1 + (3 * l.count) / maxCount,
        count: l.count,
      };
    })
    .filter((l): l is NonNullable<typeof l> => l !== null);
  const columns = progression.columns.map((c, i) => ({
    name: c.name,
    x: i * columnWidth,
    hidden: c.values.length - shown[i]!.length,
    nodes: shown[i]!.map((value, j) => ({ value, y: j * rowHeight })),
  }));
  const rows = Math.max(1, ...shown.map((v) => v.length));
  return { columns, links, width: progression.columns.length * columnWidth, height: rows * rowHeight };
}

/** Column widths (px) from the header and the first rows' text, 7 px a character, between 60 and 420. */
export function columnWidths(
  columns: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<Cell>>,
  sample = 50,
): number[] {
  return columns.map((label, i) => {
    let chars = label.length + 2;
    for (const row of rows.slice(0, sample)) chars = Math.max(chars, String(row[i] ?? '').length);
    return Math.min(420, Math.max(60, chars * 7 + 16));
  });
}
