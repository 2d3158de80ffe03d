/**
 * Where the network view writes node labels so none covers another node or label: each label goes right of its node,
 * else left of it, else it is left out (the node's tooltip still names it). Labels that must be read (the selected
 * and hovered nodes) are placed first, try above and below their node too, and are always drawn. Framework-free;
 * all sizes in one unit (graph coordinates).
 */

/** A node as an obstacle: its centre and how far its shape reaches. */
export interface LabelObstacle {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly reach: number;
}

/** A node whose label is wanted: its text's size and the gap between the node's centre and the text. */
export interface LabelCandidate extends LabelObstacle {
  readonly width: number;
  readonly height: number;
  readonly offset: number;
  /** Drawn even when it overlaps (selected, hovered). */
  readonly keep: boolean;
}

/** A label to draw: the x where the text starts (`left`), ends (`right`) or is centred (`center`, above or below
 * the node), and its middle's y. */
export interface PlacedLabel {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly align: 'left' | 'right' | 'center';
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  id: string;
}

const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/** Boxes in a uniform grid, so a label is checked against its neighbourhood only (hundreds of nodes per frame). */
class BoxGrid {
  private readonly cells = new Map<number, Box[]>();
  constructor(private readonly size: number) {}

  /** Numeric cell keys (a string per cell per frame would be garbage): rows of a million cells never meet. */
  private keys(b: Box): number[] {
    const keys: number[] = [];
    const [cx0, cx1] = [Math.floor(b.x0 / this.size), Math.floor(b.x1 / this.size)];
    const [cy0, cy1] = [Math.floor(b.y0 / this.size), Math.floor(b.y1 / this.size)];
    for (let cx = cx0; cx <= cx1; cx++) for (let cy = cy0; cy <= cy1; cy++) keys.push(cx * 1_000_003 + cy);
    return keys;
  }

  add(b: Box): void {
    for (const key of this.keys(b)) {
      const cell = this.cells.get(key);
      if (cell) cell.push(b);
      else this.cells.set(key, [b]);
    }
  }

  /** Whether `b` overlaps a box other than those of `ownId` (a label may touch its own node). */
  hits(b: Box, ownId: string): boolean {
    for (const key of this.keys(b)) {
      for (const other of this.cells.get(key) ?? []) if (other.id !== ownId && overlaps(b, other)) return true;
    }
    return false;
  }
}

/**
 * Places the candidates' labels in order (callers put the more important nodes first); kept labels go before the
 * rest whatever their order. `obstacles` are every drawn node, labelled or not.
 */
export function placeLabels(
  candidates: readonly LabelCandidate[],
  obstacles: readonly LabelObstacle[],
  /** The visible area: a label that would run past its left or right edge is cut there, so it counts as a hit. */
  bounds?: { readonly x0: number; readonly x1: number },
): PlacedLabel[] {
  const inside = (b: Box) => !bounds || (b.x0 >= bounds.x0 && b.x1 <= bounds.x1);
  const height = Math.max(1, ...candidates.map((c) => c.height));
  const grid = new BoxGrid(Math.max(height * 4, 1));
  for (const o of obstacles)
    grid.add({ x0: o.x - o.reach, y0: o.y - o.reach, x1: o.x + o.reach, y1: o.y + o.reach, id: o.id });
  const ordered = [...candidates.filter((c) => c.keep), ...candidates.filter((c) => !c.keep)];
  const placed: PlacedLabel[] = [];
  const place = (box: Box, label: PlacedLabel) => {
    grid.add(box);
    placed.push(label);
  };
  for (const c of ordered) {
    const y0 = c.y - c.height / 2;
    const y1 = c.y + c.height / 2;
    const right: Box = { x0: c.x + c.offset, x1: c.x + c.offset + c.width, y0, y1, id: c.id };
    const left: Box = { x0: c.x - c.offset - c.width, x1: c.x - c.offset, y0, y1, id: c.id };
    const free = (b: Box) => inside(b) && !grid.hits(b, c.id);
    if (free(right)) place(right, { id: c.id, x: right.x0, y: c.y, align: 'left' });
    else if (free(left)) place(left, { id: c.id, x: left.x1, y: c.y, align: 'right' });
    else if (c.keep) {
      // A label that must be read tries above and below its node (centred) before it is written over others.
      const x0 = c.x - c.width / 2;
      const x1 = c.x + c.width / 2;
      const above: Box = { x0, x1, y0: c.y - c.reach - 1 - c.height, y1: c.y - c.reach - 1, id: c.id };
      const below: Box = { x0, x1, y0: c.y + c.reach + 1, y1: c.y + c.reach + 1 + c.height, id: c.id };
      const centred = (b: Box): PlacedLabel => ({ id: c.id, x: c.x, y: (b.y0 + b.y1) / 2, align: 'center' });
      if (free(above)) place(above, centred(above));
      else if (free(below)) place(below, centred(below));
      else if (inside(left) && !inside(right)) place(left, { id: c.id, x: left.x1, y: c.y, align: 'right' });
      else place(right, { id: c.id, x: right.x0, y: c.y, align: 'left' });
    }
  }
  return placed;
}
