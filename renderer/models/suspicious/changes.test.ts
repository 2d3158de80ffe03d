import { describe, expect, it } from 'vitest';
import { describeChanges } from './changes';

describe('what the latest import changed, in words', () => {
  it('says nothing for a day imported once with no standing rule applied', () => {
    expect(describeChanges({ importedAt: 't', changes: null, standing: { rules: 0, rows: 0 } })).toBeNull();
  });

  it('counts rows, names cases, and the standing rules', () => {
    const lines = describeChanges({
      importedAt: '2026-12-03T10:40:00.000Z',
      changes: {
        previousImportedAt: '2026-12-03T10:31:12.000Z',
        rows: { before: 1200, after: 1203, new: 5, dropped: 2, movedUp: 1, movedDown: 0 },
        cases: { new: ['beaconing · 10.0.0.5'], dropped: [], movedUp: ['a', 'b', 'c', 'd', 'e'], movedDown: [] },
        newRows: [1, 2, 3, 4, 5],
      },
      standing: { rules: 1, rows: 4 },
    });
    expect(lines).toEqual([
      'Since the import of 10:31 UTC: 5 new rows, 2 dropped, 1 moved up, 0 moved down (1,203 rows now, 1,200 before).',
      'Cases: new beaconing · 10.0.0.5; up a, b, c and 2 more.',
      'Standing rules scored 4 new rows (1 rule: your earlier quick scores).',
    ]);
  });

  it('says when the cases did not change', () => {
    const lines = describeChanges({
      importedAt: 't',
      changes: {
        previousImportedAt: '2026-12-03T09:00:00.000Z',
        rows: { before: 1, after: 1, new: 0, dropped: 0, movedUp: 0, movedDown: 0 },
        cases: { new: [], dropped: [], movedUp: [], movedDown: [] },
        newRows: [],
      },
      standing: { rules: 0, rows: 0 },
    });
    expect(lines?.[1]).toBe('Cases: the same, in the same order.');
  });
});
