// `npm run dist`: packages installers with electron-builder (build/electron-builder.yml).
import { spawnSync } from 'node:child_process';
import { findElectron } from './electron-binary.js';

const electron = findElectron();
if ('missing' in electron) {
  console.error(
    `Cannot package Spot Desk: ${electron.missing}.\n` +
      'electron-builder needs the Electron binary (and downloads platform tools), so packaging needs a machine that can\n' +
      "reach Electron's download servers. There: `npm ci && npm run dist`. Without it, use `npm start` (browser mode).",
  );
  process.exit(2);
}
for (const step of [
  ['npm', ['run', 'build']],
  ['npx', ['electron-builder', '--config', 'build/electron-builder.yml', ...process.argv.slice(2)]],
]) {
  const result = spawnSync(step[0], step[1], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
