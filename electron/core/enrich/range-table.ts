// An interval table where the most specific entry wins: overlapping IP ranges are flattened once into
// disjoint segments, each owned by the narrowest range covering it, so a lookup is one binary search.
// IPv4 bounds are plain numbers (exact below 2^53) because bigint arithmetic is several times slower;
// IPv6 bounds stay bigint.
import type { ParsedIp } from './ip';

export interface RangeEntry<T> {
  family: 4 | 6;
  start: bigint;
  end: bigint;
  value: T;
}

interface Span<N, T> {
  start: N;
  end: N;
  value: T;
}

interface Candidate<N, T> {
  span: Span<N, T>;
  size: N;
  order: number;
}

/** Number or bigint coordinates. */
type Coordinate = number | bigint;

/** Narrower first; on equal width the entry added later wins (like a later line overriding an earlier one). */
function better<N extends Coordinate, T>(a: Candidate<N, T>, b: Candidate<N, T>): boolean {
  return a.size < b.size || (a.size === b.size && a.order > b.order);
}

class MinHeap<N extends Coordinate, T> {
  private readonly items: Candidate<N, T>[] = [];
  get top(): Candidate<N, T> | undefined {
    return this.items[0];
  }
  push(item: Candidate<N, T>): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!better(items[i] as Candidate<N, T>, items[parent] as Candidate<N, T>)) break;
      [items[i], items[parent]] = [items[parent] as Candidate<N, T>, items[i] as Candidate<N, T>];
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
      if (left < items.length && better(items[left] as Candidate<N, T>, items[best] as Candidate<N, T>)) best = left;
      if (right < items.length && better(items[right] as Candidate<N, T>, items[best] as Candidate<N, T>)) best = right;
      if (best === i) break;
      [items[i], items[best]] = [items[best] as Candidate<N, T>, items[i] as Candidate<N, T>];
      i = best;
    }
  }
}

const compare = <N extends Coordinate>(a: N, b: N): number => (a < b ? -1 : a > b ? 1 : 0);

function flatten<N extends Coordinate, T>(spans: Span<N, T>[], one: N): Span<N, T>[] {
  const add = (a: N, b: N) => ((a as number) + (b as number)) as N; // same-type operands: number or bigint
  const sub = (a: N, b: N) => ((a as number) - (b as number)) as N;
  const candidates = spans
    .map((span, order) => ({ span, size: sub(span.end, span.start), order }))
    .sort((a, b) => compare(a.span.start, b.span.start));
  // Every place where the winner can change: a start, or just after an end.
  const points = [...new Set(candidates.flatMap((c) => [c.span.start, add(c.span.end, one)]))].sort(compare);
  const heap = new MinHeap<N, T>();
  const segments: Span<N, T>[] = [];
  let next = 0;
  for (let p = 0; p < points.length - 1; p++) {
    const at = points[p] as N;
    while (next < candidates.length && (candidates[next] as Candidate<N, T>).span.start <= at) {
      heap.push(candidates[next] as Candidate<N, T>);
      next++;
    }
    while (heap.top !== undefined && heap.top.span.end < at) heap.pop();
    const winner = heap.top;
    if (winner === undefined) continue;
    const end = sub(points[p + 1] as N, one);
    const previous = segments[segments.length - 1];
    if (previous !== undefined && previous.value === winner.span.value && add(previous.end, one) === at) {
      previous.end = end;
    } else {
      segments.push({ start: at, end, value: winner.span.value });
    }
  }
  return segments;
}

function find<N extends Coordinate, T>(segments: Span<N, T>[], value: N): T | undefined {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const segment = segments[mid] as Span<N, T>;
    if (value < segment.start) hi = mid - 1;
    else if (value > segment.end) lo = mid + 1;
    else return segment.value;
  }
  return undefined;
}

export class RangeTable<T> {
  // Single addresses are the narrowest entries, so they always win: a hash lookup, and big lists of
  // single IPs (blocklists) need no flattening.
  private readonly exact4 = new Map<number, T>();
  private readonly exact6 = new Map<bigint, T>();
  private readonly v4: Span<number, T>[];
  private readonly v6: Span<bigint, T>[];
  readonly size: number;

  /** Entries later in the list win ties of equal width. */
  constructor(entries: RangeEntry<T>[]) {
    const ranges4: Span<number, T>[] = [];
    const ranges6: Span<bigint, T>[] = [];
    for (const { family, start, end, value } of entries) {
      if (family === 4) {
        if (start === end) this.exact4.set(Number(start), value);
        else ranges4.push({ start: Number(start), end: Number(end), value });
      } else if (start === end) {
        this.exact6.set(start, value);
      } else {
        ranges6.push({ start, end, value });
      }
    }
    this.v4 = flatten(ranges4, 1);
    this.v6 = flatten(ranges6, 1n);
    this.size = entries.length;
  }

  lookup(ip: ParsedIp): T | undefined {
    if (ip.family === 4) {
      const value = Number(ip.value);
      return this.exact4.get(value) ?? find(this.v4, value);
    }
    return this.exact6.get(ip.value) ?? find(this.v6, ip.value);
  }
}
