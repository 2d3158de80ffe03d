/**
 * The report as ONE self-contained HTML file: inline CSS and SVG, no script, no external request (a CSP meta
 * forbids them), every piece of text escaped. The PDF is this same HTML printed.
 */
import type { Cell } from '../../../shared/api-base';
import { impactSvg, progressionTable, timelineSvg, treeSvg } from './charts';
import { escapeHtml } from './escape';
import { PIPELINE_REPORT, TLP_MEANING, type ReportModel, type ThreatReport, type Tlp } from './model';
import { PIPELINE_PROFILES } from '../../../shared/pipeline-profile';
import { mapLegendRows, worldMapSvg } from './world-map';

/** TLP 2.0's colours (text on black). */
export const TLP_COLOUR: Record<Tlp, string> = {
  CLEAR: '#FFFFFF',
  GREEN: '#33FF00',
  AMBER: '#FFC000',
  'AMBER+STRICT': '#FFC000',
  RED: '#FF2B2B',
};

export function tlpBadge(tlp: Tlp): string {
  return `<span class="tlp" style="color:${TLP_COLOUR[tlp]}">TLP:${escapeHtml(tlp)}</span>`;
}

function cellText(v: Cell): string {
  return v === null ? '' : String(v);
}

/** A cell of the evidence table: short values (addresses, times) never break; long ones (URIs) break anywhere. */
function evidenceCell(text: string): string {
  return `<td${text.length > 30 ? ' class="long"' : ''}>${escapeHtml(text)}</td>`;
}

function paragraphs(text: string): string {
  const parts = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return '<p class="muted">No write-up was saved for this threat.</p>';
  return parts.map((p) => `<p>${escapeHtml(p).replaceAll('\n', '<br>')}</p>`).join('');
}

