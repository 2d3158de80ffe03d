/**
 * `npm run serve`: browser mode. Starts the core and serves the app and the API on 127.0.0.1.
 * Flags: --port N (default: a free port), --data DIR (default: $SPOT_DESK_DATA or the per-user data folder).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore } from './core/api';
import { defaultDataDir } from './core/paths';
import { startHttpDoor } from './http-door';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function flag(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  const version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const dataDir = path.resolve(flag('data') ?? defaultDataDir());
  const core = createCore({ dataDir, mode: 'browser', version, warmPdfOnStoryboard: true });
  const door = await startHttpDoor(core, {
    port: flag('port') ? Number(flag('port')) : Number(process.env.SPOT_DESK_PORT ?? 0),
    staticDir: path.join(root, 'renderer', 'dist'),
  });
  // Machine-readable line first (tests and scripts read it), then the human message.
  process.stdout.write(`SPOT_DESK_URL=${door.openUrl}\n`);
  process.stderr.write(
    `\nSpot Desk (browser mode) is running.\n  Data: ${dataDir}\n  Open: ${door.openUrl}\n` +
      `The link carries a one-time token for this launch; keep it private. Ctrl+C stops the server.\n\n`,
  );
  if (!process.argv.includes('--no-sample')) {
    const job = await core.handlers['sample.load']({}).catch((err: Error) => {
      process.stderr.write(`Sample day not loaded: ${err.message}\n`);
      return undefined;
    });
    if (job) process.stderr.write(`Preparing the bundled sample day (job ${job.id})…\n`);
  }
  const stop = async () => {
    await door.close();
    await core.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  process.stderr.write(`Spot Desk could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
