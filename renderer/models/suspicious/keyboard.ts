/** Keyboard triage (j/k or arrows move, Enter opens details, f focuses the filter, Esc clears, 1/2/3 score,
 * Space toggles the row into the multi-selection, ? shows the help). Pure: a key in, a command out. */
import type { Severity } from '../../../shared/schema';

export type TriageCommand =
  | { type: 'move'; to: number; extend: boolean }
  | { type: 'open' }
  | { type: 'focus-filter' }
  | { type: 'clear' }
  | { type: 'score'; severity: Severity }
  | { type: 'toggle-select' }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'help' };

export interface KeyInput {
  key: string;
  shiftKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** The key was typed into an input, select or textarea: only Esc is ours then. */
  inField?: boolean;
}

export const TRIAGE_KEYS: ReadonlyArray<[string, string]> = [
  ['j / ↓', 'next row'],
  ['k / ↑', 'previous row'],
  ['Shift + j/k', 'extend the selection'],
  ['Space', 'add or remove the row from the selection'],
  ['Home / End', 'first / last row'],
  ['Enter', 'open the details of the row'],
  ['1 / 2 / 3', 'score the selected rows High / Medium / Low'],
  ['Ctrl + z', 'undo the last scoring (again: one more step back)'],
  ['Ctrl + Shift + z / Ctrl + y', 'redo the scoring undone last'],
  ['f', 'focus the search box'],
  ['Esc', 'clear the selection, the search, or close a dialog'],
  ['?', 'show this help'],
];

/** The command for a key, given the cursor (display position, -1 = none) and the number of displayed rows. */
export function commandForKey(input: KeyInput, cursor: number, count: number): TriageCommand | null {
  // Ctrl/Cmd+Z outside a text field undoes scoring (inside one it stays the field's own undo).
  if ((input.ctrlKey || input.metaKey) && !input.altKey && !input.inField) {
    const key = input.key.toLowerCase();
    if (key === 'z') return { type: input.shiftKey ? 'redo' : 'undo' };
    if (key === 'y') return { type: 'redo' };
  }
  if (input.ctrlKey || input.metaKey || input.altKey) return null;
  if (input.key === 'Escape') return { type: 'clear' };
  if (input.inField) return null;
  const extend = input.shiftKey === true;
  const last = count - 1;
  switch (input.key) {
    case 'j':
    case 'J':
    case 'ArrowDown':
      return count === 0 ? null : { type: 'move', to: cursor < 0 ? 0 : Math.min(last, cursor + 1), extend };
    case 'k':
    case 'K':
    case 'ArrowUp':
      return count === 0 ? null : { type: 'move', to: cursor < 0 ? 0 : Math.max(0, cursor - 1), extend };
    case 'Home':
      return count === 0 ? null : { type: 'move', to: 0, extend };
    case 'End':
      return count === 0 ? null : { type: 'move', to: last, extend };
    case 'Enter':
      return cursor >= 0 ? { type: 'open' } : null;
    case ' ':
      return cursor >= 0 ? { type: 'toggle-select' } : null;
    case 'f':
      return { type: 'focus-filter' };
    case '1':
    case '2':
    case '3':
      return { type: 'score', severity: Number(input.key) as Severity };
    case '?':
      return { type: 'help' };
    default:
      return null;
  }
}

/** The selection after moving the cursor: a plain move selects just the new row; Shift extends the range from
 * the anchor. Positions are display positions; the caller maps them to row indexes. */
export function selectionAfterMove(
  anchor: number,
  to: number,
  extend: boolean,
): { anchor: number; positions: number[] } {
  if (!extend || anchor < 0) return { anchor: to, positions: [to] };
  const [a, b] = anchor <= to ? [anchor, to] : [to, anchor];
  return { anchor, positions: Array.from({ length: b - a + 1 }, (_, i) => a + i) };
}
