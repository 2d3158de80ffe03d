/**
 * The network view on the bundled sample day, in Chromium: what "Expand neighbours" adds is drawn as what it is
 * (an internal host stays internal), and an expansion that adds nothing says so.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  C2_SERVER,
  C2_VICTIM,
  DGA_CLIENT,
  SAMPLE_DATE,
  SCANNER,
  SCAN_VERTICAL_TARGETS,
} from '../electron/core/sample/scenarios';
import { graphNodePoint, screenshot, useSampleDay } from './fixtures/app';

let page: Page;
const { api, openRows: openView } = useSampleDay(
  { pipelines: ['flow'], page: { width: 1600, height: 1000 } },
  (started) => ({ page } = started),
);

/** The tooltip lines a node shows on hover. */
async function tooltipOf(id: string): Promise<string> {
  const tip = page.getByRole('tooltip');
  // On a loaded machine the layout can still nudge the node between finding it and hovering it: find it again.
  for (let attempt = 1; ; attempt++) {
    const point = await graphNodePoint(page, id);
    await page.mouse.move(point.x - 30, point.y - 30);
    await page.mouse.move(point.x, point.y);
    try {
      await tip.waitFor({ timeout: 10_000 });
      return (await tip.textContent()) ?? '';
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}

async function rightClickMenu(id: string, item: string): Promise<void> {
  const point = await graphNodePoint(page, id);
  await page.mouse.click(point.x, point.y, { button: 'right' });
  await page.getByRole('menu').waitFor();
  await page.getByRole('menuitem', { name: item }).click();
}

const graphNodes = async () => Number(await page.getByTestId('network-graph').getAttribute('data-nodes'));
const isSampleInternal = (ip: string) => ip.startsWith('10.') || ip.startsWith('192.168.');

describe('Expand neighbours (issue #16 bug 4)', () => {
  it('draws an internal neighbour as internal, not as external', async () => {
    // The day filtered to one target of the vertical scan shows the scanner and that target; expanding the
    // scanner adds the other (internal) targets.
    const target = SCAN_VERTICAL_TARGETS[0];
    const neighbours = await api('graph.neighbours', {
      pipeline: 'flow',
      date: SAMPLE_DATE,
      kind: 'ip',
      value: SCANNER,
      limit: 50,
    });
    const day = await api('suspicious.rows', { pipeline: 'flow', date: SAMPLE_DATE });
    const [src, dst] = [day.columns.indexOf('srcip'), day.columns.indexOf('dstip')];
    const shown = new Set(
      day.rows
        .filter((r) => String(r[src]).includes(target) || String(r[dst]).includes(target))
        .flatMap((r) => [String(r[src]), String(r[dst])]),
    );
    const added = neighbours.filter((n) => isSampleInternal(n.value) && !shown.has(n.value));
    expect(added.length).toBeGreaterThan(0);
    await openView('flow', target);
    await graphNodePoint(page, `ip:${SCANNER}`);
    const before = await graphNodes();
    await rightClickMenu(`ip:${SCANNER}`, 'Expand neighbours (one hop)');
    await expect.poll(graphNodes).toBeGreaterThan(before);
    const tip = await tooltipOf(`ip:${added[0]!.value}`);
    expect(tip).toContain('added by expansion');
    expect(tip).toContain('internal');
    expect(tip).not.toContain('external');
    await screenshot(page, 'network-flow-expanded-1600');
  });

  it('says so when an expansion adds nothing', async () => {
    await openView('flow', C2_SERVER);
    const neighbours = await api('graph.neighbours', {
      pipeline: 'flow',
      date: SAMPLE_DATE,
      kind: 'ip',
      value: C2_SERVER,
      limit: 50,
    });
    // The C2 server only talks to its victim, which the filtered graph already shows.
    expect(neighbours.map((n) => n.value)).toEqual([C2_VICTIM]);
    await graphNodePoint(page, `ip:${C2_SERVER}`);
    const before = await graphNodes();
    await rightClickMenu(`ip:${C2_SERVER}`, 'Expand neighbours (one hop)');
    await expect
      .poll(async () => (await page.getByTestId('network-view').textContent()) ?? '')
      .toContain(`Expanding ${C2_SERVER} added nothing`);
    expect(await graphNodes()).toBe(before);
  });
});

describe('a graph that starts from the selection', () => {
  it('draws the selected row and the top rows one hop out, not the whole day; search filters it too', async () => {
    await openView('flow');
    const caption = page.getByTestId('graph-scope');
    await expect.poll(async () => (await caption.textContent()) ?? '').toMatch(/^\d+ of \d+ nodes: one hop/);
    const [shown, whole] = ((await caption.textContent()) ?? '').match(/\d+/g)!.map(Number);
    expect(shown).toBeLessThanOrEqual(150);
    expect(whole).toBeGreaterThan(shown!);
    // Edges run under the caption: it sits on the panel's own colour, opaque, so its text stays readable.
    const plate = await caption.evaluate((el) => {
      const panel = el.closest('.panel') ?? document.body;
      return [getComputedStyle(el).backgroundColor, getComputedStyle(panel).backgroundColor];
    });
    expect(plate[0]).toBe(plate[1]);
    expect(plate[0]).not.toMatch(/rgba\(.*, 0\)$/);
    await screenshot(page, 'network-flow-scope-1600');
    // The search box narrows the graph with the table.
    await page.getByLabel('Search the suspicious rows').fill(C2_SERVER);
    await expect.poll(async () => (await caption.textContent()) ?? '').toMatch(/^2 of 2 nodes/);
    await page.locator('[data-testid=suspicious-table] [role=row][aria-rowindex="1"]').click();
    await graphNodePoint(page, `ip:${C2_SERVER}`);
    await page.getByLabel('Search the suspicious rows').fill('');
    // The selected row's hosts stay in the graph when the search is cleared.
    await expect.poll(async () => (await caption.textContent()) ?? '').toContain('the selected row');
    await graphNodePoint(page, `ip:${C2_SERVER}`);
    await page.getByRole('button', { name: 'expand' }).nth(1).click();
    await screenshot(page, 'network-flow-expanded-panel-1600');
    await page.getByRole('button', { name: 'restore' }).click();
  });

  it("DNS dendrogram groups a client's names by base domain, with a cap", async () => {
    await openView('dns', DGA_CLIENT);
    await page.locator('[data-testid=suspicious-table] [role=row][aria-rowindex="1"]').click();
    await page.getByRole('tab', { name: 'Dendrogram' }).click();
    const dendro = page.getByTestId('dendrogram').locator('svg');
    await dendro.waitFor();
    const labels = await dendro.locator('g.domain text').allTextContents();
    expect(labels.length).toBeGreaterThan(0);
    expect(labels.length).toBeLessThanOrEqual(12);
    expect(labels.every((l) => /\(\d+\)/.test(l))).toBe(true);
    // A DGA client asks for hundreds of names: the cap ends in "N more".
    expect((await dendro.locator('g.more text').allTextContents()).join(' ')).toMatch(/\d+ more/);
    await screenshot(page, 'network-dns-dendrogram-1600');
  });
});
