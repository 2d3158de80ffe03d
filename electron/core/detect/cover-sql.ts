/**
 * Which raw rows a finding covers, as a SQL predicate over the raw day (`raw_files`, Spot's raw column names): the
 * same test as cover.ts findingCoversRow, so "open all rows of this finding" lists exactly the rows the scorer
 * counted as covered (a finding lists only its rarest ROWS_PER_FINDING in the detections file).
 */
import type { Pipeline } from '../../../shared/schema';
import { sqlString } from '../pipeline/duck';
import type { FindingKeys } from './types';

/** The raw columns cover.ts reads, per pipeline (results names equal the raw names for these). */
const COLUMNS: Record<Pipeline, Partial<Record<keyof FindingKeys, string>>> = {
  flow: { srcip: 'sip', dstip: 'dip', dport: 'dport', proto: 'proto' },
  dns: { clientip: 'ip_dst', domain: 'dns_qry_name', qtype: 'dns_qry_type', rcode: 'dns_qry_rcode' },
  proxy: { clientip: 'clientip', host: 'host', domain: 'host', useragent: 'useragent', uriPattern: 'fulluri' },
};

/** SQL predicate: the row is covered by a finding with these keys (keys the pipeline has no column for: FALSE). */
export function coverPredicateSql(pipeline: Pipeline, keys: FindingKeys): string {
  const columns = COLUMNS[pipeline];
  const text = (column: string): string => `CAST(${column} AS VARCHAR)`;
  const parts: string[] = [];
  for (const [key, value] of Object.entries(keys) as [keyof FindingKeys, string | number | undefined][]) {
    if (value === undefined) continue;
    const column = columns[key];
    if (column === undefined) return 'FALSE';
    const v = sqlString(String(value));
    if (key === 'proto') parts.push(`upper(${text(column)}) = ${v}`);
    else if (key === 'host') parts.push(`lower(${text(column)}) = ${v}`);
    else if (key === 'domain') {
      const name = `regexp_replace(lower(${text(column)}), '[.]$', '')`;
      parts.push(`(${name} = ${v} OR ends_with(${name}, ${sqlString(`.${String(value)}`)}))`);
    } else if (key === 'uriPattern') parts.push(`regexp_matches(${text(column)}, ${v}, 'i')`);
    else parts.push(`${text(column)} = ${v}`);
  }
  return parts.length === 0 ? 'TRUE' : parts.join(' AND ');
}
