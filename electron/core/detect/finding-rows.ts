/**
 * "Open all rows of this finding": the raw rows of a day a finding covers (cover-sql.ts, the same test as the
 * scorer's), counted and paged with DuckDB over the raw day in place, in file order.
 */
import type { Cell } from '../../../shared/api-base';
import type { FindingRows } from '../../../shared/ops/core';
import type { Pipeline } from '../../../shared/schema';
import { InputError } from '../errors';
import { Duck } from '../pipeline/duck';
import { createRawView } from '../pipeline/raw-view';
import type { RawDayRef } from '../sources/types';
import { coverPredicateSql } from './cover-sql';
import type { FindingKeys } from './types';

export async function findingRows(
  ref: RawDayRef,
  pipeline: Pipeline,
  keys: FindingKeys,
  page: { offset: number; limit: number },
  signal?: AbortSignal,
): Promise<FindingRows> {
  if (!ref.wholeDay)
    throw new InputError(ref.name, null, null, 'listing the rows of a finding needs the whole raw day');
  const duck = await Duck.open();
  try {
    const view = await createRawView(duck, pipeline, ref, signal);
    const where = coverPredicateSql(pipeline, keys);
    const counted = await duck.all(`SELECT count(*) AS n FROM raw_files WHERE ${where}`, signal);
    const rows = await duck.all(
      `SELECT * FROM raw_files WHERE ${where} LIMIT ${page.limit} OFFSET ${page.offset}`,
      signal,
    );
    const columns = [...view.columns];
    const cell = (v: unknown): Cell =>
      v === null || v === undefined ? null : typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : String(v);
    return {
      columns,
      rows: rows.map((row) => columns.map((c) => cell(row[c]))),
      total: Number(counted[0]?.n ?? 0),
      offset: page.offset,
    };
  } finally {
    duck.close();
  }
}
