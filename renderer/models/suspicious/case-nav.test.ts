import { describe, expect, it } from 'vitest';
import { caseLines, cursorIndex } from './case-nav';
import type { SuspiciousCase } from './cases';
import type { SuspiciousRow } from './rows';

const row = (index: number) => ({ index }) as SuspiciousRow;
const item = (key: string, rows: number[]) => ({ key, rows: rows.map(row) }) as unknown as SuspiciousCase;

describe('keyboard lines of the cases layout', () => {
  const cases = [item('a', [0, 1, 2]), item('b', [3]), item('c', [4, 5])];

  it('lists each case, and the rows of an expanded case under it, capped', () => {
    const lines = caseLines(cases, new Set(['a']), 2);
    expect(lines.map((l) => l.key)).toEqual(['case:a', 'row:a:0', 'row:a:1', 'case:b', 'case:c']);
    expect(caseLines(cases, new Set(), 50).map((l) => l.kind)).toEqual(['case', 'case', 'case']);
  });

  it('keeps the cursor on its line, and on the line now at its place when its line leaves', () => {
    const lines = caseLines(cases, new Set(), 50);
    expect(cursorIndex(lines, 'case:b', 0)).toBe(1);
    // Case b was scored and hid: the cursor lands on the case after it, as in the rows.
    const after = caseLines([cases[0]!, cases[2]!], new Set(), 50);
    expect(cursorIndex(after, 'case:b', 1)).toBe(1);
    expect(after[1]!.key).toBe('case:c');
    // The last case left: the cursor stays on the new last one.
    expect(cursorIndex([after[0]!], 'case:c', 1)).toBe(0);
    expect(cursorIndex(lines, null, 0)).toBe(-1);
    expect(cursorIndex([], 'case:a', 0)).toBe(-1);
  });
});
