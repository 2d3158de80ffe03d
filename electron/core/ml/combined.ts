/**
 * combinedRisk: one ordering of results rows that puts rows covered by a named detection first (strongest
 * first), then everything by LDA score (ascending), ties by input order. The pure LDA order stays the order
 * of the results file. Pure (no Node), usable by the renderer.
 */
import type { Detection, DetectionKeys } from './detections';

/** A results or OA row keyed by column name (results: sip/dip/ip_dst/clientip…; OA: srcip/dstip). */
export type RiskRow = Readonly<Record<string, string | number | null | undefined>>;

export interface RankedRow<T extends RiskRow> {
  row: T;
  /** Position in the input (the LDA order). */
  index: number;
  score: number;
  /** Detections covering the row, strongest first. */
  detections: Pick<Detection, 'name' | 'strength' | 'evidence'>[];
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

export function combinedRisk<T extends RiskRow>(
  rows: readonly T[],
  detections: readonly Pick<Detection, 'name' | 'strength' | 'evidence' | 'keys'>[],
  scoreColumn = 'score',
): RankedRow<T>[] {
  const sorted = [...detections].sort((a, b) => b.strength - a.strength);
  const ranked = rows.map((row, index) => {
    const covering = sorted.filter((d) => detectionCoversRow(d.keys, row));
    return {
      row,
      index,
      score: Number(row[scoreColumn] ?? row.ml_score ?? NaN),
      detections: covering.map(({ name, strength, evidence }) => ({ name, strength, evidence })),
      strength: covering[0]?.strength ?? 0,
    };
  });
  return ranked.sort((a, b) => b.strength - a.strength || a.score - b.score || a.index - b.index);
}
