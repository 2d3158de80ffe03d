/**
 * The network views' graphs, built from the day's suspicious rows (ui.md §1–3): flow IPs (internal diamonds,
 * external circles, one link per pair), DNS domains (the `tld` column) ↔ client IPs, and the proxy tree
 * method → host → URI path → client IP with collapsible levels. Plus one-hop expansion from the day's edges.
 */
import type { Neighbour, NodeKind } from '../../../shared/ops/triage';
import type { Pipeline } from '../../../shared/schema';
import { parseReputation, shieldLevel, type ShieldLevel } from './reputation';
import { mlScore, num, str, type SuspiciousRow } from './rows';

/** 'more': the proxy tree's children of a level beyond its cap, folded into one node. */
export type GraphNodeKind = NodeKind | 'root' | 'method' | 'path' | 'more';
export type NodeShape = 'circle' | 'diamond';
/** What colours a node: its network context (flow), its role (dns/proxy), or an expansion. */
export type NodeGroup = 'internal' | 'external' | 'domain' | 'client' | 'root' | 'method' | 'host' | 'path' | 'uri';

export interface GraphNode {
  id: string;
  kind: GraphNodeKind;
  value: string;
  label: string;
  shape: NodeShape;
  group: NodeGroup;
  /** Appearances in the suspicious rows (Spot sizes nodes by hits). */
  hits: number;
  /** The most suspicious (lowest) ML score among its rows; null for nodes only known from edges. */
  score: number | null;
  rep: ShieldLevel;
  /** Suspicious row indexes the node appears in. */
  rows: number[];
  /** The node whose expansion added this one (multi-hop), else undefined. */
  expandedFrom?: string;
  /** Proxy tree: has hidden children. */
  collapsed?: boolean;
}

export interface GraphLink {
  id: string;
  source: string;
  target: string;
  /** Spot's edge weight: max(−ln score) over the rows of the pair (higher = more suspicious). */
  weight: number;
  rows: number[];
  expandedFrom?: string;
}

export interface GraphData {
  nodes: GraphNode[];
  links: GraphLink[];
}

export const nodeId = (kind: GraphNodeKind, value: string): string => `${kind}:${value}`;

/** −ln(score), clamped so a zero score stays finite. */
export function suspicion(score: number): number {
  if (!Number.isFinite(score)) return 0;
  return -Math.log(Math.max(score, 1e-300));
}

class Builder {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly links = new Map<string, GraphLink>();

  node(kind: GraphNodeKind, value: string, init: Partial<GraphNode>, row?: SuspiciousRow): GraphNode {
    const id = nodeId(kind, value);
    let node = this.nodes.get(id);
    if (!node) {
      node = {
        id,
        kind,
        value,
        label: value,
        shape: 'circle',
        group: 'external',
        hits: 0,
        score: null,
        rep: 'none',
        rows: [],
        ...init,
      };
      this.nodes.set(id, node);
    }
    if (row) {
      node.hits += 1;
      node.rows.push(row.index);
      const s = mlScore(row);
      if (Number.isFinite(s) && (node.score === null || s < node.score)) node.score = s;
    }
    return node;
  }

  link(a: GraphNode, b: GraphNode, weight: number, row?: SuspiciousRow, directed = false): void {
    const [s, t] = directed || a.id < b.id ? [a.id, b.id] : [b.id, a.id];
    const id = `${s}|${t}`;
    let link = this.links.get(id);
    if (!link) this.links.set(id, (link = { id, source: s, target: t, weight, rows: [] }));
    link.weight = Math.max(link.weight, weight);
    if (row) link.rows.push(row.index);
  }

  build(): GraphData {
    return { nodes: [...this.nodes.values()], links: [...this.links.values()] };
  }
}

const repRank: Record<ShieldLevel, number> = { none: 0, info: 1, warning: 2, danger: 3 };
function worseRep(a: ShieldLevel, b: ShieldLevel): ShieldLevel {
  return repRank[b] > repRank[a] ? b : a;
}

type NodeLook = Pick<GraphNode, 'shape' | 'group'>;
const clientLook = (): NodeLook => ({ shape: 'circle', group: 'client' });
/** Flow tells internal hosts (diamonds) from external ones (circles). */
const flowIpLook = (internal: boolean): NodeLook =>
  internal ? { shape: 'diamond', group: 'internal' } : { shape: 'circle', group: 'external' };

