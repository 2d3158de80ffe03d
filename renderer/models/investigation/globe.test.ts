import { describe, expect, it } from 'vitest';
import type { GeoPoint, GlobeData } from '../../../shared/ops/investigation';
import { globeArcLines, globeArcs, globeLegend } from './globe';

function globeOf(roles: Array<[string, GeoPoint['role']]>): GlobeData {
  return {
    available: true,
    points: roles.map(([ip, role]) => ({ ip, lat: 1, lon: 2, country: 'X', city: '', owner: '', role })),
    arcs: [],
    unlocated: 0,
    unlocatedIps: [],
  };
}

describe('globe legend', () => {
  it('proxy: the clients made the requests and the server answered (never "inbound only")', () => {
    const legend = globeLegend(
      globeOf([
        ['203.0.113.9', 'anchor'],
        ['10.1.0.7', 'inbound'],
      ]),
      'proxy',
    );
    expect(legend.map((l) => l.label)).toEqual(['Server (answered)', 'Client (made the requests)']);
  });

  it('dns: a client and the addresses its names resolved to', () => {
    const legend = globeLegend(
      globeOf([
        ['10.1.0.7', 'anchor'],
        ['198.51.100.1', 'outbound'],
      ]),
      'dns',
    );
    expect(legend.map((l) => l.label)).toEqual(['Anchor', 'Resolved address']);
    const byDomain = globeLegend(
      globeOf([
        ['198.51.100.1', 'anchor'],
        ['10.1.0.7', 'inbound'],
      ]),
      'dns',
    );
    expect(byDomain.map((l) => l.label)).toEqual(['Anchor', 'Client']);
  });

  it("flow: directions from the anchor's side, only the roles on the map, each once", () => {
    const legend = globeLegend(
      globeOf([
        ['10.1.0.7', 'anchor'],
        ['198.51.100.1', 'outbound'],
        ['198.51.100.2', 'outbound'],
      ]),
      'flow',
    );
    expect(legend).toEqual([
      { role: 'anchor', label: 'Anchor', color: '#f6ad55' },
      { role: 'outbound', label: 'Outbound only', color: '#63b3ed' },
    ]);
  });
});

describe('globe arcs', () => {
  const located = (count: number): GlobeData => ({
    ...globeOf([
      ['10.1.0.7', 'anchor'],
      ['198.51.100.1', 'outbound'],
    ]),
    arcs: [
      { from: '10.1.0.7', to: '198.51.100.1', startLat: 1, startLon: 2, endLat: 3, endLon: 4, connections: count },
    ],
  });

  it("say what an arc counts in the pipeline's words: connections, resolved queries, requests", () => {
    expect(globeArcs(located(3), '10.1.0.7', 'flow')[0]!.label).toBe('10.1.0.7 → 198.51.100.1: 3 connections');
    expect(globeArcs(located(12), '10.1.0.7', 'dns')[0]!.label).toBe(
      '10.1.0.7 → 198.51.100.1: 12 queries resolved to it',
    );
    expect(globeArcs(located(40), '10.1.0.7', 'proxy')[0]!.label).toBe('10.1.0.7 → 198.51.100.1: 40 requests');
  });

  it('one is singular', () => {
    expect(globeArcs(located(1), '10.1.0.7', 'dns')[0]!.label).toBe('10.1.0.7 → 198.51.100.1: 1 query resolved to it');
    expect(globeArcs(located(1), '10.1.0.7', 'proxy')[0]!.label).toMatch(/: 1 request$/);
  });

  it('lists the heaviest arcs in words beside the globe, with how many more', () => {
    const globe = located(5);
    globe.arcs.push({ ...globe.arcs[0]!, to: '198.51.100.2', connections: 9 });
    expect(globeArcLines(globe, 'proxy', 1)).toEqual({ lines: ['10.1.0.7 → 198.51.100.2: 9 requests'], more: 1 });
  });
});
