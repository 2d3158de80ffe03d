/**
 * The terminal door: the same core as the app. Progress goes to stderr, results to stdout.
 *   spot-desk days [--type flow|dns|proxy]
 *   spot-desk cache check
 *   spot-desk oa --type flow|dns|proxy --date YYYY-MM-DD [--top N] [--source DIR]
 *   spot-desk score --type flow|dns|proxy --date YYYY-MM-DD
 *   spot-desk detect --type flow|dns|proxy --date YYYY-MM-DD --dry-run [--engine hive|impala|duckdb]
 *   spot-desk sample
 *   spot-desk list --type T --date D [--order risk|lda] [--all] [--limit N] [--format tsv|csv|json]
 *   spot-desk export --type T --date D --format pdf|html|csv|stix [--threat ID] [--tlp L] [--analyst NAME] --out FILE
 * Global: --data DIR (default $SPOT_DESK_DATA or the per-user data folder).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JobState } from '../shared/api';
import type { ExportFile } from '../shared/ops/investigation';
import type { FindingRows } from '../shared/ops/core';
import type { SuspiciousList } from '../shared/ops/triage';
import { formatTimeIso } from '../shared/format';
import { PIPELINE_PROFILES } from '../shared/pipeline-profile';
import type { Pipeline } from '../shared/schema';
import { createCore, type Core } from './core/api';
import { dispatch } from './core/dispatch';
import { toCsv } from './core/csv-writer';
import { defaultDataDir } from './core/paths';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ParsedArgs {
  command: string[];
  flags: Map<string, string>;
}

export function parseArgs(argv: string[]): ParsedArgs {
  const command: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg.startsWith('--')) {
      const [key, inline] = arg.slice(2).split('=', 2);
      const next = argv[i + 1];
      if (inline !== undefined) flags.set(key ?? '', inline);
      else if (next !== undefined && !next.startsWith('--')) {
        flags.set(key ?? '', next);
        i++;
      } else flags.set(key ?? '', 'true');
    } else command.push(arg);
  }
  return { command, flags };
}

const USAGE = `usage: spot-desk <command> [flags]
  days [--type flow|dns|proxy]                         list cached days
  cache check                                          integrity check of the cache
  oa --type T --date YYYY-MM-DD [--top N] [--source DIR]   run an OA pipeline into the cache
  score --type T --date YYYY-MM-DD                     score the raw day with the embedded LDA, then import it
  detect --type T --date D --dry-run [--engine hive|impala|duckdb]
                                                       print the detector SQL the day would send to the cluster
                                                       (one partition-pruned statement per detector; nothing sent)
  sample                                               generate and import the bundled sample day
  list --type T --date D [--order risk|lda] [--all] [--limit N] [--format tsv|csv|json]
                                                       the day's suspicious rows in the view's default order
                                                       (scored and allow-listed rows hidden unless --all)
  export --type T --date D --format pdf|html|csv|stix [--threat ID] [--tlp CLEAR|GREEN|AMBER|AMBER+STRICT|RED]
         [--analyst NAME] --out FILE                   the day's storyboard report (pdf, html) or its indicators
                                                       (csv, stix: a STIX 2.1 bundle); --threat: one saved threat
  finding-rows --type T --date D --keys JSON [--offset N] [--limit N] [--format tsv|csv|json]
                                                       every raw row of the day a finding covers (its keys as the
                                                       detections file names them, e.g. '{"clientip":"10.0.0.5"}')
global flags: --data DIR`;

/** An error as one line of text: its message (errors of the core name the file and what to do), never a stack. */
function oneLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

