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
