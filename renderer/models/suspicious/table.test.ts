import { describe, expect, it } from 'vitest';
import {
  nextSort,
  parseColumnChoice,
  scrollToShow,
  searchRows,
  sortRows,
  toggleColumn,
  virtualWindow,
  type ColumnDef,
} from './table';

interface R {
  ip: string;
  port: number | null;
}
const columns: ColumnDef<R>[] = [
  { key: 'ip', label: 'IP', value: (r) => r.ip, width: 100 },
  { key: 'port', label: 'Port', value: (r) => r.port, width: 60, visible: false },
];
const rows: R[] = [
  { ip: '10.0.0.2', port: 443 },
  { ip: 'B.example', port: null },
  { ip: 'a.example', port: 22 },
  { ip: '10.0.0.1', port: 443 },
];

describe('table model', () => {
  it('sorts numbers numerically and text case-insensitively, stable, empties last both ways', () => {
    expect(sortRows(rows, columns, { key: 'port', direction: 'asc' }).map((r) => r.port)).toEqual([22, 443, 443, null]);
    expect(sortRows(rows, columns, { key: 'port', direction: 'desc' }).map((r) => r.ip)).toEqual([
      '10.0.0.2',
      '10.0.0.1',
      'a.example',
      'B.example',
    ]);
    expect(sortRows(rows, columns, { key: 'ip', direction: 'asc' }).map((r) => r.ip)).toEqual([
      '10.0.0.1',
      '10.0.0.2',
      'a.example',
      'B.example',
    ]);
    expect(sortRows(rows, columns, null)).toEqual(rows);
  });

  it('cycles a header through ascending, descending and natural order', () => {
    expect(nextSort(null, 'ip')).toEqual({ key: 'ip', direction: 'asc' });
    expect(nextSort({ key: 'ip', direction: 'asc' }, 'ip')).toEqual({ key: 'ip', direction: 'desc' });
    expect(nextSort({ key: 'ip', direction: 'desc' }, 'ip')).toBeNull();
    expect(nextSort({ key: 'ip', direction: 'desc' }, 'port')).toEqual({ key: 'port', direction: 'asc' });
  });

  it('searches every term across columns, case-insensitively', () => {
    expect(searchRows(rows, columns, 'EXAMPLE').map((r) => r.ip)).toEqual(['B.example', 'a.example']);
    expect(searchRows(rows, columns, '10.0 443').map((r) => r.ip)).toEqual(['10.0.0.2', '10.0.0.1']);
    expect(searchRows(rows, columns, '   ')).toHaveLength(4);
  });

  it('renders only the visible window plus overscan, with spacer heights that keep the scroll size', () => {
    const w = virtualWindow(2400, 480, 24, 3000, 5);
    expect(w).toEqual({ start: 95, end: 125, padTop: 95 * 24, padBottom: (3000 - 125) * 24 });
    expect(virtualWindow(0, 480, 24, 3, 5)).toEqual({ start: 0, end: 3, padTop: 0, padBottom: 0 });
    expect(scrollToShow(10, 0, 100, 24)).toBe(10 * 24 + 24 - 100);
    expect(scrollToShow(1, 100, 100, 24)).toBe(24);
    expect(scrollToShow(5, 100, 100, 24)).toBe(100);
  });

  it('remembers a column choice, ignoring unknown keys and broken JSON', () => {
    expect(parseColumnChoice(null, columns)).toEqual(['ip']);
    expect(parseColumnChoice('["port","gone"]', columns)).toEqual(['port']);
    expect(parseColumnChoice('{oops', columns)).toEqual(['ip']);
    expect(toggleColumn(['ip'], 'port', columns)).toEqual(['ip', 'port']);
    expect(toggleColumn(['ip'], 'ip', columns)).toEqual(['ip']);
  });
});
