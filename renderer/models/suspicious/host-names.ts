/** The names written beside IPs (network context, country), as the tables and details show them. */
import type { HostName } from '../../../shared/ops/triage';
import { PIPELINE_PROFILES } from '../../../shared/pipeline-profile';
import type { Pipeline } from '../../../shared/schema';
import { str, type SuspiciousRow } from './rows';

/** The distinct IPs of the profile's IP columns in the rows (what `hosts.names` is asked about). */
export function hostIps(pipeline: Pipeline, rows: readonly SuspiciousRow[]): string[] {
  const ips = new Set<string>();
  const columns = PIPELINE_PROFILES[pipeline].ipColumns;
  for (const row of rows) {
    for (const column of columns) {
      const ip = str(row.values[column]).trim();
      if (ip !== '') ips.add(ip);
    }
  }
  return [...ips];
}

/** The text beside an IP (the line under it in the tables): its context name and its country, as known; '' when
 * neither is. */
export function hostTag(name: HostName | undefined): string {
  if (!name) return '';
  return [name.name, name.country].filter(Boolean).join(' · ');
}

/** The hover text of that tag: the whole context label and the country, as known. */
export function hostTitle(name: HostName | undefined): string {
  if (!name) return '';
  return [name.label, name.country, name.internal ? 'internal' : 'external'].filter(Boolean).join(' · ');
}

/** Table rows: one line, or two when some IP has a name or country to write under it (a day without network
 * context or geolocation keeps the denser one-line rows). */
export const ONE_LINE_ROW = 26;
export const TWO_LINE_ROW = 34;

export function suspiciousRowHeight(names: Readonly<Record<string, HostName>>): number {
  for (const name of Object.values(names)) if (hostTag(name) !== '') return TWO_LINE_ROW;
  return ONE_LINE_ROW;
}
