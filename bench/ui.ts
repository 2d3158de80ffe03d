/**
 * Suspicious-view benchmark in Chromium (playwright-core, Debian Chromium): `npx tsx bench/ui.ts [--repeat 7]`.
 *  1. Table: time from choosing a cached day (the Day select) to the first paint of the day's 3000 rows, in the
 *     real app over the real server, as cases (the default: rows grouped into findings and model clusters) and as
 *     the flat row list; beside them, in the same page, a plain full-DOM table of the same 3000 rows fetched the
 *     same way (no virtualisation).
 *  2. Graph: frames per second while panning and zooming a 2000-node / 5000-edge graph drawn by the app's
 *     CanvasGraph, beside a plain SVG d3 rendering (one element per node and edge) of the same graph and layout.
 * Prints the figures and ratios and writes bench/results/ui.json.
 */
import { build } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCache, type DayImport } from '../electron/core/cache/index';
import type { OaRow } from '../electron/core/cache/types';
import { dataPaths } from '../electron/core/paths';
import { openBrowser, startApp } from '../e2e/fixtures/app';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const REPEAT = arg('repeat', 7);
const ROWS = arg('rows', 3000);
const NODES = arg('nodes', 2000);
const EDGES = arg('edges', 5000);
const ANIMATE_MS = arg('ms', 4000);
/** The network panel at 1440x900 (about 590x360) and the panel expanded to the window. */
const SIZES: Array<[number, number]> = [
  [600, 370],
  [1380, 740],
];
const DAYS = ['2026-11-23', '2026-11-24'];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/** A flow day of `rows` suspicious rows with enriched columns, spread over many IPs like a real day. */
function flowDay(date: string, rows: number): DayImport {
  const scores: OaRow[] = [];
  const edges: OaRow[] = [];
  const explanations: Array<Record<string, unknown>> = [];
  for (let i = 0; i < rows; i++) {
    const src = `10.${(i >> 8) & 31}.${i & 255}.${(i * 7) % 250}`;
    const dst = i % 4 === 0 ? `10.1.${i % 200}.10` : `203.0.${(i * 13) % 250}.${(i * 31) % 250}`;
    const hh = String(i % 24).padStart(2, '0');
    const mm = String(i % 60).padStart(2, '0');
    const tstart = `${date} ${hh}:${mm}:07`;
    scores.push({
      tstart,
      srcip: src,
      dstip: dst,
      sport: 40000 + (i % 20000),
      dport: [443, 80, 22, 4444, 8080][i % 5]!,
      proto: 'TCP',
      ipkt: 4 + (i % 50),
      ibyt: 320 + i,
      opkt: 3,
      obyt: 190,
      ml_score: (i + 1) * 1e-9,
      rank: i,
      srcip_internal: 1,
      dstip_internal: dst.startsWith('10.') ? 1 : 0,
      src_geoloc: '',
      dst_geoloc: 'CA;Toronto ISP',
      src_domain: '',
      dst_domain: 'example.net',
      src_rep: '',
      dst_rep: i % 17 === 0 ? 'gti:High:3' : 'gti:Minimal:1',
    });
    // The facts the import stores for the order and the cases (electron/core/detect/explanations.ts): a scan covering a
    // third of the day, a few beacons, and model rows in clusters by destination.
    const entity = `${dst}:${[443, 80, 22, 4444, 8080][i % 5]!}`;
    const finding =
      i % 3 === 0
        ? { key: 'port_scan|10.9.9.9', strength: 0.85 }
        : i % 50 === 1
          ? { key: `beaconing|10.2.0.${i % 4}`, strength: 0.8 }
          : null;
    explanations.push({
      rank: i,
      risk: finding ? finding.strength : 0.3 * (1 - i / rows),
      findings: finding ? [finding] : [],
      entity,
      ...(finding
        ? {
            detections: [
              { name: finding.key.split('|')[0]!.replace('_', ' '), detail: 'bench', strength: finding.strength },
            ],
          }
        : {}),
    });
    edges.push({
      tstart,
      srcip: src,
      dstip: dst,
      sport: 40000 + (i % 20000),
      dport: 443,
      proto: 'TCP',
      flags: '.AP.SF',
      tos: 0,
      ibyt: 320,
      ipkt: 4,
      input: 1,
      output: 2,
      rip: '10.0.0.1',
      obyt: 190,
      opkt: 3,
      hh: i % 24,
      mn: i % 60,
    });
  }
  return {
    pipeline: 'flow',
    date,
    source: 'bench:ui',
    tables: { flow_scores: scores, flow_edge: edges, flow_chords: [], flow_ingest_summary: [] },
    explanations,
  };
}

