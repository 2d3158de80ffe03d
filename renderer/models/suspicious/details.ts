/**
 * The details panel's table and request fields, from the pipeline's profile (shared/pipeline-profile.ts): which
 * edge columns are shown, their labels, formats and alignment (types from shared/schema.ts), and times written
 * with the one formatter in the analyst's zone, as the Suspicious table writes them.
 */
import type { Cell } from '../../../shared/api-base';
import { cellTime, formatCell, type TimeZoneChoice } from '../../../shared/format';
import {
  PIPELINE_PROFILES,
  columnFormat,
  columnLabel,
  columnType,
  type DetailColumn,
  type ValueFormat,
} from '../../../shared/pipeline-profile';
import type { OaTable, Pipeline } from '../../../shared/schema';
import type { ColumnDef } from './table';

/** One edge row as the server sends it (cells in `columns` order), keyed by its position for the table. */
export type DetailRow = Cell[] & { key: number };

/** The label of a time column: which zone its times are written in. */
export const timeLabel = (zone: TimeZoneChoice): string => (zone === 'utc' ? 'Time (UTC)' : 'Time (local)');

const NUMERIC = new Set(['int', 'bigint', 'float']);

/** Reads a column's cell from a row of `columns`, joining a time of day to its date column. */
function cellReader(column: DetailColumn, columns: readonly string[]): (row: readonly Cell[]) => Cell {
  const at = columns.indexOf(column.name);
  const dateAt = column.dateColumn === undefined ? -1 : columns.indexOf(column.dateColumn);
  if (dateAt < 0) return (row) => row[at] ?? null;
  return (row) => `${String(row[dateAt] ?? '')} ${String(row[at] ?? '')}`;
}

function formatOf(table: OaTable, column: DetailColumn, columns: readonly string[]): ValueFormat {
  if (column.dateColumn !== undefined && columns.includes(column.dateColumn)) return 'time';
  return columnFormat(table, column.name);
}

/** The details table's columns: the profile's details columns the server's rows hold, in the profile's order. */
export function detailTableColumns(
  pipeline: Pipeline,
  columns: readonly string[],
  zone: TimeZoneChoice,
): ColumnDef<readonly Cell[]>[] {
  const profile = PIPELINE_PROFILES[pipeline];
  return profile.detailColumns
    .filter((column) => columns.includes(column.name))
    .map((column) => {
      const read = cellReader(column, columns);
      const format = formatOf(profile.edgeTable, column, columns);
      const type = columnType(profile.edgeTable, column.name);
      const isTime = format === 'time';
      return {
        key: column.name,
        label: isTime ? timeLabel(zone) : columnLabel(column.name),
        // Times sort as instants (dns holds epoch seconds, flow and proxy UTC texts).
        value: isTime ? (row) => cellTime(read(row)) : (row) => read(row),
        display: (row) => formatCell(format, read(row), zone),
        width: column.wide ? 260 : isTime ? 150 : profile.ipColumns.includes(column.name) ? 120 : 90,
        // Amounts align right; a time written as text reads from the left even when stored as epoch seconds.
        align: !isTime && type !== undefined && NUMERIC.has(type) ? 'right' : 'left',
        mono: true,
      };
    });
}

/** The server's edge rows, keyed by position for the table. */
export function detailTableRows(rows: readonly Cell[][]): DetailRow[] {
  return rows.map((row, key) => Object.assign([...row], { key }));
}

export interface RequestField {
  key: string;
  label: string;
  text: string;
}

/**
 * The request tab's fields of a scores row (proxy): the details columns, then the profile's further columns,
 * each labelled and formatted as in the table; [] for a pipeline whose second tab is not the request.
 */
export function requestFields(
  pipeline: Pipeline,
  values: Readonly<Record<string, Cell>>,
  zone: TimeZoneChoice,
): RequestField[] {
  const profile = PIPELINE_PROFILES[pipeline];
  if (profile.peers.kind !== 'request') return [];
  const names = Object.keys(values);
  const row = names.map((name) => values[name] ?? null);
  const shown = [
    ...profile.detailColumns,
    ...profile.peers.moreColumns.map((name): DetailColumn => ({ name, raw: name })),
  ];
  return shown.map((column) => {
    const format = formatOf(profile.scoresTable, column, names);
    const value = names.includes(column.name) ? cellReader(column, names)(row) : null;
    return {
      key: column.name,
      label: format === 'time' ? timeLabel(zone) : columnLabel(column.name),
      text: formatCell(format, value, zone),
    };
  });
}
