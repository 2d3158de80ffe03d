import { OA_OUTPUT_TABLES, OA_TABLES, type Pipeline } from '../../../../shared/schema';
import type { DayImport, OaRow } from '../types';

/** A synthetic import with `rows` rows in each output table; `tag` goes into every text cell so tests can tell
 * which version of a day they are looking at. For cache tests only: the pipelines build real imports. */
export function fakeDay(pipeline: Pipeline, date: string, rows: number, tag: string): DayImport {
  const tables: DayImport['tables'] = {};
  for (const table of OA_OUTPUT_TABLES[pipeline]) {
    const list: OaRow[] = [];
    for (let i = 0; i < rows; i++) {
      const row: OaRow = {};
      for (const column of OA_TABLES[table]) row[column.name] = column.type === 'string' ? `${tag}-${i}` : i;
      list.push(row);
    }
    tables[table] = list;
  }
  return { pipeline, date, tables, source: `test:${tag}` };
}
