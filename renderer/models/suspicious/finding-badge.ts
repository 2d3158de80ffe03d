/** The Finding column's badge: the strongest finding by its short label, so findings read apart at 1366×768. */
import { findingShortLabel } from '../../../shared/finding-label';
import { rowDetections } from './order';
import type { SuspiciousRow } from './rows';

export interface FindingBadge {
  /** "long conn. +1": the strongest finding's short label and how many more cover the row. */
  text: string;
  /** Every finding's whole name and evidence, strongest first (the hover text). */
  title: string;
  /** The strongest finding's strength (0–1): the badge's saturation. */
  strength: number;
}

export function findingBadge(row: SuspiciousRow): FindingBadge | null {
  const found = rowDetections(row);
  const [strongest] = found;
  if (!strongest) return null;
  return {
    text: `${findingShortLabel(strongest.name)}${found.length > 1 ? ` +${found.length - 1}` : ''}`,
    title: found.map((d) => `${d.name}: ${d.detail}`).join('\n'),
    strength: strongest.strength,
  };
}
