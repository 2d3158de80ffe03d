/**
 * Which case a suspicious row belongs to (issue #16, "the day opens as cases"), one definition for the view's
 * cases and the import's "what changed" report: the row's strongest named finding per actor (`name|actor[|family]`,
 * shared/risk-order.ts), else the cluster of model rows with the same entity and LDA word. Pure.
 */
import type { RiskFacts } from './risk-order';

export type CaseKind = 'finding' | 'cluster';

/** `entity` = the pipeline's entity of the row, used when the stored facts carry none (days imported before them). */
export function caseKeyFromFacts(facts: RiskFacts | null, entity: string): { key: string; kind: CaseKind } {
  const finding = facts?.findings?.[0]?.key;
  if (finding !== undefined) return { key: `finding:${finding}`, kind: 'finding' };
  return { key: `cluster:${facts?.entity ?? entity}|${facts?.word ?? ''}`, kind: 'cluster' };
}

/** A case key in words: "port scan · 10.10.4.201", or a cluster's entity. */
export function caseTitle(key: string): string {
  if (key.startsWith('finding:')) {
    const [name = '', actor = ''] = key.slice('finding:'.length).split('|');
    const words = name.replaceAll('_', ' ');
    return actor ? `${words} · ${actor}` : words;
  }
  const body = key.slice('cluster:'.length);
  return body.slice(0, body.lastIndexOf('|'));
}
