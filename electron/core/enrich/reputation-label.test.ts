import { describe, expect, it } from 'vitest';
import { parseReputation } from '../../../shared/reputation-label';
import { formatReputation } from './reputation-label';

describe('formatReputation', () => {
  it('writes service:TEXT:VALUE[:categories] and drops colons that would break the format', () => {
    expect(formatReputation('fb', 'MALICIOUS', 3)).toBe('fb:MALICIOUS:3');
    expect(formatReputation('list', 'C2: emotet', 3, 'Botnet|Security')).toBe('list:C2 emotet:3:Botnet|Security');
    expect(parseReputation(formatReputation('list', 'C2: emotet', 3))[0]?.text).toBe('C2 emotet');
  });
});
