// Finds the Electron binary if the optional `electron` package installed it (its download fails offline).
import { createRequire } from 'node:module';
import fs from 'node:fs';

const require = createRequire(import.meta.url);

/** @returns {{ path: string } | { missing: string }} */
export function findElectron() {
  let binary;
  try {
    binary = require('electron');
  } catch {
    return {
      missing: 'the optional `electron` package is not installed (npm drops it when its binary download fails)',
    };
  }
  if (typeof binary !== 'string' || !fs.existsSync(binary)) {
    return { missing: 'the `electron` package is present but its binary was not downloaded' };
  }
  return { path: binary };
}
