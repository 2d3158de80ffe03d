/**
 * Generates the bundled sample day as a local data tree (docs/sample-day.md).
 *   npx tsx scripts/sample.ts --out DIR [--scale N] [--format csv|parquet]
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateSampleDay } from '../electron/core/sample/generate';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    scale: { type: 'string', default: '1' },
    format: { type: 'string', default: 'parquet' },
    help: { type: 'boolean', short: 'h' },
  },
});
const usage = 'usage: npx tsx scripts/sample.ts --out DIR [--scale N] [--format csv|parquet]';
if (values.help || !values.out) {
  process.stderr.write(`${usage}\n`);
  process.exit(values.help ? 0 : 2);
}
const scale = Number(values.scale);
if (!(scale > 0)) {
  process.stderr.write(`--scale must be a positive number, got ${values.scale}\n${usage}\n`);
  process.exit(2);
}
if (values.format !== 'csv' && values.format !== 'parquet') {
  process.stderr.write(`--format must be csv or parquet, got ${values.format}\n${usage}\n`);
  process.exit(2);
}

const started = Date.now();
const elapsed = (): string => ((Date.now() - started) / 1000).toFixed(1).padStart(5);
const manifest = await generateSampleDay({
  root: resolve(values.out),
  scale,
  format: values.format,
  onProgress: (fraction, message) =>
    process.stderr.write(`[${(fraction * 100).toFixed(0).padStart(3)}% ${elapsed()} s] ${message}\n`),
});
const seconds = ((Date.now() - started) / 1000).toFixed(1);
const { flow, dns, proxy } = manifest.rows;
process.stderr.write(
  `done in ${seconds} s: ${flow.total} flow, ${dns.total} dns, ${proxy.total} proxy rows; ` +
    `${manifest.scenarios.length} scenarios; results kept ${manifest.results.flow.rowsKept}/` +
    `${manifest.results.dns.rowsKept}/${manifest.results.proxy.rowsKept}\n`,
);
