/**
 * The Suspicious views on the bundled sample day, in Chromium: the injected scenarios are in the table, a graph
 * node filters the day (double-click and the right-click menu), details/chord/dendrogram follow the selection,
 * keyboard triage, and scoring with preview and undo.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { findingShortLabel } from '../shared/finding-label';
import { formatCount } from '../shared/format';
import {
  C2_SERVER,
  DGA_CLIENT,
  EXFIL_HOST,
  MALWARE_CLIENT,
  MALWARE_URI,
  SAMPLE_DATE,
  SCANNER,
  TUNNEL_DOMAIN,
} from '../electron/core/sample/scenarios';
import { graphNodePoint, screenshot, useSampleDay } from './fixtures/app';

let page: Page;
const { api, openRows: openView } = useSampleDay({ timeoutMs: 200_000 }, (started) => ({ page } = started));

const tableRows = async () => Number(await page.getByTestId('suspicious-table').getAttribute('data-rows'));

async function search(text: string): Promise<number> {
  await page.getByLabel('Search the suspicious rows').fill(text);
  await page.waitForTimeout(150);
  return tableRows();
}

/** The text of the table's first `n` rows as shown (the table is virtualised; the first rows are always drawn). */
async function firstRows(n: number): Promise<string[]> {
  const texts: string[] = [];
  for (let i = 1; i <= n; i++) {
    texts.push(
      (await page.locator(`[data-testid=suspicious-table] [role=row][aria-rowindex="${i}"]`).textContent()) ?? '',
    );
  }
  return texts;
}

describe('the default order: combined risk', () => {
  // Each injected scenario leads its pipeline's list, with the named detection that put it there.
  const cases = [
    { pipeline: 'flow', expected: [SCANNER, C2_SERVER], detections: ['port scan', 'beaconing'] },
    { pipeline: 'dns', expected: [TUNNEL_DOMAIN, DGA_CLIENT], detections: ['dns tunnelling', 'dga'] },
    { pipeline: 'proxy', expected: [EXFIL_HOST, MALWARE_CLIENT], detections: ['large upload', 'beaconing'] },
    // The Finding column writes each by its short label (the whole name is the badge's hover text).
  ] as const;
  for (const { pipeline, expected, detections } of cases) {
    it(`${pipeline}: the scenarios are the first rows, with their detection; LDA order is one click away`, async () => {
      await openView(pipeline);
      expect(await page.getByLabel('Row order').inputValue()).toBe('combined');
      const top = await firstRows(8);
      for (const identifier of expected)
        expect(
          top.some((text) => text.includes(identifier)),
          identifier,
        ).toBe(true);
      for (const name of detections.map(findingShortLabel))
        expect(
          top.some((text) => text.includes(name)),
          name,
        ).toBe(true);
      // The title says which named detections the day has and where they were computed (the scorer's file).
      const day = (await api('days.list', { pipeline })).find((d) => d.date === SAMPLE_DATE);
      expect(day?.findings).toMatchObject({ computed: true, missing: [] });
      const findings = day!.findings as { findings: number; detectorsAsked: number };
      expect(findings.findings).toBeGreaterThan(0);
      const brief = page.getByTestId('day-findings');
      await expect
        .poll(() => brief.textContent())
        .toBe(
          `${formatCount(findings.findings)} finding${findings.findings === 1 ? '' : 's'} · ` +
            `${findings.detectorsAsked} of ${findings.detectorsAsked} detectors`,
        );
      expect(await brief.getAttribute('title')).toContain(`the embedded scorer's ${pipeline}_detections.json`);
      expect(await page.getByTestId('findings-warning').count()).toBe(0);
      await screenshot(page, `suspicious-${pipeline}-combined-order`);
      await page.getByLabel('Row order').selectOption('lda');
      // Spot's order starts with the lowest LDA score: rank 1.
      // The row key is the row's index in Spot's order: rank 1 is index 0.
      const firstRank = () =>
        page.locator('[data-testid=suspicious-table] [role=row][aria-rowindex="1"]').getAttribute('data-row-key');
      await expect.poll(firstRank).toBe('0');
      expect((await firstRows(1))[0]).not.toBe(top[0]);
      await page.getByLabel('Row order').selectOption('combined');
    });
  }
});

