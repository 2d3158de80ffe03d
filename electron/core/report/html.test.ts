import { describe, expect, it } from 'vitest';
import { reportHtml } from './html';
import { buildReport } from './model';
import { CHINESE_NOTE, CYRILLIC_NOTE, IDN_DOMAIN, reportInput } from './testing';

describe('report HTML', () => {
  const html = reportHtml(buildReport(reportInput({ tlp: 'RED' })));

  it('escapes every piece of text, so hostile strings render as text', () => {
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>O');
    expect(html).toContain('C2 &quot;beacon&quot; &lt;b&gt;O&#39;Brien&lt;/b&gt;');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('Narnia &lt;x&gt;');
  });

  it('is self-contained: inline style and SVG, no script, no external reference, a CSP that forbids loads', () => {
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
    expect(html).not.toMatch(/<link|<script|<iframe|<img|url\(|@import/i);
  });

  it('holds the executive summary, charts, map, timeline with key events, evidence, analyst, day, sources, TLP', () => {
    for (const part of [
      'Executive summary',
      'What happened',
      'aria-label="Incident progression"',
      'aria-label="Impact analysis"',
      `aria-label="Map of the threat's endpoints"`,
      'aria-label="Timeline of activity per peer (UTC)"',
      'Key events',
      '25 of 4,321 evidence row(s) shown',
      'Аня 分析员',
      'netflow (nfdump) records of 2026-11-24',
      'TLP:RED',
      'For the eyes and ears of the individual recipients only',
      CYRILLIC_NOTE,
      CHINESE_NOTE,
      IDN_DOMAIN,
    ]) {
      expect(html, part).toContain(part);
    }
    // The map draws the countries (Natural Earth 110m has 177) and the threat's arc.
    expect(html.match(/class="land"/g)?.length).toBeGreaterThan(150);
    expect(html).toContain('class="arc"');
  });

  it('says why a threat has no map instead of leaving it out in silence', () => {
    const unlocated = reportInput();
    unlocated.threats[0]!.detail.globe = { available: true, points: [], arcs: [], unlocated: 3, unlocatedIps: [] };
    expect(reportHtml(buildReport(unlocated))).toContain(
      'No endpoint of this threat could be located (3 address(es) not in the geolocation data).',
    );
    const noDatabase = reportInput();
    noDatabase.threats[0]!.detail.globe = { available: false, points: [], arcs: [], unlocated: 0, unlocatedIps: [] };
    expect(reportHtml(buildReport(noDatabase))).toContain('No map: no geolocation data is configured.');
    // A DNS threat whose names resolved nowhere, and one whose cached search predates the answers and times.
    const nothing = reportInput({ pipeline: 'dns' });
    nothing.threats[0]!.detail.globe = { available: true, points: [], arcs: [], unlocated: 0, unlocatedIps: [] };
    expect(reportHtml(buildReport(nothing))).toContain(
      'No map: the evidence holds no address to place (the clients and the addresses their queries resolved to).',
    );
    const old = reportInput({ pipeline: 'dns' });
    old.threats[0]!.detail.globe = null;
    old.threats[0]!.detail.timeline = [];
    const oldHtml = reportHtml(buildReport(old));
    expect(oldHtml).toContain('No map: the addresses of this threat are not in the cached expanded search');
    expect(oldHtml).toContain('No timeline: the cached expanded search of this threat holds no times');
  });

  it("names the map's roles in the pipeline's words: a proxy client made the requests, it is not inbound", () => {
    const proxy = reportInput({ pipeline: 'proxy' });
    proxy.threats[0]!.detail.globe = {
      available: true,
      points: [
        { ip: '203.0.113.9', lat: 52.37, lon: 4.9, country: 'Netherlands', city: '', owner: '', role: 'anchor' },
        { ip: '10.1.0.7', lat: 40.4, lon: -3.7, country: 'Spain', city: '', owner: 'internal', role: 'inbound' },
      ],
      arcs: [],
      unlocated: 0,
      unlocatedIps: [],
    };
    const proxyHtml = reportHtml(buildReport(proxy));
    expect(proxyHtml).toContain('<td>Client (made the requests)</td>');
    expect(proxyHtml).toContain('<td>Server (answered)</td>');
    expect(proxyHtml).not.toContain('Inbound only');
    expect(html).toContain('<td>Outbound only</td>');
  });

  it("says what each map arc counts in the pipeline's words (DNS: resolved queries, proxy: requests)", () => {
    const arc = { from: '10.1.0.7', to: '203.0.113.9', startLat: 40.4, startLon: -3.7, endLat: 52.37, endLon: 4.9 };
    const withArc = (pipeline: 'dns' | 'proxy', count: number) => {
      const input = reportInput({ pipeline });
      input.threats[0]!.detail.globe = {
        available: true,
        points: [
          { ip: '203.0.113.9', lat: 52.37, lon: 4.9, country: 'Netherlands', city: '', owner: '', role: 'outbound' },
          { ip: '10.1.0.7', lat: 40.4, lon: -3.7, country: 'Spain', city: '', owner: 'internal', role: 'anchor' },
        ],
        arcs: [{ ...arc, connections: count }],
        unlocated: 0,
        unlocatedIps: [],
      };
      return reportHtml(buildReport(input));
    };
    const dns = withArc('dns', 12);
    expect(dns).toContain('<title>10.1.0.7 → 203.0.113.9: 12 queries resolved to it</title>');
    expect(dns).toContain('width grows with the number of queries resolved to it');
    expect(
      dns.slice(dns.indexOf('<h3>Map</h3>'), dns.indexOf('</table></div>', dns.indexOf('<h3>Map</h3>'))),
    ).not.toMatch(/connection/);
    const proxy = withArc('proxy', 1);
    expect(proxy).toContain('<title>10.1.0.7 → 203.0.113.9: 1 request</title>');
    expect(html).toMatch(/<title>[^<]*: \d+ connections?<\/title>/);
  });

  it('says when the timeline shows only part of the threat, and why', () => {
    expect(html).not.toContain('The timeline shows');
    const input = reportInput();
    input.threats[0]!.detail.impact!.value = 3123;
    expect(reportHtml(buildReport(input))).not.toContain('The timeline shows');
    input.threats[0]!.detail.timeline = [{ lane: '10.1.0.10', minute: '2026-11-24 11:14', count: 1000, detail: {} }];
    expect(reportHtml(buildReport(input))).toContain(
      'The timeline shows 1,000 of the 3,123 connections: the storyboard keeps the earliest 1,000 connections of a threat.',
    );
  });
});
