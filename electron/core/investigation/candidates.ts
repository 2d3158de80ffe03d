/** Why an anchor is on the threat-investigation lists, in words the analyst can check. */
import type { SuspiciousAnchor } from '../cache/read-investigation';

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** A High item: the analyst marked it High (a score of 1, or saving it as a threat marks it so), on how many rows. */
export function scoredReason(rows: number): string {
  return `High (1) by the analyst: ${plural(rows, 'row')} scored 1 or saved as a threat`;
}

/** A suspicious item: its strongest row's named finding, else a malicious reputation, else its LDA place. */
export function suspiciousReason(
  anchor: Pick<SuspiciousAnchor, 'finding' | 'detail' | 'firstFinding' | 'idx'>,
): string {
  if (anchor.finding) return anchor.detail ? `${anchor.finding}: ${anchor.detail}` : anchor.finding;
  if (anchor.firstFinding?.startsWith('bad_reputation|')) return 'a reputation service calls it malicious';
  return `LDA: row ${(anchor.idx + 1).toLocaleString('en-US')} of Spot's list (least likely events first)`;
}

/**
 * The anchors of the first `items` list items, in order: an anchor with a group (a URI's host, a query's base
 * domain) joins its group's item, so a host with 200 suspicious URIs takes one item, not the whole list.
 */
export function firstItems<T extends { anchor: string; group: string | null }>(
  anchors: readonly T[],
  items: number,
): T[] {
  const seen = new Set<string>();
  const kept: T[] = [];
  for (const a of anchors) {
    const item = a.group === null ? `anchor\u0000${a.anchor}` : `group\u0000${a.group}`;
    if (!seen.has(item)) {
      if (seen.size >= items) continue;
      seen.add(item);
    }
    kept.push(a);
  }
  return kept;
}

/**
 * Names that would each be an item of their own (one suspicious name under its domain) but come from one named
 * finding — a DGA client's random domains, a beacon's rotating hosts — fold into one item named after the finding
 * and its actor ("dga · 10.47.2.100"), so one infected client does not fill the list with single names. Names
 * sharing a domain keep their domain item; a reputation verdict is not a finding to fold by.
 */
export function foldLoneByFinding<
  T extends { anchor: string; group: string | null; firstFinding: string | null; finding: string | null },
>(anchors: readonly T[]): Array<T & { groupBy?: 'finding' }> {
  const perGroup = new Map<string, number>();
  for (const a of anchors) if (a.group !== null) perGroup.set(a.group, (perGroup.get(a.group) ?? 0) + 1);
  const findingOf = (a: T): string | null => {
    if (a.group === null || perGroup.get(a.group) !== 1 || !a.finding || !a.firstFinding) return null;
    if (a.firstFinding.startsWith('bad_reputation|')) return null;
    const actor = a.firstFinding.split('|')[1];
    return actor ? `${a.finding} · ${actor}` : null;
  };
  const perFinding = new Map<string, number>();
  for (const a of anchors) {
    const finding = findingOf(a);
    if (finding !== null) perFinding.set(finding, (perFinding.get(finding) ?? 0) + 1);
  }
  return anchors.map((a) => {
    const finding = findingOf(a);
    return finding !== null && (perFinding.get(finding) ?? 0) > 1 ? { ...a, group: finding, groupBy: 'finding' } : a;
  });
}
