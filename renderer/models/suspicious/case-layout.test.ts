import { describe, expect, it } from 'vitest';
import { LAYOUT_KEY, parseLayout, readLayout, saveLayout } from './case-layout';

describe('the remembered Suspicious layout', () => {
  it('opens as cases unless the analyst chose the rows', () => {
    expect(parseLayout(null)).toBe('cases');
    expect(parseLayout('rows')).toBe('rows');
    expect(parseLayout('garbage')).toBe('cases');
  });

  it('reads back what was saved', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => store.set(k, v),
    };
    saveLayout('rows', storage);
    expect(store.get(LAYOUT_KEY)).toBe('rows');
    expect(readLayout(storage)).toBe('rows');
    saveLayout('cases', storage);
    expect(readLayout(storage)).toBe('cases');
  });
});
