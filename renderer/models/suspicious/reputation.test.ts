import { describe, expect, it } from 'vitest';
import { highestReputation, parseReputation, reputationLines, shieldLevel } from './reputation';

describe('reputation labels', () => {
  it('parses several services joined with ::, with proxy categories', () => {
    const entries = parseReputation('gti:High:3:Malicious Sites|Security;Spam|Risk::fb:NON_MALICIOUS:0');
    expect(entries).toEqual([
      { service: 'gti', text: 'High', value: 3, categories: ['Malicious Sites|Security', 'Spam|Risk'] },
      { service: 'fb', text: 'NON_MALICIOUS', value: 0, categories: [] },
    ]);
    expect(highestReputation(entries)).toBe(3);
    expect(shieldLevel(entries)).toBe('danger');
    expect(reputationLines(entries)).toEqual(['gti: High (3) — Malicious Sites, Spam', 'fb: NON_MALICIOUS (0)']);
  });

  it('colours by the highest value: 2 warning, 1 info, 0/-1 none', () => {
    expect(shieldLevel(parseReputation('gti:Medium:2::fb:UNKNOWN:-1'))).toBe('warning');
    expect(shieldLevel(parseReputation('gti:Minimal:1'))).toBe('info');
    expect(shieldLevel(parseReputation('gti:Unverified:-1'))).toBe('none');
  });

  it('treats empty, None and null (DNS in Spot 1.0) as no reputation', () => {
    expect(parseReputation('')).toEqual([]);
    expect(parseReputation('None')).toEqual([]);
    expect(parseReputation(null)).toEqual([]);
    expect(shieldLevel([])).toBe('none');
  });

  it('keeps the last values of a service named twice, at its first position', () => {
    expect(parseReputation('gti:Minimal:1::fb:MALICIOUS:3::gti:High:3').map((e) => [e.service, e.value])).toEqual([
      ['gti', 3],
      ['fb', 3],
    ]);
  });
});
