/**
 * Keyboard moves through the cases layout: the lines a cursor visits are the cases shown and, under each expanded
 * case, the rows it lists. The cursor is kept by line key, so it stays on its line while the list re-renders, and
 * moves to the line now at its place when its line leaves (a scored case hides, as a scored row does).
 */
import type { SuspiciousRow } from './rows';
import type { SuspiciousCase } from './cases';

export type CaseLine =
  | { kind: 'case'; key: string; item: SuspiciousCase }
  | { kind: 'row'; key: string; item: SuspiciousCase; row: SuspiciousRow };

/** The lines of the shown cases, in order: each case, then the rows it lists when expanded (at most `rowsPerCase`). */
export function caseLines(
  cases: readonly SuspiciousCase[],
  expanded: ReadonlySet<string>,
  rowsPerCase: number,
): CaseLine[] {
  const lines: CaseLine[] = [];
  for (const item of cases) {
    lines.push({ kind: 'case', key: `case:${item.key}`, item });
    if (!expanded.has(item.key)) continue;
    for (const row of item.rows.slice(0, rowsPerCase))
      lines.push({ kind: 'row', key: `row:${item.key}:${row.index}`, item, row });
  }
  return lines;
}

/**
 * Where the cursor is now: the line with its key; when that line left, the line now at its last place (clamped to
 * the end); -1 when there is no cursor or no line.
 */
export function cursorIndex(lines: readonly CaseLine[], key: string | null, lastIndex: number): number {
  if (key === null || lines.length === 0) return -1;
  const at = lines.findIndex((l) => l.key === key);
  if (at >= 0) return at;
  return Math.min(Math.max(0, lastIndex), lines.length - 1);
}
