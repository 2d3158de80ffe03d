import { describe, expect, it } from 'vitest';
import { labelledRisk, riskFactsOf, riskLabels, riskOrder, type RiskItem } from './risk-order';
import type { Severity } from './schema';

const item = (index: number, facts: RiskItem['facts'], severity: Severity | null = null): RiskItem => ({
  index,
  facts,
  severity,
});
const scan = (strength = 1) => ({ key: 'port_scan|10.0.0.9', strength });
const beacon = { key: 'beaconing|10.0.0.7', strength: 0.9 };
const order = (items: RiskItem[], labelled = items) => riskOrder(items, riskLabels(labelled)).map((i) => i.index);

describe('riskOrder', () => {
  it("gives one actor's finding a single top row, so the next actor's finding is not buried", () => {
    const items = [
      item(0, { risk: 1, findings: [scan()], entity: '10.1.0.10:22' }),
      item(1, { risk: 1, findings: [scan()], entity: '10.1.2.25:23' }),
      item(2, { risk: 0.9, findings: [beacon], entity: '203.0.113.77:443' }),
      item(3, { risk: 0.3, entity: '8.8.8.8:53' }),
    ];
    // Then the model's rarest row no finding covers (one of MODEL_REPRESENTATIVES), then the scan's other row.
    expect(order(items)).toEqual([0, 2, 3, 1]);
  });

  it('orders rows no finding covers by their stored risk, ties in Spot order', () => {
    const items = [item(0, { risk: 0.1 }), item(1, { risk: 0.2 }), item(2, { risk: 0.2 }), item(3, null)];
    expect(order(items)).toEqual([1, 2, 0, 3]);
  });

  it('a low-risk label sinks the same finding and actor, and the same entity, at once', () => {
    const ntp = { key: 'beaconing|10.0.0.5', strength: 0.95 };
    const items = [
      item(0, { risk: 0.95, findings: [ntp], entity: '192.0.2.1:123' }, 3),
      item(1, { risk: 0.95, findings: [ntp], entity: '192.0.2.2:123' }),
      item(5, { risk: 0.95, findings: [ntp], entity: '192.0.2.3:123' }, 3),
      item(2, { risk: 0.6, findings: [beacon], entity: '203.0.113.77:443' }),
      item(3, { risk: 0.25, entity: '192.0.2.1:123' }),
      item(4, { risk: 0.2, entity: '198.51.100.1:8443' }),
    ];
    const unscored = items.map((i) => ({ ...i, severity: null }));
    expect(order(unscored)).toEqual([0, 2, 3, 4, 1, 5]);
    // Two of its first rows are labelled low: the NTP finding loses its top slot and its rows fall below the C2
    // beacon and below unlabelled LDA rows; the same NTP server's LDA row falls too.
    expect(order(items).filter((i) => i !== 0 && i !== 5)).toEqual([2, 4, 3, 1]);
    expect(labelledRisk(items[1]!.facts, riskLabels(items))).toBeCloseTo(0.095, 3);
  });

  it('a low-risk label deep inside a finding judges its row, not the finding (one stray label cannot sink a scan)', () => {
    // A scan's probes look alike (one word: hour, protocol, port, one packet) though each hits another target.
    const rows = Array.from({ length: 8 }, (_, i) =>
      item(i, { risk: 1, findings: [scan()], entity: `10.1.0.${i}:22`, word: '9_TCP_22_1_1' }),
    );
    const other = item(8, { risk: 0.5, findings: [beacon], entity: '203.0.113.77:443' });
    const deep = [...rows.slice(0, 6), { ...rows[6]!, severity: 3 as const }, rows[7]!, other];
    expect(riskLabels(deep).lowFindings.size).toBe(0);
    expect(order(deep).slice(0, 3)).toEqual([0, 8, 1]);
    // One label on its head is not enough (it may be a benign row the scan's keys cover); two of its first rows
    // labelled low judge the finding, and it sinks below the beacon.
    expect(riskLabels([{ ...rows[0]!, severity: 3 as const }, ...rows.slice(1), other]).lowFindings.size).toBe(0);
    const head = [
      { ...rows[0]!, severity: 3 as const },
      { ...rows[1]!, severity: 3 as const },
      ...rows.slice(2),
      other,
    ];
    expect(riskLabels(head).lowFindings).toEqual(new Set(['port_scan|10.0.0.9']));
    expect(order(head).filter((i) => i > 1)[0]).toBe(8);
  });

  it('labels on benign rows a finding merely covers judge those rows, not the finding (a DGA host’s own lookups)', () => {
    // The DGA finding is filed by host and NXDOMAIN: the infected host's ordinary failed lookups (a search suffix)
    // are covered too, and LDA puts them first. Labelled low, they lower rows like them, not the random names.
    const dga = { key: 'dga|10.0.0.4', strength: 0.8 };
    const own = (i: number) => item(i, { risk: 0.8, findings: [dga], entity: 'corp.example', word: 'nx_short' });
    const generated = (i: number) =>
      item(i, { risk: 0.8, findings: [dga], entity: `q${i}xkvbtrw.biz`, word: 'nx_random' });
    const weaker = { key: 'beaconing|10.0.0.7', strength: 0.5 };
    const other = item(9, { risk: 0.5, findings: [weaker], entity: '203.0.113.77:443' });
    const items = [
      { ...own(0), severity: 3 as const },
      { ...own(1), severity: 3 as const },
      own(2),
      ...[3, 4, 5, 6, 7, 8].map(generated),
      other,
    ];
    expect(riskLabels(items).lowFindings.size).toBe(0);
    // The finding keeps its top slot and strength; its representative is one of its generated names (the finding's
    // most common word), not the host's next ordinary lookup.
    expect(order(items).filter((i) => i > 1)).toEqual([3, 9, 2, 4, 5, 6, 7, 8]);
    // Labels on rows like most of the finding (its generated names) do judge it.
    const head = [generated(3), generated(4), generated(5), ...[6, 7, 8].map(generated)].map((i, k) =>
      k < 2 ? { ...i, severity: 3 as const } : i,
    );
    expect(riskLabels(head).lowFindings).toEqual(new Set(['dga|10.0.0.4']));
  });

  it('a finding without a dominant word (a scan: one word per port) keeps its rarest row as representative', () => {
    // The scanner's two ordinary web sessions share a word; its probes each have their own: no word is half of it.
    const words = ['9_TCP_22_1_1', '80_TCP_15_9_9', '80_TCP_15_9_9', '9_TCP_23_1_1', '9_TCP_25_1_1', '9_TCP_110_1_1'];
    const items = words.map((word, i) => item(i, { risk: 1, findings: [scan()], entity: `10.1.0.9:${i}`, word }));
    expect(order(items)[0]).toBe(0);
  });

  it('reads the model word of DNS and flow rows, which store none as `word`', () => {
    expect(riskFactsOf({ risk: 0.8, modelWord: '0_7_17_0_0_1_1_3' })?.modelWord).toBe('0_7_17_0_0_1_1_3');
    const flow = { risk: 1, flowWords: 'source document 9_TCP_22_1_1, destination document -1_9_TCP_22_1_1' };
    expect(riskFactsOf(flow)).toMatchObject({ modelWord: '9_TCP_22_1_1' });
    expect(riskFactsOf(flow)?.word).toBeUndefined();
  });

  it('a benign label on a session to a server does not lower a scan still standing that hits the same server', () => {
    const items = [
      item(0, { risk: 0.2, entity: '198.18.134.99:0' }, 3),
      item(1, { risk: 0.56, findings: [scan(0.56)], entity: '198.18.134.99:0' }),
      item(2, { risk: 0.56, findings: [scan(0.56)], entity: '198.18.134.99:0' }),
      item(3, { risk: 0.3, entity: '198.18.134.15:0' }),
    ];
    expect(labelledRisk(items[2]!.facts, riskLabels(items))).toBe(0.56);
    // The scan's representative, the model's rarest row (a slot left: one model row was judged low), the scan.
    expect(order(items).filter((i) => i !== 0)).toEqual([1, 3, 2]);
  });

  it("the model's rarest rows no finding covers come right after the findings' representatives, one per word", () => {
    // A day whose scans cover many rows: what only LDA saw (its first rows) must not sink below all of them.
    const scanRows = Array.from({ length: 6 }, (_, i) => item(10 + i, { risk: 0.9, findings: [scan(0.9)] }));
    const model = [
      item(0, { risk: 0.3, entity: '198.18.134.15:0', word: 'w1' }),
      item(1, { risk: 0.29, entity: '198.18.134.15:0', word: 'w1' }),
      item(2, { risk: 0.28, entity: '10.0.0.8:53', word: 'w2' }),
      item(3, { risk: 0.27, entity: '10.0.0.9:123', word: 'w3' }),
      item(4, { risk: 0.26, entity: '10.0.0.10:80', word: 'w4' }),
    ];
    const items = [...scanRows, ...model];
    // Three slots, one per word (row 1 shares row 0's word), in Spot's order; then the scan's other rows.
    expect(order(items).slice(0, 5)).toEqual([10, 0, 2, 3, 11]);
    // A low-risk label on one hides it, lowers its word and gives up its slot: the list does not refill with the
    // next rarest, so labelling the model's benign rows raises the list at once.
    const labelled = items.map((i) => (i.index === 0 ? { ...i, severity: 3 as const } : i));
    const shown = order(labelled).filter((i) => i !== 0);
    expect(shown.slice(0, 4)).toEqual([10, 2, 3, 11]);
    // Labels on a finding's rows leave the model's slots as they are.
    const onScan = items.map((i) => (i.index === 10 ? { ...i, severity: 3 as const } : i));
    expect(
      order(onScan)
        .filter((i) => i !== 10)
        .slice(0, 4),
    ).toEqual([11, 0, 2, 3]);
  });

  it('findings of similar strength interleave instead of the strongest filling the screen', () => {
    const sqli = (i: number) => item(i, { risk: 0.9, findings: [{ key: 'uri_attack|10.0.0.3|a', strength: 0.9 }] });
    const xss = (i: number) => item(i, { risk: 0.9, findings: [{ key: 'uri_attack|10.0.0.3|b', strength: 0.9 }] });
    const items = [...[0, 1, 2, 3, 4, 5, 6, 7].map(sqli), ...[8, 9, 10].map(xss)];
    expect(order(items).slice(0, 6)).toEqual([0, 8, 1, 9, 2, 10]);
  });

  it('a high-risk label lifts rows of the same entity above unlabelled ones', () => {
    const items = [
      item(0, { risk: 0.3, entity: 'evil.example' }, 1),
      item(1, { risk: 0.29, entity: 'a.example' }),
      item(2, { risk: 0.1, entity: 'evil.example' }),
    ];
    expect(order(items).filter((i) => i !== 0)).toEqual([2, 1]);
  });

  it('the same word lowers only rows no finding covers', () => {
    const items = [
      item(0, { risk: 0.3, word: 'w1', entity: 'a' }, 3),
      item(1, { risk: 0.29, word: 'w1', entity: 'b' }),
      item(2, { risk: 0.2, word: 'w2', entity: 'c' }),
      item(3, { risk: 0.5, word: 'w1', entity: 'd', findings: [{ key: 'uri_attack|10.0.0.3', strength: 0.5 }] }),
    ];
    expect(order(items).filter((i) => i !== 0)).toEqual([3, 2, 1]);
  });

  it('picks as representative the rarest row not yet scored', () => {
    const items = [
      item(0, { risk: 1, findings: [scan()] }, 2),
      item(1, { risk: 1, findings: [scan()] }),
      item(2, { risk: 0.9, findings: [beacon] }),
      item(3, { risk: 1, findings: [scan()] }),
    ];
    expect(order(items)).toEqual([1, 2, 0, 3]);
  });
});
