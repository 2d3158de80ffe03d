import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvCell, csvField, csvLine, readCsvCell, toCsv } from './csv-writer';

describe('csv-writer: data files', () => {
  it('quotes only when needed and doubles quotes (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField(12)).toBe('12');
    expect(csvField(null)).toBe('');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded ')).toBe('" padded "');
    // data files keep their values: no formula guard
    expect(csvField('-')).toBe('-');
    expect(csvField('=1')).toBe('=1');
  });

  it('round-trips through a CSV parser', () => {
    const values = ['Mozilla/5.0 (KHTML, like Gecko)', 'q="a",b', '', '-', 'x\r\ny', ' lead', 'trail\t'];
    expect(parse(csvLine(values))).toEqual([values]);
  });
});

describe('csv-writer: files for a spreadsheet', () => {
  it('defuses every cell a spreadsheet would run as a formula, and reads it back unchanged', () => {
    const values = ['=1+1', '+1', '-cmd', '@SUM(A1)', '\t=1', '\r=1', "'=1", "''+x", "it's", 'plain', '', '5'];
    const text = toCsv(
      ['v'],
      values.map((v) => [v]),
    );
    const cells = (parse(text) as string[][]).flat();
    expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
    expect(cells.slice(1).map(readCsvCell)).toEqual(values);
  });

  it('leaves numbers numbers, negative ones included', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(null)).toBe('');
    expect(toCsv(['a', 'b'], [[1, -2]], '\n')).toBe('a,b\n1,-2\n');
  });
});
