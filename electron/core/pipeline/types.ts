import type { OaRow } from '../cache/types';
import type { Enrichment } from '../enrich';
import type { RawDayRef } from '../sources/types';
import type { ResultsRow } from '../parse/results';
import type { Duck } from './duck';
import type { RawView } from './raw-view';
import type { ScanMode } from './scan';

export type { Enrichment };

/** What a pipeline step gets: the suspicious rows, DuckDB with the `raw` view, and reporting hooks. */
export interface StepContext {
  date: string;
  results: ResultsRow[];
  enrichment: Enrichment;
  duck: Duck;
  raw: RawView;
  rawRef: RawDayRef;
  scanMode: ScanMode;
  signal?: AbortSignal;
  /** Reports progress within the DuckDB phase; `fraction` runs 0..1 over the phase. */
  progress: (fraction: number, message: string) => void;
}

export type Tables = Record<string, OaRow[]>;
