import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, screenshot, startApp, type RunningApp } from './fixtures/app';

let app: RunningApp;
let browser: Awaited<ReturnType<typeof openBrowser>>;

beforeAll(async () => {
  app = await startApp({ args: ['--no-sample'] });
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('the app shell in browser mode', () => {
  it('opens with the launch link, takes the token out of the address bar and shows the empty state', async () => {
    const { page } = browser;
    await page.goto(app.openUrl);
    await page.getByRole('navigation', { name: 'Pipeline' }).waitFor();
    expect(page.url()).not.toContain('token=');
    await page.getByTestId('empty-state').waitFor();
    expect(await page.getByTestId('empty-state').textContent()).toContain('No Flow day in the cache yet');
    expect(await page.getByRole('button', { name: 'Load the sample day' }).isVisible()).toBe(true);
    await screenshot(page, 'shell-empty-flow');
  });

  it('walks every pipeline and view, keeping the place in the URL', async () => {
    const { page } = browser;
    for (const pipeline of ['Flow', 'DNS', 'Proxy']) {
      await page.getByRole('navigation', { name: 'Pipeline' }).getByRole('button', { name: pipeline }).click();
      for (const view of ['Suspicious', 'Threat investigation', 'Storyboard', 'Ingest summary']) {
        await page.getByRole('navigation', { name: 'View' }).getByRole('button', { name: view }).click();
        const current = page.getByRole('navigation', { name: 'View' }).getByRole('button', { name: view });
        expect(await current.getAttribute('aria-current')).toBe('page');
        const slug = {
          Suspicious: 'suspicious',
          'Threat investigation': 'investigation',
          Storyboard: 'storyboard',
          'Ingest summary': 'ingest',
        }[view];
        expect(page.url()).toContain(`#/${pipeline.toLowerCase()}/${slug}`);
      }
      await screenshot(page, `shell-${pipeline.toLowerCase()}-ingest`);
    }
    // A reload keeps the place (state lives in the hash, the token in the tab's session storage).
    await page.reload();
    await page.getByTestId('ingest-view').waitFor();
    expect(page.url()).toContain('#/proxy/ingest');
  });

  it('follows the OS dark theme', async () => {
    const dark = await openBrowser({ colorScheme: 'dark' });
    try {
      await dark.page.goto(app.openUrl);
      await dark.page.getByTestId('empty-state').waitFor();
      const background = await dark.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(background).toBe('rgb(15, 23, 32)');
      await screenshot(dark.page, 'shell-dark');
    } finally {
      await dark.close();
    }
  });
});
