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

/**
 * Once the day tables exist, the `events` table a pipeline's detectors still read, as a view over them instead (its
 * table is dropped): one copy of the day in memory instead of two, so a large day spills less. Flow: every flow
 * detector reads `events` only through flowKnowledge's `fe` (rows with both addresses), which the day table holds
 * one for one.
 */
const EVENTS_FROM_DAY_TABLES: Readonly<Partial<Record<Pipeline, string>>> = {
  flow: `SELECT ts, sip, dip, sport, dport, proto, flag, ipkt, ibyt, opkt, obyt, tdur FROM ${FLOW_DAY_TABLE}`,
};

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
  const events = EVENTS_FROM_DAY_TABLES[pipeline];
  // Only a table is replaced (day.ts falls back to a view over the raw files when the table cannot be made).
  const isTable = await duck.all(`SELECT 1 FROM duckdb_tables() WHERE table_name = 'events'`, signal);
  if (events !== undefined && isTable.length > 0)
    await duck.run(`DROP TABLE events; CREATE TEMP VIEW events AS ${events}`, signal);
  return DAY_TABLES[pipeline].length > 0;
}
