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
    const [name = '', actor = '', ...rest] = key.slice('finding:'.length).split('|');
    // A finding's key may add its domain, a family hash and a record type (electron/core/detect/explanations.ts
    // findingKey): the domain and the record type tell two cases of one actor apart; the hash says nothing.
    const more = rest.filter((part) => !/^[0-9a-f]{8}$/.test(part)).map(readablePart);
    return [name.replaceAll('_', ' '), actor, ...more].filter(Boolean).join(' · ');
  }
  const body = key.slice('cluster:'.length);
  return body.slice(0, body.lastIndexOf('|'));
}

/** DNS record types a finding key names by number (RFC 1035 and later), in words. */
const RECORD_TYPES: Readonly<Record<string, string>> = {
  '1': 'A',
  '2': 'NS',
  '5': 'CNAME',
  '10': 'NULL',
  '12': 'PTR',
  '15': 'MX',
  '16': 'TXT',
  '25': 'KEY',
  '28': 'AAAA',
  '33': 'SRV',
  '255': 'ANY',
};

function readablePart(part: string): string {
  const type = /^type (\d+)$/.exec(part)?.[1];
  if (type === undefined) return part;
  return `${RECORD_TYPES[type] ?? `type ${type}`} records`;
}
