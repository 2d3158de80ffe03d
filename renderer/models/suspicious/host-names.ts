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

/** The short text beside an IP: its context name, else its country; '' when neither is known. */
export function hostTag(name: HostName | undefined): string {
  if (!name) return '';
  return name.name || name.country;
}

/** The hover text of that tag: the whole context label and the country, as known. */
export function hostTitle(name: HostName | undefined): string {
  if (!name) return '';
  return [name.label, name.country, name.internal ? 'internal' : 'external'].filter(Boolean).join(' · ');
}
