/**
 * A force graph drawn on one canvas (d3-force for the layout, d3-zoom for pan and zoom): thousands of nodes stay
 * smooth because a frame is a handful of batched paths, not thousands of DOM nodes. Text on canvas is text, so
 * hostile labels cannot inject markup. Framework-free so the benchmark can drive the same code.
 */
import {
  forceCollide,
  forceLink,
  forceManyBody,
  forceSimulation,
  forceX,
  forceY,
  interpolateRgb,
  select,
  zoom,
  zoomIdentity,
  type Simulation,
  type SimulationNodeDatum,
  type ZoomBehavior,
  type ZoomTransform,
} from 'd3';
import {
  nodeLabelOffset,
  type GraphData,
  type GraphLink,
  type GraphNode,
  type NodeGroup,
} from '../../models/suspicious/graph';
import { fitView } from '../../models/suspicious/graph-fit';
import { placeLabels, type LabelCandidate, type LabelObstacle } from '../../models/suspicious/label-layout';

export interface DrawNode extends SimulationNodeDatum {
  id: string;
  node: GraphNode;
  radius: number;
  fill: string;
  ring: string | null;
}
interface DrawLink {
  id: string;
  source: DrawNode;
  target: DrawNode;
  /** 0..1, the link's suspicion among the graph's links. */
  strength: number;
  /** The alpha batch it is drawn in. */
  bucket: number;
  link: GraphLink;
}

export interface GraphEvents {
  onHover?(node: GraphNode | null, clientX: number, clientY: number): void;
  onClick?(node: GraphNode | null, event: MouseEvent): void;
  onDblClick?(node: GraphNode, event: MouseEvent): void;
  onContextMenu?(node: GraphNode, event: MouseEvent): void;
}

export type GraphLayout = 'force' | 'tree';

interface Palette {
  groups: Record<NodeGroup, string>;
  link: string;
  highlight: string;
  text: string;
  background: string;
  danger: string;
  warning: string;
  info: string;
}

function readPalette(el: Element): Palette {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const internal = v('--internal', '#2c7a7b');
  const external = v('--external', '#b7791f');
  const info = v('--info', '#2b6cb0');
  return {
    groups: {
      internal,
      external,
      domain: v('--medium', '#c05621'),
      client: internal,
      root: v('--muted', '#5b6b7b'),
      method: v('--muted', '#5b6b7b'),
      host: external,
      path: info,
      uri: info,
    },
    link: v('--muted', '#5b6b7b'),
    highlight: v('--focus', '#f6ad55'),
    text: v('--text', '#17212b'),
    background: v('--panel', '#ffffff'),
    danger: v('--high', '#c53030'),
    warning: v('--medium', '#c05621'),
    info,
  };
}

const LINK_BUCKETS = 5;

export class CanvasGraph {
  private readonly ctx: CanvasRenderingContext2D;
  private nodes: DrawNode[] = [];
  private links: DrawLink[] = [];
  private byId = new Map<string, DrawNode>();
  private simulation: Simulation<DrawNode, undefined> | null = null;
  private transform: ZoomTransform = zoomIdentity;
  private readonly zoomBehavior: ZoomBehavior<HTMLCanvasElement, unknown>;
  private width = 300;
  private height = 150;
  private frameRequested = false;
  private palette: Palette;
  private highlightNodes = new Set<string>();
  private highlightLinks = new Set<string>();
  private hovered: DrawNode | null = null;
  private fitted = false;

