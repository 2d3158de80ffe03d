/** Pure table logic shared by every DataTable: sorting, searching, the virtual window and the remembered columns. */

export type CellValue = string | number | null;

export interface ColumnDef<T> {
  key: string;
  label: string;
  /** The value shown, sorted and searched. */
  value: (row: T) => CellValue;
  /** CSS width in px. */
  width: number;
  align?: 'left' | 'right';
  /** Shown until the user changes the column choice. */
  visible?: boolean;
  /** A monospace cell (IPs, URIs, numbers). */
  mono?: boolean;
  /** The text shown and searched, when it differs from the sorted value (units, separators, the time zone). */
  display?: (row: T) => string;
  /** Stays at the left edge when the table scrolls sideways (identity columns; they come first). */
  pinned?: boolean;
  /** A shorter header where the label would be cut (the label stays the header's hover text). */
  header?: string;
}

/** What a cell shows: its display text, else its value. */
export function cellText<T>(column: ColumnDef<T>, row: T): string {
  if (column.display) return column.display(row);
  const value = column.value(row);
  return value === null ? '' : String(value);
}

/** The left offset (px) of each shown pinned column; a pinned column after an unpinned one is not pinned. */
export function pinnedOffsets<T>(shown: readonly ColumnDef<T>[]): Map<string, number> {
  const offsets = new Map<string, number>();
  let left = 0;
  for (const column of shown) {
    if (!column.pinned) break;
    offsets.set(column.key, left);
    left += column.width;
  }
  return offsets;
}

export type SortDirection = 'asc' | 'desc';
export interface SortState {
  key: string;
  direction: SortDirection;
}

/** Numbers numerically, strings case-insensitively, empty values last in either direction. */
export function compareValues(a: CellValue, b: CellValue): number {
  const aEmpty = a === null || a === '' || (typeof a === 'number' && Number.isNaN(a));
  const bEmpty = b === null || b === '' || (typeof b === 'number' && Number.isNaN(b));
  if (aEmpty || bEmpty) return aEmpty === bEmpty ? 0 : aEmpty ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a).toLowerCase();
  const sb = String(b).toLowerCase();
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** A stable sort by one column; empty values stay last whichever the direction. */
export function sortRows<T>(rows: readonly T[], columns: readonly ColumnDef<T>[], sort: SortState | null): T[] {
  const column = sort ? columns.find((c) => c.key === sort.key) : undefined;
  if (!sort || !column) return [...rows];
  const sign = sort.direction === 'asc' ? 1 : -1;
  const keyed = rows.map((row, i) => ({ row, i, v: column.value(row) }));
  keyed.sort((x, y) => {
    const xEmpty = x.v === null || x.v === '';
    const yEmpty = y.v === null || y.v === '';
    if (xEmpty !== yEmpty) return xEmpty ? 1 : -1;
    return sign * compareValues(x.v, y.v) || x.i - y.i;
  });
  return keyed.map((k) => k.row);
}

/** The next sort when a header is clicked: ascending, descending, then back to the natural order. */
export function nextSort(current: SortState | null, key: string): SortState | null {
  if (!current || current.key !== key) return { key, direction: 'asc' };
  return current.direction === 'asc' ? { key, direction: 'desc' } : null;
}

/** Rows where every whitespace-separated term occurs (case-insensitive) in some searched column. */
export function searchRows<T>(rows: readonly T[], columns: readonly ColumnDef<T>[], text: string): T[] {
  const terms = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return [...rows];
  return rows.filter((row) => {
    const haystack = columns.map((c) => cellText(c, row).toLowerCase()).join('\u0000');
    return terms.every((t) => haystack.includes(t));
  });
}

export interface VirtualWindow {
  start: number;
  end: number;
  padTop: number;
  padBottom: number;
}

/** Which rows to render for a scroll position: the visible ones plus `overscan` either side. */
export function virtualWindow(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  total: number,
  overscan = 8,
): VirtualWindow {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const start = Math.max(0, Math.min(total, first - overscan));
  const end = Math.min(total, first + Math.ceil(Math.max(0, viewportHeight) / rowHeight) + overscan);
  return {
    start,
    end: Math.max(start, end),
    padTop: start * rowHeight,
    padBottom: (total - Math.max(start, end)) * rowHeight,
  };
}

/** The scrollTop that brings a row into view (unchanged when it already is). */
export function scrollToShow(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewportHeight) return top + rowHeight - viewportHeight;
  return scrollTop;
}

/** The remembered column choice: the stored keys that still exist, else the defaults. */
export function parseColumnChoice<T>(stored: string | null, columns: readonly ColumnDef<T>[]): string[] {
  const defaults = columns.filter((c) => c.visible !== false).map((c) => c.key);
  if (!stored) return defaults;
  try {
    const parsed: unknown = JSON.parse(stored);
    if (!Array.isArray(parsed)) return defaults;
    const known = new Set(columns.map((c) => c.key));
    const keys = parsed.filter((k): k is string => typeof k === 'string' && known.has(k));
    return keys.length > 0 ? keys : defaults;
  } catch {
    return defaults;
  }
}

/** Toggles a column, keeping the table's column order and at least one column. */
export function toggleColumn<T>(chosen: readonly string[], key: string, columns: readonly ColumnDef<T>[]): string[] {
  const set = new Set(chosen);
  if (set.has(key)) {
    if (set.size === 1) return [...chosen];
    set.delete(key);
  } else set.add(key);
  return columns.map((c) => c.key).filter((k) => set.has(k));
}
