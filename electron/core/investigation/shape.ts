/**
 * Pure shaping of an expanded search into what the storyboard saves and draws (enrichment.md §9,
 * data-formats.md §5): peer classes, timeline rows, the incident-progression tree, impact bars, globe points and
 * arcs, timeline clusters, dns dendro rows and the proxy progression.
 */
import type { Cell } from '../../../shared/api-base';
import type {
  AnchorKind,
  ExpandedSearch,
  GeoPoint,
  GlobeArc,
  GlobeData,
  ImpactBar,
  ProxyProgression,
  TimelineCluster,
  TreeNode,
} from '../../../shared/ops/investigation';
import { isPrivateAddress } from '../../../shared/host-class';
import { isProxyRequestOf } from './search-sql';

export { isPrivateAddress };

export type Direction = 'inbound' | 'outbound' | 'twoway';
export const DIRECTION_LABEL: Record<Direction, string> = {
  inbound: 'Inbound Only',
  outbound: 'Outbound Only',
  twoway: 'two way',
};
const DIRECTIONS: Direction[] = ['inbound', 'outbound', 'twoway'];

/** Spot keeps, per class, the union of the top `first` peers by max bytes and the top `first` by connections. */
export const STORYBOARD_FIRST = 20;
/** Spot's flow_timeline LIMIT. */
export const TIMELINE_LIMIT = 1000;

export interface FlowPeer {
  ip: string;
  direction: Direction;
  connections: number;
  maxBytes: number;
}

/** A flow search row by column name. */
export interface FlowConnection {
  srcIp: string;
  dstIp: string;
  srcPort: number;
  dstPort: number;
  proto: string;
  firstSeen: string;
  lastSeen: string;
  connections: number;
  maxPkts: number;
  maxBytes: number;
}

function str(v: Cell | undefined): string {
  return v === null || v === undefined ? '' : String(v);
}
function num(v: Cell | undefined): number {
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : 0;
}

/** Rows of a search as objects keyed by its columns. */
export function rowObjects(search: Pick<ExpandedSearch, 'columns' | 'rows'>): Array<Record<string, Cell>> {
  return search.rows.map((row) => Object.fromEntries(search.columns.map((c, i) => [c, row[i] ?? null])));
}

export function flowConnections(search: Pick<ExpandedSearch, 'columns' | 'rows'>): FlowConnection[] {
  return rowObjects(search).map((r) => ({
    srcIp: str(r.srcIp),
    dstIp: str(r.dstIp),
    srcPort: num(r.srcPort),
    dstPort: num(r.dstPort),
    proto: str(r.proto),
    firstSeen: str(r.firstSeen),
    lastSeen: str(r.lastSeen),
    connections: num(r.connections),
    maxPkts: num(r.maxPkts),
    maxBytes: num(r.maxBytes),
  }));
}

/**
 * Classifies every peer of the anchor from the anchor's side: only ever a destination of the anchor → Outbound
 * Only; only ever a source towards it → Inbound Only; both → two way. (Spot classified by its src/dst
 * dictionaries, which put the anchor itself in "two way" and labelled a peer seen only as source "outbound".)
 */
export function classifyPeers(anchor: string, connections: readonly FlowConnection[]): FlowPeer[] {
  const seen = new Map<string, { asSrc: boolean; asDst: boolean; connections: number; maxBytes: number }>();
  for (const c of connections) {
    const outbound = c.srcIp === anchor;
    const peer = outbound ? c.dstIp : c.srcIp;
    if (peer === anchor || (c.srcIp !== anchor && c.dstIp !== anchor)) continue;
    const entry = seen.get(peer) ?? { asSrc: false, asDst: false, connections: 0, maxBytes: 0 };
    if (outbound) entry.asDst = true;
    else entry.asSrc = true;
    entry.connections += c.connections;
    entry.maxBytes = Math.max(entry.maxBytes, c.maxBytes);
    seen.set(peer, entry);
  }
  return [...seen.entries()]
    .map(([ip, e]) => ({
      ip,
      direction: (e.asSrc && e.asDst ? 'twoway' : e.asDst ? 'outbound' : 'inbound') as Direction,
      connections: e.connections,
      maxBytes: e.maxBytes,
    }))
    .sort((a, b) => b.connections - a.connections || a.ip.localeCompare(b.ip));
}

