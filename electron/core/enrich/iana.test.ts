import { describe, expect, it } from 'vitest';
import { dnsClassName, dnsRcodeName, dnsTypeName, httpStatusName } from './iana';

describe('DNS class names', () => {
  it('accepts decimal and Spot’s 0x%08X hex keys', () => {
    expect(dnsClassName('1')).toBe('Internet (IN)');
    expect(dnsClassName('0x00000001')).toBe('Internet (IN)');
    expect(dnsClassName(1)).toBe('Internet (IN)');
    expect(dnsClassName('3')).toBe('Chaos (CH)');
    expect(dnsClassName('0x00000004')).toBe('Hesiod (HS)');
    expect(dnsClassName('0x000000FF')).toBe('QCLASS * (ANY)');
    expect(dnsClassName('254')).toBe('QCLASS NONE');
    expect(dnsClassName('65300')).toBe('Reserved for Private Use');
  });
  it('keeps Spot’s UNKNOWN marker rows and reports misses as Unknown (<key>)', () => {
    expect(dnsClassName('unknown')).toBe('UNKNOWN');
    expect(dnsClassName('5')).toBe('UNKNOWN');
    expect(dnsClassName('0x00000009')).toBe('Unknown (0x00000009)');
    expect(dnsClassName('42')).toBe('Unknown (42)');
    expect(dnsClassName('')).toBe('Unknown ()');
  });
});

describe('DNS type names', () => {
  it('names representative types', () => {
    expect(dnsTypeName(1)).toBe('A');
    expect(dnsTypeName('28')).toBe('AAAA');
    expect(dnsTypeName('16')).toBe('TXT');
    expect(dnsTypeName(10)).toBe('NULL');
    expect(dnsTypeName(255)).toBe('ANY');
    expect(dnsTypeName(65)).toBe('HTTPS'); // IANA completes dns-packet
    expect(dnsTypeName('12.0')).toBe('PTR');
    expect(dnsTypeName(32769)).toBe('DLV');
    expect(dnsTypeName('-1')).toBe('UNKNOWN');
  });
  it('reports misses as Unknown (<key>)', () => {
    expect(dnsTypeName(54)).toBe('Unknown (54)');
    expect(dnsTypeName('65280')).toBe('Unknown (65280)');
    expect(dnsTypeName('abc')).toBe('Unknown (abc)');
  });
});

describe('DNS rcode names', () => {
  it('uses the IANA spelling Spot showed', () => {
    expect(dnsRcodeName(0)).toBe('NoError');
    expect(dnsRcodeName('2')).toBe('ServFail');
    expect(dnsRcodeName('3')).toBe('NXDomain');
    expect(dnsRcodeName('5')).toBe('Refused');
    expect(dnsRcodeName('-1')).toBe('UNKNOWN');
    expect(dnsRcodeName(16)).toBe('BADVERS/BADSIG');
    expect(dnsRcodeName(14)).toBe('Unknown (14)');
  });
});

describe('HTTP status names', () => {
  it('names standard, teapot and vendor codes', () => {
    expect(httpStatusName(200)).toBe('OK');
    expect(httpStatusName('404')).toBe('Not Found');
    expect(httpStatusName('418')).toBe("I'm a Teapot");
    expect(httpStatusName(599)).toBe('Network connect timeout error');
    expect(httpStatusName(499)).toBe('Client Closed Request (Nginx)');
    expect(httpStatusName('103')).toBe('Early Hints');
    expect(httpStatusName(299)).toBe('Unknown (299)');
    expect(httpStatusName('-')).toBe('Unknown (-)');
  });
});
