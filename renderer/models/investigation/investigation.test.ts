import { describe, expect, it } from 'vitest';
import type { ExpandedSearch, GlobeData } from '../../../shared/ops/investigation';
import { countryChoices, countryCounts, globeArcs, globeMarkers, parseHome } from './globe';
import {
  base64ToBytes,
  columnWidths,
  detailText,
  flowTopTables,
  impactLevel,
  ingestLines,
  laneLabelWidth,
  minuteToDate,
  progressionFit,
  progressionLayout,
  timelineModel,
  timelineTick,
  treeLayout,
} from './investigation';

const A = '10.0.0.1';
const search: ExpandedSearch = {
  pipeline: 'flow',
  anchor: A,
  kind: 'ip',
  start: '2026-11-24',
  end: '2026-11-24',
  days: ['2026-11-24'],
  missingDays: [],
  columns: ['srcIp', 'dstIp', 'connections', 'maxBytes'],
  rows: [
    [A, '1.1.1.1', 5, 100],
    [A, '2.2.2.2', 1, 9000],
    ['3.3.3.3', A, 2, 10],
    [A, '1.1.1.1', 1, 50],
  ],
  total: 4,
  truncated: false,
  searchedAt: '',
};

describe('investigation models', () => {
  it("ranks the anchor's sources and destinations by connections and by max bytes", () => {
    const [srcConns, dstConns, , dstBytes] = flowTopTables(search);
    expect(srcConns!.rows).toEqual([['3.3.3.3', 2, 10]]);
    expect(dstConns!.rows).toEqual([
      ['1.1.1.1', 6, 100],
      ['2.2.2.2', 1, 9000],
    ]);
    expect(dstBytes!.rows.map((r) => r[0])).toEqual(['2.2.2.2', '1.1.1.1']);
  });

  it('drills the impact bars into a direction and back', () => {
    const impact = {
      name: 'Connections',
      value: 3,
      children: [{ name: 'Inbound Only', value: 3, children: [{ name: 'VPN', value: 3, children: [] }] }],
    };
    expect(impactLevel(impact, null).bars.map((b) => b.name)).toEqual(['Inbound Only']);
    expect(impactLevel(impact, 'Inbound Only')).toEqual({
      title: 'Connections › Inbound Only',
      bars: [{ name: 'VPN', value: 3, children: [] }],
    });
    expect(impactLevel(impact, 'gone').bars).toHaveLength(1);
  });

  it('lays a tree out left to right with parents centred on their children', () => {
    const layout = treeLayout(
      {
        name: 'a',
        value: 0,
        children: [
          { name: 'b', value: 1, children: [] },
          { name: 'c', value: 2, children: [] },
        ],
      },
      100,
      20,
    );
    const byName = Object.fromEntries(layout.nodes.map((n) => [n.name, n]));
    expect([byName.b!.y, byName.c!.y, byName.a!.y]).toEqual([0, 20, 10]);
    expect(byName.b!.x).toBe(100);
    expect(layout.links).toEqual([
      { from: 'n', to: 'n/0' },
      { from: 'n', to: 'n/1' },
    ]);
    expect(layout.height).toBe(40);
  });

  it('orders timeline lanes by activity and keeps the time extent', () => {
    const m = timelineModel(
      [
        { lane: 'x', minute: '2026-11-24 00:05', count: 1, detail: { '443': 1 } },
        { lane: 'y', minute: '2026-11-24 00:00', count: 5, detail: { '22': 5 } },
        { lane: 'z', minute: 'bad', count: 9, detail: {} },
      ],
      1,
    );
    expect(m.lanes.map((l) => l.lane)).toEqual(['y']);
    expect(m.hiddenLanes).toBe(1);
    expect(m.points.map((p) => p.lane)).toEqual(['y']);
    // One minute of data: widened to 10 minutes plus 4% on each side, centred on it.
    expect(m.extent[0].toISOString()).toBe('2026-11-23T23:55:06.000Z');
    expect(m.extent[1].toISOString()).toBe('2026-11-24T00:05:54.000Z');
    expect(minuteToDate('2026-11-24 13:07').toISOString()).toBe('2026-11-24T13:07:00.000Z');
    expect(detailText({ '80': 1, '443': 5, '22': 2, '21': 1, '25': 1 }, 3)).toBe('443×5 22×2 21×1 +2');
  });

  it('decodes exports and builds ingest lines', () => {
    expect([...base64ToBytes(btoa('%PDF'))]).toEqual([37, 80, 68, 70]);
    expect(
      ingestLines([
        {
          pipeline: 'flow',
          points: [
            { minute: '2026-11-24 00:01', total: 3 },
            { minute: 'x', total: 1 },
          ],
        },
      ])[0]!.points,
    ).toHaveLength(1);
  });
});

