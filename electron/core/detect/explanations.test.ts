import { describe, expect, it } from 'vitest';
import type { OaRow } from '../cache/types';
import { addExplanations, decodedWord, dnsRowWord, flowRowWords } from './explanations';
import type { StoredDetection } from '../parse/detections';

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
    // Proxy rows carry their word: the explanation does not repeat it.
    expect(explanations[0]?.modelWord).toBeUndefined();
  });

  it('flow rows get their LDA words rebuilt, decoded, and how many rows share them (#16 why)', () => {
    // spec ml.md §2 test vector: hour 12, UDP, ibyt 222, ipkt 3, sport 2132, dport 23.
    const flow = (sport: number, ibyt: number): OaRow => ({
      tstart: '2026-11-24 12:05:11',
      sport,
      dport: 23,
      proto: 'UDP',
      ibyt,
      ipkt: 3,
      ml_score: 1e-6,
    });
    expect(flowRowWords(flow(2132, 222))).toEqual({ src: '23_UDP_12_8_2', dst: '-1_23_UDP_12_8_2' });
    expect(flowRowWords({ tstart: 'garbage', sport: 1, dport: 2, proto: 'TCP', ibyt: 1, ipkt: 1 })).toBeNull();
    const explanations: Array<Record<string, unknown>> = [];
    addExplanations('flow', [flow(2132, 222), flow(3000, 230), flow(2132, 90000)], explanations, []);
    expect(explanations[0]).toMatchObject({
      flowWords: 'source document 23_UDP_12_8_2, destination document -1_23_UDP_12_8_2',
      wordShare: 2,
    });
    expect(String(explanations[0]?.decodedWord)).toContain('UDP');
    expect(explanations[2]).toMatchObject({ wordShare: 1 });
    // The risk facts (what the order and the cases group by) are unchanged: no word for flow.
    expect(explanations[0]?.word).toBeUndefined();
    // flowWords says both documents' words: no single modelWord.
    expect(explanations[0]?.modelWord).toBeUndefined();
  });

  it('DNS rows get their LDA word rebuilt from the row with the word context, decoded in plain words (#16 why)', () => {
    const ctx = { userDomain: 'apache', topDomains: new Set(['google']) };
    // spec ml.md §2 test vector (words.test.ts): 2_7_11_2_10_1_1_0.
    const dns = (name: string, rcode: number | null = 0): OaRow => ({
      frame_time: 'May  12 2015 11:32:45.543421000 UTC',
      frame_len: 213,
      ip_dst: '10.0.0.8',
      dns_qry_name: name,
      dns_qry_type: 1,
      dns_qry_rcode: rcode,
      ml_score: 1e-7,
    });
    expect(dnsRowWord(dns('abcdefg.apache.com'), ctx)).toBe('2_7_11_2_10_1_1_0');
    expect(dnsRowWord(dns('abcdefg.apache.com', null), ctx)).toBe('2_7_11_2_10_1_1_-1');
    expect(dnsRowWord({ ...dns('x.com'), frame_time: 'garbage' }, ctx)).toBeNull();
    const explanations: Array<Record<string, unknown>> = [];
    addExplanations(
      'dns',
      [dns('abcdefg.apache.com'), dns('abcdefg.apache.com'), dns('mail.google.com', 3)],
      explanations,
      [],
      3,
      ctx,
    );
    expect(explanations[0]).toMatchObject({ modelWord: '2_7_11_2_10_1_1_0', wordShare: 2 });
    expect(explanations[2]).toMatchObject({ wordShare: 1 });
    const decoded = String(explanations[0]?.decodedWord);
    expect(decoded).toContain("domain: the organisation's own domain");
    expect(decoded).toContain('hour: 11:00–11:59');
    expect(decoded).toContain('query type: A (1)');
    expect(String(explanations[2]?.decodedWord)).toContain('response code: NXDomain (name does not exist) (3)');
    // The risk facts are unchanged: DNS rows still carry no `word` (the cases and the order group as before).
    expect(explanations[0]?.word).toBeUndefined();
    // Without the context DNS rows are not decoded (the domain class would be a guess).
    const bare: Array<Record<string, unknown>> = [];
    addExplanations('dns', [dns('abcdefg.apache.com')], bare, []);
    expect(bare[0]?.decodedWord).toBeUndefined();
  });

  it('decodes proxy words feature by feature', () => {
    expect(decodedWord('proxy', '2_0_PUT_4_text_0_1_202')).toMatch(/^host: .+; hour: 00:00–00:59; method: PUT; /);
  });
});