describe('layout at the smallest supported window', () => {
  const CHIP_FILTER: Record<string, string> = { flow: SCANNER, dns: TUNNEL_DOMAIN, proxy: EXFIL_HOST };
  // At 1366×768 (a common laptop) the header words broke inside ("Threat / investigation") and the scoring bar
  // spilled Undo/Redo/Send onto a second line once a day with thousands of rows was selected. Runs before any
  // row is scored: the feedback state and file then take a second line of the scoring bar, by design.
  it('at 1366×768, light and dark, the header and the scoring bar each hold one line', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width: 1366, height: 768 });
      for (const pipeline of ['flow', 'dns', 'proxy']) {
        await openView(pipeline);
        // one text line: the Import… button (never stretched); a label broken in two is about twice as tall
        const line = (await page.getByRole('button', { name: 'Import…' }).boundingBox())!.height;
        const header = await page.locator('header').boundingBox();
        expect(header!.height, `${pipeline} header`).toBeLessThan(line * 1.6);
        for (const name of ['Threat investigation', 'Ingest summary']) {
          const view = await page.getByRole('navigation', { name: 'View' }).getByRole('button', { name }).boundingBox();
          expect(view!.height, `${pipeline} ${name}`).toBeLessThan(line * 1.4);
        }
        const bar = page.getByTestId('scoring-bar');
        const barBox = await bar.boundingBox();
        const undo = await bar.getByRole('button', { name: 'Undo' }).boundingBox();
        const high = await bar.getByRole('button', { name: /High/ }).boundingBox();
        expect(Math.abs(undo!.y - high!.y), `${pipeline} scoring bar`).toBeLessThan(4);
        expect(barBox!.height, `${pipeline} scoring bar`).toBeLessThan(undo!.height * 2);
        await screenshot(page, `layout-${pipeline}-1366-${scheme}`);
        // A filter chip takes room: the toolbar still holds one line (DNS wrapped "show allow-listed" under it).
        await openView(pipeline, CHIP_FILTER[pipeline]);
        await page.getByTestId('filter-chip').waitFor();
        const toolbar = page.getByTestId('suspicious-view').locator('.toolbar');
        const title = (await toolbar.locator('h1').boundingBox())!;
        for (const item of [
          toolbar.getByTestId('filter-chip'),
          toolbar.getByText(/show allow-listed/),
          toolbar.locator('button.help'),
        ]) {
          const box = (await item.boundingBox())!;
          expect(box.x + box.width, `${pipeline} toolbar inside the window`).toBeLessThanOrEqual(1366);
          expect(Math.abs(box.y + box.height / 2 - (title.y + title.height / 2)), `${pipeline} toolbar`).toBeLessThan(
            4,
          );
        }
        // …and the chip says its filter whole (an IP cut to "10.10.4.2…" names another host).
        const chipLabel = toolbar.getByTestId('filter-chip').locator('.label');
        // (against the text's width in the label's font: an ellipsis is only painted, the layout boxes hide it)
        const cut = await chipLabel.evaluate((el) => {
          const probe = document.createElement('span');
          Object.assign(probe.style, { font: getComputedStyle(el).font, position: 'absolute', whiteSpace: 'pre' });
          probe.textContent = el.textContent;
          document.body.append(probe);
          const needed = probe.getBoundingClientRect().width;
          probe.remove();
          return needed > el.getBoundingClientRect().width + 0.01; // a fraction of a pixel is enough to cut it
        });
        expect(cut, `${pipeline} chip “${await chipLabel.textContent()}”`).toBe(false);
        // The search box gave up its width, not its words.
        const searchFit = await toolbar.getByLabel('Search the suspicious rows').evaluate((input: HTMLInputElement) => {
          const probe = document.createElement('span');
          Object.assign(probe.style, { font: getComputedStyle(input).font, position: 'absolute', whiteSpace: 'pre' });
          probe.textContent = input.placeholder;
          document.body.append(probe);
          const needed = probe.getBoundingClientRect().width;
          probe.remove();
          const style = getComputedStyle(input);
          return needed <= input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        });
        expect(searchFit, `${pipeline} search placeholder`).toBe(true);
        await screenshot(page, `layout-${pipeline}-1366-chip-${scheme}`);
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  // The quick-score placeholder says what can be typed; DNS's was cut at "client IP or exact qu".
  it('the quick-score placeholder fits its input at 1366×768 and 1600×1000, every pipeline', async () => {
    for (const [width, height, scheme] of [
      [1366, 768, 'light'],
      [1600, 1000, 'dark'],
    ] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height });
      for (const pipeline of ['flow', 'dns', 'proxy']) {
        await openView(pipeline);
        const fit = await page.getByLabel('Quick scoring').evaluate((input: HTMLInputElement) => {
          const style = getComputedStyle(input);
          const probe = document.createElement('span');
          Object.assign(probe.style, {
            font: style.font,
            whiteSpace: 'pre',
            position: 'absolute',
            visibility: 'hidden',
          });
          probe.textContent = input.placeholder;
          document.body.append(probe);
          const needed = probe.getBoundingClientRect().width;
          probe.remove();
          const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
          return { text: input.placeholder, needed, room };
        });
        expect(fit.text, pipeline).not.toBe('');
        expect(fit.needed, `${pipeline} at ${width}: “${fit.text}”`).toBeLessThanOrEqual(fit.room);
        await screenshot(page, `quick-score-${pipeline}-${width}x${height}-${scheme}`);
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1440, height: 900 });
  });
});

