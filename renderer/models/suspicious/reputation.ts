/** The reputation shield: the colour of the highest value and one tooltip line per service. The label parser is
 * shared/reputation-label.ts. */
import { highestReputation, type ReputationEntry } from '../../../shared/reputation-label';

export { highestReputation, parseReputation, type ReputationEntry } from '../../../shared/reputation-label';
export type ShieldLevel = 'danger' | 'warning' | 'info' | 'none';

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
