/**
 * SFTP transfers that never leave a half-written file where a reader looks: uploads go to a temporary name
 * in the target directory and are renamed over the target (posix-rename@openssh.com when the server has it,
 * else remove + rename); downloads land in a local temp file and are renamed after the size is checked.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname as localDirname } from 'node:path';
import { posix } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { SFTPWrapper, Stats } from 'ssh2';
import { CancelledError } from '../errors';
import type { SshConnection } from './connect';

const CHUNK = 64 * 1024;
/** A temp file older than this next to the target is a leftover of a dropped connection. */
const STALE_TEMP_MS = 10 * 60 * 1000;

function call<T>(fn: (cb: (err: Error | null | undefined, value: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    try {
      fn((err, value) => (err ? reject(err) : resolve(value)));
    } catch (err) {
      reject(err);
    }
  });
}

/** `call`, failing as soon as the connection drops (ssh2 may never call back a request in flight). */
function callOn<T>(
  conn: SshConnection,
  fn: (cb: (err: Error | null | undefined, value: T) => void) => void,
): Promise<T> {
  return conn.guard(call(fn), 'SFTP');
}

export function sftpStat(conn: SshConnection, sftp: SFTPWrapper, path: string): Promise<Stats> {
  return callOn<Stats>(conn, (cb) => sftp.stat(path, cb));
}

async function statOrNull(conn: SshConnection, sftp: SFTPWrapper, path: string): Promise<Stats | null> {
  try {
    return await sftpStat(conn, sftp, path);
  } catch (err) {
    if ((err as { code?: unknown }).code === 2) return null;
    throw err;
  }
}

/** `mkdir -p` over SFTP. */
export async function sftpMkdirP(conn: SshConnection, dir: string): Promise<void> {
  const sftp = await conn.sftp();
  const parts = dir.split('/');
  let current = dir.startsWith('/') ? '' : '.';
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    current = current === '' ? `/${part}` : `${current}/${part}`;
    const stats = await statOrNull(conn, sftp, current).catch((err) => {
      throw conn.error(err, `SFTP stat ${current}`);
    });
    if (stats?.isDirectory()) continue;
    if (stats) throw conn.error(new Error(`${current} exists and is not a directory`), 'SFTP mkdir');
    try {
      await callOn<void>(conn, (cb) => sftp.mkdir(current, (err) => cb(err, undefined)));
    } catch (err) {
      // another writer may have created it in between
      const again = await statOrNull(conn, sftp, current).catch(() => null);
      if (!again?.isDirectory()) throw conn.error(err, `SFTP mkdir ${current}`);
    }
  }
}

export interface UploadOptions {
  /** File mode of the new file (default 0644). */
  mode?: number;
  onProgress?: (bytesWritten: number, total: number) => void;
  signal?: AbortSignal;
}

/** Writes `content` to `remotePath` atomically: temp file in the same directory, fsync, rename over. */
export async function uploadAtomic(
  conn: SshConnection,
  content: string | Buffer,
  remotePath: string,
  opts: UploadOptions = {},
): Promise<void> {
  const sftp = await conn.sftp();
  const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const dir = posix.dirname(remotePath);
  const base = posix.basename(remotePath);
  const temp = posix.join(dir, `.${base}.${randomBytes(6).toString('hex')}.tmp`);
  const what = `SFTP upload to ${remotePath}`;
  let handle: Buffer;
  try {
    handle = await callOn<Buffer>(conn, (cb) => sftp.open(temp, 'wx', { mode: opts.mode ?? 0o644 }, cb));
  } catch (err) {
    throw conn.error(err, what);
  }
  let renamed = false;
  try {
    for (let offset = 0; offset < data.length; offset += CHUNK) {
      if (opts.signal?.aborted) throw new CancelledError();
      const length = Math.min(CHUNK, data.length - offset);
      await callOn<void>(conn, (cb) => sftp.write(handle, data, offset, length, offset, (err) => cb(err, undefined)));
      opts.onProgress?.(offset + length, data.length);
    }
    await fsyncIfSupported(conn, sftp, handle);
    await callOn<void>(conn, (cb) => sftp.close(handle, (err) => cb(err, undefined)));
    await renameOver(conn, sftp, temp, remotePath);
    renamed = true;
  } catch (err) {
    if (err instanceof CancelledError) throw err;
    throw conn.error(err, what);
  } finally {
    if (!renamed && !conn.closed) {
      // best effort: the connection may be the thing that failed
      await callOn<void>(conn, (cb) => sftp.unlink(temp, (err) => cb(err, undefined))).catch(() => undefined);
    }
  }
  await removeStaleTemps(conn, sftp, dir, base).catch(() => undefined);
}

