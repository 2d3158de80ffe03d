import { describe, expect, it } from 'vitest';
import { firstItems, foldLoneByFinding, scoredReason, suspiciousReason } from './candidates';

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

describe('foldLoneByFinding', () => {
  const q = (anchor: string, group: string, firstFinding: string | null, finding: string | null = null) => ({
    anchor,
    kind: 'query' as const,
    group,
    firstFinding,
    finding,
  });

  it("folds the lone names of one finding (a DGA client's random domains) into that finding's item", () => {
    const anchors = [
      { anchor: '10.47.2.100', kind: 'ip' as const, group: null, firstFinding: 'dga|10.47.2.100', finding: 'dga' },
      q('abtsvqibkovt.com', 'abtsvqibkovt.com', 'dga|10.47.2.100', 'dga'),
      q('crmfhknrjexuvy.co.uk', 'crmfhknrjexuvy.co.uk', 'dga|10.47.2.100', 'dga'),
      // Names of one domain keep their domain item; a name no finding covers stays alone.
      q('a.t.tunnel.net', 'tunnel.net', 'dns tunnelling|10.10.5.120|tunnel.net', 'dns tunnelling'),
      q('b.t.tunnel.net', 'tunnel.net', 'dns tunnelling|10.10.5.120|tunnel.net', 'dns tunnelling'),
      q('summitfreight.de', 'summitfreight.de', null),
      // A reputation verdict is not a finding to fold by.
      q('evil.example', 'evil.example', 'bad_reputation|evil.example'),
    ];
    const folded = foldLoneByFinding(anchors);
    expect(folded.map((a) => [a.anchor, a.group, a.groupBy ?? 'own'])).toEqual([
      ['10.47.2.100', null, 'own'],
      ['abtsvqibkovt.com', 'dga · 10.47.2.100', 'finding'],
      ['crmfhknrjexuvy.co.uk', 'dga · 10.47.2.100', 'finding'],
      ['a.t.tunnel.net', 'tunnel.net', 'own'],
      ['b.t.tunnel.net', 'tunnel.net', 'own'],
      ['summitfreight.de', 'summitfreight.de', 'own'],
      ['evil.example', 'evil.example', 'own'],
    ]);
  });

  it('leaves a finding with one lone name as it is (nothing to fold)', () => {
    const folded = foldLoneByFinding([q('x.com', 'x.com', 'dga|10.0.0.9', 'dga'), q('y.com', 'y.com', null)]);
    expect(folded.map((a) => a.group)).toEqual(['x.com', 'y.com']);
  });
});
