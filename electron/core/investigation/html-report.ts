/**
 * The storyboard as ONE self-contained HTML file: inline CSS and SVG, no scripts, no external requests (a CSP
 * meta forbids them), every piece of text escaped.
 */
import type { ImpactBar, StoryboardDetail, TimelineCluster, TreeNode } from '../../../shared/ops/investigation';
import { PIPELINE_NAME, type StoryboardReport } from './report-model';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function impactSvg(impact: ImpactBar): string {
  const rows = impact.children.flatMap((bar) => [
    { label: bar.name, value: bar.value, depth: 0 },
    ...bar.children.map((c) => ({ label: c.name, value: c.value, depth: 1 })),
  ]);
  const max = Math.max(1, ...rows.map((r) => r.value));
  const h = 22;
  const body = rows
    .map((r, i) => {
      const y = i * h;
      const w = Math.round((r.value / max) * 300);
      return (
        `<text x="${r.depth ? 16 : 0}" y="${y + 15}" class="lbl">${escapeHtml(r.label)}</text>` +
        `<rect x="170" y="${y + 4}" width="${w}" height="14" class="${r.depth ? 'sub' : 'bar'}"/>` +
        `<text x="${176 + w}" y="${y + 15}" class="val">${r.value}</text>`
      );
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="560" height="${rows.length * h + 4}" role="img" aria-label="Impact analysis">${body}</svg>`;
}

function treeSvg(tree: TreeNode): string {
  const lines: string[] = [];
  let y = 0;
  const walk = (node: TreeNode, depth: number, parentY: number | null): void => {
    const myY = y;
    y += 20;
    const x = depth * 28;
    if (parentY !== null) lines.push(`<path d="M${x - 20},${parentY + 10} V${myY + 10} H${x - 4}" class="edge"/>`);
    lines.push(
      `<circle cx="${x}" cy="${myY + 10}" r="4" class="node"/><text x="${x + 8}" y="${myY + 14}" class="lbl">${escapeHtml(node.name)}${node.value ? ` (${node.value})` : ''}</text>`,
    );
    for (const child of node.children.slice(0, 40)) walk(child, depth + 1, myY);
  };
  walk(tree, 0, null);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="700" height="${y + 4}" role="img" aria-label="Incident progression"><g transform="translate(8,0)">${lines.join('')}</g></svg>`;
}

function timelineTable(clusters: readonly TimelineCluster[]): string {
  const rows = clusters
    .slice(0, 200)
    .map(
      (c) =>
        `<tr><td>${escapeHtml(c.minute)}</td><td>${escapeHtml(c.lane)}</td><td class="num">${c.count}</td><td>${escapeHtml(
          Object.entries(c.detail)
            .map(([k, v]) => `${k}×${v}`)
            .join(' '),
        )}</td></tr>`,
    )
    .join('');
  const more = clusters.length > 200 ? `<p class="muted">…and ${clusters.length - 200} more minutes</p>` : '';
  return `<table><thead><tr><th>Minute</th><th>Peer</th><th>Count</th><th>Ports / codes</th></tr></thead><tbody>${rows}</tbody></table>${more}`;
}

function threatSection(d: StoryboardDetail): string {
  const parts = [
    `<section class="threat"><h2>${escapeHtml(d.entry.title)}</h2>`,
    `<p class="anchor">${escapeHtml(d.entry.kind.toUpperCase())}: <code>${escapeHtml(d.entry.anchor)}</code></p>`,
    `<div class="summary">${escapeHtml(d.entry.text).replaceAll('\n', '<br>')}</div>`,
  ];
  if (d.tree) parts.push(`<h3>Incident progression</h3>${treeSvg(d.tree)}`);
  if (d.progression) {
    parts.push(
      `<h3>Incident progression</h3><table><thead><tr>${d.progression.columns.map((c) => `<th>${escapeHtml(c.name)}</th>`).join('')}</tr></thead><tbody><tr>${d.progression.columns
        .map((c) => `<td>${c.values.slice(0, 30).map(escapeHtml).join('<br>')}</td>`)
        .join('')}</tr></tbody></table>`,
    );
  }
  if (d.impact) parts.push(`<h3>Impact analysis</h3>${impactSvg(d.impact)}`);
  if (d.globe?.available) {
    const countries = [...new Set(d.globe.points.map((p) => p.country).filter(Boolean))].sort();
    parts.push(
      `<h3>Geography</h3><p>${d.globe.points.length} located endpoints in ${countries.length} countries: ${escapeHtml(countries.join(', '))}; ${d.globe.unlocated} without location.</p>`,
    );
  }
  if (d.timeline.length > 0) parts.push(`<h3>Timeline</h3>${timelineTable(d.timeline)}`);
  parts.push('</section>');
  return parts.join('\n');
}

const CSS = `body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#17202a;margin:32px auto;max-width:900px;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:24px 0 4px;border-top:1px solid #ccd;padding-top:16px}h3{font-size:14px;margin:16px 0 6px;color:#445}
.muted{color:#667}.summary{white-space:normal;background:#f4f6f9;border-left:3px solid #3b6fb6;padding:8px 12px}
code{font-family:ui-monospace,Menlo,Consolas,monospace;background:#eef;padding:1px 4px;border-radius:3px;word-break:break-all}
table{border-collapse:collapse;font-size:12px;margin:4px 0}th,td{border:1px solid #dde;padding:3px 6px;text-align:left;vertical-align:top}td.num{text-align:right}
svg .lbl{font:12px sans-serif;fill:#17202a}svg .val{font:11px sans-serif;fill:#556}svg .bar{fill:#3b6fb6}svg .sub{fill:#8fb0dd}
svg .edge{fill:none;stroke:#99a}svg .node{fill:#3b6fb6}@media print{body{margin:0;max-width:none}.threat{break-inside:avoid-page}}`;

/** The whole report; `report.threats` in briefing order. */
export function storyboardHtml(report: StoryboardReport): string {
  const title = `${PIPELINE_NAME[report.pipeline]} storyboard · ${report.date}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title><style>${CSS}</style></head>
<body><header><h1>${escapeHtml(title)}</h1><p class="muted">Executive threat briefing · ${report.threats.length} threat(s) · generated ${escapeHtml(report.generatedAt)} by Spot Desk</p></header>
${report.threats.length === 0 ? '<p>No threat has been saved for this day.</p>' : report.threats.map(threatSection).join('\n')}
</body></html>
`;
}
