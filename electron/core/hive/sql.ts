/**
 * HiveQL text from a constant template and typed parameters. User data never reaches the text by
 * concatenation: `:name` placeholders are replaced by a rendered identifier or literal, and each kind
 * is checked first (identifiers against a strict pattern, numbers finite, IPs parsed, strings escaped
 * the way Hive's and Impala's lexers read them: backslash escapes, `'` → `\'`, `\` → `\\`).
 */
import { isIP } from 'node:net';

export type SqlParam =
  | { kind: 'ident'; name: string }
  | { kind: 'string'; value: string }
  | { kind: 'int'; value: number }
  | { kind: 'number'; value: number }
  | { kind: 'ip'; value: string }
  | { kind: 'list'; items: readonly SqlParam[] };

export class SqlParamError extends Error {
  constructor(
    readonly param: string,
    problem: string,
  ) {
    super(`query parameter ${param}: ${problem}`);
    this.name = 'SqlParamError';
  }
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const sqlIdent = (name: string): SqlParam => ({ kind: 'ident', name });
export const sqlString = (value: string): SqlParam => ({ kind: 'string', value });
export const sqlInt = (value: number): SqlParam => ({ kind: 'int', value });
export const sqlNumber = (value: number): SqlParam => ({ kind: 'number', value });
export const sqlIp = (value: string): SqlParam => ({ kind: 'ip', value });
export const sqlList = (items: readonly SqlParam[]): SqlParam => ({ kind: 'list', items });

/**
 * `'…'` with Hive's escapes; the lexer reads it back to exactly `value`. NUL is refused: Hive reads `\0`
 * followed by two octal digits as one octal escape while Impala does not, so no spelling is safe for both.
 */
export function hiveStringLiteral(value: string): string {
  if (value.includes('\0')) throw new SqlParamError('string', 'text with a NUL character cannot be sent to Hive');
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
}

export function renderParam(name: string, param: SqlParam): string {
  switch (param.kind) {
    case 'ident':
      if (!IDENTIFIER.test(param.name))
        throw new SqlParamError(
          name,
          `identifier ${JSON.stringify(param.name)} is not a plain name ([A-Za-z_][A-Za-z0-9_]*)`,
        );
      return `\`${param.name}\``;
    case 'string':
      if (typeof param.value !== 'string') throw new SqlParamError(name, 'expected text');
      if (param.value.includes('\0')) throw new SqlParamError(name, 'text with a NUL character cannot be sent to Hive');
      return hiveStringLiteral(param.value);
    case 'int':
      if (!Number.isSafeInteger(param.value))
        throw new SqlParamError(name, `${String(param.value)} is not a whole number`);
      return String(param.value);
    case 'number':
      if (typeof param.value !== 'number' || !Number.isFinite(param.value))
        throw new SqlParamError(name, `${String(param.value)} is not a finite number`);
      return String(param.value);
    case 'ip':
      if (typeof param.value !== 'string' || isIP(param.value) === 0)
        throw new SqlParamError(name, `${JSON.stringify(param.value)} is not an IPv4 or IPv6 address`);
      return hiveStringLiteral(param.value);
    case 'list':
      if (param.items.length === 0) throw new SqlParamError(name, 'an IN list needs at least one value');
      return `(${param.items.map((item, i) => renderParam(`${name}[${i}]`, item)).join(', ')})`;
  }
}

/**
 * Replaces every `:name` outside quotes and comments by its rendered parameter.
 * A placeholder without a parameter, or a parameter never used, is a programming error and throws.
 */
export function renderSql(template: string, params: Readonly<Record<string, SqlParam>> = {}): string {
  const used = new Set<string>();
  let out = '';
  let i = 0;
  while (i < template.length) {
    const c = template[i] as string;
    if (c === "'" || c === '"' || c === '`') {
      const end = template.indexOf(c, i + 1);
      if (end === -1) throw new Error(`unterminated ${c} in query template`);
      out += template.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    if (c === '-' && template[i + 1] === '-') {
      const end = template.indexOf('\n', i);
      const stop = end === -1 ? template.length : end;
      out += template.slice(i, stop);
      i = stop;
      continue;
    }
    const placeholder = c === ':' ? /^:([A-Za-z_][A-Za-z0-9_]*)/.exec(template.slice(i)) : null;
    if (placeholder) {
      const name = placeholder[1] as string;
      const param = params[name];
      if (!param) throw new Error(`query template uses :${name} but no parameter ${name} was given`);
      used.add(name);
      out += renderParam(name, param);
      i += placeholder[0].length;
      continue;
    }
    out += c;
    i += 1;
  }
  const unused = Object.keys(params).filter((name) => !used.has(name));
  if (unused.length > 0) throw new Error(`query parameters never used in the template: ${unused.join(', ')}`);
  return out;
}
