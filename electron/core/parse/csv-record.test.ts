import { describe, expect, it } from 'vitest';
import { csvRecordPick, csvRecordValues } from './csv-record';

describe('csvRecordValues', () => {
  it('splits an unquoted line; an empty value is null', () => {
    expect(csvRecordValues('a,,b c, d ,')).toEqual(['a', null, 'b c', ' d ', null]);
    expect(csvRecordValues('')).toEqual([null]);
  });

  it('unquotes quoted values, reads "" inside one as a quote, and an empty quoted value as null', () => {
    expect(csvRecordValues('"a,b","say ""hi""","",x,"  "')).toEqual(['a,b', 'say "hi"', null, 'x', '  ']);
    expect(csvRecordValues('"""",1,""')).toEqual(['"', '1', null]);
    expect(csvRecordValues('x,"/p?q=a%22b"')).toEqual(['x', '/p?q=a%22b']);
  });

  it('refuses a line the scan would not accept', () => {
    expect(() => csvRecordValues('"open,1')).toThrow('unclosed quote');
    expect(() => csvRecordValues('"a"b,1')).toThrow('after a closing quote');
  });

  it('picks columns as csvRecordValues reads them, or null when the line holds another number of values', () => {
    for (const line of ['a,,c', '"a","""",c', 'x,"1,2",']) {
      const all = csvRecordValues(line);
      expect(csvRecordPick(line, 3, [2, 0, -1, 1])).toEqual([all[2], all[0], null, all[1]]);
    }
    expect(csvRecordPick('a,,c', 3, [2, 0])).toEqual(['c', 'a']);
    expect(csvRecordPick('a,b', 3, [0])).toBeNull();
    expect(csvRecordPick('a,b,c,d', 3, [0])).toBeNull();
    expect(csvRecordPick('"a",b', 3, [0])).toBeNull();
  });
});
