import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../csv-writer';
import { safeFileName } from './file-name';

describe('CSV', () => {
  it('quotes per RFC 4180 and defuses formulas', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-cmd')).toBe("'-cmd");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(null)).toBe('');
    expect(
      toCsv(
        ['ip', 'note'],
        [
          ['1.2.3.4', 'multi\nline'],
          ['5.6.7.8', null],
        ],
      ),
    ).toBe('ip,note\r\n1.2.3.4,"multi\nline"\r\n5.6.7.8,\r\n');
  });
  it('makes safe file names', () => {
    expect(safeFileName('../etc/passwd "x"', 'csv')).toBe('etc_passwd_x_.csv');
    expect(safeFileName('', 'pdf')).toBe('export.pdf');
  });
});
