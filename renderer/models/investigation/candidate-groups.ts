/**
 * The Most suspicious list as items: an IP stays one item; the suspicious URIs of one host and the queries of one
 * base domain fold into one item with their count and the strongest evidence (the list is in risk order, so the
 * group's first member's), which expands to the members.
 */
import type { AnchorKind, ThreatCandidate } from '../../../shared/ops/investigation';

export type CandidateItem =
  | { type: 'single'; key: string; candidate: ThreatCandidate }
  | {
      type: 'group';
      key: string;
      /** The host or base domain. */
      name: string;
      /** What the name is: "host" for URIs, "domain" for DNS queries, "finding" for a finding's lone names. */
      what: string;
      /** What the members are, plural ("URIs", "queries"). */
      members: ThreatCandidate[];
      memberNoun: string;
      /** Suspicious rows of the day over all members. */
      rows: number;
      /** The strongest member's reason. */
      reason: string;
      /** Members already saved to the storyboard. */
      saved: number;
    };

const GROUP_NAMES: Record<AnchorKind, { what: string; members: string }> = {
  ip: { what: 'address', members: 'addresses' },
  query: { what: 'domain', members: 'queries' },
  uri: { what: 'host', members: 'URIs' },
};

export function groupCandidates(list: readonly ThreatCandidate[]): CandidateItem[] {
  const groups = new Map<string, ThreatCandidate[]>();
  const order: Array<{ group: string } | { candidate: ThreatCandidate }> = [];
  for (const c of list) {
    if (c.group === undefined) {
      order.push({ candidate: c });
      continue;
    }
    const key = `${c.kind}\u0000${c.group}`;
    const members = groups.get(key);
    if (members) members.push(c);
    else {
      groups.set(key, [c]);
      order.push({ group: key });
    }
  }
  return order.map((entry): CandidateItem => {
    if ('candidate' in entry) {
      return { type: 'single', key: `${entry.candidate.kind}:${entry.candidate.anchor}`, candidate: entry.candidate };
    }
    const members = groups.get(entry.group)!;
    const first = members[0]!;
    if (members.length === 1) return { type: 'single', key: `${first.kind}:${first.anchor}`, candidate: first };
    const names = GROUP_NAMES[first.kind];
    return {
      type: 'group',
      key: `group:${entry.group}`,
      name: first.group!,
      what: first.groupBy === 'finding' ? 'finding' : names.what,
      memberNoun: names.members,
      members,
      rows: members.reduce((sum, m) => sum + m.rows, 0),
      reason: first.reason,
      saved: members.filter((m) => m.saved).length,
    };
  });
}

/** A group member's text under its group's header: a URI without the scheme and host the header names. */
export function memberLabel(member: ThreatCandidate): string {
  if (member.kind !== 'uri' || member.group === undefined) return member.anchor;
  // Proxy logs write the URI with or without the scheme (http://host/path, host/path, host:443).
  const match = /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^/?#]*)(.*)$/i.exec(member.anchor);
  const host = match?.[1]?.replace(/:\d+$/, '').toLowerCase();
  if (!match || host !== member.group.toLowerCase()) return member.anchor;
  return match[2] || '/';
}
