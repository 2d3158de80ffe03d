import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { subnetProblem } from '../../../shared/net-syntax';
import { defaultSettings, validateSettings } from '../../../shared/settings';
import { DEFAULT_NETWORK, parseCidr } from '../detect/network';
import { networkSettingsFrom } from './network';

describe('detection settings → the detectors', () => {
  it('default to exactly what the detectors assume unconfigured (DEFAULT_NETWORK)', () => {
    expect(networkSettingsFrom(defaultSettings())).toEqual(DEFAULT_NETWORK);
  });

  it('pass every list through', () => {
    const r = validateSettings({
      detection: {
        internalSubnets: ['10.20.0.0/16'],
        infrastructureHosts: ['10.20.0.1'],
        neverIncludedSubnets: ['10.20.99.0/24'],
        neverIncludedDomains: ['Backup.Example.com'],
        alwaysIncludedSubnets: ['10.20.99.7'],
        alwaysIncludedDomains: ['files.example.com'],
      },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(networkSettingsFrom(r.settings)).toEqual({
      internalSubnets: ['10.20.0.0/16'],
      infrastructureHosts: ['10.20.0.1'],
      neverIncludedSubnets: ['10.20.99.0/24'],
      neverIncludedDomains: ['backup.example.com'],
      alwaysIncludedSubnets: ['10.20.99.7'],
      alwaysIncludedDomains: ['files.example.com'],
    });
  });

  it('accept only subnets the detectors can parse', () => {
    const ipv4 = fc
      .tuple(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }), fc.option(fc.nat(32)))
      .map(([o, n]) => `${o.join('.')}${n === null ? '' : `/${n}`}`);
    const ipv6 = fc
      .tuple(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 1, max: 16 }))
      .map(([h, n]) => `${h.toString(16)}::/${n}`);
    const noise = fc.string({ unit: fc.constantFrom(...'0123456789abcdef.:/'.split('')), maxLength: 20 });
    fc.assert(
      fc.property(fc.oneof(ipv4, ipv6, noise), (text) => {
        if (subnetProblem(text) === null) expect(() => parseCidr(text)).not.toThrow();
      }),
    );
    for (const cidr of DEFAULT_NETWORK.internalSubnets) expect(subnetProblem(cidr)).toBeNull();
  });
});
