import { describe, expect, it } from 'vitest';
import {
  EMPTY_HISTORY,
  STORED_STEPS,
  historyKey,
  parseHistory,
  reconciled,
  recorded,
  serializeHistory,
  undoStep,
  type ScoreAction,
} from './history';

const action = (auditId: number): ScoreAction => ({
  auditId,
  target: { kind: 'rows', rows: [auditId] } as unknown as ScoreAction['target'],
  score: 3,
  note: '',
  what: `row #${auditId}`,
});

describe('undo history kept across reloads', () => {
  it('stores the latest steps per day and reads them back', () => {
    let history = EMPTY_HISTORY;
    for (let id = 1; id <= STORED_STEPS + 5; id++) history = recorded(history, action(id));
    history = undoStep(history)!.history;
    const back = parseHistory(serializeHistory(history));
    expect(back.done).toHaveLength(STORED_STEPS);
    expect(back.done.at(-1)?.auditId).toBe(STORED_STEPS + 4);
    expect(back.done[0]?.auditId).toBe(5);
    expect(back.undone.map((a) => a.auditId)).toEqual([STORED_STEPS + 5]);
    expect(historyKey('dns', '2026-11-24')).toBe('spot-desk.undo.dns.2026-11-24');
  });

  it('reads anything broken as no history', () => {
    expect(parseHistory(null)).toEqual(EMPTY_HISTORY);
    expect(parseHistory('{')).toEqual(EMPTY_HISTORY);
    expect(parseHistory('{"done":[{"auditId":"x"}],"undone":7}')).toEqual(EMPTY_HISTORY);
  });

  it('keeps only the steps the audit log still agrees with', () => {
    const history = { done: [action(1), action(2), action(3)], undone: [action(5), action(6)] };
    const audit = [
      { id: 1, action: 'score', undoneBy: null },
      { id: 2, action: 'score', undoneBy: 9 }, // undone elsewhere since: no longer ours to undo
      // 3 is gone from the log (the day was removed and imported again)
      { id: 5, action: 'score', undoneBy: 7 },
      { id: 6, action: 'score', undoneBy: null }, // redone elsewhere: nothing to redo
      { id: 7, action: 'undo', undoneBy: null },
    ];
    const kept = reconciled(history, audit);
    expect(kept.done.map((a) => a.auditId)).toEqual([1]);
    expect(kept.undone.map((a) => a.auditId)).toEqual([5]);
  });
});
