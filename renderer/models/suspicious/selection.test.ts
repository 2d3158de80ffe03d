import { describe, expect, it } from 'vitest';
import { EMPTY_HISTORY, recorded, redoStep, undoStep, type ScoreAction } from './history';
import { commandForKey } from './keyboard';
import { rowAfterScoring, visibleSelection } from './selection';

describe('visibleSelection', () => {
  it('keeps only the selected rows still shown, in display order', () => {
    expect(visibleSelection(new Set([4, 1, 9]), [9, 2, 4])).toEqual([9, 4]);
    expect(visibleSelection(new Set([4, 1]), [2, 3])).toEqual([]);
  });
});

describe('rowAfterScoring', () => {
  const before = [10, 11, 12, 13, 14, 15, 16, 17];
  it('moves past the scored (now hidden) rows to the next row shown', () => {
    const scored = new Set([10, 11, 12, 13, 14, 15]);
    expect(rowAfterScoring(before, 5, scored, [16, 17])).toBe(16);
    // A range selected upwards (cursor at its top) lands after the range too.
    expect(rowAfterScoring(before, 0, scored, [16, 17])).toBe(16);
  });
  it('skips scored rows that stay shown (show scored on)', () => {
    expect(rowAfterScoring(before, 2, new Set([12, 13]), before)).toBe(14);
  });
  it('goes back when nothing is left after, and to null when nothing is left', () => {
    expect(rowAfterScoring(before, 7, new Set([16, 17]), [10, 11, 12, 13, 14, 15])).toBe(15);
    expect(rowAfterScoring(before, 3, new Set(before), [])).toBeNull();
  });
  it('stays on the cursor’s row when a quick score left it alone', () => {
    expect(rowAfterScoring(before, 3, new Set([10, 17]), [11, 12, 13, 14, 15, 16])).toBe(13);
  });
});

describe('score history', () => {
  const action = (auditId: number, what: string): ScoreAction => ({
    auditId,
    target: { rows: [auditId] },
    score: 1,
    note: '',
    what,
  });
  it('undoes several steps back, newest first, and redoes them in order under new audit ids', () => {
    let h = recorded(recorded(EMPTY_HISTORY, action(1, 'a')), action(2, 'b'));
    const u1 = undoStep(h)!;
    expect(u1.action.what).toBe('b');
    h = u1.history;
    const u2 = undoStep(h)!;
    expect(u2.action.what).toBe('a');
    h = u2.history;
    expect(undoStep(h)).toBeNull();
    const r1 = redoStep(h)!;
    expect(r1.action.what).toBe('a');
    h = r1.history(7);
    expect(h.done.map((a) => a.auditId)).toEqual([7]);
    expect(redoStep(h)!.action.what).toBe('b');
  });
  it('a new action clears what could be redone', () => {
    const h = undoStep(recorded(EMPTY_HISTORY, action(1, 'a')))!.history;
    expect(redoStep(recorded(h, action(3, 'c')))).toBeNull();
  });
});

describe('undo and redo keys', () => {
  it('Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo, but not inside a text field', () => {
    expect(commandForKey({ key: 'z', ctrlKey: true }, 0, 5)).toEqual({ type: 'undo' });
    expect(commandForKey({ key: 'Z', ctrlKey: true, shiftKey: true }, 0, 5)).toEqual({ type: 'redo' });
    expect(commandForKey({ key: 'y', metaKey: true }, 0, 5)).toEqual({ type: 'redo' });
    expect(commandForKey({ key: 'z', ctrlKey: true, inField: true }, 0, 5)).toBeNull();
  });
});