describe('suspicious flow', () => {
  it('lists every suspicious row (no 250 cap) and finds the injected C2 server and scanner', async () => {
    await openView('flow');
    const total = (await api('suspicious.rows', { pipeline: 'flow', date: SAMPLE_DATE })).total;
    expect(total).toBeGreaterThan(250);
    expect(await tableRows()).toBe(total);
    expect(await page.getByTestId('row-counts').textContent()).toContain(
      `${formatCount(total)} shown of ${formatCount(total)}`,
    );
    expect(await search(C2_SERVER)).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=suspicious-table] [role=row][aria-rowindex="1"]').textContent()).toContain(
      C2_SERVER,
    );
    await screenshot(page, 'suspicious-flow-c2');
    expect(await search(SCANNER)).toBeGreaterThan(0);
    await search('');
  });

  it('selects a row: details (same minute, both directions), chord and why-suspicious follow', async () => {
    await search(C2_SERVER);
    await page.locator('[data-testid=suspicious-table] [role=row][aria-rowindex="1"]').click();
    await page.getByTestId('details-table').waitFor();
    const detailRows = Number(await page.getByTestId('details-table').getAttribute('data-rows'));
    expect(detailRows).toBeGreaterThan(0);
    await page.getByRole('tab', { name: 'Why suspicious' }).click();
    const why = await page.getByTestId('why-suspicious').textContent();
    expect(why).toContain('suspicious rows today');
    // The beacon's rows are not among the lowest LDA scores: the detection brought them in, and says so.
    expect(why).toContain('Detected: beaconing');
    expect(why).toContain('added because a named detection covers it');
    await page.getByRole('tab', { name: 'Chord' }).click();
    await page.getByTestId('chord-diagram').locator('svg').waitFor();
    await screenshot(page, 'suspicious-flow-details-chord');
    await search('');
  });

  it("a scanner's chord draws its busiest peers and folds the rest into one arc", async () => {
    // 258 groups × d3's 0.04 rad padding exceeded the circle: the scanner's chord tab was blank.
    await openView('flow');
    await search(SCANNER);
    await page.locator('[data-testid=suspicious-table] [role=row][aria-rowindex="1"]').click();
    await page.getByRole('tab', { name: 'Chord' }).click();
    const chord = page.getByTestId('chord-diagram');
    await chord.locator('svg').waitFor();
    const labels = await chord.locator('svg text').allTextContents();
    expect(labels).toContain(SCANNER);
    expect(labels.some((l) => /^\d+ more peers$/.test(l))).toBe(true);
    expect(await chord.textContent()).toContain('busiest peers are drawn');
    await screenshot(page, 'suspicious-flow-scanner-chord');
    await page.getByRole('tab', { name: 'Details' }).click();
    await search('');
  });

  it('double-clicking a graph node filters the day; the chip removes the filter', async () => {
    const point = await graphNodePoint(page, `ip:${C2_SERVER}`);
    await page.mouse.dblclick(point.x, point.y);
    await page.getByTestId('filter-chip').waitFor();
    expect(page.url()).toContain(`filter=${C2_SERVER}`);
    const filtered = await tableRows();
    expect(filtered).toBeGreaterThan(0);
    const cells = await page.locator('[data-testid=suspicious-table] [role=row][aria-rowindex]').allTextContents();
    expect(cells.every((text) => text.includes(C2_SERVER))).toBe(true);
    await screenshot(page, 'suspicious-flow-filtered');
    await page.getByRole('button', { name: 'Remove the filter' }).click();
    await expect.poll(() => tableRows()).toBeGreaterThan(filtered);
    expect(page.url()).not.toContain('filter=');
    // A filter change keeps the loaded day (no reload).
    expect(await page.getByTestId('suspicious-view').getAttribute('data-status')).toBe('ready');
  });

  it('the right-click menu filters by the node and expands its neighbours', async () => {
    const point = await graphNodePoint(page, `ip:${SCANNER}`);
    await page.mouse.click(point.x, point.y, { button: 'right' });
    await page.getByRole('menu').waitFor();
    const before = Number(await page.getByTestId('network-graph').getAttribute('data-nodes'));
    await page.getByRole('menuitem', { name: 'Expand neighbours (one hop)' }).click();
    await expect
      .poll(async () => Number(await page.getByTestId('network-graph').getAttribute('data-nodes')))
      .toBeGreaterThanOrEqual(before);
    const again = await graphNodePoint(page, `ip:${SCANNER}`);
    await page.mouse.click(again.x, again.y, { button: 'right' });
    await page.getByRole('menuitem', { name: 'Filter the day by IP' }).click();
    await page.getByTestId('filter-chip').waitFor();
    expect(page.url()).toContain(`filter=${SCANNER}`);
    await screenshot(page, 'suspicious-flow-scanner');
    await page.getByRole('button', { name: 'Remove the filter' }).click();
  });

  it('keyboard triage: j/k move the selection, ? shows the help, Esc clears', async () => {
    // Focus out of any input, then start from no selection.
    await page.getByRole('heading', { name: /Suspicious flow/i }).click();
    await page.keyboard.press('Escape');
    expect(await page.locator('[data-testid=suspicious-table] [role=row][aria-selected=true]').count()).toBe(0);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    const selected = page.locator('[data-testid=suspicious-table] [role=row][aria-selected=true]');
    expect(await selected.getAttribute('aria-rowindex')).toBe('2');
    await page.keyboard.press('k');
    expect(await selected.getAttribute('aria-rowindex')).toBe('1');
    await page.keyboard.press('Shift+J');
    expect(await selected.count()).toBe(2);
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard triage' }).waitFor();
    await screenshot(page, 'suspicious-help');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    expect(await selected.count()).toBe(0);
  });
});

