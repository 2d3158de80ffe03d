import { describe, expect, it } from 'vitest';
import {
  buildDnsGraph,
  buildFlowGraph,
  buildProxyTree,
  collapseNode,
  expandNode,
  expansionsOf,
  isExpanded,
  mergeGraphs,
  nodeLabelOffset,
  neighbourhood,
  proxyPathIds,
  rowHighlight,
  suspicion,
  toggleTreeNode,
  treeSize,
  visibleTree,
  PROXY_ROOT_ID,
  TREE_CHILD_CAP,
} from './graph';
import { flowRow, row } from './testing';

describe('flow graph', () => {
  const rows = [
    flowRow(0, '10.10.7.43', '203.0.113.77', 443, 1e-9, { dst_rep: 'gti:High:3' }),
    flowRow(1, '203.0.113.77', '10.10.7.43', 51000, 1e-6),
    flowRow(2, '10.10.4.201', '10.1.0.10', 22, 1e-5),
  ];
  const g = buildFlowGraph(rows);

  it('draws internal IPs as diamonds and external as circles, sized by hits', () => {
    const byId = new Map(g.nodes.map((n) => [n.id, n]));
    expect(byId.get('ip:10.10.7.43')).toMatchObject({ shape: 'diamond', group: 'internal', hits: 2, rows: [0, 1] });
    expect(byId.get('ip:203.0.113.77')).toMatchObject({
      shape: 'circle',
      group: 'external',
      rep: 'danger',
      score: 1e-9,
    });
    expect(g.nodes).toHaveLength(4);
  });

  it('keeps one link per IP pair, weighted by the max −ln score', () => {
    expect(g.links).toHaveLength(2);
    const pair = g.links.find((l) => l.rows.includes(0))!;
    expect(pair.rows).toEqual([0, 1]);
    expect(pair.weight).toBeCloseTo(suspicion(1e-9));
    expect(suspicion(0)).toBeGreaterThan(600);
  });

  it('highlights the nodes and the link of a row', () => {
    const h = rowHighlight('flow', rows[1]!);
    expect(h.nodes).toEqual(['ip:203.0.113.77', 'ip:10.10.7.43']);
    expect(g.links.map((l) => l.id)).toContain(h.links[0]);
  });
});

describe('dns graph', () => {
  it('links domain diamonds (tld) to client circles; a >64-character query gets the maximum weight', () => {
    const long = `${'a'.repeat(70)}.cloudsync-metrics.net`;
    const g = buildDnsGraph([
      row(0, { tld: 'cloudsync-metrics.net', dns_qry_name: long, ip_dst: '10.10.5.120', ml_score: 0.5 }),
      row(1, { tld: 'example.com', dns_qry_name: 'x.example.com', ip_dst: '10.10.5.120', ml_score: 1e-9 }),
    ]);
    expect(g.nodes.map((n) => [n.id, n.shape])).toEqual([
      ['domain:cloudsync-metrics.net', 'diamond'],
      ['ip:10.10.5.120', 'circle'],
      ['domain:example.com', 'diamond'],
    ]);
    expect(g.links[0]!.weight).toBeCloseTo(suspicion(1e-9));
    expect(rowHighlight('dns', row(1, { tld: 'example.com', ip_dst: '10.10.5.120' })).links).toEqual([
      'domain:example.com|ip:10.10.5.120',
    ]);
  });
});

