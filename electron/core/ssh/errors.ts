/**
 * Typed SSH errors. Messages name the host and what went wrong and never carry a secret (password,
 * passphrase, key material): they are built here from fixed text, and `redactSecrets` scrubs any text we pass
 * through from a library or a remote command.
 */

export type SshErrorCode =
  | 'unknown-host-key'
  | 'host-key-changed'
  | 'auth-failed'
  | 'bad-key-file'
  | 'connect-refused'
  | 'host-not-found'
  | 'host-unreachable'
  | 'timeout'
  | 'connection-lost'
  | 'permission-denied'
  | 'no-such-file'
  | 'remote-command-failed'
  | 'command-not-found'
  | 'cancelled'
  | 'ssh-error';

/** Codes worth retrying without the analyst doing anything (the node may come back). */
const RETRYABLE: ReadonlySet<SshErrorCode> = new Set([
  'connect-refused',
  'host-unreachable',
  'host-not-found',
  'timeout',
  'connection-lost',
  // e.g. the NameNode in safe mode; bounded by the outbox backoff
  'remote-command-failed',
  'ssh-error',
]);

export class SshError extends Error {
  readonly retryable: boolean;
  constructor(
    readonly code: SshErrorCode,
    readonly host: string,
    readonly port: number,
    message: string,
  ) {
    super(message);
    this.name = 'SshError';
    this.retryable = RETRYABLE.has(code);
  }
}

/** The server's host key is not in the known-hosts store: the UI shows `fingerprint` and asks "trust?". */
export class UnknownHostKeyError extends SshError {
  constructor(
    host: string,
    port: number,
    /** e.g. `SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8` */
    readonly fingerprint: string,
    readonly keyType: string,
    /** The key blob, base64, as `trustHostKey` takes it. */
    readonly keyBase64: string,
  ) {
    super(
      'unknown-host-key',
      host,
      port,
      `The host key of ${hostLabel(host, port)} is not known (${keyType} ${fingerprint}). ` +
        'Check the fingerprint with the node administrator and trust it to connect.',
    );
    this.name = 'UnknownHostKeyError';
  }
}

/** The server presented a different key than the one stored: possible man-in-the-middle, refused. */
export class HostKeyChangedError extends SshError {
  constructor(
    host: string,
    port: number,
    readonly expectedFingerprints: string[],
    readonly actualFingerprint: string,
    readonly knownHostsPath: string,
  ) {
    super(
      'host-key-changed',
      host,
      port,
      `WARNING: the host key of ${hostLabel(host, port)} has changed. Expected ${expectedFingerprints.join(' or ')}, ` +
        `got ${actualFingerprint}. Someone may be intercepting the connection, or the host was reinstalled. ` +
        `Connection refused; nothing was sent. If the change is legitimate, remove the old key from ${knownHostsPath}.`,
    );
    this.name = 'HostKeyChangedError';
  }
}

export function hostLabel(host: string, port: number): string {
  return port === 22 ? host : `${host}:${port}`;
}

/** Replaces every occurrence of a secret (and of long base64 runs that look like key material) in `text`. */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length > 0) out = out.split(secret).join('[redacted]');
  }
  return out.replace(/-----BEGIN [A-Z ]+-----[\s\S]*?(-----END [A-Z ]+-----|$)/g, '[redacted key]');
}

/** Maps a low-level error (socket, ssh2, SFTP status) to an SshError with a clear, secret-free message. */
export function toSshError(
  err: unknown,
  host: string,
  port: number,
  user: string,
  secrets: ReadonlyArray<string | undefined> = [],
  what = 'SSH',
): SshError {
  if (err instanceof SshError) return err;
  const e = err as { code?: unknown; level?: unknown; message?: unknown } | null;
  const code = e?.code;
  const level = e?.level;
  const raw = redactSecrets(String(e?.message ?? err), secrets);
  const at = hostLabel(host, port);
  if (code === 'ECONNREFUSED')
    return new SshError('connect-refused', host, port, `${what}: connection to ${at} refused (is sshd running?)`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new SshError('host-not-found', host, port, `${what}: host ${host} not found (DNS lookup failed)`);
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
    return new SshError('host-unreachable', host, port, `${what}: host ${at} is unreachable`);
  if (code === 'ETIMEDOUT' || /timed out/i.test(raw))
    return new SshError('timeout', host, port, `${what}: ${at} did not answer in time (${raw})`);
  if (level === 'client-authentication')
    return new SshError(
      'auth-failed',
      host,
      port,
      `${what}: authentication as ${user} on ${at} failed: the server refused every configured method ` +
        '(check the user name, that the public key is in authorized_keys, or the agent)',
    );
  if (code === 'ECONNRESET' || code === 'EPIPE' || /No response from server|Not connected|closed|ended|lost/i.test(raw))
    return new SshError('connection-lost', host, port, `${what}: connection to ${at} was lost (${raw})`);
  // SFTP status codes (ssh2 sets err.code to the numeric status)
  if (code === 3 || /permission denied/i.test(raw))
    return new SshError('permission-denied', host, port, `${what}: permission denied on ${at} (${raw})`);
  if (code === 2 || /no such file/i.test(raw))
    return new SshError('no-such-file', host, port, `${what}: no such file on ${at} (${raw})`);
  return new SshError('ssh-error', host, port, `${what}: ${at}: ${raw}`);
}
