import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { translateHiveQl } from '../../../test/fixtures/hs2/hiveql';
import {
  hiveStringLiteral,
  renderSql,
  sqlIdent,
  sqlInt,
  sqlIp,
  sqlList,
  sqlNumber,
  sqlString,
  SqlParamError,
} from './sql';

/** What Hive's lexer reads back from a rendered literal (the test server implements Hive's rules). */
function readBack(literal: string): string {
  const duck = translateHiveQl(`SELECT ${literal}`).sql ?? '';
  const body = /^SELECT '(.*)'$/s.exec(duck)?.[1];
  if (body === undefined) throw new Error(`not one literal: ${duck}`);
  return body.replace(/''/g, "'");
}

describe('HiveQL literal rendering', () => {
  it('escapes quotes and backslashes the way Hive reads them', () => {
    expect(hiveStringLiteral("it's")).toBe("'it\\'s'");
    expect(hiveStringLiteral('a\\b')).toBe("'a\\\\b'");
    expect(readBack(hiveStringLiteral("' OR 1=1 --"))).toBe("' OR 1=1 --");
    expect(readBack(hiveStringLiteral('a\\012\nb'))).toBe('a\\012\nb');
    expect(() => renderSql('SELECT :s', { s: sqlString('a\u000012') })).toThrow(/parameter s: text with a NUL/);
  });

  it('round-trips any string through Hive lexing', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 40 }).filter((v) => !v.includes('\0')),
        (value) => {
          expect(readBack(hiveStringLiteral(value))).toBe(value);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('renders typed parameters into a template', () => {
    const sql = renderSql('SELECT * FROM :db.:t WHERE y = :y AND sip IN :ips AND x > :n -- :notaparam', {
      db: sqlIdent('spot'),
      t: sqlIdent('flow'),
      y: sqlInt(2026),
      ips: sqlList([sqlIp('10.0.0.1'), sqlIp('fe80::1')]),
      n: sqlNumber(1e-6),
    });
    expect(sql).toBe(
      "SELECT * FROM `spot`.`flow` WHERE y = 2026 AND sip IN ('10.0.0.1', 'fe80::1') AND x > 0.000001 -- :notaparam",
    );
  });

  it('refuses bad identifiers, IPs and numbers with the parameter name', () => {
    expect(() => renderSql('SELECT * FROM :t', { t: sqlIdent('flow; DROP TABLE x') })).toThrow(SqlParamError);
    expect(() => renderSql('SELECT * FROM :t', { t: sqlIdent('flow`') })).toThrow(/parameter t: identifier/);
    expect(() => renderSql('SELECT :ip', { ip: sqlIp("1.2.3.4' OR '1'='1") })).toThrow(/not an IPv4 or IPv6/);
    expect(() => renderSql('SELECT :n', { n: sqlNumber(Number.NaN) })).toThrow(/not a finite number/);
    expect(() => renderSql('SELECT :n', { n: sqlInt(1.5) })).toThrow(/not a whole number/);
    expect(() => renderSql('SELECT :l', { l: sqlList([]) })).toThrow(/at least one value/);
    expect(() => renderSql('SELECT :l', { l: sqlList([sqlIp('1.1.1.1'), sqlIp('x')]) })).toThrow(/parameter l\[1\]/);
  });

  it('refuses a missing or unused parameter', () => {
    expect(() => renderSql('SELECT :a', {})).toThrow(/no parameter a/);
    expect(() => renderSql('SELECT 1', { a: sqlString('x') })).toThrow(/never used/);
  });
});
