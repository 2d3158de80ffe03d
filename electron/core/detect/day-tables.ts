/**
 * The tables several detectors of a pipeline read, made once per day: flow detectors all start from the day's flows
 * with what the network knows of them (network.ts flowKnowledge), DNS detectors from the day's query rows and its
 * resolvers (dns/common.ts). Each detector's SQL still carries the full definition (the same functions), so it runs
 * alone where the data lives; locally day.ts makes these tables first and the detectors read them
 * (DetectorContext.dayTables), instead of each recomputing them over the whole day.
 */
import type { Pipeline } from '../../../shared/schema';
import type { Duck } from '../pipeline/duck';
import { DNS_QUERIES_DAY_TABLE, DNS_RESOLVERS_DAY_TABLE, dnsQueries, resolvers } from './dns/common';
import { FLOW_DAY_TABLE, flowKnowledge } from './network';
import type { NetworkSettings } from './types';

interface DayTable {
  name: string;
  sql(network: NetworkSettings): string;
}

export const DAY_TABLES: Readonly<Record<Pipeline, readonly DayTable[]>> = {
  flow: [{ name: FLOW_DAY_TABLE, sql: (network) => `WITH ${flowKnowledge(network)} SELECT * FROM flows` }],
  dns: [
    { name: DNS_QUERIES_DAY_TABLE, sql: (network) => dnsQueries(network) },
    { name: DNS_RESOLVERS_DAY_TABLE, sql: (network) => resolvers(network) },
  ],
  proxy: [],
};

/** Makes the pipeline's day tables over `events`; true when it has any (the detectors should then read them). */
export async function createDayTables(
  duck: Duck,
  pipeline: Pipeline,
  network: NetworkSettings,
  signal?: AbortSignal,
): Promise<boolean> {
  for (const table of DAY_TABLES[pipeline])
    await duck.run(`CREATE OR REPLACE TEMP TABLE ${table.name} AS ${table.sql(network)}`, signal);
  return DAY_TABLES[pipeline].length > 0;
}
