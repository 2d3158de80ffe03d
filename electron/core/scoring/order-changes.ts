/**
 * What an import changed in a day's order, against the order the previous import of the day left
 * (cache/order-snapshot.ts): rows and cases that are new, dropped, or moved. Small shuffles are not moves: a row
 * moved when its place among the rows of both imports changed by at least MOVE_ROWS places or MOVE_SHARE of
 * them, whichever is more; a case moved when its place among the cases of both imports changed at all (cases
 * are few, and each is a decision). Pure.
 */
import { caseTitle } from '../../../shared/case-key';
import type { OrderChanges } from '../../../shared/ops/triage';
import type { SnapshotRow } from '../cache/order-snapshot';

const MOVE_ROWS = 10;
const MOVE_SHARE = 0.05;

/** Places (0-based) of the given keys in an order, counting only the keys both orders share. */
function places(order: readonly SnapshotRow[], shared: ReadonlySet<string>, keyOf: (r: SnapshotRow) => string) {
  const out = new Map<string, number>();
  for (const row of [...order].sort((a, b) => a.r - b.r)) {
    const key = keyOf(row);
    if (shared.has(key) && !out.has(key)) out.set(key, out.size);
  }
  return out;
}

export function orderChanges(
  previous: readonly SnapshotRow[],
  current: readonly SnapshotRow[],
  previousImportedAt: string,
): OrderChanges {
  const before = new Set(previous.map((r) => r.k));
  const after = new Set(current.map((r) => r.k));
  const sharedRows = new Set([...after].filter((k) => before.has(k)));
  const newRows = current.flatMap((r, index) => (before.has(r.k) ? [] : [index]));
  const dropped = [...before].filter((k) => !after.has(k)).length;
  const was = places(previous, sharedRows, (r) => r.k);
  const now = places(current, sharedRows, (r) => r.k);
  const threshold = Math.max(MOVE_ROWS, Math.ceil(sharedRows.size * MOVE_SHARE));
  let movedUp = 0;
  let movedDown = 0;
  for (const [key, place] of now) {
    const delta = (was.get(key) ?? place) - place;
    if (delta >= threshold) movedUp += 1;
    else if (-delta >= threshold) movedDown += 1;
  }

  const casesBefore = new Set(previous.map((r) => r.c));
  const casesAfter = new Set(current.map((r) => r.c));
  const sharedCases = new Set([...casesAfter].filter((c) => casesBefore.has(c)));
  const caseWas = places(previous, sharedCases, (r) => r.c);
  const caseNow = places(current, sharedCases, (r) => r.c);
  const up: string[] = [];
  const down: string[] = [];
  for (const [key, place] of caseNow) {
    const delta = (caseWas.get(key) ?? place) - place;
    if (delta > 0) up.push(caseTitle(key));
    else if (delta < 0) down.push(caseTitle(key));
  }
  // New and dropped cases in their order (the first is the most important).
  const inOrder = (rows: readonly SnapshotRow[], keep: (c: string) => boolean) =>
    [...new Set([...rows].sort((a, b) => a.r - b.r).map((r) => r.c))].filter(keep).map(caseTitle);
  return {
    previousImportedAt,
    rows: { before: before.size, after: after.size, new: newRows.length, dropped, movedUp, movedDown },
    cases: {
      new: inOrder(current, (c) => !casesBefore.has(c)),
      dropped: inOrder(previous, (c) => !casesAfter.has(c)),
      movedUp: up,
      movedDown: down,
    },
    newRows,
  };
}