/** Per class, the union of the top `first` by max bytes and the top `first` by connections. */
export function keepTopPeers(peers: readonly FlowPeer[], first = STORYBOARD_FIRST): FlowPeer[] {
  const kept = new Set<string>();
  for (const direction of DIRECTIONS) {
    const group = peers.filter((p) => p.direction === direction);
    const byBytes = [...group].sort((a, b) => b.maxBytes - a.maxBytes || a.ip.localeCompare(b.ip)).slice(0, first);
    const byConns = [...group]
      .sort((a, b) => b.connections - a.connections || a.ip.localeCompare(b.ip))
      .slice(0, first);
    for (const p of [...byBytes, ...byConns]) kept.add(p.ip);
  }
  return peers.filter((p) => kept.has(p.ip));
}

/** flow_timeline rows (without ip_threat/day): the anchor ↔ kept peers, by first seen, at most TIMELINE_LIMIT. */
export function flowTimelineRows(
  anchor: string,
  connections: readonly FlowConnection[],
  kept: readonly FlowPeer[],
): Array<Record<string, Cell>> {
  const keep = new Set(kept.map((p) => p.ip));
  return connections
    .filter((c) => (c.srcIp === anchor && keep.has(c.dstIp)) || (c.dstIp === anchor && keep.has(c.srcIp)))
    .sort((a, b) => a.firstSeen.localeCompare(b.firstSeen))
    .slice(0, TIMELINE_LIMIT)
    .map((c) => ({
      ip_threat: anchor,
      tstart: c.firstSeen,
      tend: c.lastSeen,
      srcip: c.srcIp,
      dstip: c.dstIp,
      proto: c.proto,
      sport: c.srcPort,
      dport: c.dstPort,
      ipkt: c.maxPkts,
      ibyt: c.maxBytes,
    }));
}

/** flow_timeline rows back to connections (what the storyboard reads when only the table is there). */
export function connectionsFromTimeline(rows: ReadonlyArray<Record<string, Cell>>): FlowConnection[] {
  return rows.map((r) => ({
    srcIp: str(r.srcip),
    dstIp: str(r.dstip),
    srcPort: num(r.sport),
    dstPort: num(r.dport),
    proto: str(r.proto),
    firstSeen: str(r.tstart),
    lastSeen: str(r.tend),
    connections: 1,
    maxPkts: num(r.ipkt),
    maxBytes: num(r.ibyt),
  }));
}

/** Incident progression: anchor → direction → host classes (shared/host-class.ts, the impact's too). */
export function flowTree(anchor: string, peers: readonly FlowPeer[], classOf: (ip: string) => string): TreeNode {
  return {
    name: anchor,
    value: peers.length,
    children: DIRECTIONS.map((direction) => {
      const group = peers.filter((p) => p.direction === direction);
      const byContext = new Map<string, number>();
      for (const p of group) {
        const name = classOf(p.ip);
        byContext.set(name, (byContext.get(name) ?? 0) + 1);
      }
      return {
        name: DIRECTION_LABEL[direction],
        value: group.length,
        children: [...byContext.entries()]
          .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
          .map(([name, value]) => ({ name, value, children: [] })),
      };
    }),
  };
}

/** Impact analysis: connections by direction, each drilled into the same host classes as the progression. */
export function flowImpact(peers: readonly FlowPeer[], classOf: (ip: string) => string): ImpactBar {
  const children = DIRECTIONS.map((direction) => {
    const group = peers.filter((p) => p.direction === direction);
    const byContext = new Map<string, number>();
    for (const p of group) {
      const name = classOf(p.ip);
      byContext.set(name, (byContext.get(name) ?? 0) + p.connections);
    }
    return {
      name: DIRECTION_LABEL[direction],
      value: group.reduce((s, p) => s + p.connections, 0),
      children: [...byContext.entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([name, value]) => ({ name, value, children: [] })),
    };
  });
  return { name: 'Connections', value: children.reduce((s, c) => s + c.value, 0), children };
}