/** How an IP node looks, in one place for the day's rows and for expansions. */
export function ipNodeLook(pipeline: Pipeline, internal: boolean): NodeLook {
  return PIPELINE_GRAPHS[pipeline].ipLook(internal);
}

/** How an expanded neighbour looks: IPs as the pipeline draws them, other kinds by kind. */
function neighbourLook(pipeline: Pipeline, nb: Neighbour): Pick<GraphNode, 'shape' | 'group'> {
  if (nb.kind === 'ip') return ipNodeLook(pipeline, nb.internal === true);
  return nb.kind === 'domain' ? { shape: 'diamond', group: 'domain' } : { shape: 'circle', group: nb.kind };
}

export function buildFlowGraph(rows: readonly SuspiciousRow[]): GraphData {
  const b = new Builder();
  for (const row of rows) {
    const v = row.values;
    const ends = (['src', 'dst'] as const).map((end) => {
      const ip = str(v[`${end}ip`]);
      const internal = num(v[`${end}ip_internal`]) === 1;
      const node = b.node('ip', ip, flowIpLook(internal), row);
      node.rep = worseRep(node.rep, shieldLevel(parseReputation(str(v[`${end}_rep`]))));
      return node;
    });
    b.link(ends[0]!, ends[1]!, suspicion(mlScore(row)), row);
  }
  return b.build();
}

export function buildDnsGraph(rows: readonly SuspiciousRow[]): GraphData {
  const b = new Builder();
  const long: string[] = [];
  for (const row of rows) {
    const v = row.values;
    const domain = str(v.tld) || str(v.dns_qry_name);
    const d = b.node('domain', domain, { shape: 'diamond', group: 'domain' }, row);
    d.rep = worseRep(d.rep, shieldLevel(parseReputation(str(v.query_rep))));
    const c = b.node('ip', str(v.ip_dst), clientLook(), row);
    const weight = suspicion(mlScore(row));
    b.link(d, c, weight, row, true);
    if (str(v.dns_qry_name).length > 64) long.push(`${d.id}|${c.id}`);
  }
  const graph = b.build();
  // Spot: a query longer than 64 characters draws its edge at the maximum weight.
  const max = graph.links.reduce((m, l) => Math.max(m, l.weight), 0);
  const longIds = new Set(long);
  for (const link of graph.links) if (longIds.has(link.id)) link.weight = max;
  return graph;
}

/** A proxy tree node: Root "Proxy" → method → host → URI path → client IP. */
export interface TreeNode {
  id: string;
  kind: GraphNodeKind;
  value: string;
  rows: number[];
  score: number | null;
  rep: ShieldLevel;
  children: TreeNode[];
}

export const PROXY_ROOT_ID = nodeId('root', 'Proxy');

export function buildProxyTree(rows: readonly SuspiciousRow[]): TreeNode {
  const root: TreeNode = {
    id: PROXY_ROOT_ID,
    kind: 'root',
    value: 'Proxy',
    rows: [],
    score: null,
    rep: 'none',
    children: [],
  };
  const index = new Map<string, TreeNode>([[root.id, root]]);
  const child = (parent: TreeNode, kind: GraphNodeKind, value: string): TreeNode => {
    const id = `${parent.id}/${nodeId(kind, value)}`;
    let node = index.get(id);
    if (!node) {
      node = { id, kind, value, rows: [], score: null, rep: 'none', children: [] };
      index.set(id, node);
      parent.children.push(node);
    }
    return node;
  };
  for (const row of rows) {
    const v = row.values;
    const path = proxyPath(row);
    let node = root;
    const chain = [node];
    for (const [kind, value] of path) chain.push((node = child(node, kind, value)));
    const s = mlScore(row);
    const rep = shieldLevel(parseReputation(str(v.uri_rep)));
    for (const n of chain) {
      n.rows.push(row.index);
      if (Number.isFinite(s) && (n.score === null || s < n.score)) n.score = s;
      n.rep = worseRep(n.rep, rep);
    }
  }
  return root;
}

function proxyPath(row: SuspiciousRow): Array<[GraphNodeKind, string]> {
  const v = row.values;
  return [
    ['method', str(v.reqmethod) || '-'],
    ['host', str(v.host) || '-'],
    ['path', str(v.uripath) || '/'],
    ['ip', str(v.clientip)],
  ];
}

/** The tree node ids from the root to a row's client leaf (Spot paints this path yellow). */
export function proxyPathIds(row: SuspiciousRow): string[] {
  const ids = [PROXY_ROOT_ID];
  let id = PROXY_ROOT_ID;
  for (const [kind, value] of proxyPath(row)) ids.push((id = `${id}/${nodeId(kind, value)}`));
  return ids;
}

