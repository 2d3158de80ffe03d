import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { placeLabels, type LabelCandidate, type LabelObstacle } from './label-layout';

const node = (id: string, x: number, y: number, extra: Partial<LabelCandidate> = {}): LabelCandidate => ({
  id,
  x,
  y,
  reach: 5,
  width: 40,
  height: 10,
  offset: 8,
  keep: false,
  ...extra,
});

describe('node label layout', () => {
  it('writes a label right of its node when nothing is there', () => {
    const a = node('a', 0, 0);
    expect(placeLabels([a], [a])).toEqual([{ id: 'a', x: 8, y: 0, align: 'left' }]);
  });

  it('moves a label to the left when a neighbouring node sits on its right', () => {
    const a = node('a', 0, 0);
    const b = node('b', 30, 0);
    const placed = placeLabels([a], [a, b]);
    expect(placed).toEqual([{ id: 'a', x: -8, y: 0, align: 'right' }]);
  });

  it('leaves a label out when nodes crowd both sides, and never lets two labels overlap', () => {
    const nodes = [node('a', -30, 0), node('b', 0, 0), node('c', 30, 0)];
    const placed = placeLabels([nodes[1]!], nodes);
    expect(placed).toEqual([]);
    // Two nodes one above the other: the second label cannot go right (the first is there), so it goes left.
    const upper = node('u', 0, 0);
    const lower = node('l', 0, 6, { reach: 2 });
    expect(placeLabels([upper, lower], [upper, lower]).map((p) => [p.id, p.align])).toEqual([
      ['u', 'left'],
      ['l', 'right'],
    ]);
  });

  it('moves a label left at the visible area’s right edge rather than let the edge cut it', () => {
    const a = node('a', 90, 0);
    expect(placeLabels([a], [a], { x0: 0, x1: 100 })).toEqual([{ id: 'a', x: 82, y: 0, align: 'right' }]);
    // A kept label crowded on both sides still shows, on the side the edge does not cut.
    const kept = node('k', 90, 0, { keep: true });
    expect(placeLabels([kept], [kept, node('l', 60, 0)], { x0: 0, x1: 100 })[0]!.align).toBe('right');
  });

  it('always writes the selected or hovered node’s label, first, so others give way to it', () => {
    const nodes = [node('a', -30, 0), node('b', 0, 0, { keep: true }), node('c', 30, 0)];
    const placed = placeLabels([nodes[1]!], nodes);
    // Both sides of b are crowded: its label goes above it, centred (neither over a nor over c)...
    expect(placed).toEqual([{ id: 'b', x: 0, y: -11, align: 'center' }]);
    // ...and c, listed first, gives way: its right side is free now, and it takes it.
    expect(placeLabels([nodes[2]!, nodes[1]!], nodes).map((p) => p.id)).toEqual(['b', 'c']);
  });

  it('two selected nodes side by side: neither label is written over the other (proxy tree at 1366 px)', () => {
    // "Proxy" and "files-transfer-secure.com" were written over each other: both on the selected row's path.
    const gateway = node('gateway', 0, 0, { keep: true });
    const host = node('host', 20, 0, { keep: true, width: 60 });
    const wall = node('wall', -30, 0);
    const placed = placeLabels([gateway, host], [gateway, host, wall]);
    const boxes = placed.map((p) => {
      const c = p.id === 'gateway' ? gateway : host;
      const x0 = p.align === 'left' ? p.x : p.align === 'right' ? p.x - c.width : p.x - c.width / 2;
      return { x0, x1: x0 + c.width, y0: p.y - c.height / 2, y1: p.y + c.height / 2 };
    });
    expect(placed).toHaveLength(2);
    const [a, b] = boxes as [(typeof boxes)[number], (typeof boxes)[number]];
    expect(a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1).toBe(false);
  });

  it('property: a label that is not kept never covers another node or another label', () => {
    const point = fc.record({
      x: fc.integer({ min: 0, max: 300 }),
      y: fc.integer({ min: 0, max: 200 }),
      reach: fc.integer({ min: 1, max: 12 }),
      width: fc.integer({ min: 10, max: 90 }),
      keep: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(point, { minLength: 1, maxLength: 60 }), (points) => {
        const nodes = points.map((p, i) => node(`n${i}`, p.x, p.y, { ...p, keep: p.keep && i % 7 === 0 }));
        const placed = placeLabels(nodes, nodes);
        const byId = new Map(nodes.map((n) => [n.id, n]));
        const box = (id: string) => {
          const p = placed.find((l) => l.id === id)!;
          const n = byId.get(id)!;
          const x0 = p.align === 'left' ? p.x : p.align === 'right' ? p.x - n.width : p.x - n.width / 2;
          return { x0, x1: x0 + n.width, y0: p.y - n.height / 2, y1: p.y + n.height / 2 };
        };
        const hit = (a: ReturnType<typeof box>, b: ReturnType<typeof box>) =>
          a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
        const nodeBox = (n: LabelObstacle) => ({
          x0: n.x - n.reach,
          x1: n.x + n.reach,
          y0: n.y - n.reach,
          y1: n.y + n.reach,
        });
        for (const l of placed) {
          if (byId.get(l.id)!.keep) continue;
          const mine = box(l.id);
          for (const other of placed) if (other.id !== l.id && hit(mine, box(other.id))) return false;
          for (const n of nodes) if (n.id !== l.id && hit(mine, nodeBox(n))) return false;
        }
        // Every kept label is drawn.
        return nodes.filter((n) => n.keep).every((n) => placed.some((p) => p.id === n.id));
      }),
    );
  });
});