/**
 * A lookup that places the analyst's internal hosts at the home location when one is set, before the geolocation
 * data: Spot's iploc.csv often lists the organisation's own ranges somewhere else, and the map, its Geography list
 * and the report must count an internal host under home. `isInternal` is the storyboard's one classification.
 */
export function withHome(
  lookup: GeoLookup,
  home: { lat: number; lon: number; label: string } | undefined,
  isInternal: (ip: string) => boolean = isPrivateAddress,
): GeoLookup {
  if (!home) return lookup;
  const atHome = { lat: home.lat, lon: home.lon, country: home.label, city: '', owner: 'internal' };
  return (ip) => (isInternal(ip) ? { ...atHome } : lookup(ip));
}

export interface GeoLookup {
  (ip: string): { lat: number; lon: number; country: string; city: string; owner: string } | null;
}

/** Globe points for the anchor and its peers, and one arc per peer in the direction of its traffic. */
export function globeData(anchor: string, peers: readonly FlowPeer[], lookup: GeoLookup | null): GlobeData {
  if (!lookup) return { available: false, points: [], arcs: [], unlocated: 0, unlocatedIps: [] };
  const points: GeoPoint[] = [];
  const arcs: GlobeArc[] = [];
  const unlocatedIps: string[] = [];
  const anchorGeo = lookup(anchor);
  if (anchorGeo) points.push({ ip: anchor, ...pick(anchorGeo), role: 'anchor' });
  else unlocatedIps.push(anchor);
  for (const p of peers) {
    const g = lookup(p.ip);
    if (!g) {
      unlocatedIps.push(p.ip);
      continue;
    }
    points.push({ ip: p.ip, ...pick(g), role: p.direction });
    if (!anchorGeo) continue;
    const fromAnchor = p.direction === 'outbound';
    const [from, to] = fromAnchor ? [anchorGeo, g] : [g, anchorGeo];
    if (from.lat === to.lat && from.lon === to.lon) continue; // same place: no arc to draw
    arcs.push({
      from: fromAnchor ? anchor : p.ip,
      to: fromAnchor ? p.ip : anchor,
      startLat: from.lat,
      startLon: from.lon,
      endLat: to.lat,
      endLon: to.lon,
      connections: p.connections,
    });
  }
  return { available: true, points, arcs, unlocated: unlocatedIps.length, unlocatedIps: unlocatedIps.slice(0, 50) };
}

/** Traffic between two addresses, for a map: `from` asks, `to` answers (a client and the server it reached). */
export interface EndpointLink {
  from: string;
  to: string;
  count: number;
}

/**
 * Globe points and arcs of a threat whose endpoints are links rather than one anchor's peers (DNS: a client and the
 * servers its names resolved to; proxy: the clients and the URI's server). `anchors` are the threat's own addresses;
 * every other endpoint's role is its direction as seen from them, as on a flow map.
 */
export function linkGlobe(
  links: readonly EndpointLink[],
  anchors: ReadonlySet<string>,
  lookup: GeoLookup | null,
): GlobeData {
  if (!lookup) return { available: false, points: [], arcs: [], unlocated: 0, unlocatedIps: [] };
  const asks = new Set(links.map((l) => l.from));
  const answers = new Set(links.map((l) => l.to));
  const ips = [...new Set(links.flatMap((l) => [l.from, l.to]))].filter((ip) => ip !== '');
  const located = new Map<string, NonNullable<ReturnType<GeoLookup>>>();
  const points: GeoPoint[] = [];
  const unlocatedIps: string[] = [];
  for (const ip of ips) {
    const g = lookup(ip);
    if (!g) {
      unlocatedIps.push(ip);
      continue;
    }
    located.set(ip, g);
    const role: GeoPoint['role'] = anchors.has(ip)
      ? 'anchor'
      : asks.has(ip) && answers.has(ip)
        ? 'twoway'
        : asks.has(ip)
          ? 'inbound'
          : 'outbound';
    points.push({ ip, ...pick(g), role });
  }
  const byPair = new Map<string, GlobeArc>();
  for (const l of links) {
    const from = located.get(l.from);
    const to = located.get(l.to);
    if (!from || !to || (from.lat === to.lat && from.lon === to.lon)) continue;
    const key = `${l.from}\u0000${l.to}`;
    const arc = byPair.get(key) ?? {
      from: l.from,
      to: l.to,
      startLat: from.lat,
      startLon: from.lon,
      endLat: to.lat,
      endLon: to.lon,
      connections: 0,
    };
    arc.connections += l.count;
    byPair.set(key, arc);
  }
  return {
    available: true,
    points,
    arcs: [...byPair.values()],
    unlocated: unlocatedIps.length,
    unlocatedIps: unlocatedIps.slice(0, 50),
  };
}

