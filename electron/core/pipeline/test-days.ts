// Test helpers: copies of the hand-checked fixture days in temp dirs, optionally converted to Parquet.
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RAW_COLUMNS, RAW_FLOW_SEED_COLUMNS } from '../../../shared/schema';
import type { Column, Pipeline } from '../../../shared/schema';
import { createEnrichment } from '../enrich';
import { Duck, fileListSql, sqlString } from './duck';
import type { Enrichment } from './types';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** The fixture enrichment: ipranges, one context file, a two-row iploc and two reputation lists. */
export function fixtureEnrichment(): Promise<Enrichment> {
  return createEnrichment({
    iprangesPath: join(FIXTURES, 'ipranges.csv'),
    contextPaths: [join(FIXTURES, 'network-context.csv')],
    iplocPath: join(FIXTURES, 'iploc.csv'),
    reputationLists: [
      { name: 'intel', path: join(FIXTURES, 'reputation-intel.csv') },
      { name: 'local', path: join(FIXTURES, 'reputation-local.csv') },
    ],
    useBundledGeo: false,
  });
}

const PARQUET_TYPE: Record<Column['type'], string> = {
  string: 'VARCHAR',
  int: 'INTEGER',
  bigint: 'BIGINT',
  float: 'DOUBLE',
};

/** Rewrites every raw CSV below `dir` as a typed Parquet file of the same name, then deletes the CSV. */
export async function csvToParquet(dir: string, columns: readonly Column[]): Promise<void> {
  const duck = await Duck.open({ memoryLimit: '256MB' });
  try {
    const spec = `{${columns.map((c) => `${sqlString(c.name)}: ${sqlString(PARQUET_TYPE[c.type])}`).join(', ')}}`;
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.csv'));
    for (const file of files) {
      const csv = join(dir, file);
      await duck.run(
        `COPY (SELECT * FROM read_csv(${fileListSql([csv])}, header = true, auto_detect = false, columns = ${spec}, ` +
          `quote = '"', escape = '"')) TO ${sqlString(csv.replace(/\.csv$/, '.parquet'))} (FORMAT parquet)`,
      );
      rmSync(csv);
    }
  } finally {
    duck.close();
  }
}

export interface TestDay {
  root: string;
  cleanup: () => void;
}

/** A temp copy of `fixtures/<name>`; with `parquet` its raw CSV files become Parquet. */
export async function fixtureDay(name: string, pipeline: Pipeline, parquet = false): Promise<TestDay> {
  const root = mkdtempSync(join(tmpdir(), `spot-oa-${name}-`));
  cpSync(join(FIXTURES, name), root, { recursive: true });
  if (parquet) {
    const columns = name === 'flow27' ? RAW_FLOW_SEED_COLUMNS : RAW_COLUMNS[pipeline];
    await csvToParquet(join(root, pipeline, 'hive'), columns);
  }
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
