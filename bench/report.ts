/**
 * Report export speed (issue #17: "export of the sample day's storyboard as PDF and HTML; goal ≤ 2 s each"):
 *   npm run bench:report
 * Env: ROUNDS=5 (warm repeats), COLD_ROUNDS=3 (fresh processes per cold case), THINK_SECONDS=3 (how long the
 * analyst looks at the storyboard before exporting), KEEP_DATA=<dir> (reuse/keep the data folder).
 *
 * 1. Imports the bundled sample day through the real core (as the app does at first start) into a temp data folder
 *    and saves the sample's threats as an analyst would (expanded search, then save): the C2 beacon host, the port
 *    scanner and the malware server (flow), the tunnelling client (dns), the malware download (proxy).
 * 2. Cold: the first export of a FRESH process (a child started per round), timed around `export.storyboard`:
 *    - HTML (the baseline of the cold rows);
 *    - PDF with nothing warmed: what a one-shot `spot-desk export` pays (playwright import + Chromium start + print);
 *    - PDF as in the app: the storyboard is opened (`storyboard.list` starts Chromium in the background), the
 *      analyst reads it for THINK_SECONDS, then exports;
 *    - the whole `spot-desk export` command (node + tsx start, core, export, exit) for HTML and PDF.
 *    Each PDF row says where the time went (Chromium start or wait, loading the HTML, printing).
 * 3. Warm: in one process after a first PDF, medians over ROUNDS of the flow/dns/proxy storyboards as PDF, HTML and
 *    STIX; ratios against the HTML export of the same run.
 * 4. Writes bench/results/export.json and prints a Markdown table.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExportFormat } from '../shared/ops/investigation';
import type { Pipeline } from '../shared/schema';
import { createCore, type Core } from '../electron/core/api';
import { chromiumPrinter, findChromium, type PrintPhases } from '../electron/core/report/chromium-printer';
import {
  C2_VICTIM,
  MALWARE_SERVER,
  MALWARE_URI,
  SAMPLE_DATE,
  SCANNER,
  TUNNEL_CLIENT,
} from '../electron/core/sample/scenarios';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const COLD_ROUNDS = Number(process.env.COLD_ROUNDS ?? 3);
const THINK_SECONDS = Number(process.env.THINK_SECONDS ?? 3);
const GOAL_SECONDS = 2;
const THREATS: Array<{ pipeline: Pipeline; anchor: string; title: string; text: string }> = [
  { pipeline: 'flow', anchor: C2_VICTIM, title: 'C2 beaconing over TCP/443', text: 'Beacon every 300 s all day.' },
  { pipeline: 'flow', anchor: SCANNER, title: 'Internal port scan', text: 'Vertical scan and sweep of 10.10.6.0/24.' },
  { pipeline: 'flow', anchor: MALWARE_SERVER, title: 'Malware server', text: 'Served the fake Flash update.' },
  { pipeline: 'dns', anchor: TUNNEL_CLIENT, title: 'DNS tunnel', text: 'Long TXT queries to one domain.' },
  { pipeline: 'proxy', anchor: MALWARE_URI, title: 'Malware download', text: 'Fake Flash update downloaded.' },
];

/** Cold cases, each the first export of a fresh child process. */
type ColdCase = 'html' | 'pdf' | 'pdf-after-storyboard';
interface ColdResult {
  seconds: number;
  phases: PrintPhases | null;
}

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
const sleep = (s: number) => new Promise((resolve) => setTimeout(resolve, s * 1000));

function exporter(core: Core) {
  return (pipeline: Pipeline, format: ExportFormat) => () =>
    core.handlers['export.storyboard']({ pipeline, date: SAMPLE_DATE, format, tlp: 'AMBER', analyst: 'bench' });
}

async function prepare(dataDir: string): Promise<void> {
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
  } finally {
    await core.close();
  }
}

