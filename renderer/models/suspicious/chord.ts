/**
 * The flow chord diagram's matrix: the IP and its busiest peers, the rest folded into one "N more peers" group, as
 * the dendrogram caps its lists. d3's chord layout pads every group, so hundreds of peers (a scanner's) used all of
 * the circle for padding and drew nothing; a day without byte counts (probes, some exporters) is sized by packets.
 */
import type { ChordData } from '../../../shared/ops/triage';

export interface ChordModel {
  /** Group labels: the IP, its peers, and the folded "N more peers" group when there is one. */
  labels: string[];
  /** matrix[i][j] = weight sent from labels[i] to labels[j]. */
  matrix: number[][];
  total: number;
  /** What the weights are: bytes, or packets when no link carries a byte. */
  unit: 'bytes' | 'packets';
  /** Index of the folded group, or -1. */
  moreIndex: number;
  /** Radians between groups, small enough to leave room for the arcs. */
  padAngle: number;
}

export const DEFAULT_CHORD_PEERS = 24;

export function chordModel(data: ChordData, maxPeers: number = DEFAULT_CHORD_PEERS): ChordModel {
  const unit = data.links.some((l) => l.ibyt > 0) ? 'bytes' : 'packets';
  const weight = (l: ChordData['links'][number]): number => (unit === 'bytes' ? l.ibyt : l.ipkt);
  // Each peer's traffic with anyone; the IP itself is always shown.
  const volume = new Map<string, number>();
  for (const l of data.links) {
    for (const ip of [l.srcip, l.dstip]) {
      if (ip !== data.ip) volume.set(ip, (volume.get(ip) ?? 0) + weight(l));
    }
  }
  const peers = [...volume.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([ip]) => ip);
  const shown = peers.slice(0, maxPeers);
  const folded = peers.length - shown.length;
  const labels = [data.ip, ...shown];
  const moreIndex = folded > 0 ? labels.push(`${folded} more peers`) - 1 : -1;
  const index = new Map(labels.map((ip, i) => [ip, i]));
  const at = (ip: string): number => index.get(ip) ?? moreIndex;
  const matrix = labels.map(() => labels.map(() => 0));
  for (const l of data.links) {
    const from = at(l.srcip);
    const to = at(l.dstip);
    if (from < 0 || to < 0 || from === to) continue;
    matrix[from]![to]! += weight(l);
  }
  const total = matrix.flat().reduce((a, b) => a + b, 0);
  // At most a quarter of the circle is padding, whatever the number of groups.
  const padAngle = Math.min(0.04, Math.PI / 2 / Math.max(1, labels.length));
  return { labels, matrix, total, unit, moreIndex, padAngle };
}