function threatSection(t: ThreatReport, index: number, model: ReportModel): string {
  const words = PIPELINE_REPORT[model.pipeline];
  const lane = words.lane(t.detail.entry.kind);
  const d = t.detail;
  const facts: Array<[string, string]> = [
    ['Anchor', `<code>${escapeHtml(t.anchor)}</code> <span class="muted">(${escapeHtml(t.kind)})</span>`],
    ['Seen', t.firstSeen ? `${escapeHtml(t.firstSeen)} → ${escapeHtml(t.lastSeen ?? t.firstSeen)} UTC` : '—'],
    [words.unit[0]!.toUpperCase() + words.unit.slice(1), t.volume.toLocaleString('en-US')],
  ];
  if (t.hosts.length > 0) {
    const shown = t.hosts
      .slice(0, 8)
      .map((h) => `<code>${escapeHtml(h.ip)}</code> <span class="muted">${h.hostClass}</span>`);
    facts.push(['Hosts', shown.join(', ') + (t.hosts.length > 8 ? ` and ${t.hosts.length - 8} more` : '')]);
  }
  const parts = [
    `<section class="threat"><h2><span class="num">${index + 1}</span>${escapeHtml(t.title)}</h2>`,
    `<table class="facts">${facts.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('')}</table>`,
    `<h3>Analyst write-up</h3><div class="writeup">${paragraphs(t.writeUp)}</div>`,
  ];
  if (d.tree) parts.push(`<div class="block"><h3>Incident progression</h3>${treeSvg(d.tree)}</div>`);
  if (d.progression)
    parts.push(`<div class="block"><h3>Incident progression</h3>${progressionTable(d.progression)}</div>`);
  if (d.impact && d.impact.children.length > 0) {
    parts.push(`<div class="block"><h3>Impact analysis</h3>${impactSvg(d.impact)}</div>`);
  }
  if (d.globe?.available && d.globe.points.length > 0) {
    const roles = PIPELINE_PROFILES[model.pipeline].mapRoles;
    const legend = mapLegendRows(d.globe, roles)
      .map(
        (r) =>
          `<tr>${r.map((c, i) => `<td>${i === 0 ? `<code>${escapeHtml(c)}</code>` : escapeHtml(c)}</td>`).join('')}</tr>`,
      )
      .join('');
    parts.push(
      `<div class="block"><h3>Map</h3>${worldMapSvg(d.globe, roles, model.pipeline)}<p class="muted small">${d.globe.points.length} located endpoint(s) of ${escapeHtml(words.mapEndpoints)}${
        d.globe.unlocated ? `, ${d.globe.unlocated} without a location` : ''
      }. Arcs follow the direction of traffic; width grows with the number of ${escapeHtml(PIPELINE_PROFILES[model.pipeline].mapArc.many)}.</p><table class="legend"><thead><tr><th>Address</th><th>Location</th><th>Role</th></tr></thead><tbody>${legend}</tbody></table></div>`,
    );
  } else if (d.globe && d.globe.unlocated > 0) {
    parts.push(
      `<div class="block"><h3>Map</h3><p class="muted">No endpoint of this threat could be located (${d.globe.unlocated} address(es) not in the geolocation data).</p></div>`,
    );
  } else if (d.globe && !d.globe.available) {
    parts.push(`<div class="block"><h3>Map</h3><p class="muted">No map: no geolocation data is configured.</p></div>`);
  } else if (d.globe) {
    parts.push(
      `<div class="block"><h3>Map</h3><p class="muted">No map: the evidence holds no address to place (${escapeHtml(words.mapEndpoints)}).</p></div>`,
    );
  } else {
    parts.push(
      `<div class="block"><h3>Map</h3><p class="muted">No map: the addresses of this threat are not in the cached expanded search; run the search again in Threat investigation and save the threat.</p></div>`,
    );
  }
  if (t.lanes.length > 0) {
    const events = t.keyEvents
      .map((e) => `<tr><td class="nowrap">${escapeHtml(e.minute)}</td><td>${escapeHtml(e.text)}</td></tr>`)
      .join('');
    parts.push(
      `<div class="block"><h3>Timeline <span class="muted">(UTC, one lane per ${escapeHtml(lane)}, dot size = ${escapeHtml(words.unit)} per minute)</span></h3>${timelineSvg(t.lanes, lane)}${
        t.timelineCut
          ? `<p class="muted small">The timeline shows ${t.timelineTotal.toLocaleString('en-US')} of the ${t.volume.toLocaleString('en-US')} ${escapeHtml(words.unit)}: the storyboard keeps ${escapeHtml(words.timelineKeeps)}.</p>`
          : ''
      }</div>`,
      `<div class="flowing"><h3>Key events</h3><table class="events"><tbody>${events}</tbody></table></div>`,
    );
  }
  if (t.lanes.length === 0) {
    parts.push(
      `<div class="block"><h3>Timeline</h3><p class="muted">No timeline: the cached expanded search of this threat holds no times; run the search again in Threat investigation and save the threat.</p></div>`,
    );
  }
  if (t.evidence && t.evidence.total === 0) {
    parts.push(
      `<div class="block"><h3>Evidence</h3><p class="muted">The expanded search found no rows for this anchor on this day.</p></div>`,
    );
  } else if (t.evidence) {
    const e = t.evidence;
    const head = e.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
    const rows = e.rows
      .map((r) => `<tr>${e.columns.map((_, i) => evidenceCell(cellText(r[i] ?? null))).join('')}</tr>`)
      .join('');
    const note = [
      `${e.rows.length.toLocaleString('en-US')} of ${e.total.toLocaleString('en-US')} evidence row(s) shown`,
      e.hiddenColumns > 0 ? `${e.hiddenColumns} more column(s) in the CSV export` : '',
    ]
      .filter(Boolean)
      .join('; ');
    parts.push(
      `<div class="flowing"><h3>Evidence</h3><p class="muted small">${note}.</p><table class="evidence"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>`,
    );
  } else {
    parts.push(
      `<div class="block"><h3>Evidence</h3><p class="muted">The expanded search of this threat is not cached; run it again in Threat investigation to list its rows.</p></div>`,
    );
  }
  if (t.iocs.length > 0) {
    const rows = t.iocs
      .slice(0, 15)
      .map(
        (i) =>
          `<tr><td>${escapeHtml(i.type)}</td><td><code>${escapeHtml(i.value)}</code></td><td class="numc">${i.count || ''}</td></tr>`,
      )
      .join('');
    parts.push(
      `<div class="flowing"><h3>Indicators of compromise</h3><p class="muted small">${t.iocs.length} indicator(s)${
        t.iocs.length > 15 ? ', the first 15 listed' : ''
      }; all of them in the IOC export (CSV, STIX 2.1).</p><table class="iocs"><thead><tr><th>Type</th><th>Value</th><th>${escapeHtml(words.unit[0]!.toUpperCase() + words.unit.slice(1))}</th></tr></thead><tbody>${rows}</tbody></table></div>`,
    );
  }
  parts.push('</section>');
  return parts.join('\n');
}