/** A DNS search's links: each client to the addresses its names resolved to (the answers), weighted by queries. */
export function dnsLinks(search: Pick<ExpandedSearch, 'columns' | 'rows'>): EndpointLink[] {
  return rowObjects(search).flatMap((r) =>
    str(r.answers)
      .split(/[,|]/)
      .map((a) => a.trim())
      .filter((a) => /^[0-9a-f:.]+$/i.test(a) && /[.:]/.test(a))
      .map((to) => ({ from: str(r.clientIp), to, count: num(r.total) })),
  );
}

/** A proxy search's links: each client of the URI to the server that answered it, one per request. */
export function proxyLinks(anchor: string, search: Pick<ExpandedSearch, 'columns' | 'rows'>): EndpointLink[] {
  return rowObjects(search)
    .filter((r) => isProxyRequestOf(anchor, str(r.fulluri)) && str(r.serverip) !== '' && str(r.serverip) !== '-')
    .map((r) => ({ from: str(r.clientip), to: str(r.serverip), count: 1 }));
}

/** The lane of a client's names that did not exist: a DGA's hundreds of one-off domains are one row of dots. */
export const NXDOMAIN_LANE = 'NXDOMAIN names';
const NXDOMAIN = '3';

/**
 * DNS timeline from a search's per-minute counts: a client's lanes are the registered domains it queried (a tunnel's
 * one-off names are one lane; domains answered only NXDOMAIN all day share one lane), a name's lanes its clients; response
 * codes by name.
 */
export function dnsTimelineClusters(
  kind: AnchorKind,
  clusters: readonly TimelineCluster[],
  domainOf: (name: string) => string,
  codeName: (code: string) => string,
): TimelineCluster[] {
  const domain = (name: string) => domainOf(name) || name;
  // Domains that never got an answer other than NXDOMAIN all day (a DGA's); a tunnel zone that resolves keeps its lane.
  const resolved = new Set<string>();
  if (kind === 'ip')
    for (const c of clusters) if (Object.keys(c.detail).some((code) => code !== NXDOMAIN)) resolved.add(domain(c.lane));
  const folded = new Map<string, TimelineCluster>();
  for (const c of clusters) {
    const lane = kind !== 'ip' ? c.lane : resolved.has(domain(c.lane)) ? domain(c.lane) : NXDOMAIN_LANE;
    const key = `${lane}\u0000${c.minute}`;
    const cluster = folded.get(key) ?? { lane, minute: c.minute, count: 0, detail: {} };
    cluster.count += c.count;
    for (const [code, n] of Object.entries(c.detail)) {
      const name = code === '-' ? code : codeName(code);
      cluster.detail[name] = (cluster.detail[name] ?? 0) + n;
    }
    folded.set(key, cluster);
  }
  return [...folded.values()].sort((a, b) => a.minute.localeCompare(b.minute) || a.lane.localeCompare(b.lane));
}

function pick(g: { lat: number; lon: number; country: string; city: string; owner: string }) {
  return { lat: g.lat, lon: g.lon, country: g.country, city: g.city, owner: g.owner };
}

/** `YYYY-MM-DD HH:MM` of a timestamp string (`YYYY-MM-DD HH:MM:SS…`). */
export function minuteOf(timestamp: string): string {
  return timestamp.slice(0, 16);
}

