import { describe, expect, it } from 'vitest';
import { EXTERNAL_HOST, hostClass, hostClassifier, INTERNAL_HOST, isPrivateAddress } from './host-class';

const context = {
  label: (ip: string) =>
    ip.startsWith('10.10.') ? 'HQ workstations' : ip === '10.1.0.10' ? 'dc01 - Domain controller' : '',
  isInternal: (ip: string) => ip === '100.64.0.9',
};

describe('hostClass', () => {
  it('is the context label itself, never a class guessed from it (a workstation is not "DMZ")', () => {
    expect(hostClass('10.10.6.12', context)).toBe('HQ workstations');
    expect(hostClass('10.1.0.10', context)).toBe('dc01 - Domain controller');
  });
  it('says internal for unlabelled internal or private hosts and external for the rest', () => {
    expect(hostClass('100.64.0.9', context)).toBe(INTERNAL_HOST);
    expect(hostClass('192.168.1.5', context)).toBe(INTERNAL_HOST);
    expect(hostClass('203.0.113.77', context)).toBe(EXTERNAL_HOST);
  });
  it('a bound classifier gives the same answers', () => {
    const classOf = hostClassifier(context);
    for (const ip of ['10.10.6.12', '100.64.0.9', '8.8.8.8']) expect(classOf(ip)).toBe(hostClass(ip, context));
  });
  it('knows the private ranges', () => {
    expect(isPrivateAddress('172.31.0.1')).toBe(true);
    expect(isPrivateAddress('172.32.0.1')).toBe(false);
    expect(isPrivateAddress('fd12::1')).toBe(true);
  });
});