const CSS = `@page{size:A4;margin:16mm 14mm 16mm 14mm}
*{box-sizing:border-box}
body{font:13px/1.45 "DejaVu Sans","Noto Sans","Noto Sans CJK SC","Noto Sans CJK JP",system-ui,sans-serif;color:#17202a;margin:24px auto;max-width:820px;padding:0 16px;background:#fff}
h1{font-size:22px;margin:6px 0 2px}h2{font-size:17px;margin:0 0 8px;padding-top:4px}h3{font-size:13px;margin:14px 0 6px;color:#2c3e57}
.num{display:inline-block;min-width:24px;height:24px;margin-right:8px;border-radius:12px;background:#2c3e57;color:#fff;text-align:center;font-size:13px;line-height:24px}
.muted{color:#5c6773;font-weight:normal}.small{font-size:11px}.nowrap{white-space:nowrap}
.tlpbar{display:flex;justify-content:space-between;align-items:center;gap:12px;background:#000;color:#fff;padding:6px 10px;border-radius:3px;font-size:11px}
.tlp{font:bold 13px "DejaVu Sans Mono",monospace;letter-spacing:.5px;background:#000;padding:1px 6px;border-radius:2px}
.meta{border-collapse:collapse;margin:8px 0 4px;font-size:12px}.meta th{text-align:left;color:#5c6773;font-weight:normal;padding:1px 12px 1px 0;vertical-align:top}.meta td{padding:1px 0}
.exec{border:1px solid #c9d3df;border-left:4px solid #2c3e57;background:#f5f7fa;padding:8px 14px;margin:14px 0 18px}
.exec h2{margin:4px 0 6px}.exec dl{display:grid;grid-template-columns:120px 1fr;gap:4px 12px;margin:0}.exec dt{font-weight:bold;color:#2c3e57}.exec dd{margin:0}
.threat{border-top:2px solid #2c3e57;padding-top:10px;margin-top:22px}
.facts{border-collapse:collapse;font-size:12px}.facts th{text-align:left;color:#5c6773;font-weight:normal;padding:1px 12px 1px 0;vertical-align:top;white-space:nowrap}.facts td{padding:1px 0}
.writeup{background:#f5f7fa;border-left:3px solid #3b6fb6;padding:2px 12px}.writeup p{margin:6px 0}
code{font-family:"DejaVu Sans Mono","Noto Sans Mono CJK SC",monospace;font-size:11.5px;word-break:break-all}
table.evidence,table.iocs,table.events,table.legend,table.progression{border-collapse:collapse;font-size:10.5px;width:100%}table.evidence{font-size:9.5px}
table.evidence th,table.evidence td,table.iocs th,table.iocs td,table.events td,table.legend th,table.legend td,table.progression th,table.progression td{border:1px solid #d5dce4;padding:2px 5px;text-align:left;vertical-align:top;overflow-wrap:break-word}
table.evidence td.long,table.iocs code,table.progression .long{overflow-wrap:anywhere}table.evidence th{overflow-wrap:normal;word-break:keep-all}
table.evidence th,table.iocs th,table.legend th,table.progression th{background:#eef2f6}td.numc{text-align:right}
svg.chart,svg.map{display:block;max-width:100%;height:auto}
svg .lbl{font:11px "DejaVu Sans",sans-serif;fill:#17202a}svg .strong{font-weight:bold}svg .val{font:10px "DejaVu Sans",sans-serif;fill:#5c6773}
svg .tick{font:9.5px "DejaVu Sans",sans-serif;fill:#5c6773;text-anchor:middle}
svg .bar{fill:#2c5d9e}svg .sub{fill:#8fb0dd}svg .edge{fill:none;stroke:#9aa6b2}svg .node{fill:#2c5d9e}svg .node.d0{fill:#b3261e}
svg .grid{stroke:#e3e8ee}svg .lane{stroke:#c9d3df;stroke-dasharray:2 3}svg .dot{fill:#b3261e;fill-opacity:.7}
svg .sphere{fill:#eef4fa;stroke:#c9d3df}svg .land{fill:#d9dfe6;stroke:#fff;stroke-width:.4}svg .arc{fill:none;stroke:#b3261e;stroke-opacity:.6}
svg .pt{stroke:#fff;stroke-width:1}svg .pt.anchor{fill:#b3261e}svg .pt.outbound{fill:#e07b00}svg .pt.inbound{fill:#2c5d9e}svg .pt.twoway{fill:#7b3fa0}
.block{break-inside:avoid}h3,.flowing>p{break-after:avoid}tr{break-inside:avoid}thead{display:table-header-group}footer{margin-top:28px;border-top:1px solid #c9d3df;padding-top:6px;font-size:11px;color:#5c6773}
@media print{body{margin:0;max-width:none;padding:0}.threat~.threat{break-before:page;border-top:none;margin-top:0}}`;

/** The whole report. */
export function reportHtml(model: ReportModel): string {
  const s = model.summary;
  const meta: Array<[string, string]> = [
    ['Day', escapeHtml(model.date)],
    ['Analyst', escapeHtml(model.analyst)],
    ['Data sources', escapeHtml(model.sources.join('; ') || '—')],
    ['Generated', `${escapeHtml(model.generatedAt)} by Spot Desk`],
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(model.title)}</title><style>${CSS}</style></head>
<body>
<div class="tlpbar">${tlpBadge(model.tlp)}<span>${escapeHtml(TLP_MEANING[model.tlp])}</span></div>
<header><h1>${escapeHtml(model.title)}</h1>
<table class="meta">${meta.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('')}</table></header>
<section class="exec"><h2>Executive summary</h2><dl>
<dt>What happened</dt><dd>${escapeHtml(s.happened)}</dd>
<dt>Hosts</dt><dd>${escapeHtml(s.hosts)}</dd>
<dt>When</dt><dd>${escapeHtml(s.when)}</dd>
<dt>How bad</dt><dd>${escapeHtml(s.severity)}</dd>
<dt>What was done</dt><dd>${escapeHtml(s.done)}</dd>
</dl></section>
${model.threats.map((t, i) => threatSection(t, i, model)).join('\n')}
<footer>${tlpBadge(model.tlp)} · ${escapeHtml(model.title)} · ${escapeHtml(model.analyst)}</footer>
</body></html>
`;
}
