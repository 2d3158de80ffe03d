import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DayImport } from './cache/types';
import { addExplanations, detectionsBeside } from './explanations';

describe('row explanations', () => {
  it("attach the scorer's named detections to the rows they cover, and decode proxy words", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spot-explain-'));
    const results = path.join(dir, 'dns_results.csv');
    fs.writeFileSync(
      path.join(dir, 'dns_detections.json'),
      JSON.stringify({
        detections: [
          {
            name: 'dns_tunnelling',
            strength: 0.93,
            evidence: '1607 distinct subdomains',
            keys: { domain: 'tunnel.example', clientip: '10.0.0.9' },
          },
        ],
      }),
    );
    const day: DayImport = {
      pipeline: 'dns',
      date: '2026-11-24',
      source: results,
      tables: {
        dns_scores: [
          { ip_dst: '10.0.0.9', dns_qry_name: 'abc.tunnel.example' },
          { ip_dst: '10.0.0.9', dns_qry_name: 'www.example.org' },
          { ip_dst: '10.0.0.8', dns_qry_name: 'x.tunnel.example' },
        ],
      },
      explanations: [{ rank: 0 }, { rank: 1 }, { rank: 2 }],
    };
    addExplanations(day, detectionsBeside(results, 'dns'));
    expect(day.explanations?.[0]).toEqual({
      rank: 0,
      detections: [{ name: 'dns tunnelling', detail: '1607 distinct subdomains (strength 0.93)', strength: 0.93 }],
    });
    expect(day.explanations?.[1]).toEqual({ rank: 1 });
    expect(day.explanations?.[2]).toEqual({ rank: 2 });
    expect(detectionsBeside(path.join(dir, 'missing', 'x.csv'), 'dns')).toEqual([]);

    const proxy: DayImport = {
      pipeline: 'proxy',
      date: '2026-11-24',
      source: results,
      tables: { proxy_scores: [{ word: '2_0_PUT_4_text_0_1_202' }] },
    };
    addExplanations(proxy, []);
    expect(String(proxy.explanations?.[0]?.decodedWord)).toMatch(/PUT/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