const TREE_GROUP: Partial<Record<GraphNodeKind, NodeGroup>> = {
  root: 'root',
  method: 'method',
  host: 'host',
  path: 'path',
  ip: 'client',
};

/** The most children a level of the proxy tree draws; the rest are one "N more" node (a day's GET reaches dozens of
 * hosts, which overlap in the ~390 px panel of a 1366×768 window). */
export const TREE_CHILD_CAP = 10;

/** The id of a level's "N more" node; opening it (double-click) draws the whole level. */
const moreId = (parentId: string): string => `${parentId}/${nodeId('more', '')}`;

/** The children a level draws: all when within the cap or "N more" is open; else the most suspicious (lowest
 * score, then most rows) and any on an open path (the selected row's), in the tree's order; and the rest. */
function shownChildren(n: TreeNode, expanded: ReadonlySet<string>): { shown: TreeNode[]; folded: TreeNode[] } {
  if (n.children.length <= TREE_CHILD_CAP || expanded.has(moreId(n.id))) return { shown: n.children, folded: [] };
  const ranked = [...n.children].sort(
    (a, b) => (a.score ?? Infinity) - (b.score ?? Infinity) || b.rows.length - a.rows.length,
  );
  const keep = new Set(ranked.slice(0, TREE_CHILD_CAP));
  for (const c of n.children) if (expanded.has(c.id)) keep.add(c);
  return { shown: n.children.filter((c) => keep.has(c)), folded: n.children.filter((c) => !keep.has(c)) };
}

/** The visible part of the tree: children of expanded nodes only, each level capped (see shownChildren). */
export function visibleTree(root: TreeNode, expanded: ReadonlySet<string>): GraphData {
  const nodes: GraphNode[] = [];
  const links: GraphLink[] = [];
  const fold = (parent: TreeNode, folded: readonly TreeNode[]) => {
    const rows = folded.flatMap((c) => c.rows);
    const scores = folded.map((c) => c.score).filter((x): x is number => x !== null);
    const score = scores.length > 0 ? Math.min(...scores) : null;
    const id = moreId(parent.id);
    nodes.push({
      id,
      kind: 'more',
      value: '',
      label: `${folded.length} more`,
      shape: 'circle',
      group: 'uri',
      hits: rows.length,
      score,
      rep: 'none',
      rows,
      collapsed: true,
    });
    links.push({ id: `${parent.id}|${id}`, source: parent.id, target: id, weight: suspicion(score ?? 1), rows });
  };
  const visit = (n: TreeNode, parent: TreeNode | null) => {
    const open = expanded.has(n.id);
    nodes.push({
      id: n.id,
      kind: n.kind,
      value: n.value,
      label: n.kind === 'root' ? 'Proxy' : n.value,
      shape: n.kind === 'root' || n.kind === 'method' ? 'diamond' : 'circle',
      group: TREE_GROUP[n.kind] ?? 'uri',
      hits: n.rows.length,
      score: n.score,
      rep: n.rep,
      rows: n.rows,
      collapsed: !open && n.children.length > 0,
    });
    if (parent) {
      links.push({
        id: `${parent.id}|${n.id}`,
        source: parent.id,
        target: n.id,
        weight: suspicion(n.score ?? 1),
        rows: n.rows,
      });
    }
    if (!open) return;
    const { shown, folded } = shownChildren(n, expanded);
    for (const c of shown) visit(c, n);
    if (folded.length > 0) fold(n, folded);
  };
  visit(root, null);
  return { nodes, links };
}

/** Double-click: a node opens or closes one level; the root opens or closes everything (Spot). */
export function toggleTreeNode(root: TreeNode, expanded: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(expanded);
  if (id === root.id) {
    const allOpen = everyInner(root).every((n) => next.has(n.id));
    if (allOpen) return new Set();
    for (const n of everyInner(root)) next.add(n.id);
    return next;
  }
  if (next.has(id)) {
    // Closing a node closes its subtree too, so reopening shows one level again.
    for (const key of [...next]) if (key === id || key.startsWith(`${id}/`)) next.delete(key);
  } else next.add(id);
  return next;
}

function everyInner(root: TreeNode): TreeNode[] {
  const out: TreeNode[] = [];
  const walk = (n: TreeNode) => {
    if (n.children.length > 0) {
      out.push(n);
      n.children.forEach(walk);
    }
  };
  walk(root);
  return out;
}

