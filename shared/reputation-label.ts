/**
 * Spot's reputation label (enrichment.md §4): `svc:TEXT:VALUE[:name|group;name|group]` per service, joined with
 * `::`. The core writes it (electron/core/enrich/reputation-label.ts), the views read it with this one parser.
 */
export interface ReputationEntry {
  service: string;
  text: string;
  /** -1 unknown, 0 non-malicious, 1 minimal, 2 suspicious, 3 malicious. */
  value: number;
  /** `name|group` as the service sent them. */
  categories: string[];
}

/** SpotUtils.parseReputation: split on `::`, then on `:`. A service named twice keeps its first position and its
 * last values; empty, `None` (DNS in Spot 1.0) and null are no reputation; a value that is not a number is -1. */
export function parseReputation(label: string | null | undefined): ReputationEntry[] {
  if (!label || label === 'None') return [];
  const byService = new Map<string, ReputationEntry>();
  for (const part of label.split('::')) {
    if (part.trim() === '') continue;
    const [service = '', text = '', value = '', categories] = part.split(':');
    const number = Number(value);
    byService.set(service, {
      service,
      text,
      value: Number.isFinite(number) && value.trim() !== '' ? number : -1,
      categories: categories ? categories.split(';').filter((c) => c !== '') : [],
    });
  }
  return [...byService.values()];
}

/** SpotUtils.getHighestReputation: the highest value over the services, -1 when there is none. */
export function highestReputation(entries: readonly ReputationEntry[]): number {
  return entries.reduce((highest, e) => Math.max(highest, e.value), -1);
}
