/**
 * Connecting to the ML node with ssh2: key file, ssh-agent or an in-memory password (never logged or stored),
 * strict host-key checking against an OpenSSH known_hosts file, timeouts and keepalives so a dead node is
 * noticed, and errors that name the host and the problem without any secret.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Client, type ConnectConfig, type SFTPWrapper } from 'ssh2';
import { CancelledError } from '../errors';
import { HostKeyChangedError, SshError, UnknownHostKeyError, hostLabel, redactSecrets, toSshError } from './errors';
import { algorithmsForKeyType, checkHostKey, keyTypeOfBlob, knownKeysFor, readKnownHosts } from './known-hosts';

export interface SshSettings {
  host: string;
  /** default 22 */
  port?: number;
  user: string;
  /** OpenSSH or PEM private key file. Default when neither key nor agent nor password is given: ~/.ssh/id_*. */
  privateKeyPath?: string;
  /** Passphrase of the key file; memory only. */
  passphrase?: string;
  /** true = $SSH_AUTH_SOCK, or a socket path. */
  agent?: boolean | string;
  /** Password auth, only when the caller holds it in memory; never logged or stored. */
  password?: string;
  /** OpenSSH known_hosts file used for strict host-key checking (created when a key is trusted). */
  knownHostsPath: string;
  /** TCP connect + SSH handshake + auth deadline (default 15 s). */
  connectTimeoutMs?: number;
  /** SSH keepalive period (default 5 s); 3 unanswered keepalives drop the connection. */
  keepaliveIntervalMs?: number;
}

const DEFAULT_HOST_KEY_ALGORITHMS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

/** An open SSH connection plus a lazily opened SFTP session. */
export class SshConnection {
  private sftpSession: Promise<SFTPWrapper> | null = null;
  private closedFlag = false;
  private lastError: Error | null = null;

  constructor(
    readonly client: Client,
    readonly host: string,
    readonly port: number,
    readonly user: string,
    private readonly secrets: ReadonlyArray<string | undefined>,
  ) {
    client.on('close', () => {
      this.closedFlag = true;
      // ssh2 does not always call back pending requests when the socket dies; fail them here
      const lost = this.error(new Error('connection closed'));
      for (const fail of this.pending) fail(lost);
      this.pending.clear();
    });
    client.on('error', (err) => {
      this.lastError = err;
    });
  }

  private readonly pending = new Set<(err: Error) => void>();

