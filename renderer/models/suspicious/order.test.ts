import { describe, expect, it } from 'vitest';
import { SUSPICIOUS_COLUMNS } from './columns';
import { detectionStrength, orderRows, rowDetections } from './order';
import type { SuspiciousRow } from './rows';

const row = (index: number, detections?: Array<{ name: string; strength?: number }>): SuspiciousRow => ({
  index,
  values: {},
  explanation: detections ? { detections } : { rank: index },
  severity: null,
  note: '',
});

describe('suspicious row order', () => {
  const rows = [
    row(0),
    row(1, [{ name: 'dga', strength: 0.4 }]),
    row(2),
    row(3, [
      { name: 'beaconing', strength: 0.9 },
      { name: 'long connection', strength: 0.2 },
    ]),
  ];

  it('combined risk: detected rows first, strongest first, then Spot order', () => {
    expect(orderRows(rows, 'combined').map((r) => r.index)).toEqual([3, 1, 0, 2]);
  });

  it("LDA: Spot's own order, whatever the detections", () => {
    expect(orderRows([...rows].reverse(), 'lda').map((r) => r.index)).toEqual([0, 1, 2, 3]);
  });

  it("combined risk follows the import's stored riskRank (one row per detection first), LDA ignores it", () => {
    const ranked = (index: number, riskRank: number): SuspiciousRow => ({ ...row(index), explanation: { riskRank } });
    // A scan covering rows 0–2 and a beacon on row 5: the import ranked one scan row, then the beacon, first.
    const stored = [ranked(0, 0), ranked(1, 2), ranked(2, 3), ranked(5, 1), ranked(3, 4), ranked(4, 5)];
    expect(orderRows(stored, 'combined').map((r) => r.index)).toEqual([0, 5, 1, 2, 3, 4]);
    expect(orderRows(stored, 'lda').map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('without detections both orders are Spot order', () => {
    const plain = [row(2), row(0), row(1)];
    expect(orderRows(plain, 'combined').map((r) => r.index)).toEqual([0, 1, 2]);
    expect(detectionStrength(row(5, [{ name: 'scan' }]))).toBe(0);
    expect(detectionStrength(row(5))).toBeNull();
  });
});

describe('row detections', () => {
  it('lists the stored detections strongest first and tolerates malformed entries', () => {
    const r = row(0, [
      { name: 'long connection', strength: 0.5 },
      { name: 'beaconing', strength: 0.92 },
    ]);
    expect(rowDetections(r).map((d) => d.name)).toEqual(['beaconing', 'long connection']);
    const detection = SUSPICIOUS_COLUMNS.flow.find((c) => c.key === 'detection')!;
    expect(detection.value(r)).toBe('beaconing 0.92');
    expect(detection.value(row(1))).toBeNull();
    const odd = { ...row(2), explanation: { detections: [null, 'x', { strength: 'high' }] } } as SuspiciousRow;
    expect(rowDetections(odd)).toEqual([
      { name: 'detection', strength: 0, detail: '' },
      { name: 'detection', strength: 0, detail: '' },
      { name: 'detection', strength: 0, detail: '' },
    ]);
  });
});
