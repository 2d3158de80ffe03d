/** The report's charts as inline SVG strings (vector in the PDF, no script): progression, impact, timeline. */
import type { ImpactBar, ProxyProgression, TreeNode } from '../../../shared/ops/investigation';
import { escapeHtml } from './escape';
import type { TimelineLane } from './model';

const TREE_CHILDREN = 25;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The incident progression as an indented tree (anchor → direction/context → peers). */
export function treeSvg(tree: TreeNode): string {
  const lines: string[] = [];
  let y = 0;
  const walk = (node: TreeNode, depth: number, parentY: number | null): void => {
    const myY = y;
    y += 19;
    const x = depth * 26;
    if (parentY !== null) lines.push(`<path d="M${x - 18},${parentY + 13} V${myY + 9} H${x - 5}" class="edge"/>`);
    lines.push(
      `<circle cx="${x}" cy="${myY + 9}" r="4" class="node d${Math.min(depth, 3)}"/><text x="${x + 9}" y="${myY + 13}" class="lbl">${escapeHtml(clip(node.name, 90))}${node.value ? `<tspan class="val"> ${node.value.toLocaleString('en-US')}</tspan>` : ''}</text>`,
    );
    for (const child of node.children.slice(0, TREE_CHILDREN)) walk(child, depth + 1, myY);
    if (node.children.length > TREE_CHILDREN) {
      lines.push(
        `<text x="${x + 35}" y="${y + 12}" class="val">…and ${node.children.length - TREE_CHILDREN} more</text>`,
      );
      y += 19;
    }
  };
  walk(tree, 0, null);
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="700" height="${y + 4}" viewBox="0 0 700 ${y + 4}" role="img" aria-label="Incident progression"><g transform="translate(8,2)">${lines.join('')}</g></svg>`;
}

/** Impact as horizontal bars: each direction and, under it, the network contexts it reached. */
export function impactSvg(impact: ImpactBar): string {
  const rows = impact.children.flatMap((bar) => [
    { label: bar.name, value: bar.value, depth: 0 },
    ...bar.children.map((c) => ({ label: c.name, value: c.value, depth: 1 })),
  ]);
  const max = Math.max(1, ...rows.map((r) => r.value));
  const h = 22;
  const body = rows
    .map((r, i) => {
      const y = i * h;
      const w = Math.max(r.value > 0 ? 1 : 0, Math.round((r.value / max) * 380));
      return (
        `<text x="${r.depth ? 16 : 0}" y="${y + 15}" class="lbl${r.depth ? '' : ' strong'}">${escapeHtml(clip(r.label, 26))}</text>` +
        `<rect x="190" y="${y + 4}" width="${w}" height="14" class="${r.depth ? 'sub' : 'bar'}"/>` +
        `<text x="${196 + w}" y="${y + 15}" class="val">${r.value.toLocaleString('en-US')}</text>`
      );
    })
    .join('');
  const height = rows.length * h + 4;
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="700" height="${height}" viewBox="0 0 700 ${height}" role="img" aria-label="Impact analysis">${body}</svg>`;
}

/** The window the timeline shows: whole hours around the activity (a day when it spans most of it). */
export function timelineWindow(lanes: readonly TimelineLane[]): [number, number] {
  const minutes = lanes.flatMap((l) => l.points.map((p) => p.minuteOfDay));
  if (minutes.length === 0) return [0, 1440];
  const from = Math.floor(Math.min(...minutes) / 60) * 60;
  const to = Math.min(1440, Math.ceil((Math.max(...minutes) + 1) / 60) * 60);
  return to - from >= 18 * 60 ? [0, 1440] : [from, Math.max(to, from + 60)];
}

/** The timeline as a chart: one lane per peer/client, a dot per active minute sized by its count. */
export function timelineSvg(lanes: readonly TimelineLane[], laneWord: string): string {
  const [from, to] = timelineWindow(lanes);
  const left = 150;
  const width = 700;
  const plot = width - left - 24;
  const laneH = 20;
  const top = 6;
  const x = (m: number) => left + ((m - from) / (to - from)) * plot;
  const max = Math.max(1, ...lanes.flatMap((l) => l.points.map((p) => p.count)));
  const height = top + lanes.length * laneH + 26;
  const span = to - from;
  const step = span > 12 * 60 ? 180 : span > 6 * 60 ? 60 : span > 2 * 60 ? 30 : 15;
  const ticks: string[] = [];
  for (let m = from; m <= to; m += step) {
    const hh = String(Math.floor(m / 60) % 24).padStart(2, '0');
    const mm = String(m % 60).padStart(2, '0');
    ticks.push(
      `<line x1="${x(m).toFixed(1)}" x2="${x(m).toFixed(1)}" y1="${top}" y2="${height - 20}" class="grid"/>` +
        `<text x="${x(m).toFixed(1)}" y="${height - 6}" class="tick">${m === 1440 ? '24:00' : `${hh}:${mm}`}</text>`,
    );
  }
  const rows = lanes
    .map((lane, i) => {
      const y = top + i * laneH + laneH / 2;
      const dots = lane.points
        .map(
          (p) =>
            `<circle cx="${x(p.minuteOfDay + 0.5).toFixed(1)}" cy="${y}" r="${(1.8 + 5 * Math.sqrt(p.count / max)).toFixed(1)}" class="dot"/>`,
        )
        .join('');
      return (
        `<line x1="${left}" x2="${left + plot}" y1="${y}" y2="${y}" class="lane"/>` +
        `<text x="${left - 8}" y="${y + 4}" class="lbl" text-anchor="end">${escapeHtml(clip(lane.name, 22))}</text>${dots}`
      );
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Timeline of activity per ${escapeHtml(laneWord)} (UTC)">${ticks.join('')}${rows}</svg>`;
}

/** Proxy progression: its columns side by side (referer → client → method → type → threat → referred). */
export function progressionTable(progression: ProxyProgression): string {
  const head = progression.columns.map((c) => `<th>${escapeHtml(c.name)}</th>`).join('');
  const cells = progression.columns
    .map((c) => {
      const shown = c.values.slice(0, 15).map((v) => escapeHtml(clip(v, 80)));
      if (c.values.length > 15) shown.push(`<span class="muted">…and ${c.values.length - 15} more</span>`);
      return `<td>${shown.join('<br>') || '—'}</td>`;
    })
    .join('');
  return `<table class="progression"><thead><tr>${head}</tr></thead><tbody><tr>${cells}</tr></tbody></table>`;
}
