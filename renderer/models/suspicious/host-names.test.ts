import { describe, expect, it } from 'vitest';
import { hostIps, hostTag, hostTitle, ONE_LINE_ROW, suspiciousRowHeight, TWO_LINE_ROW } from './host-names';
import { flowRow } from './testing';

describe('host names', () => {
  it('asks once per IP of the profile IP columns', () => {
    const rows = [
      flowRow(0, '10.10.7.43', '203.0.113.77', 443, 1e-9),
      flowRow(1, '203.0.113.77', '10.10.7.43', 1, 1e-8),
    ];
    expect(hostIps('flow', rows).sort()).toEqual(['10.10.7.43', '203.0.113.77']);
  });
  it('writes the context name, else the country', () => {
    const proxy = { name: 'proxy01', label: 'proxy01 - Proxy', internal: true, country: '' };
    const outside = { name: '', label: '', internal: false, country: 'Netherlands' };
    expect(hostTag(proxy)).toBe('proxy01');
    expect(hostTag(outside)).toBe('Netherlands');
    expect(hostTag(undefined)).toBe('');
    // An outside host the analyst's context names: both, the name first.
    expect(hostTag({ name: 'partner-vpn', label: 'partner-vpn', internal: false, country: 'Spain' })).toBe(
      'partner-vpn · Spain',
    );
    expect(hostTitle(proxy)).toBe('proxy01 - Proxy · internal');
    expect(hostTitle(outside)).toBe('Netherlands · external');
  });
  it('rows get a second line only when some IP has a name or country to write there', () => {
    const bare = { name: '', label: '', internal: true, country: '' };
    expect(suspiciousRowHeight({})).toBe(ONE_LINE_ROW);
    expect(suspiciousRowHeight({ '10.20.32.232': bare })).toBe(ONE_LINE_ROW);
    expect(suspiciousRowHeight({ '10.20.32.232': bare, '1.2.3.4': { ...bare, country: 'Spain' } })).toBe(TWO_LINE_ROW);
  });
});