describe('suspicious dns', () => {
  it('finds the tunnelling domain and the DGA client; a domain node filters by domain', async () => {
    await openView('dns');
    expect(await search(TUNNEL_DOMAIN)).toBeGreaterThan(0);
    expect(await search(DGA_CLIENT)).toBeGreaterThan(0);
    await search('');
    const point = await graphNodePoint(page, `domain:${TUNNEL_DOMAIN}`);
    await page.mouse.dblclick(point.x, point.y);
    await page.getByTestId('filter-chip').waitFor();
    expect(page.url()).toContain(`filter=${TUNNEL_DOMAIN}`);
    await expect.poll(() => tableRows()).toBeGreaterThan(0);
    const cells = await page.locator('[data-testid=suspicious-table] [role=row][aria-rowindex]').allTextContents();
    expect(cells.length).toBeGreaterThan(0);
    expect(cells.every((text) => text.includes(TUNNEL_DOMAIN))).toBe(true);
    await screenshot(page, 'suspicious-dns-tunnel');
  });

  it('clicking a client node shows its dendrogram', async () => {
    await page.getByRole('button', { name: 'Remove the filter' }).click();
    const again = await graphNodePoint(page, `ip:${DGA_CLIENT}`);
    await page.mouse.click(again.x, again.y);
    await page.getByTestId('dendrogram').locator('svg').waitFor();
    await screenshot(page, 'suspicious-dns-dendrogram');
    // A table row's right-click menu filters by one of its entities.
    // (The node click selected the client's rows; the table shows the first of them.)
    await page
      .locator('[data-testid=suspicious-table] [role=row][aria-selected=true]')
      .first()
      .click({ button: 'right' });
    await page.getByRole('menuitem', { name: `Filter the day by client ${DGA_CLIENT}` }).click();
    await page.getByTestId('filter-chip').waitFor();
    expect(page.url()).toContain(`filter=${DGA_CLIENT}`);
    await page.getByRole('button', { name: 'Remove the filter' }).click();
  });
});