async function tableBench(): Promise<Record<string, unknown>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spot-desk-bench-ui-'));
  const cache = createCache(dataPaths(dataDir).cache);
  for (const date of DAYS) cache.write.replaceDay(flowDay(date, ROWS));
  cache.close();
  const app = await startApp({ args: ['--no-sample'], dataDir });
  const browser = await openBrowser();
  try {
    const { page } = browser;
    // tsx compiles the evaluate() callbacks with esbuild's keepNames, which calls a __name helper in the page.
    await page.addInitScript({ content: 'window.__name = (f) => f;' });
    await page.goto(app.openUrl);
    await page.evaluate((d) => (window.location.hash = `#/flow/suspicious?date=${d}`), DAYS[0]!);
    await page.locator('[data-testid=suspicious-view][data-status=ready]').waitFor({ timeout: 60_000 });

    /** Choose the other day REPEAT×2 times, timing each switch to the first paint of the rows in `layout`. */
    const firstPaints = async (layout: 'cases' | 'rows'): Promise<number[]> => {
      // The layout is the analyst's remembered choice (models/suspicious/case-layout.ts).
      await page.evaluate((l) => localStorage.setItem('spot-desk.suspicious.layout', l), layout);
      await page.reload();
      await page.locator('[data-testid=suspicious-view][data-status=ready]').waitFor({ timeout: 60_000 });
      const times: number[] = [];
      for (let i = 0; i < REPEAT * 2; i++) {
        const date = DAYS[(i + 1) % 2]!;
        const ms = await page.evaluate(
          ({ date, rows, layout }) =>
            new Promise<number>((resolve, reject) => {
              const select = document.querySelector('select[aria-label="Cached day"]') as HTMLSelectElement;
              const t0 = performance.now();
              select.value = date;
              select.dispatchEvent(new Event('change', { bubbles: true }));
              const timeout = setTimeout(() => reject(new Error('rows did not paint in 30 s')), 30_000);
              const frame = () => {
                const view = document.querySelector('[data-testid=suspicious-view]') as HTMLElement | null;
                const list = document.querySelector(
                  layout === 'cases' ? '[data-testid=suspicious-cases]' : '[data-testid=suspicious-table]',
                );
                const ready =
                  view?.dataset.status === 'ready' &&
                  view.querySelector('h1')?.textContent?.includes(date) &&
                  list?.getAttribute('data-rows') === String(rows) &&
                  list.querySelector(layout === 'cases' ? '[data-testid=case]' : '[role=row][aria-rowindex]');
                if (!ready) return requestAnimationFrame(frame);
                // The rows are in the DOM: the next frame callback runs after they have been painted.
                requestAnimationFrame(() => {
                  clearTimeout(timeout);
                  resolve(performance.now() - t0);
                });
              };
              requestAnimationFrame(frame);
            }),
          { date, rows: ROWS, layout },
        );
        if (i > 0) times.push(ms); // the first switch warms the code paths
      }
      return times;
    };
    const cases_ms = await firstPaints('cases');
    const app_ms = await firstPaints('rows');

    // Baseline in the same page: fetch the same rows the same way, build a plain <table> of every row.
    const plain_ms: number[] = [];
    for (let i = 0; i < REPEAT; i++) {
      const ms = await page.evaluate(
        (date) =>
          new Promise<number>((resolve) => {
            const t0 = performance.now();
            const token = sessionStorage.getItem('spot-desk-token') ?? '';
            void fetch('./api/invoke/suspicious.rows', {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'x-spot-desk-token': token },
              body: JSON.stringify({ pipeline: 'flow', date }),
            })
              .then((r) => r.json())
              .then((result: { value: { columns: string[]; rows: Array<Array<string | number | null>> } }) => {
                const { columns, rows } = result.value;
                const shown = [
                  'rank',
                  'tstart',
                  'srcip',
                  'dstip',
                  'sport',
                  'dport',
                  'proto',
                  'ipkt',
                  'ibyt',
                  'ml_score',
                ];
                const index = shown.map((c) => columns.indexOf(c));
                document.getElementById('plain-bench')?.remove();
                const box = document.createElement('div');
                box.id = 'plain-bench';
                box.style.cssText = 'position:fixed;inset:0;overflow:auto;background:#fff;z-index:99';
                const table = document.createElement('table');
                const body = document.createElement('tbody');
                for (const row of rows) {
                  const tr = document.createElement('tr');
                  for (const i of index) {
                    const td = document.createElement('td');
                    td.textContent = String(row[i] ?? '');
                    tr.appendChild(td);
                  }
                  body.appendChild(tr);
                }
                table.appendChild(body);
                box.appendChild(table);
                document.body.appendChild(box);
                requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
              });
          }),
        DAYS[i % 2]!,
      );
      plain_ms.push(ms);
    }
    await page.evaluate(() => document.getElementById('plain-bench')?.remove());
    return {
      rows: ROWS,
      repeat: app_ms.length,
      cases_first_paint_ms: {
        median: round(median(cases_ms)),
        min: round(Math.min(...cases_ms)),
        max: round(Math.max(...cases_ms)),
      },
      app_first_paint_ms: {
        median: round(median(app_ms)),
        min: round(Math.min(...app_ms)),
        max: round(Math.max(...app_ms)),
      },
      plain_dom_table_ms: {
        median: round(median(plain_ms)),
        min: round(Math.min(...plain_ms)),
        max: round(Math.max(...plain_ms)),
      },
      goal_ms: 300,
      /** Cases cost over the flat list (1 = as fast; > 1 = slower). */
      ratio_cases_over_rows: round(median(cases_ms) / median(app_ms), 2),
      ratio_plain_over_app: round(median(plain_ms) / median(app_ms), 2),
    };
  } finally {
    await browser.close();
    await app.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function graphBench(): Promise<Record<string, unknown>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spot-desk-bench-graph-'));
  await build({
    entryPoints: [path.join(HERE, 'ui', 'graph-harness.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    outfile: path.join(dir, 'harness.js'),
    logLevel: 'error',
  });
  fs.writeFileSync(
    path.join(dir, 'index.html'),
    `<!doctype html><html><head><meta charset="utf-8"><style>
      :root{--panel:#fff;--text:#17212b;--muted:#5b6b7b;--internal:#2c7a7b;--external:#b7791f;--high:#c53030;
        --medium:#c05621;--info:#2b6cb0;--focus:#f6ad55}
      body{margin:0}</style></head><body><div id="stage"></div><script src="harness.js"></script></body></html>`,
  );
  const browser = await openBrowser();
  try {
    const { page } = browser;
    const measure = async (kind: 'canvas' | 'svg', width: number, height: number) => {
      await page.goto(`file://${path.join(dir, 'index.html')}?${kind}-${width}`);
      await page.waitForFunction(() => 'uiBench' in window);
      return page.evaluate(
        ({ kind, nodes, edges, ms, width, height }) => window.uiBench.measure(kind, nodes, edges, ms, width, height),
        { kind, nodes: NODES, edges: EDGES, ms: ANIMATE_MS, width, height },
      );
    };
    const sizes = [];
    let layoutMs = 0;
    for (const [width, height] of SIZES) {
      const canvas = await measure('canvas', width, height);
      const svg = await measure('svg', width, height);
      layoutMs = canvas.layoutMs;
      sizes.push({
        canvas_px: `${width}x${height}`,
        canvas_fps: round(canvas.fps),
        canvas_full_frame_cost_ms: round(canvas.drawMs ?? NaN),
        svg_d3_fps: round(svg.fps),
        ratio_canvas_over_svg: round(canvas.fps / svg.fps, 2),
      });
    }
    return { nodes: NODES, edges: EDGES, layout_ms: round(layoutMs), goal_fps: 30, sizes };
  } finally {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  if (process.argv.includes('--graph-only')) {
    console.log(JSON.stringify(await graphBench()));
    return;
  }
  const table = await tableBench();
  console.log('Suspicious table, choose a day → first paint:', JSON.stringify(table));
  const graph = await graphBench();
  console.log('Network view pan/zoom:', JSON.stringify(graph));
  const results = {
    at: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      node: process.version,
      chromium: 'Debian Chromium, headless, swiftshader',
      /** The machine is shared: a high load makes every figure slower and noisier. */
      loadavg_at_end: os.loadavg().map((l) => round(l, 2)),
    },
    table,
    graph,
  };
  fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'ui.json'), `${JSON.stringify(results, null, 2)}\n`);
  const sizes = graph.sizes as Array<Record<string, unknown>>;
  console.log(
    `cases first paint ${(table.cases_first_paint_ms as { median: number }).median} ms (goal < 300; ` +
      `${table.ratio_cases_over_rows}x the flat row list in the same run)`,
  );
  console.log(
    `table first paint ${(table.app_first_paint_ms as { median: number }).median} ms (goal < 300; plain DOM table ` +
      `${(table.plain_dom_table_ms as { median: number }).median} ms, ratio ${table.ratio_plain_over_app}x)`,
  );
  for (const r of sizes) {
    console.log(
      `graph ${r.canvas_px}: canvas ${r.canvas_fps} fps (full frame ${r.canvas_full_frame_cost_ms} ms) vs SVG d3 ` +
        `${r.svg_d3_fps} fps, ratio ${r.ratio_canvas_over_svg}x`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
