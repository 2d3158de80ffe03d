/** Selection that follows what the table shows: keys and buttons act only on visible rows, and after scoring the
 * cursor moves on to the next row still shown. Rows are row indexes; `shown` lists them in display order. */

/** The selected rows that are still shown, in display order (hidden rows are never scored by a key). */
export function visibleSelection(selected: ReadonlySet<number>, shown: readonly number[]): number[] {
  if (selected.size === 0) return [];
  return shown.filter((index) => selected.has(index));
}

/**
 * The row the cursor lands on after `scored` rows were scored: the cursor's own row when it was not scored and is
 * still shown; else the first row after the cursor's old position (in the old display order) that is still shown
 * and was not just scored; else the nearest such row before it; null when none is left.
 */
export function rowAfterScoring(
  before: readonly number[],
  cursor: number,
  scored: ReadonlySet<number>,
  shownAfter: readonly number[],
): number | null {
  const shown = new Set(shownAfter);
  const current = before[cursor];
  if (current !== undefined && !scored.has(current) && shown.has(current)) return current;
  const candidate = (index: number | undefined) => index !== undefined && !scored.has(index) && shown.has(index);
  const from = Math.max(0, cursor);
  for (let p = from; p < before.length; p++) if (candidate(before[p])) return before[p]!;
  for (let p = Math.min(from, before.length) - 1; p >= 0; p--) if (candidate(before[p])) return before[p]!;
  // Nothing of the old order is left (a new filter): the first row shown that was not just scored.
  return shownAfter.find((index) => !scored.has(index)) ?? null;
}
