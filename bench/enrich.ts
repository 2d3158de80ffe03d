/**
 * Enrichment benchmark: `npx tsx bench/enrich.ts [rows]` (default 3,000,000 iploc rows).
 *
 * 1. Writes a synthetic Spot iploc.csv (every field quoted, ranges with gaps) of `rows` rows to a temp folder.
 * 2. Times loadIploc (streamed into typed arrays) and reports the heap/RSS growth it cost.
 * 3. Times 1,000,000 random lookups (hits, gaps and misses mixed).
 * 4. Times loading the bundled country + ASN database and 1,000,000 lookups on it.
 * 5. Times a network-context table of 50,000 overlapping CIDR/range entries: build and 1,000,000 labels.
 * Writes bench/results/enrich.json.
 */
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBundledGeo, loadIploc } from '../electron/core/enrich/geo';
import { intToIpv4 } from '../electron/core/enrich/ip';
import { loadNetworkContext } from '../electron/core/enrich/network-context';
import { mulberry32 } from '../electron/core/ml/random';

const here = dirname(fileURLToPath(import.meta.url));
const ROWS = Number(process.argv[2] ?? 3_000_000);
const LOOKUPS = 1_000_000;

async function writeIploc(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  const step = Math.floor(4294967295 / rows);
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const start = i * step;
    const end = start + Math.floor(step * 0.8); // 20 % of the space falls in gaps
    chunk += `"${start}","${end}","US","United States","State ${i % 50}","City ${i % 5000}","${(i % 180) - 90}","${(i % 360) - 180}","Owner ${i % 20000}, Inc.","owner${i % 20000}.com"\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise<void>((resolve) => out.once('finish', () => resolve()));
}

const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
const seconds = (ms: number) => Math.round(ms) / 1000;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'spotdesk-bench-enrich-'));
  const results: Record<string, unknown> = { rows: ROWS, lookups: LOOKUPS, node: process.version };
  try {
    const iplocPath = join(dir, 'iploc.csv');
    let t = performance.now();
    await writeIploc(iplocPath, ROWS);
    results.iplocFileMB = mb(statSync(iplocPath).size);
    console.log(`wrote ${ROWS} rows (${results.iplocFileMB} MB) in ${seconds(performance.now() - t)} s`);

    global.gc?.();
    const before = process.memoryUsage();
    t = performance.now();
    const db = await loadIploc(iplocPath);
    results.iplocLoadSeconds = seconds(performance.now() - t);
    // Array buffers are freed by a full GC after the load's temporaries are gone.
    await new Promise((resolve) => setTimeout(resolve, 50));
    global.gc?.();
    global.gc?.();
    const after = process.memoryUsage();
    results.iplocHeapGrowthMB = mb(after.heapUsed - before.heapUsed);
    results.iplocArrayBuffersMB = mb(after.arrayBuffers - before.arrayBuffers);
    results.iplocRssGrowthMB = mb(after.rss - before.rss);

    const random = mulberry32(1);
    const ips = Array.from({ length: LOOKUPS }, () => intToIpv4(Math.floor(random() * 4294967295)));
    let hits = 0;
    t = performance.now();
    for (const ip of ips) if (db.lookup(ip) !== null) hits++;
    results.iplocLookupsPerSecond = Math.round(LOOKUPS / ((performance.now() - t) / 1000));
    results.iplocHitRate = Math.round((hits / LOOKUPS) * 1000) / 1000;
    db.close?.();

    t = performance.now();
    const bundled = await loadBundledGeo();
    results.bundledLoadSeconds = seconds(performance.now() - t);
    hits = 0;
    t = performance.now();
    for (const ip of ips) if (bundled?.lookup(ip) !== null) hits++;
    results.bundledLookupsPerSecond = Math.round(LOOKUPS / ((performance.now() - t) / 1000));
    results.bundledHitRate = Math.round((hits / LOOKUPS) * 1000) / 1000;

    const contextLines = ['ip,description'];
    for (let i = 0; i < 50_000; i++) {
      const base = Math.floor(random() * 4294967295);
      const prefix = 16 + (i % 17);
      contextLines.push(
        i % 2 === 0
          ? `${intToIpv4(base)}/${prefix},Segment ${i}`
          : `${intToIpv4(base)}-${intToIpv4(Math.min(4294967295, base + 5000))},Range ${i}`,
      );
    }
    const contextPath = join(dir, 'context.csv');
    writeFileSync(contextPath, contextLines.join('\n'));
    t = performance.now();
    const ctx = await loadNetworkContext({ context: [contextPath] });
    results.context50kLoadSeconds = seconds(performance.now() - t);
    t = performance.now();
    let labelled = 0;
    for (const ip of ips) if (ctx.label(ip) !== '') labelled++;
    results.contextLabelsPerSecond = Math.round(LOOKUPS / ((performance.now() - t) / 1000));
    results.contextHitRate = Math.round((labelled / LOOKUPS) * 1000) / 1000;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'enrich.json'), JSON.stringify(results, null, 2) + '\n');
  console.log(results);
}

await main();
