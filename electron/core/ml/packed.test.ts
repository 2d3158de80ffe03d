import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../errors';
import { unpack, unpackedValue } from './packed';
import { RawDayReader, type ColumnSpec } from './raw-day';

const dir = mkdtempSync(join(tmpdir(), 'spot-desk-packed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SPECS: ColumnSpec[] = [
  { name: 'a', kind: 'text', required: true },
  { name: 'n', kind: 'num' },
  { name: 'b', kind: 'text' },
  { name: 'missing', kind: 'text' },
  { name: 'c', kind: 'presence' },
  { name: 'd', kind: 'text' },
];

async function read(file: string, packText: boolean): Promise<(string | number | null)[][]> {
  const reader = await RawDayReader.open();
  try {
    const rows: (string | number | null)[][] = [];
    for await (const chunk of reader.stream(file, SPECS, undefined, { packText })) {
      for (let row = 0; row < chunk.rows; row++) {
        // Columns asked for out of order and twice, as the scorer's records do (a presence column reads as a
        // non-null value, not necessarily a number).
        rows.push([5, 0, 3, 2, 1, 4, 0].map((c) => chunk.value(c, row)));
      }
    }
    return rows;
  } finally {
    reader.close();
  }
}

describe('packed text columns', () => {
  it('read the same values as one column at a time: nulls, empty and quoted values, commas, quotes, non-ASCII', async () => {
    const file = join(dir, 'day.csv');
    const lines = [
      'a,n,b,c,d',
      'x,1,y,z,w',
      ',2,,,',
      '"",3.5,"",,""',
      '"q,""r""",abc,"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)",1,é漢字😀',
      'v,-1,n,,vn',
    ];
    // More rows than one DuckDB chunk (2,048), so values are read across chunks.
    for (let i = 0; i < 5000; i++) lines.push(`host${i}.example.com,${i},${i % 3 ? '' : 'agent'},${i},/p?q=${i}`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const packed = await read(file, true);
    expect(packed).toEqual(await read(file, false));
    expect(packed.slice(0, 5)).toEqual([
      ['w', 'x', null, 'y', 1, expect.anything(), 'x'],
      [null, null, null, null, 2, null, null],
      // DuckDB reads a quoted empty value as null too.
      [null, null, null, null, 3.5, null, null],
      [
        'é漢字😀',
        'q,"r"',
        null,
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)',
        null,
        expect.anything(),
        'q,"r"',
      ],
      ['vn', 'v', null, 'n', -1, null, 'v'],
    ]);
  });

  it('refuses a value with a NUL byte instead of shifting the columns', () => {
    expect(unpack('vx\0n\0vy', 3, 'f.parquet').map((_, i, parts) => unpackedValue(parts, i))).toEqual(['x', null, 'y']);
    expect(() => unpack('vx\0\0n\0vy', 3, 'f.parquet')).toThrow(InputError);
  });
});
