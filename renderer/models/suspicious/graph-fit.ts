/** The zoom that fits a drawn graph into its canvas: every node's whole shape, not only its centre. */

/** A node as drawn, in graph units: its centre and radius. */
export interface PlacedNode {
  x: number;
  y: number;
  radius: number;
}

export interface FitView {
  /** Scale, then the translation that puts the graph's middle in the canvas' middle. */
  k: number;
  x: number;
  y: number;
}

/** How far a node's drawing reaches from its centre: a diamond's corner (1.25 r) and its reputation ring. */
export const nodeReach = (radius: number): number => radius * 1.25 + 3;

/**
 * The zoom and translation that fit every node's shape (radius included: the proxy tree's big nodes were cut at
 * the panel's edges when only the centres were fitted) into width × height with `pad` pixels around, never
 * zoomed past `maxK` (a 3-node tree would fill the panel with three giant shapes) nor below 0.03.
 */
export function fitView(nodes: readonly PlacedNode[], width: number, height: number, pad = 30, maxK = 2): FitView {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const d of nodes) {
    const reach = nodeReach(d.radius);
    x0 = Math.min(x0, d.x - reach);
    y0 = Math.min(y0, d.y - reach);
    x1 = Math.max(x1, d.x + reach);
    y1 = Math.max(y1, d.y + reach);
  }
  if (!Number.isFinite(x0)) return { k: 1, x: width / 2, y: height / 2 };
  const k = Math.min(
    maxK,
    Math.max(0.03, Math.min((width - 2 * pad) / (x1 - x0 || 1), (height - 2 * pad) / (y1 - y0 || 1))),
  );
  return { k, x: width / 2 - (k * (x0 + x1)) / 2, y: height / 2 - (k * (y0 + y1)) / 2 };
}
