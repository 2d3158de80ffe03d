/**
 * The results file's row order (spot-ml): events with -1 < score ≤ tol, ascending score, ties by input order, at
 * most maxResults of them. With a cap (Score this day keeps 5,000 of millions) only the capped rows are sorted:
 * a bounded max-heap keeps the lowest maxResults as the events stream by, O(n log maxResults) instead of sorting
 * every event that passes tol (O(n log n), the step that grew worst with the day).
 */
export function keptOrder(scores: Float64Array, tol: number, maxResults: number): Int32Array {
  const keeps = (score: number): boolean => score > -1 && score <= tol;
  // Strict total order: score, then event index (scores here are never NaN: NaN fails `keeps`).
  const before = (a: number, b: number): boolean =>
    (scores[a] as number) < (scores[b] as number) || ((scores[a] as number) === (scores[b] as number) && a < b);
  let kept = 0;
  for (let i = 0; i < scores.length; i++) if (keeps(scores[i] as number)) kept++;
  const limit = maxResults > 0 ? Math.min(maxResults, kept) : kept;
  let chosen: Int32Array;
  if (limit === kept) {
    chosen = new Int32Array(kept);
    for (let i = 0, k = 0; i < scores.length; i++) if (keeps(scores[i] as number)) chosen[k++] = i;
  } else {
    chosen = lowest(scores, keeps, before, limit);
  }
  return chosen.sort((a, b) => (scores[a] as number) - (scores[b] as number) || a - b);
}

/** The `limit` (≥ 1) first events in `before`'s order among those `keeps` accepts, in no particular order. */
function lowest(
  scores: Float64Array,
  keeps: (score: number) => boolean,
  before: (a: number, b: number) => boolean,
  limit: number,
): Int32Array {
  // heap[0] is the last (worst) of the events kept so far.
  const heap = new Int32Array(limit);
  let size = 0;
  const siftDown = (): void => {
    for (let at = 0; ;) {
      const left = 2 * at + 1;
      if (left >= size) return;
      const right = left + 1;
      const worse = right < size && before(heap[left] as number, heap[right] as number) ? right : left;
      if (!before(heap[at] as number, heap[worse] as number)) return;
      [heap[at], heap[worse]] = [heap[worse] as number, heap[at] as number];
      at = worse;
    }
  };
  for (let i = 0; i < scores.length; i++) {
    if (!keeps(scores[i] as number)) continue;
    if (size < limit) {
      let at = size++;
      heap[at] = i;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!before(heap[parent] as number, heap[at] as number)) break;
        [heap[at], heap[parent]] = [heap[parent] as number, heap[at] as number];
        at = parent;
      }
    } else if (before(i, heap[0] as number)) {
      heap[0] = i;
      siftDown();
    }
  }
  return heap;
}