describe('globe models', () => {
  const globe: GlobeData = {
    available: true,
    unlocated: 0,
    unlocatedIps: [],
    arcs: [
      { from: A, to: '1.1.1.1', startLat: 0, startLon: 0, endLat: 10, endLon: 10, connections: 4 },
      { from: '3.3.3.3', to: A, startLat: 10, startLon: 10, endLat: 0, endLon: 0, connections: 1 },
    ],
    points: [
      { ip: A, lat: 0, lon: 0, country: 'NL', city: '', owner: '', role: 'anchor' },
      { ip: '1.1.1.1', lat: 10, lon: 10, country: 'US', city: '', owner: '', role: 'outbound' },
      { ip: '3.3.3.3', lat: 10, lon: 10, country: 'US', city: '', owner: '', role: 'inbound' },
    ],
  };
  it('merges endpoints at one place and styles arcs by direction', () => {
    const markers = globeMarkers(globe);
    expect(markers).toHaveLength(2);
    expect(markers[1]).toMatchObject({ lat: 10, lng: 10, count: 2, label: 'US: 1.1.1.1, 3.3.3.3', color: '#b794f4' });
    const arcs = globeArcs(globe, A, 'flow');
    expect(arcs[0]).toMatchObject({ color: '#63b3ed', stroke: 1.5 });
    expect(arcs[1]!.color).toBe('#fc8181');
    expect(countryCounts(globe)).toEqual([
      { country: 'US', endpoints: 2 },
      { country: 'NL', endpoints: 1 },
    ]);
  });
});

describe('home location', () => {
  it('lists countries with rounded centroids and parses stored choices', () => {
    const choices = countryChoices(
      [{ properties: { name: 'Spain' } }, { properties: { name: 'Chile' } }, { properties: null }],
      () => [-3.456, 40.123],
    );
    expect(choices).toEqual([
      { label: 'Chile', lat: 40.12, lon: -3.46 },
      { label: 'Spain', lat: 40.12, lon: -3.46 },
    ]);
    expect(parseHome('{"lat":1,"lon":2,"label":"X"}')).toEqual({ lat: 1, lon: 2, label: 'X' });
    expect(parseHome('{"lat":100,"lon":2,"label":"X"}')).toBeNull();
    expect(parseHome('nope')).toBeNull();
    expect(parseHome(null)).toBeNull();
  });
});

describe('proxy progression layout', () => {
  it('places values per column and links adjacent rows, dropping links to hidden values', () => {
    const layout = progressionLayout(
      {
        anchor: 'u',
        columns: [
          { name: 'Referer', values: ['-', 'g'] },
          { name: 'IP', values: ['1', '2', '3'] },
          { name: 'Method', values: ['GET'] },
          { name: 'ContentType', values: ['t'] },
          { name: 'Threat', values: ['u'] },
          { name: 'Referred', values: [] },
        ],
        links: [
          { column: 0, from: 'g', to: '2', count: 3 },
          { column: 1, from: '3', to: 'GET', count: 1 },
        ],
      },
      2,
      100,
      10,
    );
    expect(layout.columns[1]).toMatchObject({ name: 'IP', x: 100, hidden: 1 });
    expect(layout.links).toEqual([{ x1: 0, y1: 10, x2: 100, y2: 10, width: 4, count: 3 }]);
    expect(layout.height).toBe(20);
  });

  it('fits its six columns into the panel (no column cut at 1366 px), a label cut to its column', () => {
    // 1366 px: the panel holds about 1,000 px; 6 × 200 px cut the last column off.
    const fit = progressionFit(1010, 6);
    expect(fit.columnWidth * 6 + fit.pad).toBeLessThanOrEqual(1010);
    expect(fit.columnWidth).toBeGreaterThanOrEqual(150);
    expect(progressionFit(1600, 6).columnWidth).toBe(200); // room enough: the widest
    expect(progressionFit(500, 6).columnWidth).toBe(140); // too narrow: the panel scrolls sideways
    expect(fit.cut('application/octet-stream; charset=binary')).toMatch(/…$/);
    expect(fit.cut('application/octet-stream; charset=binary').length).toBeLessThanOrEqual(fit.chars);
    expect(fit.cut('GET')).toBe('GET');
  });
});

describe('column widths', () => {
  it('fit the header and the first rows, within bounds', () => {
    expect(columnWidths(['ip', 'uri'], [['10.0.0.1', 'x'.repeat(100)]])).toEqual([72, 420]);
    expect(columnWidths(['connections'], [[5]])).toEqual([107]);
  });

  it('gives the timeline lane labels room for a domain, within bounds', () => {
    expect(laneLabelWidth([{ lane: '10.0.0.1', total: 3 }])).toBe(150);
    const domain = laneLabelWidth([{ lane: 'cloudsync-metrics.net', total: 1607 }]);
    expect(domain).toBeGreaterThan(16 + 'cloudsync-metrics.net (1607)'.length * 6.5);
    expect(laneLabelWidth([{ lane: 'x'.repeat(200), total: 1 }])).toBe(300);
    expect(laneLabelWidth([])).toBe(150);
  });
});

describe('timeline ticks', () => {
  it('write 24-hour HH:MM in UTC, never "03 AM" or "03 PM"', () => {
    expect(timelineTick(new Date('2026-11-24T03:00:00Z'), 'utc')).toBe('03:00');
    expect(timelineTick(new Date('2026-11-24T15:30:00Z'), 'utc')).toBe('15:30');
  });

  it('add seconds only when zoomed in to them, and the date at midnight', () => {
    expect(timelineTick(new Date('2026-11-24T15:30:20Z'), 'utc')).toBe('15:30:20');
    expect(timelineTick(new Date('2026-11-25T00:00:00Z'), 'utc')).toBe('11-25 00:00');
  });

  it('follow the local switch', () => {
    const d = new Date(2026, 10, 24, 9, 5);
    expect(timelineTick(d, 'local')).toBe('09:05');
  });
});
