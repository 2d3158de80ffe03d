// The DNS and proxy storyboards as an analyst sees them in browser mode: a saved DNS tunnel and a saved malware
// download, each with its map (the addresses the client's names resolved to; the URI's server and its client) and
// the DNS threat with its timeline of queries, at 1366×768 and 1600×1000, light and dark.
import { beforeAll, describe, expect, it } from 'vitest';
import { MALWARE_URI, SAMPLE_DATE, TUNNEL_CLIENT, TUNNEL_DOMAIN } from '../electron/core/sample/scenarios';
import {
  forEachLook,
  screenshot,
  useSampleDay,
  waitForJob,
  waitForSampleDay,
  type AppBrowser,
  type Look,
  type RunningApp,
} from './fixtures/app';

let app: RunningApp;
let browser: AppBrowser;
const { api } = useSampleDay({ pipelines: ['dns', 'proxy'] }, (ready) => ({ app, browser } = ready));

async function save(pipeline: 'dns' | 'proxy', anchor: string, title: string): Promise<void> {
  const started = await api('investigation.search', { pipeline, date: SAMPLE_DATE, anchor, refresh: false });
  if (started.job) expect(await waitForJob(app, started.job.id)).toBe('done');
  await api('investigation.save', { pipeline, date: SAMPLE_DATE, anchor, title, text: `${title}.` });
}

// The threats the storyboards show.
beforeAll(async () => {
  await save('dns', TUNNEL_CLIENT, 'DNS tunnel to cloudsync-metrics.net');
  await save('proxy', MALWARE_URI, 'Fake Flash update download');
}, 300_000);

describe('DNS and proxy storyboards', () => {
  for (const pipeline of ['dns', 'proxy'] as const) {
    it(`${pipeline}: the threat shows its map${pipeline === 'dns' ? ' and its timeline of queries' : ''}`, async () => {
      const { page } = browser;
      await page.goto(app.openUrl);
      await page.evaluate(
        ([p, day]) => {
          window.location.hash = `#/${p}/storyboard?date=${day}`;
        },
        [pipeline, SAMPLE_DATE] as const,
      );
      const detail = page.getByTestId('threat-detail');
      await detail.waitFor({ timeout: 60_000 });
      await detail.getByRole('heading', { name: 'Map view' }).waitFor({ timeout: 60_000 });
      await detail.getByRole('heading', { name: 'Timeline' }).waitFor();
      if (pipeline === 'dns') expect(await detail.textContent()).toContain(TUNNEL_DOMAIN);
      // The map's legend says what each endpoint is: a proxy client made the requests (it is not "inbound").
      const legend = (await detail.getByTestId('globe-view').locator('.legend').textContent()) ?? '';
      expect(legend).not.toContain('Inbound only');
      expect(legend).toContain(pipeline === 'proxy' ? 'Client (made the requests)' : 'Resolved address');
      // The arcs say what they count in the pipeline's words: requests, or queries resolved to the address. The
      // sample's clients are internal: placed at a home location, their arcs are drawn.
      const home = detail.getByLabel('Home location');
      await expect.poll(() => home.locator('option').count(), { timeout: 120_000 }).toBeGreaterThan(100);
      await home.selectOption({ label: 'Spain' });
      const arcs = detail.getByTestId('globe-arcs').locator('li');
      await arcs.first().waitFor({ timeout: 60_000 });
      const lines = await arcs.allTextContents();
      expect(lines.join('\n')).not.toMatch(/connection/);
      expect(lines[0]).toMatch(pipeline === 'proxy' ? /: [\d,]+ requests?$/ : /: [\d,]+ quer(y|ies) resolved to it$/);
      // The internal client counts under the home chosen, not where the sample's iploc puts the organisation's
      // ranges (Seattle): the proxy Geography listed "Seychelles 1, United States 1" (issue #16).
      const geography = detail.getByTestId('globe-view').locator('table');
      await expect.poll(() => geography.textContent()).toMatch(/Spain\s*\d+/);
      if (pipeline === 'proxy') expect(await geography.textContent()).not.toContain('United States');
      // The timeline's axis writes the app's one time format (24-hour HH:MM), not d3's "03 AM".
      const ticks = await detail.getByTestId('timeline').locator('.axis .tick text').allTextContents();
      expect(ticks.length).toBeGreaterThan(1);
      for (const tick of ticks) expect(tick).toMatch(/^(\d\d-\d\d )?\d\d:\d\d(:\d\d)?$/);
      const shots = async (look: Look) => {
        if (pipeline === 'proxy') {
          // The incident progression's client carries its name, and its six columns fit the panel: at 1366 px the
          // last column ("Referred") was cut off at the panel's edge.
          const progression = detail.getByTestId('proxy-progression');
          // (the text holds its hover text too: "HQ workstations" then "HQ workstations · internal")
          await expect
            .poll(() => progression.locator('text.host-tag').first().textContent())
            .toMatch(/^HQ workstations/);
          const box = (await progression.boundingBox())!;
          for (const head of await progression.locator('text.head').all()) {
            const h = (await head.boundingBox())!;
            expect(h.x + h.width, `${(await head.textContent()) ?? ''} at ${look.name}`).toBeLessThanOrEqual(
              box.x + box.width,
            );
          }
        }
        await screenshot(page, `storyboard-${pipeline}-${look.name}`);
        await detail.getByRole('heading', { name: 'Timeline' }).scrollIntoViewIfNeeded();
        await screenshot(page, `storyboard-${pipeline}-timeline-${look.name}`);
        await page.evaluate(() => window.scrollTo(0, 0));
      };
      await forEachLook(page, shots, { settleMs: 1500 }); // the globe's textures
    });
  }

  it('a day with no saved threat says what the storyboard holds and leads to Threat investigation', async () => {
    await waitForSampleDay(app, SAMPLE_DATE, { pipelines: ['flow'] });
    const { page } = browser;
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(app.openUrl);
    await page.evaluate((day) => {
      window.location.hash = `#/flow/storyboard?date=${day}`;
    }, SAMPLE_DATE);
    const empty = page.getByTestId('storyboard-empty');
    await empty.waitFor({ timeout: 60_000 });
    expect(await empty.textContent()).toContain(`No threat on the storyboard for ${SAMPLE_DATE}`);
    await screenshot(page, 'storyboard-flow-empty-1366x768');
    await empty.getByRole('button', { name: 'Open Threat investigation' }).click();
    await page.waitForFunction(() => window.location.hash.startsWith('#/flow/investigation'));
  });
});
