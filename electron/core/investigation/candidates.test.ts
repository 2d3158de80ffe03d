import { describe, expect, it } from 'vitest';
import { firstItems, scoredReason, suspiciousReason } from './candidates';

describe('candidate reasons', () => {
  it('says the finding and its evidence, else the reputation, else the LDA place', () => {
    expect(
      suspiciousReason({
        finding: 'port scan',
        detail: '3 hosts, 1000 ports (strength 0.95)',
        firstFinding: 'x',
        idx: 4,
      }),
    ).toBe('port scan: 3 hosts, 1000 ports (strength 0.95)');
    expect(suspiciousReason({ finding: null, detail: null, firstFinding: 'bad_reputation|evil.com', idx: 9 })).toBe(
      'a reputation service calls it malicious',
    );
    expect(suspiciousReason({ finding: null, detail: null, firstFinding: null, idx: 1233 })).toBe(
      "LDA: row 1,234 of Spot's list (least likely events first)",
    );
  });
  it('says how many rows the analyst scored High', () => {
    expect(scoredReason(1)).toBe('High (1) by the analyst: 1 row scored 1 or saved as a threat');
    expect(scoredReason(12)).toBe('High (1) by the analyst: 12 rows scored 1 or saved as a threat');
  });
});

describe('firstItems', () => {
  it('keeps the anchors of the first items, a group counting once however many anchors it holds', () => {
    const a = (anchor: string, group: string | null) => ({ anchor, group });
    const anchors = [
      a('h.com/1', 'h.com'),
      a('h.com/2', 'h.com'),
      a('10.0.0.1', null),
      a('h.com/3', 'h.com'),
      a('g.net/x', 'g.net'),
      a('h.com/4', 'h.com'),
      a('z.org/y', 'z.org'),
    ];
    expect(firstItems(anchors, 3).map((x) => x.anchor)).toEqual([
      'h.com/1',
      'h.com/2',
      '10.0.0.1',
      'h.com/3',
      'g.net/x',
      'h.com/4',
    ]);
    expect(firstItems(anchors, 1).map((x) => x.anchor)).toEqual(['h.com/1', 'h.com/2', 'h.com/3', 'h.com/4']);
  });
});