async function call(core: Core, name: string, request: unknown): Promise<unknown> {
  const result = await dispatch(core.handlers, name, request);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

async function followJob(core: Core, job: JobState): Promise<JobState> {
  const off = core.jobs.onChange((state) => {
    if (state.id === job.id && state.status === 'running') {
      process.stderr.write(
        `\r[${Math.round(state.progress * 100)
          .toString()
          .padStart(3)}%] ${state.message.padEnd(60)}`,
      );
    }
  });
  const onSigint = () => core.jobs.cancel(job.id);
  process.on('SIGINT', onSigint);
  const final = await core.jobs.wait(job.id);
  process.off('SIGINT', onSigint);
  off();
  process.stderr.write('\n');
  return final;
}

/**
 * The list as TSV (tabs and line breaks inside values become spaces), CSV (spreadsheet-safe) or JSON. With the
 * pipeline, TSV and CSV lead with `time_utc`: the row's event time in the one format as ISO 8601 with Z, whatever
 * text the pipeline's own time column holds (flow tstart, DNS tshark frame_time, proxy date and time apart).
 */
export function formatList(list: SuspiciousList, format: string, pipeline?: Pipeline): string {
  if (format === 'json') return `${JSON.stringify(list)}\n`;
  const eventTime = pipeline ? PIPELINE_PROFILES[pipeline].eventTime : null;
  const time = (values: SuspiciousList['rows'][number]['values']) =>
    formatTimeIso(eventTime!(Object.fromEntries(list.columns.map((c, i) => [c, values[i] ?? null]))), 'utc');
  const columns = [
    'position',
    'index',
    'finding',
    'risk',
    'severity',
    ...(eventTime ? ['time_utc'] : []),
    ...list.columns,
  ];
  const rows = list.rows.map((r) => [
    r.position,
    r.index,
    r.finding,
    r.risk,
    r.severity,
    ...(eventTime ? [time(r.values)] : []),
    ...r.values,
  ]);
  if (format === 'csv') return toCsv(columns, rows);
  const cell = (v: unknown): string => (v === null || v === undefined ? '' : String(v).replace(/[\t\r\n]/g, ' '));
  return [columns, ...rows].map((r) => `${r.map(cell).join('\t')}\n`).join('');
}

type DetectPlan = {
  engine: string;
  database: string;
  statements: Array<{ detector: string; sql: string | null; reason?: string }>;
};

/** The dry run as SQL text: a header, then each detector's statement (or why the engine cannot run it). */
export function formatPlan(plan: DetectPlan, pipeline: string, date: string): string {
  const head =
    `-- ${plan.statements.length} detector statement(s) for ${pipeline} ${date}, ${plan.engine}, ` +
    `database ${plan.database}; each reads ${plan.database}.${pipeline} only for the day's partition`;
  const body = plan.statements.map((s) =>
    s.sql === null
      ? `-- ${s.detector}: not run on ${plan.engine} (${s.reason ?? 'unsupported'})`
      : `-- ${s.detector}\n${s.sql.trim()};`,
  );
  return `${[head, ...body].join('\n\n')}\n`;
}

export async function runCli(argv: string[]): Promise<number> {
  const { command, flags } = parseArgs(argv);
  if (command.length === 0 || flags.has('help')) {
    process.stdout.write(`${USAGE}\n`);
    return command.length === 0 && !flags.has('help') ? 2 : 0;
  }
  const version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  let core: Core;
  try {
    core = createCore({ dataDir: path.resolve(flags.get('data') ?? defaultDataDir()), mode: 'browser', version });
  } catch (err) {
    process.stderr.write(`error: ${oneLine(err)} (the data directory is --data DIR, else $SPOT_DESK_DATA)\n`);
    return 1;
  }
  if (core.cache.readOnly) process.stderr.write(`warning: ${oneLine(core.cache.readOnly)}\n`);
  try {
    const [verb, sub] = command;
    if (verb === 'days') {
      const days = (await call(core, 'days.list', flags.has('type') ? { pipeline: flags.get('type') } : {})) as Array<
        Record<string, unknown>
      >;
      if (days.length === 0) process.stdout.write('no cached days\n');
      for (const d of days) process.stdout.write(`${d.date}\t${d.pipeline}\t${d.rows} rows\t${d.source}\n`);
      return 0;
    }
    if (verb === 'cache' && sub === 'check') {
      const check = (await call(core, 'cache.check', {})) as { ok: boolean; messages: string[]; days: number };
      process.stdout.write(`${check.ok ? 'ok' : 'CORRUPT'}: ${core.paths.cache}, ${check.days} cached day(s)\n`);
      if (!check.ok) process.stdout.write(`${check.messages.join('\n')}\n`);
      return check.ok ? 0 : 1;
    }
    if (verb === 'list') {
      const format = flags.get('format') ?? 'tsv';
      if (!['tsv', 'csv', 'json'].includes(format)) {
        process.stderr.write(`--format must be tsv, csv or json, got ${format}\n`);
        return 2;
      }
      const list = (await call(core, 'suspicious.list', {
        pipeline: flags.get('type'),
        date: flags.get('date'),
        order: flags.get('order') ?? 'risk',
        all: flags.has('all'),
        ...(flags.has('limit') ? { limit: Number(flags.get('limit')) } : {}),
      })) as SuspiciousList;
      // The door checked --type when it answered the list.
      process.stdout.write(formatList(list, format, flags.get('type') as Pipeline));
      const { scored, allowListed } = list.hidden;
      if (scored + allowListed > 0)
        process.stderr.write(`hidden: ${scored} scored, ${allowListed} allow-listed row(s) (--all lists them)\n`);
      return 0;
    }
    if (verb === 'detect') {
      if (!flags.has('dry-run')) {
        process.stderr.write(
          'detect runs with --dry-run only: a day read from Hive/Impala gets its detections when imported (oa)\n',
        );
        return 2;
      }
      const plan = (await call(core, 'detect.plan', {
        pipeline: flags.get('type'),
        date: flags.get('date'),
        ...(flags.has('engine') ? { engine: flags.get('engine') } : {}),
      })) as DetectPlan;
      process.stdout.write(formatPlan(plan, flags.get('type') ?? '', flags.get('date') ?? ''));
      return 0;
    }
    if (verb === 'export') {
      const out = flags.get('out');
      if (!out || out === 'true') {
        process.stderr.write('export needs --out FILE (where to write the report or the indicators)\n');
        return 2;
      }
      const file = (await call(core, 'export.storyboard', {
        pipeline: flags.get('type'),
        date: flags.get('date'),
        format: flags.get('format'),
        ...(flags.has('threat') ? { anchor: flags.get('threat') } : {}),
        ...(flags.has('tlp') ? { tlp: flags.get('tlp')?.toUpperCase() } : {}),
        ...(flags.has('analyst') ? { analyst: flags.get('analyst') } : {}),
      })) as ExportFile;
      const bytes = Buffer.from(file.base64, 'base64');
      const target = path.resolve(out);
      const temp = `${target}.tmp-${process.pid}`;
      try {
        fs.writeFileSync(temp, bytes);
        fs.renameSync(temp, target);
      } catch (err) {
        fs.rmSync(temp, { force: true });
        throw new Error(`cannot write ${target}: ${oneLine(err)}`, { cause: err });
      }
      process.stdout.write(`${target}\t${file.mimeType}\t${bytes.length} bytes\n`);
      return 0;
    }
    if (verb === 'finding-rows') {
      const format = flags.get('format') ?? 'tsv';
      if (!['tsv', 'csv', 'json'].includes(format)) {
        process.stderr.write(`--format must be tsv, csv or json, got ${format}\n`);
        return 2;
      }
      let keys: unknown;
      try {
        keys = JSON.parse(flags.get('keys') ?? '');
      } catch {
        process.stderr.write(`--keys must be a JSON object of the finding's keys, e.g. '{"clientip":"10.0.0.5"}'\n`);
        return 2;
      }
      const page = (await call(core, 'finding.rows', {
        pipeline: flags.get('type'),
        date: flags.get('date'),
        keys,
        ...(flags.has('offset') ? { offset: Number(flags.get('offset')) } : {}),
        ...(flags.has('limit') ? { limit: Number(flags.get('limit')) } : {}),
      })) as FindingRows;
      if (format === 'json') process.stdout.write(`${JSON.stringify(page)}\n`);
      else if (format === 'csv') process.stdout.write(toCsv(page.columns, page.rows));
      else {
        const cell = (v: unknown): string => (v === null || v === undefined ? '' : String(v).replace(/[\t\r\n]/g, ' '));
        process.stdout.write([page.columns, ...page.rows].map((r) => `${r.map(cell).join('\t')}\n`).join(''));
      }
      process.stderr.write(`rows ${page.offset + 1}–${page.offset + page.rows.length} of ${page.total}\n`);
      return 0;
    }
    if (verb === 'oa' || verb === 'sample' || verb === 'score') {
      const request =
        verb === 'score'
          ? { pipeline: flags.get('type'), date: flags.get('date') }
          : verb === 'oa'
            ? {
                pipeline: flags.get('type'),
                date: flags.get('date'),
                ...(flags.has('top') ? { top: Number(flags.get('top')) } : {}),
                ...(flags.has('source') ? { source: path.resolve(flags.get('source') ?? '') } : {}),
              }
            : {};
      const operation = { oa: 'pipeline.run', score: 'ml.score', sample: 'sample.load' }[verb];
      const job = (await call(core, operation, request)) as JobState;
      const final = await followJob(core, job);
      if (final.status !== 'done') {
        process.stderr.write(`${final.status}: ${oneLine(final.error ?? final.message)}\n`);
        return 1;
      }
      process.stdout.write(`${final.message}\n`);
      return 0;
    }
    process.stderr.write(`unknown command: ${command.join(' ')}\n${USAGE}\n`);
    return 2;
  } catch (err) {
    process.stderr.write(`error: ${oneLine(err)}\n`);
    return 1;
  } finally {
    await core.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`error: ${oneLine(err)}\n`);
      process.exit(1);
    },
  );
}
