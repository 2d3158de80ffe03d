/**
 * The DNS dendrogram's tree: client → base domain → queried names → answers, grouped by base domain as the DNS
 * storyboard does, busiest first, with caps that end in an "N more" leaf instead of a wall of labels.
 */
import type { DendroData } from '../../../shared/ops/triage';

export interface DendroItem {
  name: string;
  kind: 'client' | 'domain' | 'query' | 'answer' | 'more';
  /** Dendro rows under this item (queries and domains). */
  count?: number;
  children?: DendroItem[];
}

export interface DendroCaps {
  domains: number;
  namesPerDomain: number;
  answersPerName: number;
}

export const DEFAULT_DENDRO_CAPS: DendroCaps = { domains: 12, namesPerDomain: 5, answersPerName: 3 };

const more = (n: number, what: string): DendroItem => ({ name: `${n} more ${what}`, kind: 'more' });

function capped<T>(items: readonly T[], cap: number, toItem: (t: T) => DendroItem, what: string): DendroItem[] {
  const shown = items.slice(0, cap).map(toItem);
  return items.length > cap ? [...shown, more(items.length - cap, what)] : shown;
}

export function dendroTree(data: DendroData, caps: DendroCaps = DEFAULT_DENDRO_CAPS): DendroItem {
  const groups = new Map<string, { base: string; count: number; queries: DendroData['queries'] }>();
  for (const q of data.queries) {
    // A name without a registered domain (an IP, a single label) is its own group.
    const base = q.base && q.base !== 'None' ? q.base : q.name;
    let g = groups.get(base);
    if (!g) groups.set(base, (g = { base, count: 0, queries: [] }));
    g.count += q.count;
    g.queries.push(q);
  }
  const ordered = [...groups.values()].sort((a, b) => b.count - a.count || (a.base < b.base ? -1 : 1));
  return {
    name: data.ip,
    kind: 'client',
    children: capped(
      ordered,
      caps.domains,
      (g) => ({
        name: g.base,
        kind: 'domain',
        count: g.count,
        children: capped(
          [...g.queries].sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1)),
          caps.namesPerDomain,
          (q) => ({
            name: q.name,
            kind: 'query',
            count: q.count,
            children: capped(q.answers, caps.answersPerName, (a) => ({ name: a, kind: 'answer' }), 'answers'),
          }),
          'names',
        ),
      }),
      'domains',
    ),
  };
}
