/**
 * Spot's reputation label (enrichment.md §4): `svc:TEXT:VALUE[:name|group;name|group]` per service, joined with `::`.
 * Parsed as SpotUtils.parseReputation does; the shield takes the colour of the highest value.
 */
export interface ReputationEntry {
  service: string;
  text: string;
  /** -1 unknown, 0 non-malicious, 1 minimal, 2 suspicious, 3 malicious. */
  value: number;
  /** `name|group` as the service sent them. */
  categories: string[];
}

export type ShieldLevel = 'danger' | 'warning' | 'info' | 'none';

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

export function highestReputation(entries: readonly ReputationEntry[]): number {
  return entries.reduce((highest, e) => Math.max(highest, e.value), -1);
}

/** SpotUtils' icon colour: 3 danger, 2 warning, 1 info, 0/-1 default (no colour). */
export function shieldLevel(entries: readonly ReputationEntry[]): ShieldLevel {
  const v = highestReputation(entries);
  return v >= 3 ? 'danger' : v === 2 ? 'warning' : v === 1 ? 'info' : 'none';
}

/** One line per service for the shield's tooltip, e.g. `gti: High (3)`. */
export function reputationLines(entries: readonly ReputationEntry[]): string[] {
  return entries.map(
    (e) =>
      `${e.service}: ${e.text} (${e.value})` +
      (e.categories.length > 0 ? ` — ${e.categories.map((c) => c.split('|')[0]).join(', ')}` : ''),
  );
}
