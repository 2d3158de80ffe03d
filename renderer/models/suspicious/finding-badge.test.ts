import { describe, expect, it } from 'vitest';
import { findingBadge } from './finding-badge';
import { row } from './testing';

const withFindings = (detections: Array<{ name: string; strength: number; detail: string }>) =>
  row(0, {}, { explanation: { detections } });

describe('finding badge', () => {
  it('writes the strongest finding by its short label, how many more, and everything in the hover text', () => {
    const badge = findingBadge(
      withFindings([
        { name: 'beaconing', strength: 0.2, detail: '52 connections every 51 s (strength 0.20)' },
        { name: 'long connection', strength: 0.42, detail: 'longest 1.7 h (strength 0.42)' },
      ]),
    );
    expect(badge).toEqual({
      text: 'long conn. +1',
      strength: 0.42,
      title: 'long connection: longest 1.7 h (strength 0.42)\nbeaconing: 52 connections every 51 s (strength 0.20)',
    });
  });
  it('tells the findings apart by their labels (no two start alike once cut)', () => {
    const labels = ['beaconing', 'port scan', 'long connection', 'rare external contact'].map(
      (name) => findingBadge(withFindings([{ name, strength: 0.5, detail: '' }]))!.text,
    );
    expect(labels).toEqual(['beaconing', 'port scan', 'long conn.', 'rare ext.']);
  });
  it('is absent from a row no finding covers', () => {
    expect(findingBadge(row(0, {}))).toBeNull();
  });
});
