import os from 'node:os';
import path from 'node:path';

/** Where Spot Desk keeps its data: $SPOT_DESK_DATA, else the platform's per-user data folder. */
export function defaultDataDir(): string {
  if (process.env.SPOT_DESK_DATA) return path.resolve(process.env.SPOT_DESK_DATA);
  const home = os.homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Spot Desk');
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? home, 'Spot Desk');
  return path.join(process.env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'spot-desk');
}

/** The layout of the data directory (README "Data directory"). */
export function dataPaths(dataDir: string) {
  return {
    dataDir,
    cache: path.join(dataDir, 'cache.db'),
    settings: path.join(dataDir, 'settings.json'),
    knownHosts: path.join(dataDir, 'known_hosts'),
    sampleRoot: path.join(dataDir, 'sample'),
    fetched: path.join(dataDir, 'fetched'),
    feedback: path.join(dataDir, 'feedback'),
    exports: path.join(dataDir, 'exports'),
  };
}
export type DataPaths = ReturnType<typeof dataPaths>;