  /** `operation`, but rejected with connection-lost as soon as the connection closes. */
  guard<T>(operation: Promise<T>, what = 'SSH'): Promise<T> {
    if (this.closedFlag) {
      operation.catch(() => undefined);
      return Promise.reject(this.error(new Error('connection closed'), what));
    }
    return new Promise<T>((resolve, reject) => {
      const fail = (err: Error): void => reject(err);
      this.pending.add(fail);
      operation.then(
        (value) => {
          this.pending.delete(fail);
          resolve(value);
        },
        (err: unknown) => {
          this.pending.delete(fail);
          reject(err);
        },
      );
    });
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** An SshError for `err`, scrubbed of this connection's secrets. */
  error(err: unknown, what = 'SSH'): SshError {
    if (err instanceof SshError) return err;
    if (this.closedFlag && !(err as { code?: unknown })?.code) {
      return new SshError(
        'connection-lost',
        this.host,
        this.port,
        `${what}: connection to ${hostLabel(this.host, this.port)} was lost` +
          (this.lastError ? ` (${redactSecrets(this.lastError.message, this.secrets)})` : ''),
      );
    }
    return toSshError(err, this.host, this.port, this.user, this.secrets, what);
  }

  sftp(): Promise<SFTPWrapper> {
    if (!this.sftpSession) {
      this.sftpSession = this.guard(
        new Promise<SFTPWrapper>((resolve, reject) => {
          this.client.sftp((err, sftp) => {
            if (err) return reject(this.error(err, 'SFTP'));
            // an unhandled 'error' event would crash the process; requests report their own failures
            sftp.on('error', (e: Error) => {
              this.lastError = e;
            });
            resolve(sftp);
          });
        }),
        'SFTP',
      );
      this.sftpSession.catch(() => {
        this.sftpSession = null;
      });
    }
    return this.sftpSession;
  }

  close(): void {
    if (!this.closedFlag) this.client.end();
    this.closedFlag = true;
  }
}

function defaultKeyPath(): string | undefined {
  for (const name of ['id_ed25519', 'id_ecdsa', 'id_rsa']) {
    const path = join(homedir(), '.ssh', name);
    if (existsSync(path)) return path;
  }
  return undefined;
}

/** Opens a connection; rejects with UnknownHostKeyError / HostKeyChangedError / SshError. */
export function connectSsh(settings: SshSettings, signal?: AbortSignal): Promise<SshConnection> {
  const host = settings.host;
  const port = settings.port ?? 22;
  const user = settings.user;
  const secrets = [settings.password, settings.passphrase];
  if (signal?.aborted) return Promise.reject(new CancelledError());

  const config: ConnectConfig = {
    host,
    port,
    username: user,
    readyTimeout: settings.connectTimeoutMs ?? 15_000,
    keepaliveInterval: settings.keepaliveIntervalMs ?? 5_000,
    keepaliveCountMax: 3,
  };
  const keyPath =
    settings.privateKeyPath ?? (settings.agent || settings.password !== undefined ? undefined : defaultKeyPath());
  if (keyPath) {
    try {
      config.privateKey = readFileSync(keyPath);
    } catch (err) {
      const reason = (err as { code?: string }).code ?? 'unreadable';
      return Promise.reject(
        new SshError('bad-key-file', host, port, `SSH: cannot read private key file ${keyPath} (${reason})`),
      );
    }
    if (settings.passphrase !== undefined) config.passphrase = settings.passphrase;
  }
  if (settings.agent) {
    const socket = typeof settings.agent === 'string' ? settings.agent : process.env.SSH_AUTH_SOCK;
    if (!socket) {
      return Promise.reject(
        new SshError('auth-failed', host, port, 'SSH: agent authentication requested but SSH_AUTH_SOCK is not set'),
      );
    }
    config.agent = socket;
  }
  if (settings.password !== undefined) config.password = settings.password;
  if (!config.privateKey && !config.agent && config.password === undefined) {
    return Promise.reject(
      new SshError(
        'auth-failed',
        host,
        port,
        `SSH: no way to authenticate as ${user} on ${hostLabel(host, port)}: no key file, agent or password`,
      ),
    );
  }

  // Strict host-key checking. Prefer algorithms of keys we already hold, as ssh does, so a host known by its
  // ECDSA key is not reported as changed just because it also offers Ed25519.
  let entries;
  try {
    entries = readKnownHosts(settings.knownHostsPath);
  } catch (err) {
    const reason = (err as { code?: string }).code ?? 'unreadable';
    return Promise.reject(
      new SshError('ssh-error', host, port, `SSH: cannot read known-hosts file ${settings.knownHostsPath} (${reason})`),
    );
  }
  const preferred = knownKeysFor(entries, host, port).flatMap((e) => algorithmsForKeyType(e.keyType));
  config.algorithms = {
    serverHostKey: [...new Set([...preferred, ...DEFAULT_HOST_KEY_ALGORITHMS])] as NonNullable<
      ConnectConfig['algorithms']
    >['serverHostKey'],
  };
  let hostKeyError: SshError | null = null;
  config.hostVerifier = (blob: Buffer): boolean => {
    let type: string;
    try {
      type = keyTypeOfBlob(blob);
    } catch {
      hostKeyError = new SshError('ssh-error', host, port, `SSH: ${hostLabel(host, port)} sent a malformed host key`);
      return false;
    }
    const verdict = checkHostKey(entries, host, port, { type, base64: blob.toString('base64') });
    switch (verdict.kind) {
      case 'known':
        return true;
      case 'unknown':
        hostKeyError = new UnknownHostKeyError(host, port, verdict.fingerprint, type, verdict.key.base64);
        return false;
      case 'changed':
        hostKeyError = new HostKeyChangedError(
          host,
          port,
          verdict.expected,
          verdict.fingerprint,
          settings.knownHostsPath,
        );
        return false;
      case 'revoked':
        hostKeyError = new HostKeyChangedError(host, port, ['(revoked)'], verdict.fingerprint, settings.knownHostsPath);
        return false;
    }
  };

  return new Promise<SshConnection>((resolve, reject) => {
    const client = new Client();
    let settled = false;
    const onAbort = (): void => {
      finish(new CancelledError());
      client.end();
    };
    const finish = (err: Error | null): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (err) {
        client.end();
        reject(err);
      } else {
        resolve(new SshConnection(client, host, port, user, secrets));
      }
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    client.once('ready', () => finish(null));
    client.on('error', (err) => finish(hostKeyError ?? toSshError(err, host, port, user, secrets)));
    client.once('close', () =>
      finish(
        hostKeyError ??
          new SshError('connection-lost', host, port, `SSH: ${hostLabel(host, port)} closed the connection`),
      ),
    );
    try {
      client.connect(config);
    } catch (err) {
      // ssh2 throws synchronously on a key it cannot parse (e.g. encrypted without passphrase)
      const message = redactSecrets(String((err as Error | null)?.message ?? err), secrets);
      finish(new SshError('bad-key-file', host, port, `SSH: cannot use private key ${keyPath ?? ''}: ${message}`));
    }
  });
}

/** Runs `body` on a fresh connection and always closes it. */
export async function withSsh<T>(
  settings: SshSettings,
  body: (conn: SshConnection) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  const conn = await connectSsh(settings, signal);
  const onAbort = (): void => conn.close();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await body(conn);
  } catch (err) {
    if (signal?.aborted) throw new CancelledError();
    throw conn.error(err);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    conn.close();
  }
}
