/** Row builders for the view-model tests. */
import type { Cell } from '../../../shared/api-base';
import type { SuspiciousRow } from './rows';

export function row(index: number, values: Record<string, Cell>, extra: Partial<SuspiciousRow> = {}): SuspiciousRow {
  return { index, values, explanation: null, severity: null, note: '', ...extra };
}

export function flowRow(
  index: number,
  src: string,
  dst: string,
  dport: number,
  score: number,
  more: Record<string, Cell> = {},
) {
  return row(index, {
    tstart: '2026-11-24 10:00:00',
    srcip: src,
    dstip: dst,
    sport: 40000,
    dport,
    proto: 'TCP',
    ml_score: score,
    srcip_internal: src.startsWith('10.') ? 1 : 0,
    dstip_internal: dst.startsWith('10.') ? 1 : 0,
    src_rep: '',
    dst_rep: '',
    ...more,
  });
}
