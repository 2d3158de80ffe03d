import { describe, expect, it } from 'vitest';
import { detectOn } from '../testing';
import { longConnection } from './long-connection';

const flow = (sip: string, dip: string, tdur: number) => ({
  ts: 1000,
  sip,
  dip,
  sport: 50000,
  dport: 443,
  proto: 'TCP',
  ipkt: 10,
  ibyt: 1000,
  tdur,
});

describe('flow/long_connection', () => {
  it('finds a pair holding a flow open for hours, with its evidence', async () => {
    const [finding, ...rest] = await detectOn([longConnection], 'flow', [
      flow('10.0.0.5', '203.0.113.9', 4 * 3600),
      flow('10.0.0.5', '203.0.113.9', 30),
    ]);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      detector: 'flow/long_connection',
      keys: { srcip: '10.0.0.5', dstip: '203.0.113.9' },
      events: 1,
    });
    expect(finding!.evidence).toContain('longest 4.0 h');
    expect(finding!.strength).toBeCloseTo(0.5, 2);
  });

  it('does not fire on SSDP, broadcast, mDNS over IPv6, infrastructure, inbound or internal sessions', async () => {
    const findings = await detectOn(
      [longConnection],
      'flow',
      [
        flow('10.0.0.7', '239.255.255.250', 5 * 3600),
        flow('10.0.0.7', '10.0.0.255', 5 * 3600),
        flow('fe80::1', 'ff02::fb', 5 * 3600),
        flow('10.0.0.8', '10.0.0.1', 5 * 3600),
        flow('198.51.100.4', '10.0.0.8', 5 * 3600), // an inbound session to a server
        flow('10.0.0.8', '10.0.0.30', 5 * 3600), // an internal one (a file share)
        { ...flow('10.0.0.9', '10.0.0.20', 5 * 3600), proto: 'UDP', sport: 1900, dport: 50123 }, // SSDP unicast reply
      ],
      { infrastructureHosts: ['10.0.0.1'] },
    );
    expect(findings).toEqual([]);
  });
});
