/**
 * Report export speed (issue #17: "export of the sample day's storyboard as PDF and HTML; goal ≤ 2 s each"):
 *   npm run bench:report
 * Env: ROUNDS=5, KEEP_DATA=<dir> (reuse/keep the data folder with the imported sample and the saved threats).
 *
 * 1. Imports the bundled sample day through the real core (as the app does at first start) into a temp data folder.
 * 2. Investigates and saves the sample's threats as an analyst would (expanded search, then save): the C2 beacon
 *    host, the port scanner and the malware server (flow), the tunnelling client (dns), the malware download (proxy).
 * 3. Times `export.storyboard` through the core, as the doors call it: the whole flow storyboard as HTML and as PDF,
 *    the first PDF separately (it starts Chromium), and the dns and proxy storyboards; medians over ROUNDS.
 *    Baseline of the same run: printing a one-line page with the same Chromium (the engine's floor), so the ratio
 *    says how much the report itself costs beyond the engine.
 * 4. Writes bench/results/export.json (bench/results/report.json is the whole-bench report) and prints a Markdown table.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExportFormat } from '../shared/ops/investigation';
import type { Pipeline } from '../shared/schema';
import { createCore, type Core } from '../electron/core/api';
import { chromiumPrinter, printJob } from '../electron/core/report/pdf';
import {
  C2_VICTIM,
  MALWARE_SERVER,
  MALWARE_URI,
  SAMPLE_DATE,
  SCANNER,
  TUNNEL_CLIENT,
} from '../electron/core/sample/scenarios';

const here = dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const GOAL_SECONDS = 2;
const THREATS: Array<{ pipeline: Pipeline; anchor: string; title: string; text: string }> = [
  { pipeline: 'flow', anchor: C2_VICTIM, title: 'C2 beaconing over TCP/443', text: 'Beacon every 300 s all day.' },
  { pipeline: 'flow', anchor: SCANNER, title: 'Internal port scan', text: 'Vertical scan and sweep of 10.10.6.0/24.' },
  { pipeline: 'flow', anchor: MALWARE_SERVER, title: 'Malware server', text: 'Served the fake Flash update.' },
  { pipeline: 'dns', anchor: TUNNEL_CLIENT, title: 'DNS tunnel', text: 'Long TXT queries to one domain.' },
  { pipeline: 'proxy', anchor: MALWARE_URI, title: 'Malware download', text: 'Fake Flash update downloaded.' },
];

async function waitJob(core: Core, id: string | undefined): Promise<void> {
  if (!id) return;
  const final = await core.jobs.wait(id);
  if (final.status !== 'done') throw new Error(`${final.kind} job ${final.status}: ${final.error ?? final.message}`);
}

async function seconds(run: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const dataDir = process.env.KEEP_DATA ?? mkdtempSync(join(tmpdir(), 'spot-desk-bench-report-'));
  mkdirSync(dataDir, { recursive: true });
  const core = createCore({ dataDir, mode: 'browser', version: 'bench' });
  const h = core.handlers;
  try {
    if (!core.cache.read.hasDay('flow', SAMPLE_DATE)) {
      process.stderr.write('importing the sample day…\n');
      await waitJob(core, (await h['sample.load']({})).id);
    }
    for (const t of THREATS) {
      const saved = await h['storyboard.list']({ pipeline: t.pipeline, date: SAMPLE_DATE });
      if (saved.some((e) => e.anchor === t.anchor)) continue;
      process.stderr.write(`investigating ${t.pipeline} ${t.anchor}…\n`);
      const started = await h['investigation.search']({
        pipeline: t.pipeline,
        date: SAMPLE_DATE,
        anchor: t.anchor,
        refresh: false,
      });
      await waitJob(core, started.job?.id);
      await h['investigation.save']({
        pipeline: t.pipeline,
        date: SAMPLE_DATE,
        anchor: t.anchor,
        title: t.title,
        text: t.text,
      });
    }

    const exportOf = (pipeline: Pipeline, format: ExportFormat) => () =>
      h['export.storyboard']({ pipeline, date: SAMPLE_DATE, format, tlp: 'AMBER', analyst: 'bench' });
    const firstPdf = await seconds(exportOf('flow', 'pdf'));
    const floorPrinter = chromiumPrinter();
    const floorJob = printJob('<!doctype html><p>one line</p>', 'CLEAR', 'floor');
    await floorPrinter(floorJob); // its own Chromium start, not timed
    const cases: Array<[string, () => Promise<unknown>]> = [
      ['flow storyboard, HTML', exportOf('flow', 'html')],
      ['flow storyboard, PDF', exportOf('flow', 'pdf')],
      ['dns storyboard, PDF', exportOf('dns', 'pdf')],
      ['proxy storyboard, PDF', exportOf('proxy', 'pdf')],
      ['flow IOCs, STIX 2.1', exportOf('flow', 'stix')],
      ['baseline: one-line page, PDF', () => floorPrinter(floorJob)],
    ];
    const times = new Map<string, number[]>(cases.map(([name]) => [name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, run] of cases) times.get(name)!.push(await seconds(run));
    }
    await floorPrinter.close();
    const floor = median(times.get('baseline: one-line page, PDF')!);
    const sizes = {
      html: Buffer.from((await exportOf('flow', 'html')()).base64, 'base64').length,
      pdf: Buffer.from((await exportOf('flow', 'pdf')()).base64, 'base64').length,
    };
    const rows = [
      { name: 'flow storyboard, first PDF (starts Chromium)', seconds: firstPdf },
      ...cases.map(([name]) => ({ name, seconds: median(times.get(name)!) })),
    ];
    const lines = [
      `| export (sample day ${SAMPLE_DATE}, median of ${ROUNDS}) | seconds | ratio to baseline | goal ≤ ${GOAL_SECONDS} s |`,
      '|---|---:|---:|---|',
      ...rows.map(
        (r) =>
          `| ${r.name} | ${r.seconds.toFixed(3)} | ${(r.seconds / floor).toFixed(1)}× | ${
            r.name.startsWith('baseline') ? '' : r.seconds <= GOAL_SECONDS ? 'met' : 'MISSED'
          } |`,
      ),
    ];
    process.stdout.write(`${lines.join('\n')}\n\nflow report: HTML ${sizes.html} bytes, PDF ${sizes.pdf} bytes\n`);
    mkdirSync(join(here, 'results'), { recursive: true });
    writeFileSync(
      join(here, 'results', 'export.json'),
      `${JSON.stringify(
        { date: new Date().toISOString(), cpus: cpus().length, load1: loadavg()[0], rounds: ROUNDS, rows, sizes },
        null,
        2,
      )}\n`,
    );
  } finally {
    await core.close();
    if (!process.env.KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