describe('proxy tree', () => {
  const rows = [
    row(0, { reqmethod: 'GET', host: 'cdn.example', uripath: '/dl/x.exe', clientip: '10.10.3.88', ml_score: 1e-7 }),
    row(1, { reqmethod: 'GET', host: 'cdn.example', uripath: '/dl/x.exe', clientip: '10.10.3.99', ml_score: 1e-6 }),
    row(2, { reqmethod: 'POST', host: 'files.example', uripath: '/up', clientip: '10.10.9.14', ml_score: 1e-5 }),
  ];
  const tree = buildProxyTree(rows);

  it('groups method → host → path → client, each node knowing its rows and lowest score', () => {
    expect(tree.children.map((c) => c.value)).toEqual(['GET', 'POST']);
    const get = tree.children[0]!;
    expect(get.rows).toEqual([0, 1]);
    expect(get.children[0]!.children[0]!.children.map((c) => c.value)).toEqual(['10.10.3.88', '10.10.3.99']);
    expect(get.score).toBe(1e-7);
  });

  it('counts its nodes', () => {
    expect(treeSize(tree)).toBe(1 + 2 + 2 + 2 + 3);
  });

  it('shows only expanded levels; the root toggles everything, a node one level', () => {
    expect(visibleTree(tree, new Set()).nodes.map((n) => n.id)).toEqual([PROXY_ROOT_ID]);
    let open = toggleTreeNode(tree, new Set(), PROXY_ROOT_ID);
    expect(visibleTree(tree, open).nodes).toHaveLength(1 + 2 + 2 + 2 + 3);
    open = toggleTreeNode(tree, open, PROXY_ROOT_ID);
    expect(open.size).toBe(0);
    open = toggleTreeNode(tree, new Set([PROXY_ROOT_ID]), tree.children[0]!.id);
    const visible = visibleTree(tree, open);
    expect(visible.nodes.map((n) => n.value)).toEqual(['Proxy', 'GET', 'cdn.example', 'POST']);
    expect(visible.nodes.find((n) => n.value === 'cdn.example')!.collapsed).toBe(true);
    // closing GET closes its subtree
    const closed = toggleTreeNode(tree, new Set([...open, tree.children[0]!.children[0]!.id]), tree.children[0]!.id);
    expect([...closed]).toEqual([PROXY_ROOT_ID]);
  });

  it("gives the selected row's path from root to client", () => {
    const ids = proxyPathIds(rows[2]!);
    expect(ids).toHaveLength(5);
    const all = toggleTreeNode(tree, new Set(), PROXY_ROOT_ID);
    const visible = new Set(visibleTree(tree, all).nodes.map((n) => n.id));
    expect(ids.every((id) => visible.has(id))).toBe(true);
  });
});

describe('proxy tree in a small panel', () => {
  // A day's GET goes to dozens of hosts: drawn all at once in a ~390 px panel they overlap (issue #16).
  const hosts = 30;
  const rows = Array.from({ length: hosts }, (_, i) =>
    row(i, {
      reqmethod: 'GET',
      host: `h${String(i).padStart(2, '0')}.example`,
      uripath: '/',
      clientip: '10.10.3.88',
      ml_score: (i + 1) * 1e-6,
    }),
  );
  const tree = buildProxyTree(rows);
  const get = tree.children[0]!;
  const open = new Set([PROXY_ROOT_ID, get.id]);

  it('shows the most suspicious children of a level up to a cap, the rest as one "N more" node', () => {
    const shown = visibleTree(tree, open).nodes.filter((n) => n.id.startsWith(`${get.id}/`));
    expect(shown).toHaveLength(TREE_CHILD_CAP + 1);
    expect(shown.slice(0, TREE_CHILD_CAP).map((n) => n.value)).toEqual(
      Array.from({ length: TREE_CHILD_CAP }, (_, i) => `h${String(i).padStart(2, '0')}.example`),
    );
    const more = shown.at(-1)!;
    expect(more).toMatchObject({ kind: 'more', label: `${hosts - TREE_CHILD_CAP} more`, collapsed: true });
    expect(more.hits).toBe(hosts - TREE_CHILD_CAP);
    expect(more.score).toBe((TREE_CHILD_CAP + 1) * 1e-6);
  });
  it('keeps a folded child on the selected row’s path, and opening "N more" shows them all', () => {
    const last = proxyPathIds(rows[hosts - 1]!);
    const withPath = visibleTree(tree, new Set([...open, ...last])).nodes.map((n) => n.id);
    expect(withPath).toContain(last[2]);
    expect(withPath).toContain(last[4]);
    const more = visibleTree(tree, open).nodes.find((n) => n.kind === 'more')!;
    const all = visibleTree(tree, toggleTreeNode(tree, open, more.id)).nodes;
    expect(all.filter((n) => n.kind === 'host')).toHaveLength(hosts);
    expect(all.some((n) => n.kind === 'more')).toBe(false);
  });
});