describe('suspicious proxy', () => {
  it('finds the malware download and the exfil host; a tree node right-click filters by client', async () => {
    await openView('proxy');
    expect(await search(EXFIL_HOST)).toBeGreaterThan(0);
    expect(await search(MALWARE_URI)).toBe(1);
    await page.locator('[data-testid=suspicious-table] [role=row][aria-rowindex="1"]').click();
    await page.getByRole('tab', { name: 'Request' }).click();
    expect(await page.getByTestId('proxy-request').textContent()).toContain(MALWARE_URI);
    const path = '/dl/flashplayer_update_32.0.0.465.exe';
    const leaf = `root:Proxy/method:GET/host:cdn-flash-updates.com/path:${path}/ip:${MALWARE_CLIENT}`;
    const point = await graphNodePoint(page, leaf);
    await screenshot(page, 'suspicious-proxy-malware');
    await page.mouse.click(point.x, point.y, { button: 'right' });
    await page.getByRole('menuitem', { name: 'Filter the day by IP' }).click();
    await page.getByTestId('filter-chip').waitFor();
    expect(page.url()).toContain(`filter=${MALWARE_CLIENT}`);
    await search('');
    const cells = await page.locator('[data-testid=suspicious-table] [role=row][aria-rowindex]').allTextContents();
    expect(cells.length).toBeGreaterThan(0);
    expect(cells.every((text) => text.includes(MALWARE_CLIENT))).toBe(true);
    await screenshot(page, 'suspicious-proxy-filtered');
    await page.getByRole('button', { name: 'Remove the filter' }).click();
  });
});

describe('a day that is not cached', () => {
  it('offers to run the pipeline for it', async () => {
    await page.evaluate(() => (window.location.hash = '#/dns/suspicious?date=2026-11-20'));
    await page.locator('[data-testid=suspicious-view][data-status=missing]').waitFor();
    expect(await page.getByRole('button', { name: 'Run the dns pipeline for 2026-11-20' }).isVisible()).toBe(true);
  });
});

describe('scoring from the view', () => {
  it('scores the selected row with a key, hides it, shows it on request, and undoes', async () => {
    await openView('flow');
    const total = await tableRows();
    await page.locator('[data-testid=suspicious-table] [role=row][aria-rowindex="1"]').click();
    await page.keyboard.press('3');
    await expect.poll(() => tableRows()).toBe(total - 1);
    expect(await page.getByRole('status').filter({ hasText: 'Scored' }).textContent()).toContain('1 row changed');
    await page.getByLabel(/show scored/).check();
    await expect.poll(() => tableRows()).toBe(total);
    expect(await page.locator('[data-testid=suspicious-table] span.sev-3').first().textContent()).toBe('Low');
    await page.getByLabel(/show scored/).uncheck();
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => tableRows()).toBe(total);
  });

  it('scores the active row from the details panel', async () => {
    const total = await tableRows();
    await page.locator('[data-testid=suspicious-table] [role=row][aria-rowindex="2"]').click();
    await page.getByRole('group', { name: 'Score this row' }).getByRole('button', { name: '2' }).click();
    await expect.poll(() => tableRows()).toBe(total - 1);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => tableRows()).toBe(total);
  });

  it('quick-scores an IP after a preview that says how many rows change', async () => {
    const total = await tableRows();
    const expected = (await api('scores.preview', { pipeline: 'flow', date: SAMPLE_DATE, target: { ip: C2_SERVER } }))
      .matched;
    expect(expected).toBeGreaterThan(0);
    await page.getByLabel('Quick scoring').fill(C2_SERVER);
    await page.getByRole('button', { name: 'Preview' }).click();
    expect(await page.getByTestId('score-preview').textContent()).toBe(
      `${expected} row${expected === 1 ? '' : 's'} will change`,
    );
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => tableRows()).toBe(total - expected);
    await expect.poll(() => page.getByTestId('feedback-state').textContent()).toContain(`${expected} scored`);
    await screenshot(page, 'suspicious-flow-scored');
    const scores = await api('scores.list', { pipeline: 'flow', date: SAMPLE_DATE });
    expect(scores.filter((s) => s.score === 1)).toHaveLength(expected);
  });
});
