/**
 * combinedRisk: one ordering of results rows that puts rows covered by a named detection first (strongest
 * first), then everything by LDA score (ascending), ties by input order. The pure LDA order stays the order
 * of the results file. Pure (no Node), usable by the renderer.
 */
import type { DetectionKeys } from './detections';

/** What the order needs of a detection (ml/detections.ts `Detection`, or one read back from its JSON file). */
export interface RiskDetection {
  name: string;
  strength: number;
  evidence: string;
  keys: DetectionKeys;
  examples?: readonly Record<string, string>[];
}

/** A results or OA row keyed by column name (results: sip/dip/ip_dst/clientip…; OA: srcip/dstip). */
export type RiskRow = Readonly<Record<string, string | number | null | undefined>>;

export interface RankedRow<T extends RiskRow> {
  row: T;
  /** Position in the input (the LDA order); example rows of detections that were not in the input come after. */
  index: number;
  /** True when the row came from a detection's examples (it was not among the input rows). */
  fromDetection: boolean;
  score: number;
  /** Detections covering the row, strongest first. */
  detections: Pick<RiskDetection, 'name' | 'strength' | 'evidence'>[];
  /** Strongest detection's strength, 0 when none. */
  strength: number;
}

const text = (v: string | number | null | undefined): string | undefined =>
  v === null || v === undefined ? undefined : String(v);

/** Whether every key the detection names is equal in the row. */
export function detectionCoversRow(keys: DetectionKeys, row: RiskRow): boolean {
  const src = text(row.sip ?? row.srcip);
  const dst = text(row.dip ?? row.dstip);
  if (keys.srcip !== undefined && keys.srcip !== src) return false;
  if (keys.dstip !== undefined && keys.dstip !== dst) return false;
  if (keys.dport !== undefined && String(keys.dport) !== text(row.dport)) return false;
  if (keys.clientip !== undefined && keys.clientip !== text(row.ip_dst ?? row.clientip)) return false;
  if (keys.host !== undefined && keys.host !== text(row.host)) return false;
  if (keys.domain !== undefined) {
    const name = text(row.dns_qry_name ?? row.host);
    if (name === undefined || (name !== keys.domain && !name.endsWith(`.${keys.domain}`))) return false;
  }
  return true;
}

/**
 * Orders rows in three tiers: (1) one representative per detection and actor — the covered row with the lowest
 * LDA score — strongest detection first, so a detection covering thousands of rows (a scan), or one actor's
 * several findings, cannot push the others out of view; (2) the other covered rows, by strength then LDA
 * score; (3) the rest by LDA score.
 * Ties keep input order. A detection's example rows that are not among `rows` (e.g. a beacon, whose regular traffic
 * LDA finds unremarkable, is outside the results file's top N) are added, so every detection shows up.
 */
export function combinedRisk<T extends RiskRow>(
  rows: readonly T[],
  detections: readonly RiskDetection[],
  options: { scoreColumn?: string; includeExamples?: boolean } = {},
): RankedRow<T | Record<string, string>>[] {
  const scoreColumn = options.scoreColumn ?? 'score';
  const sorted = [...detections].sort((a, b) => b.strength - a.strength);
  const all: { row: T | Record<string, string>; fromDetection: boolean }[] = rows.map((row) => ({
    row,
    fromDetection: false,
  }));
  if (options.includeExamples ?? true) {
    const seen = new Set(rows.map((row) => JSON.stringify(row)));
    for (const d of sorted) {
      for (const example of d.examples ?? []) {
        const key = JSON.stringify(example);
        if (seen.has(key)) continue;
        seen.add(key);
        all.push({ row: example, fromDetection: true });
      }
    }
  }
  const ranked = all.map(({ row, fromDetection }, index) => {
    const covering = sorted.filter((d) => detectionCoversRow(d.keys, row));
    return {
      row,
      index,
      fromDetection,
      score: Number(row[scoreColumn] ?? row.ml_score ?? NaN),
      detections: covering.map(({ name, strength, evidence }) => ({ name, strength, evidence })),
      strength: covering[0]?.strength ?? 0,
    };
  });
  const byRisk = (a: (typeof ranked)[number], b: (typeof ranked)[number]): number =>
    b.strength - a.strength || a.score - b.score || a.index - b.index;
  const representative = new Set<number>();
  // One representative per kind of finding and actor: a scanner's vertical scans and sweeps (six findings on the
  // sample) are one row at the top, so the next actor's finding is not pushed down by them.
  const represented = new Set<string>();
  for (const d of sorted) {
    const actor = `${d.name}|${d.keys.srcip ?? d.keys.clientip ?? d.keys.domain ?? d.keys.host ?? ''}`;
    if (represented.has(actor)) continue;
    let best: (typeof ranked)[number] | undefined;
    for (const r of ranked) {
      if (representative.has(r.index) || !detectionCoversRow(d.keys, r.row)) continue;
      if (!best || r.score < best.score || (r.score === best.score && r.index < best.index)) best = r;
    }
    if (best) {
      representative.add(best.index);
      represented.add(actor);
    }
  }
  const tier = (r: (typeof ranked)[number]): number => (representative.has(r.index) ? 0 : r.strength > 0 ? 1 : 2);
  return ranked.sort((a, b) => tier(a) - tier(b) || byRisk(a, b));
}