describe('multi-hop expansion', () => {
  const base = buildFlowGraph([flowRow(0, '10.10.7.43', '203.0.113.77', 443, 1e-9)]);
  const from = base.nodes.find((n) => n.value === '203.0.113.77')!;

  it('adds neighbours one hop at a time and collapses them again, recursively', () => {
    const once = expandNode('flow', base, from, [
      { kind: 'ip', value: '10.10.7.43', rows: 3, weight: 10, minScore: 1e-9 },
      { kind: 'ip', value: '10.10.8.8', rows: 1, weight: 5, minScore: null },
    ]);
    expect(once.nodes).toHaveLength(3);
    expect(once.links).toHaveLength(2);
    expect(isExpanded(once, from.id)).toBe(true);
    const added = once.nodes.find((n) => n.value === '10.10.8.8')!;
    const twice = expandNode('flow', once, added, [
      { kind: 'ip', value: '192.0.2.1', rows: 1, weight: 1, minScore: null },
    ]);
    expect(twice.nodes).toHaveLength(4);
    const collapsed = collapseNode(twice, from.id);
    expect(collapsed.nodes.map((n) => n.value).sort()).toEqual(['10.10.7.43', '203.0.113.77']);
    expect(collapsed.links).toEqual(base.links);
    expect(isExpanded(collapsed, from.id)).toBe(false);
  });

  it('draws an added IP as the day draws it: internal as a diamond, external as a circle (#16 bug 4)', () => {
    const once = expandNode('flow', base, from, [
      { kind: 'ip', value: '10.10.8.8', rows: 1, weight: 5, minScore: null, internal: true },
      { kind: 'ip', value: '192.0.2.1', rows: 1, weight: 5, minScore: null, internal: false },
    ]);
    const byValue = new Map(once.nodes.map((n) => [n.value, n]));
    expect(byValue.get('10.10.8.8')).toMatchObject({ shape: 'diamond', group: 'internal' });
    expect(byValue.get('192.0.2.1')).toMatchObject({ shape: 'circle', group: 'external' });
    const dns = expandNode('dns', base, from, [{ kind: 'ip', value: '10.10.8.8', rows: 1, weight: 1, minScore: null }]);
    expect(dns.nodes.find((n) => n.value === '10.10.8.8')).toMatchObject({ shape: 'circle', group: 'client' });
  });

  it('keeps expansions beside a rebuilt base, dropping links to hidden nodes', () => {
    const once = expandNode('flow', base, from, [
      { kind: 'ip', value: '10.10.8.8', rows: 1, weight: 5, minScore: null },
    ]);
    const extra = expansionsOf(once);
    expect(mergeGraphs(base, extra).nodes).toHaveLength(3);
    expect(mergeGraphs({ nodes: [], links: [] }, extra).links).toHaveLength(0);
  });
});

describe('neighbourhood', () => {
  // a - b - c - d, and b - e (weak): a chain with a side branch.
  const rows = [
    flowRow(0, '10.0.0.1', '10.0.0.2', 1, 1e-9),
    flowRow(1, '10.0.0.2', '10.0.0.3', 1, 1e-8),
    flowRow(2, '10.0.0.3', '10.0.0.4', 1, 1e-7),
    flowRow(3, '10.0.0.2', '10.0.0.5', 1, 0.5),
  ];
  const g = buildFlowGraph(rows);
  const ids = (d: { nodes: Array<{ value: string }> }) => d.nodes.map((n) => n.value).sort();

  it('keeps the seeds and what lies within the hops, with the links among them', () => {
    expect(ids(neighbourhood(g, ['ip:10.0.0.1'], 1, 100))).toEqual(['10.0.0.1', '10.0.0.2']);
    const two = neighbourhood(g, ['ip:10.0.0.1'], 2, 100);
    expect(ids(two)).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.5']);
    expect(two.links).toHaveLength(3);
    expect(neighbourhood(g, ['ip:nope'], 2, 100).nodes).toHaveLength(0);
  });
  it('fills the cap along the strongest links first', () => {
    expect(ids(neighbourhood(g, ['ip:10.0.0.2'], 1, 2))).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(ids(neighbourhood(g, ['ip:10.0.0.2'], 1, 3))).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3']);
  });
});

describe('node labels', () => {
  // What the canvas draws around a node: the shape (a diamond's corner reaches 1.25 r), the ring at r + 1.5 and the
  // highlight at r + 3 with a stroke of 3 screen px; the label starts past all of it, 2 screen px clear at least.
  const outerEdge = (shape: 'circle' | 'diamond', radius: number, k: number) =>
    (radius + 3) * (shape === 'diamond' ? 1.25 : 1) + 1.5 / Math.max(0.6, k);
  for (const shape of ['circle', 'diamond'] as const) {
    for (const k of [0.5, 1, 4]) {
      it(`a ${shape}'s label starts clear of its shape, ring and highlight at zoom ${k}`, () => {
        for (const radius of [4, 8, 20]) {
          expect(nodeLabelOffset(shape, radius, k)).toBeGreaterThanOrEqual(outerEdge(shape, radius, k) + 2 / k);
          // …and not far from it: the label still reads as the node's.
          expect(nodeLabelOffset(shape, radius, k)).toBeLessThanOrEqual(outerEdge(shape, radius, k) + 6 / k);
        }
      });
    }
  }
});
