import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitView, nodeReach } from './graph-fit';

describe('fitting the graph to its canvas', () => {
  it('keeps every node’s whole shape inside the padded canvas, not only its centre', () => {
    // A 390 px panel with a wide tree whose outer nodes are big (the proxy tree at 1366×768).
    const nodes = [
      { x: -100, y: 0, radius: 16 },
      { x: 100, y: 0, radius: 16 },
      { x: 0, y: 60, radius: 4 },
    ];
    const view = fitView(nodes, 390, 280, 30);
    for (const d of nodes) {
      const reach = nodeReach(d.radius) * view.k;
      expect(view.k * d.x + view.x - reach).toBeGreaterThanOrEqual(30 - 1e-9);
      expect(view.k * d.x + view.x + reach).toBeLessThanOrEqual(390 - 30 + 1e-9);
    }
  });
  it('holds for any layout that is not zoomed to its limits', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            x: fc.double({ min: -500, max: 500, noNaN: true }),
            y: fc.double({ min: -500, max: 500, noNaN: true }),
            radius: fc.double({ min: 1, max: 16, noNaN: true }),
          }),
          { minLength: 2, maxLength: 40 },
        ),
        (nodes) => {
          const view = fitView(nodes, 400, 300, 30);
          if (view.k === 2 || view.k === 0.03) return;
          for (const d of nodes) {
            const reach = nodeReach(d.radius) * view.k;
            expect(view.k * d.x + view.x - reach).toBeGreaterThanOrEqual(30 - 1e-6);
            expect(view.k * d.y + view.y + reach).toBeLessThanOrEqual(300 - 30 + 1e-6);
          }
        },
      ),
    );
  });
  it('does not blow a small graph up past 2×', () => {
    expect(fitView([{ x: 0, y: 0, radius: 4 }], 400, 300).k).toBe(2);
  });
});
