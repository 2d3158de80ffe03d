// Bundles the Electron main process and preload with esbuild. Native and network modules stay external.
import { build } from 'esbuild';

const external = [
  'electron',
  'better-sqlite3',
  '@duckdb/node-api',
  '@duckdb/*',
  'ssh2',
  'cpu-features',
  'hive-driver',
  'thrift',
  // Browser mode and the CLI print PDFs with it; the Electron shell prints with its own Chromium.
  'playwright-core',
];
await build({
  entryPoints: {
    main: 'electron/main.ts',
    preload: 'electron/preload.ts',
    'score-worker': 'electron/core/ml/score-worker.ts',
    'lda-worker': 'electron/core/ml/lda-worker.ts',
  },
  outdir: 'dist/electron',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  external,
  logLevel: 'info',
});
