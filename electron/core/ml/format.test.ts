import { describe, expect, it } from 'vitest';
import { field, scalaDouble } from './format';

describe('scalaDouble', () => {
  it('matches Java Double.toString', () => {
    expect(scalaDouble(1)).toBe('1.0');
    expect(scalaDouble(0)).toBe('0.0');
    expect(scalaDouble(0.0123)).toBe('0.0123');
    expect(scalaDouble(0.001)).toBe('0.001');
    expect(scalaDouble(1.2e-7)).toBe('1.2E-7');
    expect(scalaDouble(1e-4)).toBe('1.0E-4');
    expect(scalaDouble(3.456789e-12)).toBe('3.456789E-12');
    expect(scalaDouble(12345678)).toBe('1.2345678E7');
    expect(scalaDouble(-1)).toBe('-1.0');
  });
  it('round-trips through Number()', () => {
    for (const x of [1.2345e-9, 0.5, 7.77e-5, 2.5e-300]) expect(Number(scalaDouble(x))).toBe(x);
  });
});

describe('field', () => {
  it('keeps one row per line', () => {
    expect(field(null)).toBe('');
    expect(field('a\tb\nc')).toBe('a b c');
    expect(field('plain')).toBe('plain');
  });
});
