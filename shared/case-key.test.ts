import { describe, expect, it } from 'vitest';
import { caseKeyFromFacts, caseTitle } from './case-key';

describe('case keys', () => {
  it("a row's strongest finding makes its case; else its entity and word", () => {
    const finding = caseKeyFromFacts(
      {
        risk: 0.9,
        findings: [
          { key: 'port_scan|10.10.4.201', strength: 0.9 },
          { key: 'x|y', strength: 0.2 },
        ],
        entity: 'e',
      },
      'fallback',
    );
    expect(finding).toEqual({ key: 'finding:port_scan|10.10.4.201', kind: 'finding' });
    expect(caseTitle(finding.key)).toBe('port scan · 10.10.4.201');
    const cluster = caseKeyFromFacts({ risk: 0.1, findings: [], entity: 'host.example', word: '1_2_GET' }, 'fallback');
    expect(cluster).toEqual({ key: 'cluster:host.example|1_2_GET', kind: 'cluster' });
    expect(caseTitle(cluster.key)).toBe('host.example');
    expect(caseKeyFromFacts(null, '8.8.8.8:53').key).toBe('cluster:8.8.8.8:53|');
    expect(caseTitle('finding:large_upload|10.10.9.14|ab12cd34')).toBe('large upload · 10.10.9.14');
    // Two tunnels of one client under one zone are two cases, and their titles say which is which.
    expect(caseTitle('finding:dns_tunnelling|10.10.5.120|t.example.net|type 16')).toBe(
      'dns tunnelling · 10.10.5.120 · t.example.net · TXT records',
    );
    expect(caseTitle('finding:dns_tunnelling|10.10.5.120|t.example.net|type 99')).toBe(
      'dns tunnelling · 10.10.5.120 · t.example.net · type 99 records',
    );
  });
});