/** Flow timeline: per peer IP, per minute, connections with destination-port counts. */
export function flowTimelineClusters(anchor: string, connections: readonly FlowConnection[]): TimelineCluster[] {
  const clusters = new Map<string, TimelineCluster>();
  for (const c of connections) {
    const lane = c.srcIp === anchor ? c.dstIp : c.srcIp;
    const minute = minuteOf(c.firstSeen);
    const key = `${lane}\u0000${minute}`;
    const cluster = clusters.get(key) ?? { lane, minute, count: 0, detail: {} };
    cluster.count += c.connections;
    const port = String(c.dstPort);
    cluster.detail[port] = (cluster.detail[port] ?? 0) + c.connections;
    clusters.set(key, cluster);
  }
  return [...clusters.values()].sort((a, b) => a.minute.localeCompare(b.minute) || a.lane.localeCompare(b.lane));
}

/** dns_threat_dendro rows: the top `first` of the search (already ordered by total). */
export function dnsDendroRows(
  anchor: string,
  search: Pick<ExpandedSearch, 'columns' | 'rows'>,
  first = STORYBOARD_FIRST,
) {
  return rowObjects(search)
    .slice(0, first)
    .map((r) => ({ anchor, total: num(r.total), dns_qry_name: str(r.dnsQuery), ip_dst: str(r.clientIp) }));
}

/** DNS incident progression: anchor → the queried domains (IP anchor) or the clients (query anchor). */
export function dnsTree(anchor: string, kind: AnchorKind, rows: ReadonlyArray<Record<string, Cell>>): TreeNode {
  const children = rows.map((r) => ({
    name: kind === 'ip' ? str(r.dns_qry_name) : str(r.ip_dst),
    value: num(r.total),
    children: [],
  }));
  return { name: anchor, value: children.reduce((s, c) => s + c.value, 0), children };
}

const PROXY_COLUMNS = ['Referer', 'IP', 'Method', 'ContentType', 'Threat', 'Referred'] as const;

/**
 * Proxy incident progression: the requests of the URI (referer → client → method → content type → URI) and the
 * URIs it referred to. Values are counted; links join adjacent columns per request.
 */
export function proxyProgression(anchor: string, search: Pick<ExpandedSearch, 'columns' | 'rows'>): ProxyProgression {
  const rows = rowObjects(search);
  const requests = rows.filter((r) => isProxyRequestOf(anchor, str(r.fulluri)));
  const referred = [
    ...new Set(
      rows
        .filter((r) => str(r.referer) === anchor && !isProxyRequestOf(anchor, str(r.fulluri)))
        .map((r) => str(r.fulluri)),
    ),
  ];
  const valueSets: Array<Set<string>> = PROXY_COLUMNS.map(() => new Set<string>());
  const linkCounts = new Map<string, { column: number; from: string; to: string; count: number }>();
  for (const r of requests) {
    const path = [str(r.referer) || '-', str(r.clientip), str(r.reqmethod), str(r.resconttype) || '-', anchor];
    path.forEach((v, i) => valueSets[i]!.add(v));
    for (let i = 0; i < path.length - 1; i++) {
      const key = `${i}\u0000${path[i]}\u0000${path[i + 1]}`;
      const link = linkCounts.get(key) ?? { column: i, from: path[i]!, to: path[i + 1]!, count: 0 };
      link.count += 1;
      linkCounts.set(key, link);
    }
  }
  if (requests.length === 0) valueSets[4]!.add(anchor);
  for (const uri of referred) {
    valueSets[5]!.add(uri);
    linkCounts.set(`4\u0000${uri}`, { column: 4, from: anchor, to: uri, count: 1 });
  }
  return {
    anchor,
    columns: PROXY_COLUMNS.map((name, i) => ({ name, values: [...valueSets[i]!].sort() })),
    links: [...linkCounts.values()],
  };
}

/**
 * proxy_timeline rows: the top `first` clients of the URI by requests, grouped per (client, date, time, code)
 * with the summed duration (Spot's LIMIT `first` cut whole clients out; here every group of a kept client stays,
 * up to TIMELINE_LIMIT). `respcodename` is filled, not Spot's literal 'respCodeName'.
 */
