import { describe, expect, it } from 'vitest';
import { registeredDomain } from './domain';

describe('registeredDomain (dns tld column)', () => {
  it('returns the registered domain under the public suffix list', () => {
    expect(registeredDomain('www.google.co.uk')).toBe('google.co.uk');
    expect(registeredDomain('google.com')).toBe('google.com');
    expect(registeredDomain('a.b.c.example.com')).toBe('example.com');
    expect(registeredDomain('foo.blogspot.com')).toBe('foo.blogspot.com'); // private section, as tld 0.7.6
    expect(registeredDomain('xn--80ak6aa92e.com')).toBe('xn--80ak6aa92e.com');
    expect(registeredDomain('WWW.Example.ORG')).toBe('example.org');
    expect(registeredDomain('www.example.com.')).toBe('example.com'); // trailing dot
  });
  it('handles reverse lookups like the public suffix list does', () => {
    expect(registeredDomain('4.3.2.1.in-addr.arpa')).toBe('1.in-addr.arpa');
    expect(registeredDomain('in-addr.arpa')).toBe('None');
  });
  it('gives "None" where Spot’s get_tld failed', () => {
    expect(registeredDomain('')).toBe('None');
    expect(registeredDomain('.')).toBe('None');
    expect(registeredDomain('localhost')).toBe('None');
    expect(registeredDomain('co.uk')).toBe('None');
    expect(registeredDomain('10.0.0.1')).toBe('None');
    expect(registeredDomain('host.corp')).toBe('None');
    expect(registeredDomain('wpad.intranet.local')).toBe('None');
  });
});
