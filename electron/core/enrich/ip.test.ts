import { describe, expect, it } from 'vitest';
import { intToIpv4, ipv4ToInt, ipv6ToBigInt, isValidIp, parseIp } from './ip';

describe('ipv4ToInt', () => {
  it('computes Spot’s integer (o1·2^24 + o2·2^16 + o3·2^8 + o4)', () => {
    expect(ipv4ToInt('10.180.88.23')).toBe(179591191);
    expect(ipv4ToInt('0.0.0.0')).toBe(0);
    expect(ipv4ToInt('255.255.255.255')).toBe(4294967295);
    expect(ipv4ToInt('1.0.0.0')).toBe(16777216);
  });
  it('refuses anything but a strict dotted quad', () => {
    for (const bad of [
      '',
      '1.2.3',
      '1.2.3.4.5',
      '256.1.1.1',
      '1.2.3.-4',
      ' 1.2.3.4',
      '1.2.3.4 ',
      '01.2.3.4',
      'a.b.c.d',
      '::1',
    ])
      expect(ipv4ToInt(bad), bad).toBeNull();
  });
  it('round-trips through intToIpv4', () => {
    for (const ip of ['10.180.88.23', '0.0.0.0', '255.255.255.255', '192.168.1.254'])
      expect(intToIpv4(ipv4ToInt(ip) as number)).toBe(ip);
  });
});

describe('IPv6', () => {
  it('parses the RFC 4291 forms', () => {
    expect(ipv6ToBigInt('::')).toBe(0n);
    expect(ipv6ToBigInt('::1')).toBe(1n);
    expect(ipv6ToBigInt('2001:db8::1')).toBe((0x20010db8n << 96n) | 1n);
    expect(ipv6ToBigInt('::ffff:10.0.0.1')).toBe((0xffffn << 32n) | 0x0a000001n);
    expect(ipv6ToBigInt('fe80::1%eth0')).toBe((0xfe80n << 112n) | 1n);
    expect(ipv6ToBigInt('1:2:3:4:5:6:7:8')).toBe(0x00010002000300040005000600070008n);
  });
  it('refuses malformed addresses', () => {
    for (const bad of ['1:2:3:4:5:6:7', '1::2::3', '12345::', 'g::1', '1:2:3:4:5:6:7:8:9', '1.2.3.4', '::1.2.3'])
      expect(ipv6ToBigInt(bad), bad).toBeNull();
  });
  it('isValidIp accepts both families; parseIp gives no IPv4 int for IPv6', () => {
    expect(isValidIp('10.0.0.1')).toBe(true);
    expect(isValidIp('2001:db8::1')).toBe(true);
    expect(isValidIp('example.com')).toBe(false);
    expect(parseIp('2001:db8::1')?.family).toBe(6);
    expect(ipv4ToInt('2001:db8::1')).toBeNull();
  });
});
