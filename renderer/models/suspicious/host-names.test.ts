import { describe, expect, it } from 'vitest';
import { hostIps, hostTag, hostTitle } from './host-names';
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
    expect(hostTitle(proxy)).toBe('proxy01 - Proxy · internal');
    expect(hostTitle(outside)).toBe('Netherlands · external');
  });
});