/** In a fresh child process: one cold case, its result as JSON on stdout. */
async function coldChild(dataDir: string, kind: ColdCase): Promise<void> {
  const printer = chromiumPrinter();
  const core = createCore({
    dataDir,
    mode: 'browser',
    version: 'bench',
    printPdf: printer,
    warmPdfOnStoryboard: kind === 'pdf-after-storyboard',
  });
  try {
    if (kind === 'pdf-after-storyboard') {
      await core.handlers['storyboard.list']({ pipeline: 'flow', date: SAMPLE_DATE });
      await sleep(THINK_SECONDS);
    }
    const took = await seconds(exporter(core)('flow', kind === 'html' ? 'html' : 'pdf'));
    const result: ColdResult = { seconds: took, phases: kind === 'html' ? null : printer.lastPhases };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await core.close();
  }
}

function runCold(dataDir: string, kind: ColdCase): ColdResult {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), 'cold', dataDir, kind],
    {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return JSON.parse(out.trim().split('\n').pop()!) as ColdResult;
}

/** The whole `spot-desk export` command, as a script would run it. */
function runCli(dataDir: string, format: 'html' | 'pdf', out: string): number {
  const start = process.hrtime.bigint();
  const done = spawnSync(
    process.execPath,
    [
      join(root, 'bin', 'spot-desk.js'),
      'export',
      '--type',
      'flow',
      '--date',
      SAMPLE_DATE,
      '--format',
      format,
      '--out',
      out,
    ],
    { cwd: root, env: { ...process.env, SPOT_DESK_DATA: dataDir }, encoding: 'utf8' },
  );
  const took = Number(process.hrtime.bigint() - start) / 1e9;
  if (done.status !== 0) throw new Error(`spot-desk export --format ${format} failed: ${done.stderr}`);
  return took;
}

interface Row {
  name: string;
  seconds: number;
  /** Against the HTML export of the same temperature (cold rows: cold HTML; warm rows: warm HTML). */
  ratioToHtml: number;
  phases?: { engine: number; content: number; print: number; launched: boolean } | null;
  runs?: number[];
}

