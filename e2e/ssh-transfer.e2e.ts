// An import from the ML node over SSH (real sshd, fake `hdfs` on a slow link): the job bar shows the raw day's
// transfer in bytes of its total, and its Cancel button stops the transfer, leaving no partial raw day in the cache.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Settings } from '../shared/settings';
import { compactDay } from '../shared/spot-date';
import { generateSampleDay } from '../electron/core/sample/generate';
import { createLocalSource } from '../electron/core/sources/local';
import { startSshd, type SshdFixture } from '../test/fixtures/sshd';
import { invokeApi, openBrowser, screenshot, startApp, type RunningApp } from './fixtures/app';

let app: RunningApp;
let sshd: SshdFixture;
let work: string;
let date: string;

beforeAll(async () => {
  sshd = await startSshd();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-ssh-transfer-'));
  date = (await generateSampleDay({ root: work, scale: 0.05, format: 'parquet' })).date;
  // The day as Spot's ML node holds it on HDFS: the results file and the raw flow table's partition.
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const files = (await createLocalSource(work).rawDay('flow', date, {})).files;
  const hdfsRaw = path.join(sshd.hdfsRoot, 'user/spot/flow/hive', `y=${y}`, `m=${m}`, `d=${d}`);
  fs.mkdirSync(hdfsRaw, { recursive: true });
  for (const [i, file] of files.entries()) fs.copyFileSync(file, path.join(hdfsRaw, `00000${i}_0`));
  const scores = path.join(sshd.hdfsRoot, 'user/spot/flow/scored_results', compactDay(date), 'scores');
  fs.mkdirSync(scores, { recursive: true });
  fs.copyFileSync(
    path.join(work, 'flow', 'scored_results', compactDay(date), 'scores', 'flow_results.csv'),
    path.join(scores, 'flow_results.csv'),
  );
  // A slow link: 16 KiB every 0.1 s.
  fs.writeFileSync(path.join(sshd.hdfsRoot, '.slow-cat'), '0.1');

  app = await startApp({ args: ['--no-sample'] });
  const knownHosts = path.join(app.dataDir, 'known_hosts');
  fs.writeFileSync(knownHosts, sshd.knownHostsLines.join('\n') + '\n');
  const settings = (await invokeApi(app, 'settings.get', {})) as Settings;
  await invokeApi(app, 'settings.save', {
    settings: {
      ...settings,
      local: { root: null, rawRoot: null },
      mlNode: {
        ...settings.mlNode,
        host: sshd.host,
        port: sshd.port,
        user: sshd.user,
        keyPath: sshd.clientKeyPath,
        knownHostsPath: knownHosts,
      },
      pipelines: { ...settings.pipelines, flow: { enabled: true, source: 'ssh' } },
    },
  });
}, 300_000);

afterAll(async () => {
  await app?.stop();
  await sshd?.cleanup();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** Everything under the SSH raw cache (where a streamed raw day is kept). */
function rawCache(): string[] {
  const root = path.join(app.dataDir, 'fetched', 'ssh');
  return fs.existsSync(root)
    ? fs
        .readdirSync(root, { recursive: true })
        .map(String)
        .filter((p) => /(^|\/)(raw|\.raw-)/.test(p.split(path.sep).slice(1).join('/')))
    : [];
}

describe('SSH transfer in the job bar', () => {
  it('shows the raw day’s bytes of its total while it streams, light and dark; Cancel stops it', async () => {
    const before = rawCache();
    const light = await openBrowser();
    const dark = await openBrowser({ colorScheme: 'dark' });
    try {
      for (const b of [light, dark]) await b.page.goto(app.openUrl);
      await invokeApi(app, 'pipeline.run', { pipeline: 'flow', date });
      const bar = light.page.getByTestId('job-progress');
      await bar
        .filter({ hasText: /fetching raw flow day .*: [1-9][\d.]* \w+ of [\d.]+ \w+/ })
        .waitFor({ timeout: 120_000 });
      const first = await bar.locator('.message').textContent();
      for (const [b, scheme] of [
        [light, 'light'],
        [dark, 'dark'],
      ] as const) {
        await b.page
          .getByTestId('job-progress')
          .filter({ hasText: /fetching raw flow day/ })
          .waitFor({ timeout: 30_000 });
        for (const [width, height] of [
          [1366, 768],
          [1600, 1000],
        ] as const) {
          await b.page.setViewportSize({ width, height });
          await screenshot(b.page, `job-bar-ssh-transfer-${width}-${scheme}`);
        }
      }
      // The bytes grow while the day streams.
      await light.page
        .waitForFunction(
          (text) => {
            const now = document.querySelector('[data-testid=job-progress] .message')?.textContent ?? '';
            return /fetching raw flow day/.test(now) && now !== text;
          },
          first,
          { timeout: 60_000 },
        )
        .catch(() => {
          throw new Error(`the job bar stayed at "${first}"`);
        });
      const jobs = await invokeApi(app, 'jobs.list', {});
      const job = jobs.find((j) => j.kind === 'pipeline' && j.status === 'running');
      expect(job?.message).toMatch(/^fetching raw flow day/);
      expect(job!.progress).toBeGreaterThan(0);

      await bar.getByRole('button', { name: 'Cancel' }).click();
      await expect
        .poll(async () => (await invokeApi(app, 'jobs.list', {})).find((j) => j.id === job!.id)?.status, {
          timeout: 60_000,
          interval: 250,
        })
        .toBe('cancelled');
      // No partial raw day: the cache is as it was before the import.
      expect(rawCache()).toEqual(before);
    } finally {
      await light.close();
      await dark.close();
    }
  }, 300_000);
});
