// Spot's reputation label (enrichment.md §4): `service:TEXT:VALUE[:name|group;name|group]`, one per
// service, joined with `::`. No Node imports: the renderer can use this file as it is.

export interface ReputationEntry {
  name: string;
  text: string;
  /** -1 unknown, 0 non-malicious, 1 minimal, 2 suspicious, 3 malicious. */
  value: number;
  /** `name|group` strings, as the service sent them; empty without categories. */
  categories: string[];
}

/**
 * SpotUtils.parseReputation: split on `::`, then on `:`. Like Spot, a service that appears twice keeps its
 * first position and its last values.
 */
export function parseReputation(label: string): ReputationEntry[] {
  if (label === '') return [];
  const byName = new Map<string, ReputationEntry>();
  for (const serviceInfo of label.split('::')) {
    const [name = '', text = '', value = '', categories] = serviceInfo.split(':');
    byName.set(name, {
      name,
      text,
      value: Number(value),
      categories: categories === undefined || categories === '' ? [] : categories.split(';'),
    });
  }
  return [...byName.values()];
}

/** SpotUtils.getHighestReputation: the highest value over the services, -1 when there is none. */
export function highestReputation(label: string): number {
  return parseReputation(label).reduce((highest, entry) => (entry.value > highest ? entry.value : highest), -1);
}

/** The colour class Spot's UI gave a value: 3 danger, 2 warning, 1 info, else default. */
export function reputationCssClass(value: number): 'danger' | 'warning' | 'info' | 'default' {
  return value === 3 ? 'danger' : value === 2 ? 'warning' : value === 1 ? 'info' : 'default';
}

/** One service's part of a label. Colons would break the format, so they are dropped from the text. */
export function formatReputation(service: string, text: string, value: number, categories?: string): string {
  const clean = (part: string) => part.replace(/:/g, '');
  const base = `${clean(service)}:${clean(text)}:${value}`;
  return categories !== undefined && categories !== '' ? `${base}:${clean(categories)}` : base;
}
