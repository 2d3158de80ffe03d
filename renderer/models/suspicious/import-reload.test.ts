import { describe, expect, it } from 'vitest';
import { reloadsOnImport } from './import-reload';

describe('reloadsOnImport', () => {
  it('reloads when the shown day is imported again', () => {
    expect(reloadsOnImport({ day: 'flow|2026-11-24', stamp: 't1' }, { day: 'flow|2026-11-24', stamp: 't2' })).toBe(
      true,
    );
  });

  it('does not reload when the analyst switches days (the new day loads once, by itself)', () => {
    expect(reloadsOnImport({ day: 'flow|2026-11-23', stamp: 't1' }, { day: 'flow|2026-11-24', stamp: 't2' })).toBe(
      false,
    );
    expect(reloadsOnImport({ day: 'flow|2026-11-24', stamp: 't1' }, { day: 'dns|2026-11-24', stamp: 't3' })).toBe(
      false,
    );
  });

  it('does not reload on the first sight of a day, nor when nothing changed', () => {
    expect(reloadsOnImport(null, { day: 'flow|2026-11-24', stamp: 't1' })).toBe(false);
    expect(reloadsOnImport({ day: 'flow|2026-11-24', stamp: 't1' }, { day: 'flow|2026-11-24', stamp: 't1' })).toBe(
      false,
    );
    // A day not cached yet (no stamp) whose import arrives: its own view loads it (status missing → import job).
    expect(reloadsOnImport({ day: 'flow|2026-11-24', stamp: null }, { day: 'flow|2026-11-24', stamp: 't1' })).toBe(
      false,
    );
  });
});
