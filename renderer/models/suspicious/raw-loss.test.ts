import { describe, expect, it } from 'vitest';
import { rawLossLine } from './raw-loss';

describe('rawLossLine', () => {
  it('says how many raw rows a day lost and names the first', () => {
    expect(rawLossLine({ rawRead: 11, rawRejected: 1, rawNote: '/raw/rest.csv, line 5, field proto: a quote' })).toBe(
      '1 of 11 raw rows of this day were rejected at import and are not in its details, chords or ingest summary. ' +
        'First: /raw/rest.csv, line 5, field proto: a quote.',
    );
  });
  it('says nothing for a whole day or a day imported before the account was kept', () => {
    expect(rawLossLine({ rawRead: 11, rawRejected: 0, rawNote: null })).toBeNull();
    expect(rawLossLine({ rawRead: null, rawRejected: null, rawNote: null })).toBeNull();
    expect(rawLossLine(undefined)).toBeNull();
  });
});
