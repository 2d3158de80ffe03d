/**
 * An OpenSSH known_hosts store: parsing (plain, `[host]:port`, hashed `|1|salt|hash`, wildcards, negation,
 * `@revoked`), the strict check ssh does with StrictHostKeyChecking=yes, and appending a trusted key.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface KnownHostEntry {
  marker: '@revoked' | '@cert-authority' | null;
  /** The comma-separated host patterns as written (may be a hashed `|1|salt|hash`). */
  patterns: string;
  keyType: string;
  keyBase64: string;
  /** 1-based line in the file, for messages. */
  line: number;
}

export interface HostKey {
  type: string;
  base64: string;
}

export type HostKeyVerdict =
  | { kind: 'known' }
  | { kind: 'unknown'; fingerprint: string; key: HostKey }
  | { kind: 'changed'; fingerprint: string; expected: string[]; key: HostKey }
  | { kind: 'revoked'; fingerprint: string; key: HostKey };

/** `SHA256:<base64 of sha256(blob) without padding>`, as `ssh-keygen -lf` prints it. */
export function fingerprintOf(keyBase64: string): string {
  const digest = createHash('sha256').update(Buffer.from(keyBase64, 'base64')).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}

/** The key type written inside an SSH public key blob (its first string field). */
export function keyTypeOfBlob(blob: Buffer): string {
  if (blob.length < 4) throw new Error('host key blob too short');
  const length = blob.readUInt32BE(0);
  if (length > blob.length - 4 || length > 64) throw new Error('host key blob malformed');
  return blob.subarray(4, 4 + length).toString('ascii');
}

/** The name ssh looks up: `host` on port 22, `[host]:port` elsewhere. */
export function hostKeyName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split('\n').forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry['marker'] = null;
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') {
      marker = fields.shift() as KnownHostEntry['marker'];
    }
    const [patterns, keyType, keyBase64] = fields;
    // malformed lines are skipped, as ssh does
    if (!patterns || !keyType || !keyBase64) return;
    entries.push({ marker, patterns, keyType, keyBase64, line: index + 1 });
  });
  return entries;
}

function wildcardToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

function hashedMatches(pattern: string, name: string): boolean {
  const [, magic, salt, hash] = pattern.split('|');
  if (magic !== '1' || !salt || !hash) return false;
  const mac = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
  return mac === hash;
}

/** Whether an entry's host patterns cover `host:port` (a negated pattern that matches excludes the line). */
export function entryMatchesHost(entry: KnownHostEntry, host: string, port: number): boolean {
  const name = hostKeyName(host, port);
  if (entry.patterns.startsWith('|1|')) return hashedMatches(entry.patterns, name);
  let matched = false;
  for (const pattern of entry.patterns.split(',')) {
    const negated = pattern.startsWith('!');
    const body = negated ? pattern.slice(1) : pattern;
    if (wildcardToRegExp(body).test(name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

/** Host key algorithms for a key type as the SSH transport names them (RSA keys sign with SHA-2). */
export function algorithmsForKeyType(keyType: string): string[] {
  return keyType === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [keyType];
}

export function knownKeysFor(entries: KnownHostEntry[], host: string, port: number): KnownHostEntry[] {
  return entries.filter((e) => e.marker === null && entryMatchesHost(e, host, port));
}

/** The strict check: the presented key must be listed for the host. A different key of the same type, or a
 * key of a type we hold no entry for while other types are listed, is a change (refused, like ssh). */
export function checkHostKey(entries: KnownHostEntry[], host: string, port: number, key: HostKey): HostKeyVerdict {
  const fingerprint = fingerprintOf(key.base64);
  const revoked = entries.some(
    (e) => e.marker === '@revoked' && e.keyBase64 === key.base64 && entryMatchesHost(e, host, port),
  );
  if (revoked) return { kind: 'revoked', fingerprint, key };
  const known = knownKeysFor(entries, host, port);
  if (known.some((e) => e.keyType === key.type && e.keyBase64 === key.base64)) return { kind: 'known' };
  if (known.length === 0) return { kind: 'unknown', fingerprint, key };
  return { kind: 'changed', fingerprint, expected: known.map((e) => fingerprintOf(e.keyBase64)), key };
}

export function readKnownHosts(path: string): KnownHostEntry[] {
  if (!existsSync(path)) return [];
  return parseKnownHosts(readFileSync(path, 'utf8'));
}

/**
 * Appends `key` for host:port to the known_hosts file at `store` (created 0600 if missing); atomic rewrite.
 * Trusting a host whose stored key differs is refused (that is the "changed key" warning) unless `replace`,
 * which first drops every line for that host:port — only after the analyst confirmed the new key out of band.
 */
export function trustHostKey(
  store: string,
  host: string,
  port: number,
  key: HostKey | string | Buffer,
  opts: { replace?: boolean } = {},
): void {
  const hostKey = normaliseKey(key);
  let existing = existsSync(store) ? readFileSync(store, 'utf8') : '';
  const entries = parseKnownHosts(existing);
  const verdict = checkHostKey(entries, host, port, hostKey);
  if (verdict.kind === 'known') return;
  if (verdict.kind === 'changed' || verdict.kind === 'revoked') {
    if (!opts.replace || verdict.kind === 'revoked') {
      throw new Error(
        `${store}: ${hostKeyName(host, port)} already has a different key (${
          verdict.kind === 'changed' ? verdict.expected.join(', ') : 'this key is revoked'
        }); remove it first or confirm the replacement`,
      );
    }
    const drop = new Set(
      entries.filter((e) => e.marker === null && entryMatchesHost(e, host, port)).map((e) => e.line),
    );
    existing = existing
      .split('\n')
      .filter((_, i) => !drop.has(i + 1))
      .join('\n');
  }
  mkdirSync(dirname(store), { recursive: true, mode: 0o700 });
  const prefix = existing === '' || existing.endsWith('\n') ? existing : `${existing}\n`;
  const text = `${prefix}${hostKeyName(host, port)} ${hostKey.type} ${hostKey.base64}\n`;
  const temp = `${store}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temp, text, { mode: 0o600 });
  renameSync(temp, store);
}

function normaliseKey(key: HostKey | string | Buffer): HostKey {
  if (Buffer.isBuffer(key)) return { type: keyTypeOfBlob(key), base64: key.toString('base64') };
  if (typeof key === 'string') {
    // "type base64" (a .pub line) or a bare base64 blob
    const parts = key.trim().split(/\s+/);
    const base64 = parts.length >= 2 ? parts[1]! : parts[0]!;
    return { type: keyTypeOfBlob(Buffer.from(base64, 'base64')), base64 };
  }
  return key;
}