async function main(): Promise<void> {
  const dataDir = process.env.KEEP_DATA ?? mkdtempSync(join(tmpdir(), 'spot-desk-bench-report-'));
  mkdirSync(dataDir, { recursive: true });
  const outDir = mkdtempSync(join(tmpdir(), 'spot-desk-bench-report-out-'));
  try {
    await prepare(dataDir);
    const chromium = findChromium();
    process.stderr.write(`printing with ${chromium}\n`);

    // Cold, interleaved so that load changes hit every case alike.
    const cold = new Map<string, ColdResult[]>();
    const cli = { html: [] as number[], pdf: [] as number[] };
    for (let round = 0; round < COLD_ROUNDS; round++) {
      for (const kind of ['html', 'pdf', 'pdf-after-storyboard'] as const) {
        cold.set(kind, [...(cold.get(kind) ?? []), runCold(dataDir, kind)]);
      }
      cli.html.push(runCli(dataDir, 'html', join(outDir, 'cli.html')));
      cli.pdf.push(runCli(dataDir, 'pdf', join(outDir, 'cli.pdf')));
    }
    const coldMedian = (kind: ColdCase) => {
      const runs = cold.get(kind)!;
      const mid = runs.map((r) => r.seconds).sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
      return { mid, runs, phases: runs.find((r) => r.seconds === mid)?.phases ?? null };
    };
    const coldHtml = coldMedian('html');
    const cliHtml = median(cli.html);

    // Warm, in this process.
    const printer = chromiumPrinter();
    const core = createCore({ dataDir, mode: 'browser', version: 'bench', printPdf: printer });
    const exportOf = exporter(core);
    const warmRows: Row[] = [];
    let sizes = { html: 0, pdf: 0 };
    try {
      await exportOf('flow', 'pdf')(); // starts Chromium, not timed
      const cases: Array<[string, () => Promise<unknown>]> = [
        ['flow storyboard, HTML', exportOf('flow', 'html')],
        ['flow storyboard, PDF', exportOf('flow', 'pdf')],
        ['dns storyboard, PDF', exportOf('dns', 'pdf')],
        ['proxy storyboard, PDF', exportOf('proxy', 'pdf')],
        ['flow IOCs, STIX 2.1', exportOf('flow', 'stix')],
      ];
      const times = new Map<string, number[]>(cases.map(([name]) => [name, []]));
      const phases = new Map<string, PrintPhases[]>();
      for (let round = 0; round < ROUNDS; round++) {
        for (const [name, run] of cases) {
          times.get(name)!.push(await seconds(run));
          if (name.endsWith('PDF') && printer.lastPhases)
            phases.set(name, [...(phases.get(name) ?? []), printer.lastPhases]);
        }
      }
      const warmHtml = median(times.get('flow storyboard, HTML')!);
      for (const [name] of cases) {
        const runs = times.get(name)!;
        const p = phases.get(name);
        warmRows.push({
          name: `warm: ${name}`,
          seconds: median(runs),
          ratioToHtml: median(runs) / warmHtml,
          runs,
          phases: p
            ? {
                launched: false,
                engine: median(p.map((x) => x.engine)),
                content: median(p.map((x) => x.content)),
                print: median(p.map((x) => x.print)),
              }
            : undefined,
        });
      }
      sizes = {
        html: Buffer.from((await exportOf('flow', 'html')()).base64, 'base64').length,
        pdf: Buffer.from((await exportOf('flow', 'pdf')()).base64, 'base64').length,
      };
    } finally {
      await core.close();
    }

    const coldRow = (name: string, kind: ColdCase): Row => {
      const c = coldMedian(kind);
      return {
        name,
        seconds: c.mid,
        ratioToHtml: c.mid / coldHtml.mid,
        phases: c.phases,
        runs: c.runs.map((r) => r.seconds),
      };
    };
    const rows: Row[] = [
      coldRow('cold: flow storyboard, HTML (first export of a fresh process)', 'html'),
      coldRow('cold: flow storyboard, PDF, nothing warmed (first export of a fresh process)', 'pdf'),
      coldRow(
        `cold: flow storyboard, PDF after the storyboard was open ${THINK_SECONDS} s (the app)`,
        'pdf-after-storyboard',
      ),
      {
        name: 'cold: `spot-desk export --format html` (whole command)',
        seconds: cliHtml,
        ratioToHtml: 1,
        runs: cli.html,
      },
      {
        name: 'cold: `spot-desk export --format pdf` (whole command)',
        seconds: median(cli.pdf),
        ratioToHtml: median(cli.pdf) / cliHtml,
        runs: cli.pdf,
      },
      ...warmRows,
    ];
    const phaseText = (r: Row) =>
      r.phases
        ? `${r.phases.launched ? 'start' : 'wait'} ${r.phases.engine.toFixed(2)} + load ${r.phases.content.toFixed(2)} + print ${r.phases.print.toFixed(2)}`
        : '';
    const lines = [
      `| export (sample day ${SAMPLE_DATE}; cold: median of ${COLD_ROUNDS} fresh processes, warm: median of ${ROUNDS}) | seconds | ratio to HTML | Chromium: start/wait + load + print (s) | goal ≤ ${GOAL_SECONDS} s |`,
      '|---|---:|---:|---|---|',
      ...rows.map(
        (r) =>
          `| ${r.name} | ${r.seconds.toFixed(3)} | ${r.ratioToHtml.toFixed(1)}× | ${phaseText(r)} | ${
            r.name.includes('whole command') ? '' : r.seconds <= GOAL_SECONDS ? 'met' : 'MISSED'
          } |`,
      ),
    ];
    const load = loadavg();
    process.stdout.write(
      `${lines.join('\n')}\n\nChromium: ${chromium}; load ${load.map((l) => l.toFixed(1)).join(' ')}; flow report: HTML ${sizes.html} bytes, PDF ${sizes.pdf} bytes\n`,
    );
    mkdirSync(join(here, 'results'), { recursive: true });
    writeFileSync(
      join(here, 'results', 'export.json'),
      `${JSON.stringify(
        {
          date: new Date().toISOString(),
          cpus: cpus().length,
          load1: load[0],
          chromium,
          rounds: ROUNDS,
          coldRounds: COLD_ROUNDS,
          thinkSeconds: THINK_SECONDS,
          rows,
          sizes,
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    rmSync(outDir, { recursive: true, force: true });
    if (!process.env.KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
  }
}

const [mode, childDataDir, childCase] = process.argv.slice(2);
(mode === 'cold' ? coldChild(childDataDir!, childCase as ColdCase) : main()).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