/** How one pipeline's network view is drawn: a force graph of hosts, or Spot's proxy tree. */
export type PipelineGraph = {
  /** How an IP node looks. */
  ipLook(internal: boolean): NodeLook;
  /** The node and link ids a row touches (hover/selection highlight). */
  highlight(row: SuspiciousRow): { nodes: string[]; links: string[] };
  /** The legend under the drawing. */
  legend: string;
  /** More tooltip lines of a client node, from its first row (Spot's proxy tooltip: user and response). */
  clientLines?: (row: SuspiciousRow) => string[];
} & (
  | { layout: 'force'; build(rows: readonly SuspiciousRow[]): GraphData }
  | { layout: 'tree'; buildTree(rows: readonly SuspiciousRow[]): TreeNode; pathIds(row: SuspiciousRow): string[] }
);

const pairLink = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);

export const PIPELINE_GRAPHS: Record<Pipeline, PipelineGraph> = {
  flow: {
    layout: 'force',
    build: buildFlowGraph,
    ipLook: flowIpLook,
    highlight: (row) => {
      const a = nodeId('ip', str(row.values.srcip));
      const b = nodeId('ip', str(row.values.dstip));
      return { nodes: [a, b], links: [pairLink(a, b)] };
    },
    legend: '◆ internal · ● external · ring = reputation',
  },
  dns: {
    layout: 'force',
    build: buildDnsGraph,
    ipLook: clientLook,
    highlight: (row) => {
      const d = nodeId('domain', str(row.values.tld) || str(row.values.dns_qry_name));
      const c = nodeId('ip', str(row.values.ip_dst));
      return { nodes: [d, c], links: [`${d}|${c}`] };
    },
    legend: '◆ domain · ● client',
  },
  proxy: {
    layout: 'tree',
    buildTree: buildProxyTree,
    pathIds: proxyPathIds,
    ipLook: clientLook,
    highlight: (row) => {
      const ids = proxyPathIds(row);
      return { nodes: ids, links: ids.slice(1).map((id, i) => `${ids[i]}|${id}`) };
    },
    legend: 'double-click opens a level · yellow = selected row',
    clientLines: (row) => [
      `user ${str(row.values.username) || '-'}`,
      `response ${str(row.values.respcode)} ${str(row.values.respcode_name)}`.trim(),
    ],
  },
};

/** Adds one hop of neighbours (from `graph.neighbours`) around a node; nodes already present are linked, not
 * duplicated. Added nodes and links remember the node they were expanded from, so they can be collapsed. */
export function expandNode(
  pipeline: Pipeline,
  graph: GraphData,
  from: GraphNode,
  neighbours: readonly Neighbour[],
): GraphData {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const links = new Map(graph.links.map((l) => [l.id, l]));
  for (const nb of neighbours) {
    const id = nodeId(nb.kind, nb.value);
    if (!nodes.has(id)) {
      nodes.set(id, {
        id,
        kind: nb.kind,
        value: nb.value,
        label: nb.value,
        ...neighbourLook(pipeline, nb),
        hits: 0,
        score: nb.minScore,
        rep: 'none',
        rows: [],
        expandedFrom: from.id,
      });
    }
    const [s, t] = from.id < id ? [from.id, id] : [id, from.id];
    const key = `${s}|${t}`;
    if (!links.has(key)) {
      links.set(key, {
        id: key,
        source: s,
        target: t,
        weight: nb.minScore === null ? 0 : suspicion(nb.minScore),
        rows: [],
        expandedFrom: from.id,
      });
    }
  }
  return { nodes: [...nodes.values()], links: [...links.values()] };
}

/** Removes what expanding `fromId` added, and, recursively, what was expanded from those nodes. */
export function collapseNode(graph: GraphData, fromId: string): GraphData {
  const removed = new Set<string>();
  let frontier = [fromId];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const n of graph.nodes) {
      if (n.expandedFrom !== undefined && frontier.includes(n.expandedFrom) && !removed.has(n.id)) {
        removed.add(n.id);
        next.push(n.id);
      }
    }
    frontier = next;
  }
  const gone = (id: string) => removed.has(id);
  return {
    nodes: graph.nodes.filter((n) => !gone(n.id)),
    links: graph.links.filter(
      (l) =>
        !gone(l.source) &&
        !gone(l.target) &&
        !(l.expandedFrom !== undefined && (l.expandedFrom === fromId || gone(l.expandedFrom))),
    ),
  };
}

