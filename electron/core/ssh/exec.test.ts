import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commandLine, shellQuote } from './exec';
import { redactSecrets, toSshError } from './errors';

describe('shellQuote', () => {
  it('leaves safe words bare and quotes the rest', () => {
    expect(shellQuote('/user/spot/flow')).toBe('/user/spot/flow');
    expect(shellQuote('')).toBe("''");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(commandLine('hdfs', ['dfs', '-put', '-f', 'a b', '$HOME'])).toBe("hdfs dfs -put -f 'a b' '$HOME'");
  });

  it('property: /bin/sh receives every argument exactly as given', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ unit: 'binary' }).map((s) => s.replace(/\0/g, '')),
          { maxLength: 4 },
        ),
        (args) => {
          const line = commandLine('printf', ['%s\\0', ...args]);
          const out = execFileSync('/bin/sh', ['-c', line], { encoding: 'utf8' });
          expect(out.split('\0').slice(0, -1)).toEqual(args.length ? args : ['']);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('secret-free errors', () => {
  it('redacts secrets and key material from library messages', () => {
    const msg = redactSecrets(
      'bad passphrase hunter2 in -----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----',
      ['hunter2'],
    );
    expect(msg).not.toContain('hunter2');
    expect(msg).not.toContain('abc');
  });

  it('maps socket and auth errors to clear codes', () => {
    const refused = toSshError(
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      'node04',
      22,
      'spot',
    );
    expect(refused).toMatchObject({ code: 'connect-refused', retryable: true });
    expect(refused.message).toMatch(/node04 refused/);
    const auth = toSshError(
      Object.assign(new Error('All configured authentication methods failed'), { level: 'client-authentication' }),
      'node04',
      2222,
      'spot',
    );
    expect(auth).toMatchObject({ code: 'auth-failed', retryable: false });
    expect(auth.message).toMatch(/as spot on node04:2222/);
  });
});
