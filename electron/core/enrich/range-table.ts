// An interval table where the most specific entry wins: overlapping IP ranges are flattened once into
// disjoint segments, each owned by the narrowest range covering it, so a lookup is one binary search.
import type { ParsedIp } from './ip';

export interface RangeEntry<T> {
  family: 4 | 6;
  start: bigint;
  end: bigint;
  value: T;
}

interface Segment<T> {
  start: bigint;
  end: bigint;
  value: T;
}

interface Candidate<T> {
  entry: RangeEntry<T>;
  size: bigint;
  order: number;
}

/** Narrower first; on equal width the entry added later wins (like a later line overriding an earlier one). */
function better<T>(a: Candidate<T>, b: Candidate<T>): boolean {
  return a.size < b.size || (a.size === b.size && a.order > b.order);
}

class MinHeap<T> {
  private readonly items: Candidate<T>[] = [];
  get top(): Candidate<T> | undefined {
    return this.items[0];
  }
  push(item: Candidate<T>): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!better(items[i] as Candidate<T>, items[parent] as Candidate<T>)) break;
      [items[i], items[parent]] = [items[parent] as Candidate<T>, items[i] as Candidate<T>];
      i = parent;
    }
  }
  pop(): void {
    const items = this.items;
    const last = items.pop();
    if (last === undefined || items.length === 0) return;
    items[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let best = i;
      if (left < items.length && better(items[left] as Candidate<T>, items[best] as Candidate<T>)) best = left;
      if (right < items.length && better(items[right] as Candidate<T>, items[best] as Candidate<T>)) best = right;
      if (best === i) break;
      [items[i], items[best]] = [items[best] as Candidate<T>, items[i] as Candidate<T>];
      i = best;
    }
  }
}

function flatten<T>(entries: RangeEntry<T>[]): Segment<T>[] {
  const candidates = entries
    .map((entry, order) => ({ entry, size: entry.end - entry.start, order }))
    .sort((a, b) => (a.entry.start < b.entry.start ? -1 : a.entry.start > b.entry.start ? 1 : 0));
  // Every place where the winner can change: a start, or just after an end.
  const pointSet = new Set<bigint>();
  for (const c of candidates) {
    pointSet.add(c.entry.start);
    pointSet.add(c.entry.end + 1n);
  }
  const points = [...pointSet].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const heap = new MinHeap<T>();
  const segments: Segment<T>[] = [];
  let next = 0;
  for (let p = 0; p < points.length - 1; p++) {
    const at = points[p] as bigint;
    while (next < candidates.length && (candidates[next] as Candidate<T>).entry.start <= at) {
      heap.push(candidates[next] as Candidate<T>);
      next++;
    }
    while (heap.top !== undefined && heap.top.entry.end < at) heap.pop();
    const winner = heap.top;
    if (winner === undefined) continue;
    const end = (points[p + 1] as bigint) - 1n;
    const previous = segments[segments.length - 1];
    if (previous !== undefined && previous.value === winner.entry.value && previous.end + 1n === at) {
      previous.end = end;
    } else {
      segments.push({ start: at, end, value: winner.entry.value });
    }
  }
  return segments;
}

function find<T>(segments: Segment<T>[], value: bigint): T | undefined {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const segment = segments[mid] as Segment<T>;
    if (value < segment.start) hi = mid - 1;
    else if (value > segment.end) lo = mid + 1;
    else return segment.value;
  }
  return undefined;
}

export class RangeTable<T> {
  private readonly v4: Segment<T>[];
  private readonly v6: Segment<T>[];
  readonly size: number;

  /** Entries later in the list win ties of equal width. */
  constructor(entries: RangeEntry<T>[]) {
    this.v4 = flatten(entries.filter((entry) => entry.family === 4));
    this.v6 = flatten(entries.filter((entry) => entry.family === 6));
    this.size = entries.length;
  }

  lookup(ip: ParsedIp): T | undefined {
    return find(ip.family === 4 ? this.v4 : this.v6, ip.value);
  }
}
