/**
 * Runs every detector of a pipeline over one raw day (CSV or Parquet files DuckDB reads in place): the raw view,
 * the normalised `events` table built from it once, the tables several detectors share (day-tables.ts), then one
 * query per detector.
 */
import { CancelledError } from '../errors';
import { Duck, type DuckSettings } from '../pipeline/duck';
import { asInputError, createRawView } from '../pipeline/raw-view';
import type { RowAccount, ScannedCsv } from '../parse/raw-lines';
import type { RawDayRef } from '../sources/types';
import { createDayTables } from './day-tables';
import { EVENTS_TABLE, eventsTableFromRawSql, eventsViewSql, selectList } from './events';
import { networkSettings } from './network';
import { DETECTORS } from './registry';
import { runDetectors, type DetectorRun } from './run';
import type { QuantileStyle } from './quantiles';
import type { Detector, DetectorContext, NetworkSettings } from './types';
import type { Pipeline } from '../../../shared/schema';

export interface DetectDayOptions {
  pipeline: Pipeline;
  /** YYYY-MM-DD. */
  date: string;
  raw: RawDayRef;
  network?: Partial<NetworkSettings>;
  /** Default: the registry's detectors of the pipeline. */
  detectors?: readonly Detector[];
  duck?: DuckSettings;
  signal?: AbortSignal;
  /** The raw CSV files' scans another reader of the day made (the scorer's): reused, not scanned again. */
  scans?: ReadonlyMap<string, Readonly<ScannedCsv>>;
  /** Quantiles as aggregates (default) or in the analytic-function form an engine without them runs (quantiles.ts). */
  quantiles?: QuantileStyle;
}

export interface DetectDayRun extends DetectorRun {
  /** The raw lines the detectors read: read = accepted + rejected, per file. */
  rows: RowAccount;
}

export async function detectDay(options: DetectDayOptions): Promise<DetectDayRun> {
  const { pipeline, raw, signal } = options;
  const ctx: DetectorContext = {
    pipeline,
    date: options.date,
    network: networkSettings(options.network),
    quantiles: options.quantiles,
  };
  const duck = await Duck.open(options.duck);
  try {
    // The day parsed once into a table that every detector reads (through a view, each detector's query re-read
    // and re-parsed the raw files: 5-7 times per day). A CSV day's table is made by the read that converts and
    // counts its lines (one parse, not two). Else it is made from the view; should that fail (a raw row DuckDB
    // cannot read), the view as before: each detector then reports the problem as its own failure and scoring goes on.
    const events = { name: EVENTS_TABLE, select: (columns: ReadonlySet<string>) => selectList(pipeline, columns) };
    const view = await createRawView(duck, pipeline, raw, signal, options.scans, events);
    if (!view.tableLoaded) {
      await duck.run(eventsTableFromRawSql(pipeline, view.columns), signal).catch(async (err: unknown) => {
        if (err instanceof CancelledError || signal?.aborted) throw new CancelledError();
        await duck.run(eventsViewSql(pipeline, view.columns), signal).catch((viewErr: unknown) => {
          throw asInputError(viewErr, raw.name);
        });
      });
    }
    // What several detectors share, made once (day-tables.ts). Should that fail, each detector computes it itself
    // and reports a failure as its own.
    const dayTables = await createDayTables(duck, pipeline, ctx.network, signal).catch((err: unknown) => {
      if (err instanceof CancelledError || signal?.aborted) throw new CancelledError();
      return false;
    });
    const run = await runDetectors(duck, options.detectors ?? DETECTORS[pipeline], { ...ctx, dayTables }, signal);
    return { ...run, rows: view.rows };
  } finally {
    duck.close();
  }
}
