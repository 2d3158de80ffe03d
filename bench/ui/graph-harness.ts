/**
 * Browser side of bench/ui.ts: the same 2000-node / 5000-edge graph drawn by the app's CanvasGraph and by a plain
 * SVG d3 rendering (one element per node and edge, zoom by a `transform` on a group), then panned and zoomed
 * frame by frame. Bundled by esbuild and loaded from a file:// page.
 */
import {
  forceLink,
  forceManyBody,
  forceSimulation,
  forceX,
  forceY,
  select,
  zoomIdentity,
  type SimulationNodeDatum,
} from 'd3';
import { CanvasGraph } from '../../renderer/components/graph/canvas-graph';
import type { GraphData, GraphNode } from '../../renderer/models/suspicious/graph';

interface LayoutNode extends SimulationNodeDatum {
  id: string;
}

/** A deterministic random graph: `nodes` IPs, `edges` distinct pairs, a few hubs like a real day. */
export function makeGraph(nodes: number, edges: number): GraphData {
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const list: GraphNode[] = [];
  for (let i = 0; i < nodes; i++) {
    const internal = i % 3 === 0;
    const ip = internal ? `10.${(i >> 8) & 255}.${i & 255}.1` : `203.${(i >> 8) & 255}.${i & 255}.9`;
    list.push({
      id: `ip:${ip}`,
      kind: 'ip',
      value: ip,
      label: ip,
      shape: internal ? 'diamond' : 'circle',
      group: internal ? 'internal' : 'external',
      hits: 1 + Math.floor(rand() * 20),
      score: rand() * 1e-5,
      rep: i % 97 === 0 ? 'danger' : 'none',
      rows: [],
    });
  }
  const seen = new Set<string>();
  const links: GraphData['links'] = [];
  while (links.length < edges) {
    // Hubs: a third of the edges touch one of 20 hub nodes.
    const a = rand() < 0.33 ? Math.floor(rand() * 20) : Math.floor(rand() * nodes);
    const b = Math.floor(rand() * nodes);
    if (a === b) continue;
    const [s, t] = [list[a]!.id, list[b]!.id].sort() as [string, string];
    const id = `${s}|${t}`;
    if (seen.has(id)) continue;
    seen.add(id);
    links.push({ id, source: s, target: t, weight: 1 + rand() * 20, rows: [] });
  }
  return { nodes: list, links };
}

function layout(graph: GraphData): Map<string, { x: number; y: number }> {
  const nodes: LayoutNode[] = graph.nodes.map((n) => ({ id: n.id }));
  const sim = forceSimulation(nodes)
    .force(
      'link',
      forceLink<LayoutNode, { source: string; target: string }>(
        graph.links.map((l) => ({ source: l.source, target: l.target })),
      )
        .id((d) => d.id)
        .distance(28),
    )
    .force('charge', forceManyBody().strength(-18).theta(0.95))
    .force('x', forceX(0).strength(0.05))
    .force('y', forceY(0).strength(0.05))
    .stop();
  sim.tick(120);
  return new Map(nodes.map((n) => [n.id, { x: n.x ?? 0, y: n.y ?? 0 }]));
}

/** Pans in a circle and zooms in and out, one step per frame, for `ms`; returns frames per second. */
function animate(
  apply: (k: number, x: number, y: number) => void,
  width: number,
  height: number,
  ms: number,
): Promise<number> {
  return new Promise((resolve) => {
    let frames = 0;
    const start = performance.now();
    const step = (now: number) => {
      const t = (now - start) / 1000;
      const k = 1 + 0.8 * Math.sin(t * 1.3);
      apply(k, width / 2 + Math.cos(t * 2) * 120, height / 2 + Math.sin(t * 2) * 80);
      frames += 1;
      if (now - start < ms) requestAnimationFrame(step);
      else resolve((frames / (now - start)) * 1000);
    };
    requestAnimationFrame(step);
  });
}

let WIDTH = 1200;
let HEIGHT = 800;

