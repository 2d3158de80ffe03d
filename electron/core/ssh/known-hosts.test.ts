import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkHostKey,
  entryMatchesHost,
  fingerprintOf,
  keyTypeOfBlob,
  parseKnownHosts,
  readKnownHosts,
  trustHostKey,
  type HostKey,
} from './known-hosts';

let dir: string;
let keyA: HostKey;
let keyB: HostKey;
let fingerprintA: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'known-hosts-'));
  for (const name of ['a', 'b']) {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, name)]);
  }
  const pub = (name: string): HostKey => {
    const [type, base64] = readFileSync(join(dir, `${name}.pub`), 'utf8').split(' ');
    return { type: type!, base64: base64! };
  };
  keyA = pub('a');
  keyB = pub('b');
  // ssh-keygen -lf prints "256 SHA256:… comment (ED25519)"
  fingerprintA = execFileSync('ssh-keygen', ['-lf', join(dir, 'a.pub')], { encoding: 'utf8' }).split(' ')[1]!;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('known_hosts', () => {
  it("computes ssh-keygen's SHA256 fingerprint and reads the key type from the blob", () => {
    expect(fingerprintOf(keyA.base64)).toBe(fingerprintA);
    expect(keyTypeOfBlob(Buffer.from(keyA.base64, 'base64'))).toBe('ssh-ed25519');
  });

  it('matches plain, [host]:port, wildcard, negated and hashed patterns', () => {
    const salt = Buffer.from('0123456789abcdef0123');
    const hashed = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update('[node04]:2222').digest('base64')}`;
    const entries = parseKnownHosts(
      [
        '# comment',
        `node03,10.0.0.3 ${keyA.type} ${keyA.base64}`,
        `[node05]:2222 ${keyA.type} ${keyA.base64}`,
        `*.lab,!bad.lab ${keyA.type} ${keyA.base64}`,
        `${hashed} ${keyA.type} ${keyA.base64}`,
        'garbage-line',
      ].join('\n'),
    );
    expect(entries).toHaveLength(4);
    const [plain, ported, wild, hash] = entries as [
      (typeof entries)[0],
      (typeof entries)[0],
      (typeof entries)[0],
      (typeof entries)[0],
    ];
    expect(entryMatchesHost(plain, '10.0.0.3', 22)).toBe(true);
    expect(entryMatchesHost(plain, '10.0.0.3', 2222)).toBe(false);
    expect(entryMatchesHost(ported, 'node05', 2222)).toBe(true);
    expect(entryMatchesHost(ported, 'node05', 22)).toBe(false);
    expect(entryMatchesHost(wild, 'ml.lab', 22)).toBe(true);
    expect(entryMatchesHost(wild, 'bad.lab', 22)).toBe(false);
    expect(entryMatchesHost(hash, 'node04', 2222)).toBe(true);
    expect(entryMatchesHost(hash, 'node04', 22)).toBe(false);
    expect(plain.line).toBe(2);
  });

  it('gives known / unknown / changed / revoked verdicts', () => {
    const entries = parseKnownHosts(`node03 ${keyA.type} ${keyA.base64}\n@revoked * ${keyB.type} ${keyB.base64}\n`);
    expect(checkHostKey(entries, 'node03', 22, keyA)).toEqual({ kind: 'known' });
    expect(checkHostKey(entries, 'node09', 22, keyA)).toMatchObject({ kind: 'unknown', fingerprint: fingerprintA });
    const onlyA = parseKnownHosts(`node03 ${keyA.type} ${keyA.base64}\n`);
    expect(checkHostKey(onlyA, 'node03', 22, keyB)).toEqual({
      kind: 'changed',
      fingerprint: fingerprintOf(keyB.base64),
      expected: [fingerprintA],
      key: keyB,
    });
    // a key of a type we hold nothing for, while another type is listed, is refused too (strict)
    expect(checkHostKey(onlyA, 'node03', 22, { type: 'ecdsa-sha2-nistp256', base64: keyB.base64 }).kind).toBe(
      'changed',
    );
    expect(checkHostKey(entries, 'node03', 22, keyB).kind).toBe('revoked');
  });

  it('trustHostKey appends an OpenSSH line (0600), once, and ssh-keygen can read it', () => {
    const store = join(dir, 'sub', 'known_hosts');
    trustHostKey(store, '127.0.0.1', 2222, keyA);
    trustHostKey(store, '127.0.0.1', 2222, keyA);
    trustHostKey(store, 'node04', 22, `${keyB.type} ${keyB.base64} comment`);
    expect(readFileSync(store, 'utf8')).toBe(
      `[127.0.0.1]:2222 ${keyA.type} ${keyA.base64}\nnode04 ${keyB.type} ${keyB.base64}\n`,
    );
    expect(statSync(store).mode & 0o777).toBe(0o600);
    expect(checkHostKey(readKnownHosts(store), '127.0.0.1', 2222, keyA).kind).toBe('known');
    const found = execFileSync('ssh-keygen', ['-F', '[127.0.0.1]:2222', '-f', store], { encoding: 'utf8' });
    expect(found).toContain(keyA.base64);
  });

  it('refuses to trust a different key for a known host unless replacing it', () => {
    const store = join(dir, 'replace', 'known_hosts');
    trustHostKey(store, 'node04', 22, keyA);
    trustHostKey(store, 'node05', 22, keyA);
    expect(() => trustHostKey(store, 'node04', 22, keyB)).toThrow(/node04 already has a different key \(SHA256:/);
    trustHostKey(store, 'node04', 22, keyB, { replace: true });
    const entries = readKnownHosts(store);
    expect(checkHostKey(entries, 'node04', 22, keyB).kind).toBe('known');
    expect(checkHostKey(entries, 'node04', 22, keyA).kind).toBe('changed');
    expect(checkHostKey(entries, 'node05', 22, keyA).kind).toBe('known');
  });
});
