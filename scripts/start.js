// `npm start`: the desktop app when Electron's binary is installed, else browser mode with the reason printed.
import { spawnSync, spawn } from 'node:child_process';
import { findElectron } from './electron-binary.js';

function run(cmd, args) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const electron = findElectron();
run('npm', ['run', '--silent', 'build:renderer']);
if ('path' in electron && !process.argv.includes('--browser')) {
  run('npm', ['run', '--silent', 'build:electron']);
  // Native modules (better-sqlite3, DuckDB) must match Electron's ABI; this needs Electron's headers once.
  const rebuilt = spawnSync('npx', ['electron-builder', 'install-app-deps'], { stdio: 'inherit' });
  if (rebuilt.status !== 0) {
    console.error('Could not rebuild native modules for Electron (needs network once); starting browser mode instead.');
  } else {
    const child = spawn(electron.path, ['.'], { stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
    process.exitCode = 0;
    await new Promise(() => {});
  }
} else if ('missing' in electron) {
  console.error(`Electron is not available: ${electron.missing}.`);
  console.error(
    'Starting Spot Desk in browser mode: open the link printed below in Chromium, Chrome, Firefox or Edge.',
  );
}
const server = spawn(
  process.execPath,
  ['--import', 'tsx', 'electron/server.ts', ...process.argv.slice(2).filter((a) => a !== '--browser')],
  {
    stdio: 'inherit',
  },
);
server.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
