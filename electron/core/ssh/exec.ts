/**
 * Remote commands over an open connection. Arguments are quoted for a POSIX shell (the remote login shell
 * runs the command line), so paths with spaces or quotes reach the command as one argument each.
 */
import type { Readable } from 'node:stream';
import type { ClientChannel } from 'ssh2';
import { hostLabel, redactSecrets, SshError } from './errors';
import type { SshConnection } from './connect';

/** Quotes one argument for a POSIX shell: bare when only safe characters, else single-quoted. */
export function shellQuote(arg: string): string {
  if (arg !== '' && /^[A-Za-z0-9_\-./:=@%+,]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function commandLine(command: string, args: readonly string[]): string {
  return [command, ...args].map(shellQuote).join(' ');
}

export interface ExecResult {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

const MAX_CAPTURE = 4 * 1024 * 1024;

/** The exit of a command as the channel reported it (null until then). */
interface ExitStatus {
  code: number | null;
  signal: string | null;
}

/**
 * Opens an exec channel with its exit status recorded from the start: ssh2 can parse the exec reply, the exit
 * status and the close from one chunk, so a listener attached after the callback (an await later) missed them.
 */
function openChannel(conn: SshConnection, line: string): Promise<{ channel: ClientChannel; exit: ExitStatus }> {
  return conn.guard(
    new Promise((resolve, reject) => {
      try {
        conn.client.exec(line, (err, channel) => {
          if (err) return reject(conn.error(err, 'SSH exec'));
          const exit: ExitStatus = { code: null, signal: null };
          channel.on('exit', (exitCode: number | null, exitSignal?: string) => {
            exit.code = exitCode;
            exit.signal = exitSignal ?? null;
          });
          resolve({ channel, exit });
        });
      } catch (err) {
        reject(conn.error(err, 'SSH exec'));
      }
    }),
    'SSH exec',
  );
}

/** Runs `command args…`, capturing output (bounded). Rejects with `remote-command-failed` (naming the
 * command and its stderr) on a non-zero exit unless `allowFailure`. */
export async function exec(
  conn: SshConnection,
  command: string,
  args: readonly string[] = [],
  opts: { allowFailure?: boolean; stdin?: string } = {},
): Promise<ExecResult> {
  const line = commandLine(command, args);
  const { channel, exit } = await openChannel(conn, line);
  const result = await conn.guard(
    new Promise<ExecResult>((resolve, reject) => {
      let stdout = '';
      let stderr = '';
      channel.setEncoding('utf8');
      channel.stderr.setEncoding('utf8');
      channel.on('data', (chunk: string) => {
        if (stdout.length < MAX_CAPTURE) stdout += chunk;
      });
      channel.stderr.on('data', (chunk: string) => {
        if (stderr.length < MAX_CAPTURE) stderr += chunk;
      });
      channel.on('error', (err: Error) => reject(conn.error(err, 'SSH exec')));
      channel.on('close', () => {
        if (exit.code === null && exit.signal === null) {
          reject(conn.error(new Error('channel closed before the command finished'), `SSH exec ${command}`));
        } else {
          resolve({ code: exit.code, signal: exit.signal, stdout, stderr });
        }
      });
      if (opts.stdin !== undefined) channel.end(opts.stdin);
      else channel.end();
    }),
    `SSH exec ${command}`,
  );
  if (!opts.allowFailure && result.code !== 0) throw remoteCommandError(conn, line, result);
  return result;
}

export function remoteCommandError(
  conn: SshConnection,
  command: string,
  result: Pick<ExecResult, 'code' | 'signal' | 'stderr'>,
): SshError {
  const detail = redactSecrets(result.stderr.trim().split('\n').slice(-5).join(' | '), []);
  const status = result.signal ? `signal ${result.signal}` : `exit code ${result.code}`;
  // 127: the shell found no such command (e.g. hdfs not on the non-interactive PATH)
  const code =
    result.code === 127
      ? 'command-not-found'
      : /permission denied/i.test(detail)
        ? 'permission-denied'
        : /no such file/i.test(detail)
          ? 'no-such-file'
          : 'remote-command-failed';
  return new SshError(
    code,
    conn.host,
    conn.port,
    `SSH: \`${command}\` on ${hostLabel(conn.host, conn.port)} failed (${status})${detail ? `: ${detail}` : ''}`,
  );
}

/** Runs a command and hands back its stdout as a stream; `done` settles with the exit status (rejects on a
 * non-zero exit, naming the command and its stderr). */
export async function execStream(
  conn: SshConnection,
  command: string,
  args: readonly string[] = [],
): Promise<{ stdout: Readable; done: Promise<void> }> {
  const { channel, exit } = await openChannel(conn, commandLine(command, args));
  let stderr = '';
  channel.stderr.setEncoding('utf8');
  channel.stderr.on('data', (chunk: string) => {
    if (stderr.length < 64 * 1024) stderr += chunk;
  });
  const done = conn.guard(
    new Promise<void>((resolve, reject) => {
      channel.on('error', (err: Error) => reject(conn.error(err, 'SSH exec')));
      channel.on('close', () => {
        const { code, signal } = exit;
        if (code === 0) resolve();
        else if (code === null && signal === null)
          reject(conn.error(new Error('channel closed before the command finished'), `SSH exec ${command}`));
        else reject(remoteCommandError(conn, commandLine(command, args), { code, signal, stderr }));
      });
    }),
    `SSH exec ${command}`,
  );
  // the caller may not await `done` before the stream ends; keep an unhandled rejection from crashing Node
  done.catch(() => undefined);
  channel.end();
  return { stdout: channel, done };
}
