/**
 * The OA steps of each telemetry type, registered once (the knowledge they share lives in profiles/): enrich the
 * suspicious results rows into the scores table, name the keys the raw day is read for, build the detail tables.
 */
import type { Pipeline } from '../../../shared/schema';
import type { OaRow } from '../cache/types';
import type { ResultsRow } from '../parse/results';
import type { SuspiciousKeys } from '../sources/types';
import { dnsDetails, dnsKeys, dnsScores } from './dns';
import { flowDetails, flowKeys, flowScores } from './flow';
import { proxyDetails, proxyKeys, proxyScores } from './proxy';
import type { Enrichment, StepContext, Tables } from './types';

export interface ScoredRows {
  rows: OaRow[];
  /** Facts a row's explanation keeps beside it (proxy: the row's hash), index for index. */
  explanationFacts?: Array<Record<string, unknown>>;
}

export interface OaSteps {
  scores(results: ResultsRow[], enrichment: Enrichment): Promise<ScoredRows>;
  keys(scores: OaRow[]): SuspiciousKeys;
  details(ctx: StepContext, scores: OaRow[], wholeDay: boolean): Promise<Tables>;
}

export const OA_STEPS: Readonly<Record<Pipeline, OaSteps>> = {
  flow: { scores: async (r, e) => ({ rows: await flowScores(r, e) }), keys: flowKeys, details: flowDetails },
  dns: { scores: async (r, e) => ({ rows: await dnsScores(r, e) }), keys: dnsKeys, details: dnsDetails },
  proxy: {
    scores: async (r, e) => {
      const { rows, hashes } = await proxyScores(r, e);
      return { rows, explanationFacts: hashes.map((hash) => ({ hash })) };
    },
    keys: proxyKeys,
    details: proxyDetails,
  },
};
