/**
 * The day filter of the route (`#…?filter=`), with Spot's meaning per pipeline (ui.md §1–3): flow an IP (source or
 * destination); dns an IP (client, exact) or text (query contains it); proxy an IP (client) or text (URI contains it).
 */
import { PIPELINE_PROFILES } from '../../../shared/pipeline-profile';
import type { Pipeline } from '../../../shared/schema';
import type { GraphNode } from './graph';
import { str, type SuspiciousRow } from './rows';

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

export function isIp(text: string): boolean {
  return IPV4.test(text) || /^[0-9a-f]{0,4}(:[0-9a-f]{0,4}){2,7}$/i.test(text);
}

export function matchesDayFilter(pipeline: Pipeline, row: SuspiciousRow, filter: string | null): boolean {
  if (!filter) return true;
  const f = filter.trim();
  const v = row.values;
  const rule = PIPELINE_PROFILES[pipeline].dayFilter;
  if (isIp(f)) return rule.ipColumns.some((c) => str(v[c]) === f);
  return rule.textColumns
    .map((c) => str(v[c]))
    .join(' ')
    .toLowerCase()
    .includes(f.toLowerCase());
}

/** The filter a graph node stands for (double-click / right-click "filter the day"), or null when it has none. */
export function filterForNode(node: GraphNode): string | null {
  if (node.kind === 'root' || node.kind === 'method' || node.kind === 'more') return null;
  return node.value;
}

/** How the filter reads in the chip. */
export function describeFilter(pipeline: Pipeline, filter: string): string {
  const rule = PIPELINE_PROFILES[pipeline].dayFilter;
  if (isIp(filter)) return `${rule.ipWord} ${filter}`;
  return rule.textWord ? `${rule.textWord} contains “${filter}”` : filter;
}
