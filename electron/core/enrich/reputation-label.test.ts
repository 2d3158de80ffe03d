import { describe, expect, it } from 'vitest';
import { formatReputation, highestReputation, parseReputation, reputationCssClass } from './reputation-label';

describe('parseReputation (SpotUtils.parseReputation)', () => {
  it('splits services on :: and fields on :', () => {
    expect(parseReputation('gti:High:3::fb:SUSPICIOUS:2')).toEqual([
      { name: 'gti', text: 'High', value: 3, categories: [] },
      { name: 'fb', text: 'SUSPICIOUS', value: 2, categories: [] },
    ]);
  });
  it('reads proxy categories', () => {
    expect(parseReputation('gti:Medium:2:Malicious Sites|Security;Gambling|Leisure')).toEqual([
      { name: 'gti', text: 'Medium', value: 2, categories: ['Malicious Sites|Security', 'Gambling|Leisure'] },
    ]);
  });
  it('gives nothing for an empty label; a repeated service keeps its slot and its last values', () => {
    expect(parseReputation('')).toEqual([]);
    expect(parseReputation('a:X:1::b:Y:2::a:Z:3').map((e) => [e.name, e.text, e.value])).toEqual([
      ['a', 'Z', 3],
      ['b', 'Y', 2],
    ]);
  });
});

describe('highestReputation', () => {
  it('is the highest value, -1 without services', () => {
    expect(highestReputation('gti:Minimal:1::fb:MALICIOUS:3')).toBe(3);
    expect(highestReputation('fb:UNKNOWN:-1')).toBe(-1);
    expect(highestReputation('fb:NON_MALICIOUS:0')).toBe(0);
    expect(highestReputation('')).toBe(-1);
    expect(highestReputation('x:broken:notanumber')).toBe(-1);
  });
  it('maps values to Spot’s icon classes', () => {
    expect([3, 2, 1, 0, -1].map(reputationCssClass)).toEqual(['danger', 'warning', 'info', 'default', 'default']);
  });
});

describe('formatReputation', () => {
  it('writes service:TEXT:VALUE[:categories] and drops colons that would break the format', () => {
    expect(formatReputation('fb', 'MALICIOUS', 3)).toBe('fb:MALICIOUS:3');
    expect(formatReputation('list', 'C2: emotet', 3, 'Botnet|Security')).toBe('list:C2 emotet:3:Botnet|Security');
    expect(parseReputation(formatReputation('list', 'C2: emotet', 3))[0]?.text).toBe('C2 emotet');
  });
});
