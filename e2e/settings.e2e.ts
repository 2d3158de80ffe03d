import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSshd, type SshdFixture } from '../test/fixtures/sshd';
import { openBrowser, screenshot, startApp, type RunningApp } from './fixtures/app';

let app: RunningApp;
let browser: Awaited<ReturnType<typeof openBrowser>>;
let sshd: SshdFixture;

beforeAll(async () => {
  sshd = await startSshd();
  app = await startApp({ args: ['--no-sample'] });
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await sshd?.cleanup();
});

function field(label: string) {
  return browser.page.locator('label.field', { hasText: label }).locator('input, select, textarea').first();
}

describe('settings', () => {
  it('imports a spot.conf, shows field errors, saves valid settings', async () => {
    const { page } = browser;
    await page.goto(`${app.openUrl}`);
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByTestId('settings-view').waitFor();
    const conf = path.join(app.dataDir, 'spot.conf');
    fs.writeFileSync(
      conf,
      [
        '# spot.conf as shipped by spot-setup',
        "MLNODE='mlnode.corp.example'",
        'HUSER=/user/spotcorp',
        'LUSER=/home/spot',
        'LPATH=${LUSER}/ml/${DSOURCE}/${FDATE}',
        "DBNAME='spotdb'",
        'IMPALA_DEM=impala.corp.example',
        'TOL=1e-5',
        'TOPIC_COUNT=25',
        'DUPFACTOR=500',
      ].join('\n'),
    );
    await page.getByTestId('import-spot-conf').setInputFiles(conf);
    await page.getByText(/Imported spot\.conf/).waitFor();
    expect(await field('Host').first().inputValue()).toBe('mlnode.corp.example');
    expect(await field('HUSER').inputValue()).toBe('/user/spotcorp');
    expect(await field('Database (DBNAME)').inputValue()).toBe('spotdb');
    expect(await field('Topics').inputValue()).toBe('25');
    // A checkbox sits under its label's start, not alone in the middle of the column.
    const agent = page.locator('label.field', { hasText: 'Use ssh-agent' });
    const [labelBox, boxBox] = [
      (await agent.locator('.label').boundingBox())!,
      (await agent.locator('input[type=checkbox]').boundingBox())!,
    ];
    // (a stretched checkbox box is as wide as the column, and Chromium paints the box in its middle)
    expect(boxBox.x - labelBox.x).toBeLessThan(8);
    expect(boxBox.width).toBeLessThan(30);

    await field('Port').first().fill('70000');
    await field('Port').first().dispatchEvent('change');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/Not saved/).waitFor();
    expect(await page.locator('label.field.invalid').first().textContent()).toContain('between 1 and 65535');
    await screenshot(page, 'settings-errors');

    await field('Port').first().fill('22');
    await field('Port').first().dispatchEvent('change');
    await page.getByRole('button', { name: 'Save' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^\s*Saved\s*$/ })
      .waitFor();
    const saved = JSON.parse(fs.readFileSync(path.join(app.dataDir, 'settings.json'), 'utf8'));
    expect(saved.mlNode.huser).toBe('/user/spotcorp');
    expect(saved.localMl.dupFactor).toBe(500);
  });

  it('tests the ML node connection against a real sshd: asks to trust an unknown host key, then connects', async () => {
    const { page } = browser;
    await field('Host').first().fill(sshd.host);
    await field('Host').first().dispatchEvent('change');
    await field('Port').first().fill(String(sshd.port));
    await field('Port').first().dispatchEvent('change');
    await field('User').first().fill(sshd.user);
    await field('User').first().dispatchEvent('change');
    await field('Private key file').fill(sshd.clientKeyPath);
    await field('Private key file').dispatchEvent('change');
    await page.getByRole('button', { name: 'Save' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^\s*Saved\s*$/ })
      .waitFor();

    await page.getByRole('button', { name: 'Test connection' }).first().click();
    const dialog = page.getByRole('alertdialog', { name: 'Unknown host key' });
    await dialog.waitFor({ timeout: 30_000 });
    expect(await dialog.textContent()).toMatch(/SHA256:[A-Za-z0-9+/]{43}/);
    await screenshot(page, 'settings-trust-host-key');
    await dialog.getByRole('button', { name: 'Trust this key' }).click();
    // A loaded machine can take long over the second handshake: wait longer, and say what the page shows if it fails.
    await page
      .getByText(`connected to ${sshd.user}@${sshd.host}`)
      .waitFor({ timeout: 60_000 })
      .catch(async (error: unknown) => {
        const shown = (await page.locator('body').textContent())?.replace(/\s+/g, ' ').slice(0, 2000);
        throw new Error(`${(error as Error).message}\nThe page shows: ${shown}`);
      });
    expect(fs.readFileSync(path.join(app.dataDir, 'known_hosts'), 'utf8')).toContain(`[${sshd.host}]:${sshd.port}`);
  });

  it('keeps an allow-list: add a rule, import a file, remove one', async () => {
    const { page } = browser;
    const list = page.getByTestId('allow-list');
    await list.getByRole('textbox', { name: 'Pattern' }).fill('10.20.0.0/16');
    await list.getByRole('combobox', { name: 'Rule kind' }).selectOption('cidr');
    await list.getByRole('textbox', { name: 'Reason' }).fill('backup subnet');
    await list.getByRole('button', { name: 'Add rule' }).click();
    await list.getByText('Added cidr 10.20.0.0/16').waitFor();
    const file = path.join(app.dataDir, 'allow.csv');
    fs.writeFileSync(
      file,
      'kind,pattern,reason\ndomain,updates.example.com,"vendor updates, signed"\nuri,cdn.example.net/static/*,static assets\n',
    );
    await list.getByTestId('import-allow-list').setInputFiles(file);
    await list.getByText('Imported 2 rule(s) from allow.csv').waitFor();
    expect(await list.locator('tbody tr').count()).toBe(3);
    fs.writeFileSync(file, 'kind,pattern,reason\nport,22,ssh\n');
    await list.getByTestId('import-allow-list').setInputFiles(file);
    await list.getByRole('alert').waitFor();
    expect(await list.getByRole('alert').textContent()).toMatch(/allow\.csv, line 2, field kind/);
    expect(await list.locator('tbody tr').count()).toBe(3);
    await list.locator('tbody tr', { hasText: 'updates.example.com' }).getByRole('button', { name: 'Remove' }).click();
    await list.getByText('Removed updates.example.com').waitFor();
    expect(await list.locator('tbody tr').count()).toBe(2);
    await screenshot(page, 'settings-allow-list');
    // The bundled CC BY data is credited where the user can read it.
    expect(await page.getByTestId('about').textContent()).toContain('IP to ASN data by DB-IP');
  });
});
