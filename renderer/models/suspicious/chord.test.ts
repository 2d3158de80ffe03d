import { describe, expect, it } from 'vitest';
import type { ChordData } from '../../../shared/ops/triage';
import { chordModel } from './chord';

const link = (srcip: string, dstip: string, ibyt: number, ipkt = 1) => ({ srcip, dstip, ibyt, ipkt });

describe('chordModel', () => {
  it('keeps the IP and its busiest peers and folds the rest into one "N more peers" group', () => {
    const links = Array.from({ length: 257 }, (_, i) => link('10.10.4.201', `10.1.0.${i}`, i === 7 ? 9_000 : 132, 3));
    links.push(link('10.1.0.9', '10.10.4.201', 5_000));
    const model = chordModel({ ip: '10.10.4.201', source: 'flow_chords', links }, 24);
    expect(model.labels).toHaveLength(26);
    expect(model.labels[0]).toBe('10.10.4.201');
    expect(model.labels.slice(1, 3)).toEqual(['10.1.0.7', '10.1.0.9']);
    expect(model.labels[model.moreIndex]).toBe('233 more peers');
    // nothing is lost: the folded group carries the other peers' bytes
    const sum = links.reduce((a, l) => a + l.ibyt, 0);
    expect(model.total).toBe(sum);
    expect(model.matrix[0]![model.moreIndex]).toBe(233 * 132);
    // the padding leaves room for the arcs (d3 drew nothing when 258 × 0.04 rad exceeded the circle)
    expect(model.padAngle * model.labels.length).toBeLessThanOrEqual(Math.PI / 2);
  });

  it('sizes by packets when no link carries a byte', () => {
    const data: ChordData = {
      ip: 'a',
      source: 'flow_edge',
      links: [link('a', 'b', 0, 3), link('b', 'a', 0, 2)],
    };
    const model = chordModel(data);
    expect(model.unit).toBe('packets');
    expect(model.total).toBe(5);
    expect(model.moreIndex).toBe(-1);
    expect(model.labels).toEqual(['a', 'b']);
  });

  it('keeps the padding of a few groups as it was', () => {
    const model = chordModel({ ip: 'a', source: 'flow_chords', links: [link('a', 'b', 10), link('a', 'c', 5)] });
    expect(model.padAngle).toBe(0.04);
    expect(model.matrix).toEqual([
      [0, 10, 5],
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });
});
