import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ScannedCsv } from '../parse/raw-lines';
import { RawDayReader, type ColumnSpec } from './raw-day';

const dir = mkdtempSync(join(tmpdir(), 'spot-desk-raw-day-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SPECS: ColumnSpec[] = [{ name: 'a', kind: 'text', required: true }];

async function streamAll(reader: RawDayReader, file: string): Promise<number> {
  let rows = 0;
  for await (const chunk of reader.stream(file, SPECS, undefined, { packText: true })) rows += chunk.rows;
  return rows;
}

describe('RawDayReader row account', () => {
  it("counts a CSV file by its scan and checks DuckDB's rows against it when the file is streamed whole", async () => {
    const file = join(dir, 'day.csv');
    writeFileSync(file, 'a,b\nx,1\n"broken,2\ny,3\n\nz,4\n');
    const reader = await RawDayReader.open();
    try {
      expect(await reader.countRows(file)).toBe(3);
      expect(reader.account()).toMatchObject({ read: 4, accepted: 3, rejected: 1 });
      expect(await streamAll(reader, file)).toBe(3);
      // A scan that disagrees with what DuckDB reads (rows lost or invented) is an error naming the file.
      const scanned = reader.scans().get(file) as ScannedCsv;
      scanned.accepted = 4;
      await expect(streamAll(reader, file)).rejects.toThrow(
        `${file}: 4 data lines, 1 rejected, but 3 rows read instead of 4: the file cannot be accounted for`,
      );
    } finally {
      reader.close();
    }
  });
});

describe('RawDayReader reading the lines itself (stream of text columns, rowsAt)', () => {
  const specs: ColumnSpec[] = [
    { name: 'c', kind: 'text', required: true },
    { name: 'a', kind: 'text', required: true },
    { name: 'gone', kind: 'text' },
  ];
  const lines = ['x1,"a,1","say ""hi"""', ',"",plain', '"  ", b ,', 'é,"/p?q=%22",日本', '"""",x,""'];

  /** Every row's values as DuckDB reads them (a non-text column among the specs makes stream() ask DuckDB). */
  async function readByDuckDb(reader: RawDayReader, file: string): Promise<(string | number | null)[][]> {
    const out: (string | number | null)[][] = [];
    const withNumber: ColumnSpec[] = [...specs, { name: 'b', kind: 'presence' }];
    for await (const chunk of reader.stream(file, withNumber))
      for (let row = 0; row < chunk.rows; row++) out.push(specs.map((_, c) => chunk.value(c, row)));
    return out;
  }

  /** Every row's values as stream() gives them for text columns (the lines split by the reader itself). */
  async function streamed(reader: RawDayReader, file: string): Promise<(string | number | null)[][]> {
    const out: (string | number | null)[][] = [];
    for await (const chunk of reader.stream(file, specs))
      for (let row = 0; row < chunk.rows; row++) out.push(specs.map((_, c) => chunk.value(c, row)));
    return out;
  }

  async function picked(reader: RawDayReader, file: string, rows: number[]) {
    const out: { row: number; values: (string | number | null)[] }[] = [];
    for await (const p of reader.rowsAt(file, specs, rows))
      out.push({ row: p.row, values: specs.map((_, c) => p.value(c)) });
    return out;
  }

  it('reads lines across its 4 MB read blocks as DuckDB does (a 7 MB file)', async () => {
    const file = join(dir, 'large.csv');
    const rows = Array.from({ length: 60_000 }, (_, i) =>
      i % 7 === 0 ? `"v""${i}","${'x,'.repeat(i % 50)}",${i}` : `c${i},${'y'.repeat(i % 200)},${i % 3 ? i : ''}`,
    );
    writeFileSync(file, `a,b,c\n${rows.join('\n')}\n`);
    const reader = await RawDayReader.open();
    try {
      expect(await reader.countRows(file)).toBe(rows.length);
      const all = await readByDuckDb(reader, file);
      expect(await streamed(reader, file)).toEqual(all);
      const some = [0, 1, 33_333, 33_334, 41_999, 59_999];
      expect(await picked(reader, file, some)).toEqual(some.map((row) => ({ row, values: all[row] })));
    } finally {
      reader.close();
    }
  });

  for (const [name, text] of [
    ['LF', `a,b,c\n${lines.join('\n')}\n`],
    ['CRLF, no final line end', `a,b,c\r\n${lines.join('\r\n')}`],
    [
      'with rejected and empty lines (read from the copy of its good lines)',
      `a,b,c\n${lines[0]}\n"bad,1\n\n${lines.slice(1).join('\n')}\n`,
    ],
  ] as const) {
    it(`gives the rows asked for with the values DuckDB reads: ${name}`, async () => {
      const file = join(dir, `${name.replace(/\W+/g, '-')}.csv`);
      writeFileSync(file, text);
      const reader = await RawDayReader.open();
      try {
        expect(await reader.countRows(file)).toBe(lines.length);
        const all = await readByDuckDb(reader, file);
        expect(all).toHaveLength(lines.length);
        expect(await streamed(reader, file)).toEqual(all);
        expect(await picked(reader, file, [0, 1, 2, 3, 4])).toEqual(all.map((values, row) => ({ row, values })));
        expect(await picked(reader, file, [1, 4])).toEqual([
          { row: 1, values: all[1] },
          { row: 4, values: all[4] },
        ]);
        expect(all[0]).toEqual(['say "hi"', 'x1', null]);
        expect(all[1]).toEqual(['plain', null, null]);
        // A row past the file's end is an error naming the file, not a silent short read.
        await expect(picked(reader, file, [5])).rejects.toThrow(
          `${file}: row 6 asked for, but the file has fewer rows`,
        );
      } finally {
        reader.close();
      }
    });
  }
});
