import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { RAW_COLUMNS, columnNames } from '../../../shared/schema';
import { Duck } from '../pipeline/duck';
import { createRawView, duckCsvError } from '../pipeline/raw-view';
import { RECORD_BYTES_CAP, scanCsvFile, visible } from './raw-lines';

const dir = mkdtempSync(join(tmpdir(), 'spot-raw-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = columnNames(RAW_COLUMNS.dns).join(',');
const LINE =
  '"Nov 24, 2026 09:00:00.123456000 UTC",1795510800,80,10.0.0.5,10.0.0.53,www.google.com,0x00000001,1,0,142.250.1.1';

describe('raw line scan', () => {
  it('rejects a record over the cap by its line, without holding it, and the import reads the rest', async () => {
    const file = join(dir, 'huge.csv');
    const huge = LINE.replace('www.google.com', 'a'.repeat(3 * RECORD_BYTES_CAP));
    writeFileSync(file, `${HEADER}\n${LINE}\n${huge}\n${LINE}\n`);
    const scanned = scanCsvFile(file, dir);
    expect(scanned).toMatchObject({ read: 3, accepted: 2, rejected: 1 });
    expect(scanned.firstRejected[0]).toMatchObject({
      line: 3,
      field: null,
      reason: `record longer than ${RECORD_BYTES_CAP} bytes`,
    });
    expect(scanned.firstRejected[0]!.text.length).toBeLessThan(200);
    // What DuckDB reads is the copy of the good lines.
    expect(readFileSync(scanned.readPath, 'utf8').split('\n').filter(Boolean)).toHaveLength(3);
    const duck = await Duck.open({ memoryLimit: '256MB' });
    try {
      const view = await createRawView(duck, 'dns', { files: [file], name: dir, format: 'csv', wholeDay: true });
      expect(view.rows).toMatchObject({ read: 3, accepted: 2, rejected: 1 });
      expect(await duck.all('SELECT count(*) AS n FROM raw')).toEqual([{ n: 2 }]);
    } finally {
      duck.close();
    }
  });

  it('shows invisible characters (BOM, NUL, bidi controls) escaped in rejected lines', () => {
    expect(visible('a\u0000b\ufeffc\u202ed')).toBe('a\\u{0}b\\u{feff}c\\u{202e}d');
    const file = join(dir, 'bidi.csv');
    writeFileSync(file, `${HEADER}\n${LINE.replace('www.google.com', 'evil\u202emoc."')}\n`);
    const [rejected] = scanCsvFile(file, dir).firstRejected;
    expect(rejected).toMatchObject({ line: 2, field: 'dns_qry_name' });
    expect(rejected!.text).toContain('evil\\u{202e}moc."');
  });

  it('names DuckDB\'s broken line and its reason, not the next line\'s text as "field row"', () => {
    const message =
      'Invalid Input Error: CSV Error on Line: 3\nOriginal Line: 2,"y,3\n5,w,6\n7,v,8\n\nValue with unterminated quote found.\n\n' +
      "Possible fixes:\n* Disable the parser's strict mode\n\n  file = /raw/u.csv\n  delimiter = , (Set By User)\n";
    expect(duckCsvError(message)?.message).toBe(
      '/raw/u.csv, line 3, field row: Value with unterminated quote found. (line: "2,"y,3")',
    );
  });

  it('judges a line the same whether the whole-line fast path or the byte-by-byte path reads it', () => {
    // The byte-by-byte path reads a line that crosses the scanner's 1 MiB read; the fast path a line inside one.
    const CHUNK = 1 << 20;
    const verdict = (file: string, line: number) => {
      const scanned = scanCsvFile(file, dir);
      const rejected = scanned.firstRejected.find((r) => r.line === line);
      return { read: scanned.read, rejected: scanned.rejected, field: rejected?.field, reason: rejected?.reason };
    };
    // Control bytes send a line to the byte-by-byte path anyway: the generated lines have none (the cases do).
    const field = fc.stringMatching(/^[a ,"]{0,6}$/);
    const cases = [
      LINE,
      LINE.replace('www.google.com', '"a,""b"",c"'),
      LINE.replace('www.google.com', '"a"b'),
      LINE.replace('www.google.com', 'a"b'),
      LINE.replace('www.google.com', 'a"b"'),
      LINE.replace('www.google.com', '"a"b"'),
      LINE.replace('www.google.com', '"open'),
      LINE.replace('www.google.com', '"tab\there"'),
      LINE.replace('www.google.com', 'cr\rhere'),
      `${LINE}\r`,
    ];
    let n = 0;
    const check = (text: string): void => {
      const inside = join(dir, `fast-${n}.csv`);
      const across = join(dir, `slow-${n++}.csv`);
      writeFileSync(inside, `${HEADER}\n${text}\n`);
      const before = CHUNK - Math.floor(text.length / 2) - HEADER.length - 2;
      writeFileSync(across, `${HEADER}\n${'a'.repeat(before - 9)},,,,,,,,,\n${text}\n`);
      const slow = verdict(across, 3);
      expect({ ...slow, read: slow.read - 1 }).toEqual(verdict(inside, 2));
    };
    for (const text of cases) check(text);
    fc.assert(
      fc.property(fc.array(field, { minLength: 9, maxLength: 11 }), (fields) => check(fields.join(','))),
      { numRuns: 80 },
    );
  });
});