async function canvasFps(graph: GraphData, positions: Map<string, { x: number; y: number }>, ms: number) {
  const host = document.getElementById('stage')!;
  host.innerHTML = '';
  const canvas = document.createElement('canvas');
  host.appendChild(canvas);
  const cg = new CanvasGraph(canvas);
  cg.resize(WIDTH, HEIGHT);
  cg.setData(graph, 'force', positions);
  cg.draw();
  // The CPU cost of one full-quality frame (what a settled view or a layout tick costs), apart from scheduling.
  const ctx = canvas.getContext('2d')!;
  const costs: number[] = [];
  for (let i = 0; i < 10; i++) {
    cg.setTransform(zoomIdentity.translate(WIDTH / 2 + i * 10, HEIGHT / 2).scale(0.25 + i * 0.02));
    const t0 = performance.now();
    cg.drawFullFrame();
    ctx.getImageData(0, 0, 1, 1); // waits for the raster work
    costs.push(performance.now() - t0);
  }
  costs.sort((a, b) => a - b);
  const drawMs = costs[Math.floor(costs.length / 2)]!;
  const before = cg.frames;
  const fps = await animate(
    (k, x, y) => cg.setTransform(zoomIdentity.translate(x, y).scale(k * 0.25)),
    WIDTH,
    HEIGHT,
    ms,
  );
  const drawn = cg.frames - before;
  cg.destroy();
  return { fps, drawsPerSecond: (drawn / ms) * 1000, drawMs };
}

async function svgFps(graph: GraphData, positions: Map<string, { x: number; y: number }>, ms: number) {
  const host = document.getElementById('stage')!;
  host.innerHTML = '';
  const svg = select(host).append('svg').attr('width', WIDTH).attr('height', HEIGHT);
  const g = svg.append('g');
  const pos = (id: string) => positions.get(id)!;
  g.append('g')
    .attr('stroke', '#5b6b7b')
    .attr('stroke-opacity', 0.5)
    .selectAll('line')
    .data(graph.links)
    .join('line')
    .attr('x1', (l) => pos(l.source).x)
    .attr('y1', (l) => pos(l.source).y)
    .attr('x2', (l) => pos(l.target).x)
    .attr('y2', (l) => pos(l.target).y);
  g.append('g')
    .selectAll('path')
    .data(graph.nodes)
    .join('path')
    .attr('fill', (n) => (n.group === 'internal' ? '#2c7a7b' : '#b7791f'))
    .attr('stroke', '#fff')
    .attr('d', (n) => {
      const { x, y } = pos(n.id);
      const r = Math.min(16, 3.5 + Math.sqrt(n.hits) * 1.6);
      return n.shape === 'diamond'
        ? `M${x},${y - r}L${x + r},${y}L${x},${y + r}L${x - r},${y}Z`
        : `M${x + r},${y}A${r},${r} 0 1,1 ${x - r},${y}A${r},${r} 0 1,1 ${x + r},${y}`;
    });
  // Let the first paint happen before animating.
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const fps = await animate(
    (k, x, y) => g.attr('transform', `translate(${x},${y}) scale(${k * 0.25})`),
    WIDTH,
    HEIGHT,
    ms,
  );
  return { fps };
}

declare global {
  interface Window {
    uiBench: {
      measure(
        kind: 'canvas' | 'svg',
        nodes: number,
        edges: number,
        ms: number,
        width: number,
        height: number,
      ): Promise<{ nodes: number; edges: number; layoutMs: number; fps: number; drawMs?: number }>;
    };
  }
}

// One measurement per page load: a big SVG left behind slows every later frame of the same page.
window.uiBench = {
  async measure(kind, nodes, edges, ms, width, height) {
    WIDTH = width;
    HEIGHT = height;
    const graph = makeGraph(nodes, edges);
    const t0 = performance.now();
    const positions = layout(graph);
    const layoutMs = performance.now() - t0;
    const base = { nodes: graph.nodes.length, edges: graph.links.length, layoutMs };
    if (kind === 'svg') return { ...base, fps: (await svgFps(graph, positions, ms)).fps };
    const canvas = await canvasFps(graph, positions, ms);
    return { ...base, fps: canvas.fps, drawMs: canvas.drawMs };
  },
};
