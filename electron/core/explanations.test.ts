import { describe, expect, it } from 'vitest';
import type { OaRow } from './cache/types';
import { addExplanations } from './explanations';
import type { StoredDetection } from './parse/detections';

const tunnel: StoredDetection = {
  name: 'dns_tunnelling',
  strength: 0.93,
  evidence: '1607 distinct subdomains',
  keys: { domain: 'tunnel.example', clientip: '10.0.0.9' },
  examples: [],
};

describe('row explanations', () => {
  it("attach the scorer's named detections to the rows they cover and rank those rows first", () => {
    const rows: OaRow[] = [
      { ip_dst: '10.0.0.8', dns_qry_name: 'www.example.org', ml_score: 1e-7 },
      { ip_dst: '10.0.0.9', dns_qry_name: 'abc.tunnel.example', ml_score: 3e-5 },
      { ip_dst: '10.0.0.8', dns_qry_name: 'x.tunnel.example', ml_score: 2e-7 },
    ];
    const explanations: Array<Record<string, unknown>> = [{ rank: 0 }, { rank: 1 }, { rank: 2 }];
    addExplanations('dns', rows, explanations, [tunnel]);
    expect(explanations[1]).toEqual({
      rank: 1,
      riskRank: 0,
      risk: 0.93,
      findings: [{ key: 'dns_tunnelling|10.0.0.9|tunnel.example', strength: 0.93 }],
      entity: 'tunnel.example',
      detections: [{ name: 'dns tunnelling', detail: '1607 distinct subdomains (strength 0.93)', strength: 0.93 }],
    });
    // Rows no detection covers keep the LDA order after it (the other client's query is not the tunnel), with a
    // risk from their LDA rank below any finding's; the entity is the base domain.
    expect(explanations[0]).toEqual({ rank: 0, riskRank: 1, risk: 0.3, findings: [], entity: 'example.org' });
    expect(explanations[2]).toMatchObject({ rank: 2, riskRank: 2, risk: 0.1, findings: [], entity: 'tunnel.example' });
  });

  it('without detections the risk order is the LDA order, and proxy words are decoded', () => {
    const rows: OaRow[] = [
      { word: '2_0_PUT_4_text_0_1_202', ml_score: 1e-9 },
      { word: '0_13_GET_3_image_5_6_200', ml_score: 1e-8 },
    ];
    const explanations: Array<Record<string, unknown>> = [];
    addExplanations('proxy', rows, explanations, []);
    expect(explanations.map((e) => e.riskRank)).toEqual([0, 1]);
    expect(String(explanations[0]?.decodedWord)).toMatch(/PUT/);
  });
});
