import { describe, expect, it } from 'vitest';
import { domainProblem, normaliseDomain, subnetProblem } from './net-syntax';

describe('subnetProblem', () => {
  it('accepts what the detectors match: IPv4 hosts and CIDRs, IPv6 prefixes of 1–16 bits', () => {
    for (const ok of ['10.0.0.1', '10.0.0.0/8', '0.0.0.0/0', '192.168.1.7/32', 'fe80::/10', 'fc00::/7', '2001::/16'])
      expect(subnetProblem(ok), ok).toBeNull();
    expect(subnetProblem('ff02:0:0:0:0:0:0:fb/16')).toBeNull();
    expect(subnetProblem('0::/1')).toBeNull();
  });

  it('says what is wrong with the rest', () => {
    expect(subnetProblem('10.0.0/8')).toMatch(/not an IPv4 address or CIDR/);
    expect(subnetProblem('10.0.0.256')).toMatch(/not an IPv4 address or CIDR/);
    expect(subnetProblem('10.0.0.0/x')).toMatch(/prefix length that is not 0–32/);
    expect(subnetProblem('10.0.0.0/8/9')).toMatch(/one "\/" at most/);
    expect(subnetProblem('gateway')).toMatch(/not an IPv4 address or CIDR/);
    expect(subnetProblem('2001:db8::1')).toMatch(/single IPv6 address/);
    expect(subnetProblem('2001:db8::/32')).toMatch(/\/32 IPv6 prefix/);
    expect(subnetProblem('2001:db8::/0')).toMatch(/\/0 IPv6 prefix/);
    expect(subnetProblem('::/8')).toMatch(/first group/);
    expect(subnetProblem('20011::/16')).toMatch(/not an IPv6 address or prefix/);
    expect(subnetProblem('1::2::/16')).toMatch(/not an IPv6 address or prefix/);
    expect(subnetProblem(' ')).toBe('is empty');
  });
});

describe('domainProblem', () => {
  it('accepts domain names, one label, a final dot, underscores and punycode', () => {
    for (const ok of ['example.com', 'corp.local', 'local', 'Example.COM.', '_msdcs.corp.local', 'xn--bcher-kva.de'])
      expect(domainProblem(ok), ok).toBeNull();
    expect(normaliseDomain(' Example.COM. ')).toBe('example.com');
  });

  it('refuses wildcards, URLs, addresses, non-ASCII and malformed labels with the reason', () => {
    expect(domainProblem('*.example.com')).toMatch(/already matches its subdomains \(write example\.com\)/);
    expect(domainProblem('a*.example.com')).toMatch(/\(write example\.com\)/);
    expect(domainProblem('https://example.com')).toMatch(/domain only/);
    expect(domainProblem('example.com/path')).toMatch(/domain only/);
    expect(domainProblem('10.1.2.3')).toMatch(/IP address/);
    expect(domainProblem('bücher.de')).toMatch(/punycode/);
    expect(domainProblem('-bad.example')).toMatch(/not a domain name/);
    expect(domainProblem('a..b')).toMatch(/not a domain name/);
    expect(domainProblem('has space.com')).toMatch(/not a domain name/);
    expect(domainProblem(`${'a'.repeat(64)}.com`)).toMatch(/not a domain name/);
  });
});