export function proxyTimelineRows(
  anchor: string,
  search: Pick<ExpandedSearch, 'columns' | 'rows'>,
  codeName: (code: string) => string,
  first = STORYBOARD_FIRST,
): Array<Record<string, Cell>> {
  const rows = rowObjects(search).filter((r) => isProxyRequestOf(anchor, str(r.fulluri)));
  const perClient = new Map<string, number>();
  for (const r of rows) perClient.set(str(r.clientip), (perClient.get(str(r.clientip)) ?? 0) + 1);
  const top = new Set(
    [...perClient.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, first)
      .map(([ip]) => ip),
  );
  const groups = new Map<string, Record<string, Cell>>();
  for (const r of rows) {
    const client = str(r.clientip);
    if (!top.has(client)) continue;
    const code = str(r.respcode);
    const at = `${str(r.p_date)} ${str(r.p_time)}`;
    const key = `${client}\u0000${code}\u0000${at}`;
    const g = groups.get(key);
    if (g) g.duration = num(g.duration) + num(r.duration);
    else
      groups.set(key, {
        p_threat: anchor,
        tstart: at,
        tend: at,
        duration: num(r.duration),
        clientip: client,
        respcode: code,
        respcodename: codeName(code),
      });
  }
  return [...groups.values()]
    .sort((a, b) => str(a.tstart).localeCompare(str(b.tstart)) || str(a.clientip).localeCompare(str(b.clientip)))
    .slice(0, TIMELINE_LIMIT);
}

/** Proxy timeline: per client, per minute, requests with response-code counts. */
export function proxyTimelineClusters(rows: ReadonlyArray<Record<string, Cell>>): TimelineCluster[] {
  const clusters = new Map<string, TimelineCluster>();
  for (const r of rows) {
    const lane = str(r.clientip);
    const minute = minuteOf(str(r.tstart));
    const key = `${lane}\u0000${minute}`;
    const cluster = clusters.get(key) ?? { lane, minute, count: 0, detail: {} };
    cluster.count += 1;
    const code = str(r.respcode) || '-';
    cluster.detail[code] = (cluster.detail[code] ?? 0) + 1;
    clusters.set(key, cluster);
  }
  return [...clusters.values()].sort((a, b) => a.minute.localeCompare(b.minute) || a.lane.localeCompare(b.lane));
}

/**
 * DNS incident progression from the whole search (not only the saved top 20): a client → its registered domains
 * (query totals) → their most frequent names, so a tunnel's thousand one-off names show as one domain. A query
 * anchor → its clients. Spot drew one level of the top 20 names, where tunnels drowned everything else.
 */
export function dnsDomainTree(
  anchor: string,
  kind: AnchorKind,
  search: Pick<ExpandedSearch, 'columns' | 'rows'>,
  domainOf: (name: string) => string,
  first = STORYBOARD_FIRST,
  namesPerDomain = 5,
): TreeNode {
  const rows = rowObjects(search);
  if (kind !== 'ip') {
    const children = rows.slice(0, first).map((r) => ({ name: str(r.clientIp), value: num(r.total), children: [] }));
    return { name: anchor, value: rows.reduce((s, r) => s + num(r.total), 0), children };
  }
  const domains = new Map<string, { total: number; names: Array<{ name: string; total: number }> }>();
  for (const r of rows) {
    const name = str(r.dnsQuery);
    const domain = domainOf(name) || name;
    const entry = domains.get(domain) ?? { total: 0, names: [] };
    entry.total += num(r.total);
    entry.names.push({ name, total: num(r.total) });
    domains.set(domain, entry);
  }
  const children = [...domains.entries()]
    .sort((a, b) => b[1].total - a[1].total || a[0].localeCompare(b[0]))
    .slice(0, first)
    .map(([domain, e]) => {
      const names = e.names.sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
      const shown = names.slice(0, namesPerDomain).map((n) => ({ name: n.name, value: n.total, children: [] }));
      if (names.length > namesPerDomain) {
        const rest = names.slice(namesPerDomain);
        shown.push({ name: `… ${rest.length} more names`, value: rest.reduce((s, n) => s + n.total, 0), children: [] });
      }
      return { name: domain, value: e.total, children: names.length === 1 && names[0]!.name === domain ? [] : shown };
    });
  return { name: anchor, value: rows.reduce((s, r) => s + num(r.total), 0), children };
}