/** Whether a node has an expansion to collapse. */
export function isExpanded(graph: GraphData, id: string): boolean {
  return graph.nodes.some((n) => n.expandedFrom === id) || graph.links.some((l) => l.expandedFrom === id);
}

/** The node and link ids a row touches (hover/selection highlight). */
export function rowHighlight(pipeline: Pipeline, row: SuspiciousRow): { nodes: string[]; links: string[] } {
  return PIPELINE_GRAPHS[pipeline].highlight(row);
}

/** The neighbour kind a graph node is asked about (`graph.neighbours`), or null for structural tree nodes. */
export function neighbourKind(node: GraphNode): NodeKind | null {
  if (node.kind === 'path' || node.kind === 'more') return null;
  return node.kind === 'root' || node.kind === 'method' ? null : node.kind;
}

/** The base graph plus the expansions kept beside it; expansion links to nodes that are not shown are dropped. */
export function mergeGraphs(base: GraphData, extra: GraphData): GraphData {
  const nodes = new Map(base.nodes.map((n) => [n.id, n]));
  for (const n of extra.nodes) if (!nodes.has(n.id)) nodes.set(n.id, n);
  const links = new Map(base.links.map((l) => [l.id, l]));
  for (const l of extra.links) if (!links.has(l.id) && nodes.has(l.source) && nodes.has(l.target)) links.set(l.id, l);
  return { nodes: [...nodes.values()], links: [...links.values()] };
}

/** The expansion part of a graph (what expandNode added), to keep beside a base that may be rebuilt. */
export function expansionsOf(graph: GraphData): GraphData {
  return {
    nodes: graph.nodes.filter((n) => n.expandedFrom !== undefined),
    links: graph.links.filter((l) => l.expandedFrom !== undefined),
  };
}

/** Number of nodes in a tree (a small tree opens fully). */
export function treeSize(root: TreeNode): number {
  let n = 0;
  const walk = (t: TreeNode) => {
    n += 1;
    t.children.forEach(walk);
  };
  walk(root);
  return n;
}

/**
 * The part of a graph around some seed nodes: every node within `hops` links of a seed, nearest first and, among
 * equals, along the strongest links, up to `maxNodes`; the links among the kept nodes. Unknown seeds are ignored.
 */
export function neighbourhood(graph: GraphData, seeds: readonly string[], hops: number, maxNodes: number): GraphData {
  const adjacent = new Map<string, Array<{ id: string; weight: number }>>();
  for (const l of graph.links) {
    (adjacent.get(l.source) ?? adjacent.set(l.source, []).get(l.source)!).push({ id: l.target, weight: l.weight });
    (adjacent.get(l.target) ?? adjacent.set(l.target, []).get(l.target)!).push({ id: l.source, weight: l.weight });
  }
  const known = new Set(graph.nodes.map((n) => n.id));
  const kept = new Set<string>();
  let frontier = [...new Set(seeds)].filter((id) => known.has(id));
  for (const id of frontier) if (kept.size < maxNodes) kept.add(id);
  for (let hop = 0; hop < hops && frontier.length > 0 && kept.size < maxNodes; hop++) {
    const candidates = new Map<string, number>();
    for (const id of frontier) {
      for (const next of adjacent.get(id) ?? []) {
        if (kept.has(next.id)) continue;
        candidates.set(next.id, Math.max(candidates.get(next.id) ?? -Infinity, next.weight));
      }
    }
    const ordered = [...candidates].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    frontier = [];
    for (const [id] of ordered) {
      if (kept.size >= maxNodes) break;
      kept.add(id);
      frontier.push(id);
    }
  }
  return {
    nodes: graph.nodes.filter((n) => kept.has(n.id)),
    links: graph.links.filter((l) => kept.has(l.source) && kept.has(l.target)),
  };
}

/**
 * How far right of a node's centre its label starts, in graph units at zoom `scale`: past the outer edge of what
 * the canvas draws around the node (its highlight at r + 3 with a 3 px stroke; a diamond's corner reaches 1.25 r),
 * then a 3 px gap. At the bare radius the label ran into a diamond's corner and the rings.
 */
export function nodeLabelOffset(shape: NodeShape, radius: number, scale: number): number {
  const reach = shape === 'diamond' ? 1.25 : 1;
  return (radius + 3) * reach + 1.5 / Math.max(0.6, scale) + 3 / scale;
}
