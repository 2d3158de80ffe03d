// The PDF engine's life in the real doors: browser mode starts one Chromium when the storyboard opens, prints every
// PDF with it, and stops it with the server; `spot-desk export --format pdf` leaves none behind. Each process gets its
// own TMPDIR, where playwright makes Chromium's profile folder, so `pgrep -f` finds exactly that process's Chromium.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proxyRow, tempRoot, writeRawDay } from './core/investigation/test-tree';
import { saveSearchedThreat, withCore } from './core/test-core';

const D = '2026-11-24';
const URI = 'updates.example/flash/install.exe';
let dir: string;

/** Chromium processes whose command line holds the marker folder (their profile lives in it): every process of
 * the browser, or only the browser's main process (the one playwright talks to over a pipe). */
function chromiumUnder(marker: string, only: 'all' | 'main' = 'all'): number[] {
  const pattern = `user-data-dir=${marker}/\\S+${only === 'main' ? ' --remote-debugging-pipe' : ''}`;
  try {
    return execFileSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch (err) {
    if ((err as { status?: number }).status === 1) return []; // pgrep: nothing matched
    throw err;
  }
}

function markerDir(name: string): string {
  const marker = path.join(dir, name);
  fs.mkdirSync(marker);
  return marker;
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600 && !check(); i++) await new Promise((r) => setTimeout(r, 100));
  if (!check()) throw new Error(`gave up waiting: ${what}`);
}

beforeAll(async () => {
  dir = tempRoot();
  const row = proxyRow(D, '10:00:00', '10.0.0.5', URI, 'mail.example/inbox');
  writeRawDay(path.join(dir, 'sample'), 'proxy', D, [row, { ...row, p_time: '10:05:00' }]);
  await withCore(dir, (core) =>
    saveSearchedThreat(core, { pipeline: 'proxy', date: D, anchor: URI, title: 'Fake update', text: 'x' }),
  );
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Browser mode as `npm run serve` starts it, with its own TMPDIR. */
async function startServer(marker: string) {
  const server: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'server.ts'), '--data', dir, '--port', '0', '--no-sample'],
    { env: { ...process.env, TMPDIR: marker }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
  const openUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /SPOT_DESK_URL=(\S+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then((code) => reject(new Error(`server exited with ${code}`)));
  });
  const url = openUrl.split('#')[0]!;
  const token = /token=([0-9a-f]+)/.exec(openUrl)![1]!;
  return {
    async invoke(name: string, request: unknown) {
      const res = await fetch(`${url}api/invoke/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-spot-desk-token': token },
        body: JSON.stringify(request),
      });
      const body = (await res.json()) as { ok: boolean; value: { base64?: string }; error?: { message: string } };
      if (!body.ok) throw new Error(body.error?.message);
      return body.value;
    },
    async stop(signal: NodeJS.Signals) {
      if (server.exitCode === null && server.signalCode === null) server.kill(signal);
      await exited;
    },
  };
}

describe('PDF engine in the doors', () => {
  it('browser mode: the storyboard starts Chromium, PDFs reuse it, and stopping the server stops it', async () => {
    const marker = markerDir('server-tmp');
    const server = await startServer(marker);
    try {
      expect(chromiumUnder(marker)).toEqual([]); // nothing printed yet, nothing started at startup
      await server.invoke('storyboard.list', { pipeline: 'proxy', date: D });
      await until(() => chromiumUnder(marker).length > 0, 'the storyboard to start Chromium');
      const engine = chromiumUnder(marker, 'main');
      expect(engine).toHaveLength(1);
      for (let i = 0; i < 2; i++) {
        const pdf = await server.invoke('export.storyboard', {
          pipeline: 'proxy',
          date: D,
          format: 'pdf',
          tlp: 'GREEN',
        });
        expect(Buffer.from(pdf.base64!, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
      }
      expect(chromiumUnder(marker, 'main')).toEqual(engine); // the same browser printed both
    } finally {
      await server.stop('SIGTERM');
    }
    // The main process is gone when the server exits; its helpers (zygote, renderers) follow within moments.
    expect(chromiumUnder(marker, 'main')).toEqual([]);
    await until(() => chromiumUnder(marker).length === 0, "Chromium's helper processes to follow");
    expect(chromiumUnder(marker)).toEqual([]);
  }, 180_000);

  it('browser mode killed outright (SIGKILL, no shutdown): Chromium still goes, its pipe to the server closed', async () => {
    const marker = markerDir('killed-tmp');
    const server = await startServer(marker);
    try {
      await server.invoke('storyboard.list', { pipeline: 'proxy', date: D });
      await until(() => chromiumUnder(marker, 'main').length === 1, 'the storyboard to start Chromium');
    } finally {
      await server.stop('SIGKILL');
    }
    await until(() => chromiumUnder(marker).length === 0, 'Chromium to leave after the server was killed');
    expect(chromiumUnder(marker)).toEqual([]);
  }, 180_000);

  it('spot-desk export --format pdf: prints and leaves no Chromium behind', () => {
    const marker = markerDir('cli-tmp');
    const out = path.join(dir, 'report.pdf');
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(import.meta.dirname, 'cli.ts'), '--data', dir, 'export', '--type', 'proxy'].concat([
        '--date',
        D,
        '--format',
        'pdf',
        '--out',
        out,
      ]),
      { encoding: 'utf8', env: { ...process.env, TMPDIR: marker }, timeout: 120_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(fs.readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    expect(chromiumUnder(marker)).toEqual([]);
  });
});