async function fsyncIfSupported(conn: SshConnection, sftp: SFTPWrapper, handle: Buffer): Promise<void> {
  try {
    await callOn<unknown>(conn, (cb) => sftp.ext_openssh_fsync(handle, (err, info) => cb(err, info)));
  } catch (err) {
    if (!/does not support/i.test(String((err as Error).message))) throw err;
  }
}

async function renameOver(conn: SshConnection, sftp: SFTPWrapper, from: string, to: string): Promise<void> {
  try {
    await callOn<void>(conn, (cb) => sftp.ext_openssh_rename(from, to, (err) => cb(err, undefined)));
    return;
  } catch (err) {
    if (!/does not support/i.test(String((err as Error).message))) throw err;
  }
  // plain SFTP rename refuses to overwrite: remove the old file first (a reader may briefly see no file,
  // never a partial one)
  await callOn<void>(conn, (cb) => sftp.unlink(to, (err) => cb(err, undefined))).catch((err: { code?: unknown }) => {
    if (err.code !== 2) throw err;
  });
  await callOn<void>(conn, (cb) => sftp.rename(from, to, (err) => cb(err, undefined)));
}

async function removeStaleTemps(conn: SshConnection, sftp: SFTPWrapper, dir: string, base: string): Promise<void> {
  const list = await callOn<Array<{ filename: string; attrs: Stats }>>(conn, (cb) => sftp.readdir(dir, cb));
  const prefix = `.${base}.`;
  const now = Date.now();
  for (const entry of list) {
    if (!entry.filename.startsWith(prefix) || !entry.filename.endsWith('.tmp')) continue;
    if (now - entry.attrs.mtime * 1000 < STALE_TEMP_MS) continue;
    await callOn<void>(conn, (cb) => sftp.unlink(posix.join(dir, entry.filename), (err) => cb(err, undefined)));
  }
}

export interface DownloadOptions {
  /** Aborting stops the transfer (CancelledError); the target file stays as it was. */
  signal?: AbortSignal;
  /** Bytes received so far of the size SFTP reported; a throw (a cancelled job) stops the transfer too. */
  onProgress?: (bytesReceived: number, total: number) => void;
}

/** Fetches `remotePath` into `localPath` through a local temp file; the rename happens only once the whole
 * file (the size SFTP reported before the transfer) has arrived. */
export async function downloadAtomic(
  conn: SshConnection,
  remotePath: string,
  localPath: string,
  { signal, onProgress }: DownloadOptions = {},
): Promise<number> {
  if (signal?.aborted) throw new CancelledError();
  const sftp = await conn.sftp();
  const what = `SFTP download of ${remotePath}`;
  let size: number;
  try {
    size = (await sftpStat(conn, sftp, remotePath)).size;
  } catch (err) {
    throw conn.error(err, what);
  }
  mkdirSync(localDirname(localPath), { recursive: true });
  const temp = `${localPath}.${randomBytes(6).toString('hex')}.part`;
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      try {
        onProgress?.(received, size);
        callback(null, chunk);
      } catch (err) {
        callback(err as Error);
      }
    },
  });
  try {
    await conn.guard(
      pipeline(sftp.createReadStream(remotePath), counter, createWriteStream(temp), signal ? { signal } : {}),
      'SFTP',
    );
    const got = statSync(temp).size;
    if (got !== size) throw new Error(`short read: got ${got} of ${size} bytes`);
    renameSync(temp, localPath);
    return size;
  } catch (err) {
    rmSync(temp, { force: true });
    if (signal?.aborted || err instanceof CancelledError) throw new CancelledError();
    throw conn.error(err, what);
  }
}