  private userZoomed = false;
  /** The node and link ids last laid out: a graph with the same ones keeps its layout. */
  private structure = '';
  private layout: GraphLayout = 'force';
  private lastGraph: GraphData | null = null;
  /** Frames drawn (the benchmark reads it). */
  frames = 0;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly events: GraphEvents = {},
  ) {
    // CPU raster (willReadFrequently): thousands of thin antialiased paths raster far faster on the CPU than
    // through a software-emulated GPU, and about as fast on a real one (bench/ui.ts measures it).
    const ctx = canvas.getContext('2d', { alpha: false, willReadFrequently: true });
    if (!ctx) throw new Error('canvas 2D is not available');
    this.ctx = ctx;
    this.palette = readPalette(canvas);
    this.zoomBehavior = zoom<HTMLCanvasElement, unknown>()
      .scaleExtent([0.03, 16])
      .on('zoom', (e: { transform: ZoomTransform; sourceEvent: unknown }) => {
        // A pan or zoom by the user stops the automatic fitting.
        if (e.sourceEvent) this.userZoomed = true;
        this.transform = e.transform;
        this.requestDraw();
      });
    select(canvas).call(this.zoomBehavior).on('dblclick.zoom', null);
    canvas.addEventListener('pointermove', this.onPointerMove);
    canvas.addEventListener('pointerleave', this.onPointerLeave);
    canvas.addEventListener('click', this.onClickEvent);
    canvas.addEventListener('dblclick', this.onDblClickEvent);
    canvas.addEventListener('contextmenu', this.onContextEvent);
  }

  /** Sets the graph; nodes that stay keep their positions, so expanding or collapsing does not reshuffle. */
  setData(
    graph: GraphData,
    layout: GraphLayout = 'force',
    fixed?: ReadonlyMap<string, { x: number; y: number }>,
  ): void {
    this.palette = readPalette(this.canvas);
    this.lastGraph = graph;
    const old = this.byId;
    const scores = graph.nodes.map((n) => n.score).filter((s): s is number => s !== null && Number.isFinite(s));
    scores.sort((a, b) => a - b);
    const rankOf = (s: number | null) => {
      if (s === null || scores.length === 0) return 0;
      let lo = 0;
      let hi = scores.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (scores[mid]! < s) lo = mid + 1;
        else hi = mid;
      }
      return 1 - lo / scores.length; // 1 = most suspicious
    };
    this.nodes = graph.nodes.map((n) => {
      const previous = old.get(n.id);
      const base = this.palette.groups[n.group];
      // Quantised to a few shades so a frame is a few fill batches, not one per node.
      const t = Math.round(rankOf(n.score) * 5) / 5;
      const fill =
        n.expandedFrom !== undefined && n.rows.length === 0
          ? interpolateRgb(this.palette.background, base)(0.45)
          : interpolateRgb(this.palette.background, base)(0.45 + 0.55 * t);
      const ring =
        n.rep === 'danger'
          ? this.palette.danger
          : n.rep === 'warning'
            ? this.palette.warning
            : n.rep === 'info'
              ? this.palette.info
              : null;
      const radius = n.kind === 'root' ? 9 : Math.min(16, 3.5 + Math.sqrt(n.hits) * 1.6);
      return {
        id: n.id,
        node: n,
        radius,
        fill,
        ring,
        x: fixed?.get(n.id)?.x ?? previous?.x,
        y: fixed?.get(n.id)?.y ?? previous?.y,
        vx: previous?.vx,
        vy: previous?.vy,
      };
    });
    this.byId = new Map(this.nodes.map((d) => [d.id, d]));
    const weights = graph.links.map((l) => l.weight);
    const maxWeight = Math.max(1e-9, ...weights);
    const minWeight = Math.min(maxWeight, ...weights);
    this.links = [];
    for (const l of graph.links) {
      const source = this.byId.get(l.source);
      const target = this.byId.get(l.target);
      if (!source || !target) continue;
      const strength = maxWeight === minWeight ? 1 : (l.weight - minWeight) / (maxWeight - minWeight);
      const bucket = Math.min(LINK_BUCKETS - 1, Math.floor(strength * LINK_BUCKETS));
      this.links.push({ id: l.id, source, target, strength, bucket, link: l });
    }
    const structure = structureKey(graph);
    if (fixed) {
      // Positions given (the benchmark): no layout, just fit.
      this.simulation?.stop();
      this.fit(false);
    } else if (structure === this.structure && layout === this.layout && this.simulation) {
      // The same nodes and links with new styles (a score, a reputation): keep the layout as it is. The running
      // simulation, if any, moves the previous node objects: carry its state over to the new ones.
      this.simulation.nodes(this.nodes);
      const links = this.simulation.force('link') as ReturnType<typeof forceLink<DrawNode, DrawLink>> | undefined;
      links?.links(this.links);
    } else this.startSimulation(layout, old.size === 0);
    this.structure = structure;
    this.layout = layout;
    this.requestDraw();
  }

  /** Re-reads the theme's colours (a light/dark switch while the graph is open) and redraws. */
  refreshPalette(): void {
    this.palette = readPalette(this.canvas);
    if (this.lastGraph) this.setData(this.lastGraph, this.layout);
    else this.requestDraw();
  }

  private startSimulation(layout: GraphLayout, fresh: boolean): void {
    this.simulation?.stop();
    const n = this.nodes.length;
    const sim = forceSimulation<DrawNode>(this.nodes)
      .alphaDecay(n > 1000 ? 0.045 : 0.03)
      .velocityDecay(0.4);
    const links = forceLink<DrawNode, DrawLink>(this.links)
      .id((d) => d.id)
      .distance(layout === 'tree' ? 36 : 28)
      .strength(layout === 'tree' ? 0.9 : 0.4);
    sim.force('link', links);
    sim.force(
      'charge',
      forceManyBody<DrawNode>()
        .strength(layout === 'tree' ? -90 : n > 1000 ? -18 : -40)
        .theta(0.95)
        .distanceMax(400),
    );
    if (layout === 'force') {
      // Internal and external drawn apart: internal to the left, external to the right.
      const side = Math.max(80, Math.sqrt(n) * 12);
      sim.force(
        'x',
        forceX<DrawNode>((d) =>
          d.node.group === 'internal' || d.node.group === 'client'
            ? -side
            : d.node.group === 'external' || d.node.group === 'domain'
              ? side
              : 0,
        ).strength(0.06),
      );
      sim.force('y', forceY<DrawNode>(0).strength(0.06));
    } else {
      sim.force('x', forceX<DrawNode>(0).strength(0.02));
      sim.force('y', forceY<DrawNode>(0).strength(0.02));
      sim.force(
        'collide',
        forceCollide<DrawNode>((d) => d.radius + 4),
      );
    }
    if (!fresh) sim.alpha(0.3);
    sim.on('tick', () => this.requestDraw());
    sim.on('end', () => {
      if (!this.userZoomed) this.fit();
      this.requestDraw();
    });
    this.simulation = sim;
    if (fresh) {
      this.fitted = false;
      // A few ticks up front so the first frame is not one tight ball; small graphs only, so a big day does not
      // hold up the table's first paint (the animation spreads it out instead).
      if (n <= 600) sim.tick(30);
      this.fit(false);
    }
  }

  /** Stops the layout (the benchmark measures pan/zoom alone). */
  stopLayout(): void {
    this.simulation?.stop();
  }

  /** Zooms so the whole graph fits, every node's shape inside the canvas (graph-fit). */
  fit(animate = true): void {
    if (this.nodes.length === 0) return;
    const view = fitView(
      this.nodes.map((d) => ({ x: d.x ?? 0, y: d.y ?? 0, radius: d.radius })),
      this.width,
      this.height,
    );
    const t = zoomIdentity.translate(view.x, view.y).scale(view.k);
    this.fitted = true;
    const sel = select(this.canvas);
    if (animate) sel.transition().duration(300).call(this.zoomBehavior.transform, t);
    else sel.call(this.zoomBehavior.transform, t);
  }

  setTransform(t: ZoomTransform): void {
    select(this.canvas).call(this.zoomBehavior.transform, t);
  }

  get currentTransform(): ZoomTransform {
    return this.transform;
  }

  setHighlight(nodes: Iterable<string>, links: Iterable<string>): void {
    this.highlightNodes = new Set(nodes);
    this.highlightLinks = new Set(links);
    this.requestDraw();
  }

  /** Centres a node (selection from the table). */
  centreOn(id: string): void {
    const d = this.byId.get(id);
    if (!d || d.x === undefined || d.y === undefined) return;
    const { x: px, y: py } = { x: this.transform.applyX(d.x), y: this.transform.applyY(d.y) };
    if (px > 20 && px < this.width - 20 && py > 20 && py < this.height - 20) return;
    const k = this.transform.k;
    select(this.canvas)
      .transition()
      .duration(250)
      .call(
        this.zoomBehavior.transform,
        zoomIdentity.translate(this.width / 2 - k * d.x, this.height / 2 - k * d.y).scale(k),
      );
  }

  /** Centres a node at zoom k at once (tests and the benchmark use it to reach a node deterministically). */
  zoomToNode(id: string, k = 4): { x: number; y: number } | null {
    const d = this.byId.get(id);
    if (!d || d.x === undefined || d.y === undefined) return null;
    this.stopLayout();
    this.userZoomed = true;
    select(this.canvas).call(
      this.zoomBehavior.transform,
      zoomIdentity.translate(this.width / 2 - k * d.x, this.height / 2 - k * d.y).scale(k),
    );
    this.draw();
    return { x: this.width / 2, y: this.height / 2 };
  }

  resize(width: number, height: number): void {
    const dpr = window.devicePixelRatio || 1;
    // A panel expanded or restored: the graph is fitted to the new size (a small jitter is not a resize).
    const changed =
      Math.abs(width - this.width) > this.width * 0.15 || Math.abs(height - this.height) > this.height * 0.15;
    this.width = Math.max(1, width);
    this.height = Math.max(1, height);
    this.canvas.width = Math.round(this.width * dpr);
    this.canvas.height = Math.round(this.height * dpr);
    this.canvas.style.width = `${this.width}px`;
    this.canvas.style.height = `${this.height}px`;
    if (changed && this.nodes.length > 0) this.fit(false);
    this.requestDraw();
  }

  requestDraw(): void {
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => {
      this.frameRequested = false;
      this.draw();
    });
  }

  /** Draws one frame now. */
  draw(): void {
    this.frames += 1;
    this.drawFullFrame();
  }

  /** Draws every node and link at full quality now (the benchmark times it). */
  drawFullFrame(): void {
    const { ctx, palette: p, transform: t } = this;
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = p.background;
    ctx.fillRect(0, 0, this.width, this.height);
    ctx.translate(t.x, t.y);
    ctx.scale(t.k, t.k);
    // The visible world rectangle, to skip what is off screen.
    const vx0 = -t.x / t.k - 20;
    const vy0 = -t.y / t.k - 20;
    const vx1 = (this.width - t.x) / t.k + 20;
    const vy1 = (this.height - t.y) / t.k + 20;
    const inView = (d: DrawNode) => d.x! >= vx0 && d.x! <= vx1 && d.y! >= vy0 && d.y! <= vy1;

    // Links: a few batched paths by strength bucket (Spot fades edges by −ln score).
    ctx.lineWidth = 1 / Math.max(0.5, t.k);
    ctx.strokeStyle = p.link;
    for (let b = 0; b < LINK_BUCKETS; b++) {
      ctx.globalAlpha = 0.12 + (0.6 * (b + 1)) / LINK_BUCKETS;
      ctx.beginPath();
      for (const l of this.links) {
        if (l.bucket !== b) continue;
        const sx = l.source.x!;
        const sy = l.source.y!;
        const tx = l.target.x!;
        const ty = l.target.y!;
        // Both ends beyond the same edge of the view: the line cannot cross it.
        if ((sx < vx0 && tx < vx0) || (sx > vx1 && tx > vx1) || (sy < vy0 && ty < vy0) || (sy > vy1 && ty > vy1))
          continue;
        ctx.moveTo(sx, sy);
        ctx.lineTo(tx, ty);
      }
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
    if (this.highlightLinks.size > 0) {
      ctx.strokeStyle = p.highlight;
      ctx.lineWidth = 3 / Math.max(0.5, t.k);
      ctx.beginPath();
      for (const l of this.links) {
        if (!this.highlightLinks.has(l.id)) continue;
        ctx.moveTo(l.source.x!, l.source.y!);
        ctx.lineTo(l.target.x!, l.target.y!);
      }
      ctx.stroke();
    }

    // Nodes, batched by fill colour.
    const byFill = new Map<string, DrawNode[]>();
    for (const d of this.nodes) {
      if (!inView(d)) continue;
      let list = byFill.get(d.fill);
      if (!list) byFill.set(d.fill, (list = []));
      list.push(d);
    }
    ctx.lineWidth = 1 / Math.max(0.5, t.k);
    ctx.strokeStyle = p.background;
    // Nodes smaller than ~2.5 px on screen are drawn as squares: same look at that size, far cheaper to raster.
    const tiny = 2.5 / t.k;
    const outline = this.nodes.length <= 800;
    for (const [fill, list] of byFill) {
      ctx.fillStyle = fill;
      ctx.beginPath();
      for (const d of list) {
        if (d.radius < tiny) ctx.rect(d.x! - d.radius, d.y! - d.radius, d.radius * 2, d.radius * 2);
        else this.shapePath(d, d.radius);
      }
      ctx.fill();
      if (outline) ctx.stroke();
    }
    // Reputation rings and highlights.
    ctx.lineWidth = 2.2 / Math.max(0.6, t.k);
    for (const colour of [p.info, p.warning, p.danger]) {
      ctx.strokeStyle = colour;
      ctx.beginPath();
      for (const d of this.nodes) if (d.ring === colour && inView(d)) this.shapePath(d, d.radius + 1.5);
      ctx.stroke();
    }
    if (this.highlightNodes.size > 0 || this.hovered) {
      ctx.strokeStyle = p.highlight;
      ctx.lineWidth = 3 / Math.max(0.6, t.k);
      ctx.beginPath();
      for (const id of this.highlightNodes) {
        const d = this.byId.get(id);
        if (d && d.x !== undefined) this.shapePath(d, d.radius + 3);
      }
      if (this.hovered) this.shapePath(this.hovered, this.hovered.radius + 3);
      ctx.stroke();
    }
    // Collapsed tree nodes carry a "+".
    ctx.strokeStyle = p.text;
    ctx.lineWidth = 1.2 / Math.max(0.6, t.k);
    ctx.beginPath();
    for (const d of this.nodes) {
      if (!d.node.collapsed || !inView(d)) continue;
      const r = d.radius * 0.55;
      ctx.moveTo(d.x! - r, d.y!);
      ctx.lineTo(d.x! + r, d.y!);
      ctx.moveTo(d.x!, d.y! - r);
      ctx.lineTo(d.x!, d.y! + r);
    }
    ctx.stroke();

    // Labels when there is room: small graphs, zoomed in, or highlighted nodes. A halo of the background keeps
    // them readable where they cross an edge. A label that would cover another node or label moves to the node's
    // left or is left out (the tooltip names the node); the selected and hovered nodes' labels are always written.
    const fontPx = 10 / t.k;
    ctx.font = `${fontPx}px system-ui, sans-serif`;
    ctx.fillStyle = p.text;
    ctx.strokeStyle = p.background;
    ctx.lineWidth = 3 / t.k;
    ctx.lineJoin = 'round';
    ctx.textBaseline = 'middle';
    const showAll = this.nodes.length <= 120 || t.k >= 1.8;
    const isKept = (d: DrawNode) => this.highlightNodes.has(d.id) || d === this.hovered;
    const labelled = this.nodes.filter((d) => (showAll || isKept(d)) && inView(d));
    if (labelled.length === 0) return;
    // The kept labels first, then the larger nodes (more rows): they claim their label's place first.
    labelled.sort((a, b) => Number(isKept(b)) - Number(isKept(a)) || b.radius - a.radius);
    const texts = new Map<string, string>();
    const candidates: LabelCandidate[] = labelled.slice(0, 400).map((d) => {
      const text = d.node.label.length > 48 ? `${d.node.label.slice(0, 47)}…` : d.node.label;
      texts.set(d.id, text);
      return {
        ...this.labelObstacle(d),
        width: ctx.measureText(text).width,
        height: fontPx * 1.2,
        offset: nodeLabelOffset(d.node.shape, d.radius, t.k),
        keep: isKept(d),
      };
    });
    // Only nodes where a label could go are obstacles (a few kept labels need not index the whole graph).
    let [ax0, ay0, ax1, ay1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const c of candidates) {
      ax0 = Math.min(ax0, c.x - c.offset - c.width);
      ax1 = Math.max(ax1, c.x + c.offset + c.width);
      ay0 = Math.min(ay0, c.y - c.height);
      ay1 = Math.max(ay1, c.y + c.height);
    }
    const obstacles: LabelObstacle[] = [];
    for (const d of this.nodes) {
      const reach = d.radius * 1.25 + 1.5;
      if (d.x! + reach < ax0 || d.x! - reach > ax1 || d.y! + reach < ay0 || d.y! - reach > ay1) continue;
      obstacles.push(this.labelObstacle(d));
    }
    // The visible area (without the margin of 20 graph units above): a label past the canvas edge would be cut.
    for (const label of placeLabels(candidates, obstacles, { x0: vx0 + 20, x1: vx1 - 20 })) {
      const text = texts.get(label.id) ?? '';
      ctx.textAlign = label.align;
      ctx.strokeText(text, label.x, label.y);
      ctx.fillText(text, label.x, label.y);
    }
    ctx.textAlign = 'left';
  }

  /** How far a node's shape (and its ring) reaches, for the label layout. */
  private labelObstacle(d: DrawNode): LabelObstacle {
    return { id: d.id, x: d.x!, y: d.y!, reach: d.radius * (d.node.shape === 'diamond' ? 1.25 : 1) + 1.5 };
  }

  private shapePath(d: DrawNode, r: number): void {
    const ctx = this.ctx;
    const x = d.x!;
    const y = d.y!;
    if (d.node.shape === 'diamond') {
      const s = r * 1.25;
      ctx.moveTo(x, y - s);
      ctx.lineTo(x + s, y);
      ctx.lineTo(x, y + s);
      ctx.lineTo(x - s, y);
      ctx.closePath();
    } else {
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, Math.PI * 2);
    }
  }

  /** The node under a canvas point (CSS px), if any. */
  nodeAt(px: number, py: number): DrawNode | null {
    const x = this.transform.invertX(px);
    const y = this.transform.invertY(py);
    const slack = 4 / this.transform.k;
    let best: DrawNode | null = null;
    let bestDist = Infinity;
    for (const d of this.nodes) {
      const dx = d.x! - x;
      const dy = d.y! - y;
      const dist = dx * dx + dy * dy;
      const r = d.radius * (d.node.shape === 'diamond' ? 1.25 : 1) + slack;
      if (dist <= r * r && dist < bestDist) {
        best = d;
        bestDist = dist;
      }
    }
    return best;
  }

  private point(e: MouseEvent): [number, number] {
    const rect = this.canvas.getBoundingClientRect();
    return [e.clientX - rect.left, e.clientY - rect.top];
  }

  private readonly onPointerMove = (e: PointerEvent) => {
    if (e.buttons !== 0) return;
    const d = this.nodeAt(...this.point(e));
    if (d !== this.hovered) {
      this.hovered = d;
      this.canvas.style.cursor = d ? 'pointer' : 'grab';
      this.requestDraw();
    }
    this.events.onHover?.(d?.node ?? null, e.clientX, e.clientY);
  };
  private readonly onPointerLeave = () => {
    this.hovered = null;
    this.events.onHover?.(null, 0, 0);
    this.requestDraw();
  };
  private readonly onClickEvent = (e: MouseEvent) => {
    this.events.onClick?.(this.nodeAt(...this.point(e))?.node ?? null, e);
  };
  private readonly onDblClickEvent = (e: MouseEvent) => {
    const d = this.nodeAt(...this.point(e));
    if (d) this.events.onDblClick?.(d.node, e);
  };
  private readonly onContextEvent = (e: MouseEvent) => {
    const d = this.nodeAt(...this.point(e));
    if (!d) return;
    e.preventDefault();
    this.events.onContextMenu?.(d.node, e);
  };

  /** Where a node is on screen (CSS px relative to the canvas), for tests and menus. */
  screenPosition(id: string): { x: number; y: number } | null {
    const d = this.byId.get(id);
    if (!d || d.x === undefined || d.y === undefined) return null;
    return { x: this.transform.applyX(d.x), y: this.transform.applyY(d.y) };
  }

  destroy(): void {
    this.simulation?.stop();
    select(this.canvas).on('.zoom', null);
    this.canvas.removeEventListener('pointermove', this.onPointerMove);
    this.canvas.removeEventListener('pointerleave', this.onPointerLeave);
    this.canvas.removeEventListener('click', this.onClickEvent);
    this.canvas.removeEventListener('dblclick', this.onDblClickEvent);
    this.canvas.removeEventListener('contextmenu', this.onContextEvent);
  }
}

/** The node and link ids of a graph, in order: equal keys mean the layout can stay. */
function structureKey(graph: GraphData): string {
  return `${graph.nodes.map((n) => n.id).join('\u0001')}\u0002${graph.links.map((l) => l.id).join('\u0001')}`;
}
