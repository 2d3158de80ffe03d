import { describe, expect, it } from 'vitest';
import { highestReputation, parseReputation } from './reputation-label';

describe('parseReputation (SpotUtils.parseReputation)', () => {
  it('splits services on :: and fields on :', () => {
    expect(parseReputation('gti:High:3::fb:SUSPICIOUS:2')).toEqual([
      { service: 'gti', text: 'High', value: 3, categories: [] },
      { service: 'fb', text: 'SUSPICIOUS', value: 2, categories: [] },
    ]);
  });
  it('reads proxy categories', () => {
    expect(parseReputation('gti:Medium:2:Malicious Sites|Security;Gambling|Leisure')).toEqual([
      { service: 'gti', text: 'Medium', value: 2, categories: ['Malicious Sites|Security', 'Gambling|Leisure'] },
    ]);
  });
  it('gives nothing for an empty label; a repeated service keeps its slot and its last values', () => {
    expect(parseReputation('')).toEqual([]);
    expect(parseReputation('a:X:1::b:Y:2::a:Z:3').map((e) => [e.service, e.text, e.value])).toEqual([
      ['a', 'Z', 3],
      ['b', 'Y', 2],
    ]);
  });
});

describe('highestReputation', () => {
  it('is the highest value, -1 without services', () => {
    const highest = (label: string) => highestReputation(parseReputation(label));
    expect(highest('gti:Minimal:1::fb:MALICIOUS:3')).toBe(3);
    expect(highest('fb:UNKNOWN:-1')).toBe(-1);
    expect(highest('fb:NON_MALICIOUS:0')).toBe(0);
    expect(highest('')).toBe(-1);
    expect(highest('x:broken:notanumber')).toBe(-1);
  });
});
