import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hourOf, proxyHash } from './proxy-hash';

describe('proxyHash', () => {
  it('is md5hex(clientip + fulluri) followed by the hour', () => {
    // md5("10.0.0.1http://example.com/a") computed independently of the implementation below.
    const expected = createHash('md5').update(Buffer.from('10.0.0.1http://example.com/a', 'utf8')).digest('hex');
    expect(proxyHash('10.0.0.1', 'http://example.com/a', '13:45:02')).toBe(`${expected}13`);
    expect(proxyHash('', '', '00:00:00')).toBe('d41d8cd98f00b204e9800998ecf8427e00');
  });
  it('hashes non-ASCII URIs as UTF-8', () => {
    expect(proxyHash('1.2.3.4', 'http://例え.jp/é', '9:00:00')).toBe(
      createHash('md5').update(Buffer.from('1.2.3.4http://例え.jp/é', 'utf8')).digest('hex') + '09',
    );
  });
  it('refuses a p_time without an hour', () => {
    expect(hourOf('23:59:59')).toBe('23');
    expect(() => hourOf('24:00:00')).toThrow('p_time "24:00:00" is not a time of day (HH:MM:SS)');
    expect(() => hourOf('')).toThrow(RangeError);
  });
});
