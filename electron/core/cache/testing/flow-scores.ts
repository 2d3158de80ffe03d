import type { OaRow } from '../types';

/**
 * A flow_scores row of a test day: one UDP packet each way from `srcip` to `dstip`:`dport`, at second `rank` of
 * 10:00 on 2026-11-24, with Spot's rank and a rising LDA score, the source internal and nothing enriched.
 * `more` overrides any column. For tests that import a hand-made day into the cache.
 */
export function flowScoresRow(srcip: string, dstip: string, dport: number, rank: number, more: OaRow = {}): OaRow {
  return {
    tstart: `2026-11-24 10:00:${String(rank).padStart(2, '0')}`,
    srcip,
    dstip,
    sport: 50000 + rank,
    dport,
    proto: 'UDP',
    ipkt: 1,
    ibyt: 76,
    opkt: 1,
    obyt: 76,
    ml_score: (rank + 1) * 1e-9,
    rank,
    srcip_internal: 1,
    dstip_internal: 0,
    src_geoloc: '',
    dst_geoloc: '',
    src_domain: '',
    dst_domain: '',
    src_rep: '',
    dst_rep: '',
    ...more,
  };
}
