import { describe, expect, it } from 'vitest';
import type { Cell } from '../../../shared/api-base';
import { PIPELINE_PROFILES } from '../../../shared/pipeline-profile';
import { OA_TABLES } from '../../../shared/schema';
import { detailTableColumns, detailTableRows, requestFields } from './details';
import { cellText, sortRows } from './table';

const edgeColumns = (table: keyof typeof OA_TABLES) => OA_TABLES[table].map((c) => c.name);
/** A row of `columns` from named values (null for the rest). */
const edgeRow = (columns: readonly string[], values: Record<string, Cell>): Cell[] =>
  columns.map((name) => values[name] ?? null);

describe('details table columns', () => {
  it("show the profile's details columns in its order, labelled once", () => {
    const columns = detailTableColumns('flow', edgeColumns('flow_edge'), 'utc');
    expect(columns.map((c) => c.key)).toEqual(PIPELINE_PROFILES.flow.detailColumns.map((c) => c.name));
    expect(columns.find((c) => c.key === 'srcip')).toMatchObject({ label: 'Source IP', width: 120, align: 'left' });
    expect(columns.find((c) => c.key === 'ibyt')).toMatchObject({ label: 'In bytes', align: 'right' });
    // The hour and minute keys are in the edge table but not among Spot's details columns.
    expect(columns.some((c) => c.key === 'hh')).toBe(false);
  });

  it('skip a details column the server did not send', () => {
    const columns = detailTableColumns('dns', ['unix_tstamp', 'dns_qry_name'], 'utc');
    expect(columns.map((c) => c.key)).toEqual(['unix_tstamp', 'dns_qry_name']);
    expect(columns[1]).toMatchObject({ label: 'Query', width: 260 });
  });

  it('write times with the one formatter in the chosen zone, and sort them as instants', () => {
    const names = edgeColumns('dns_edge');
    const at = Date.UTC(2026, 10, 24, 23, 30, 5) / 1000;
    const rows = detailTableRows([
      edgeRow(names, { unix_tstamp: at, frame_len: 1500 }),
      edgeRow(names, { unix_tstamp: at - 3600 }),
    ]);
    const [utcTime] = detailTableColumns('dns', names, 'utc');
    expect(utcTime).toMatchObject({ label: 'Time (UTC)', align: 'left' });
    expect(cellText(utcTime!, rows[0]!)).toBe('2026-11-24 23:30:05');
    const [localTime] = detailTableColumns('dns', names, 'local');
    expect(localTime!.label).toBe('Time (local)');
    const local = new Date(at * 1000);
    expect(cellText(localTime!, rows[0]!)).toContain(
      `${String(local.getHours()).padStart(2, '0')}:${String(local.getMinutes()).padStart(2, '0')}:05`,
    );
    expect(sortRows(rows, [utcTime!], { key: 'unix_tstamp', direction: 'asc' }).map((r) => r.key)).toEqual([1, 0]);
    const length = detailTableColumns('dns', names, 'utc').find((c) => c.key === 'frame_len')!;
    expect(cellText(length, rows[0]!)).toBe('1.5 kB');
  });

  it("join proxy's date and time of day into one instant", () => {
    const names = edgeColumns('proxy_edge');
    const [time] = detailTableColumns('proxy', names, 'utc');
    const row = detailTableRows([edgeRow(names, { tdate: '2026-11-24', time: '08:20:02' })])[0]!;
    expect(time).toMatchObject({ key: 'time', label: 'Time (UTC)' });
    expect(time!.value(row)).toBe(Date.UTC(2026, 10, 24, 8, 20, 2));
    expect(cellText(time!, row)).toBe('2026-11-24 08:20:02');
  });
});

describe('request fields', () => {
  it("list proxy's details and further columns of the scores row, the time in the chosen zone", () => {
    const fields = requestFields(
      'proxy',
      { tdate: '2026-11-24', time: '08:20:02', fulluri: 'http://evil.example/x', scbytes: 2048, word: 'w1' },
      'utc',
    );
    expect(fields[0]).toEqual({ key: 'time', label: 'Time (UTC)', text: '2026-11-24 08:20:02' });
    expect(fields.find((f) => f.key === 'fulluri')).toEqual({
      key: 'fulluri',
      label: 'URI',
      text: 'http://evil.example/x',
    });
    expect(fields.find((f) => f.key === 'scbytes')?.text).toBe('2.0 kB');
    expect(fields.at(-1)).toEqual({ key: 'word', label: 'LDA word', text: 'w1' });
    expect(fields.find((f) => f.key === 'host')?.text).toBe('');
  });

  it('are none for a pipeline whose second tab is a diagram', () => {
    expect(requestFields('flow', { tstart: '2026-11-24 08:20:02' }, 'utc')).toEqual([]);
    expect(PIPELINE_PROFILES.dns.peers.kind).toBe('dendrogram');
  });
});
