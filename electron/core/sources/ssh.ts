/**
 * Results on the ML node over SSH (config.md §4 "Source per pipeline: SSH"). Dates are listed with
 * `hdfs dfs -ls` over a glob of the results path template (or an SFTP listing when the results sit on the
 * node's disk); a results file is fetched whole into a local temp file and renamed, so an import never reads
 * half a file, then streamed from disk. A raw day comes from a local raw mirror (a folder in Spot's layout) when
 * one is configured, else it is streamed once from the node's HDFS into the cache (into a temporary folder renamed
 * when whole); the named detections of a day (Spot's ML writes none) run locally over that raw day
 * (detectAtSource). HDFS and SFTP transfers report their bytes to the calling job and stop when it is cancelled,
 * leaving the cache as it was.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, posix } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline as pipe } from 'node:stream/promises';
import type { Pipeline } from '../../../shared/schema';
import { compactDay, dayFromCompact, splitDay } from '../../../shared/spot-date';
import { CancelledError, InputError } from '../errors';
import { connectSsh, type SshConnection, type SshSettings } from '../ssh/connect';
import { SshError } from '../ssh/errors';
import { exec, execStream } from '../ssh/exec';
import { downloadAtomic } from '../ssh/sftp';
import { createLocalSource } from './local';
import type { SourceDetections } from '../detect/at-source';
import { detectDay } from '../detect/day';
import { DETECTORS } from '../detect/registry';
import type { NetworkSettings } from '../detect/types';
import type { TransferOptions, TransferProgress } from './transfer';
import type { DaySource, RawDayRef, ResultsFile, SuspiciousKeys } from './types';

export const DEFAULT_RESULTS_TEMPLATE = '{huser}/{type}/scored_results/{yyyymmdd}/scores/{type}_results.csv';

export interface SshSourceSettings {
  ssh: SshSettings;
  /** 'hdfs' (default): `hdfs dfs -ls/-cat` on the node; 'sftp': the results are files on the node's disk. */
  access?: 'hdfs' | 'sftp';
  /** The hdfs client on the node, when it is not on the non-interactive PATH (default `hdfs`). */
  hdfsCommand?: string;
  /** HDFS base (spot.conf HUSER), default /user/spot; fills `{huser}` in the template. */
  huser?: string;
  /** Where a day's results file is; `{huser}`, `{type}` and `{yyyymmdd}` are filled in. */
  resultsPathTemplate?: string;
  /** Local folder keeping the fetched results files. */
  cacheDir: string;
  /**
   * A local folder in Spot's layout holding the raw days (`<type>/hive/y=/m=/d=`). Without it, a raw day is
   * streamed once from the node's HDFS (`{huser}/<type>/hive/y=/m=/d=`, Spot's tables) into the cache folder.
   */
  rawMirror?: string;
  /** What the detectors know of the network, for the named detections of the day (detectAtSource). */
  network?: Partial<NetworkSettings>;
}

export interface SshDaySource extends DaySource {
  /** Closes the shared SSH connection. */
  close(): void;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function createSshSource(settings: SshSourceSettings): SshDaySource {
  const access = settings.access ?? 'hdfs';
  const template = settings.resultsPathTemplate ?? DEFAULT_RESULTS_TEMPLATE;
  const huser = (settings.huser ?? '/user/spot').replace(/\/+$/, '');
  if ((template.match(/\{yyyymmdd\}/g) ?? []).length !== 1) {
    throw new InputError(
      'settings',
      null,
      'resultsPathTemplate',
      `must contain {yyyymmdd} exactly once: "${template}"`,
    );
  }
  const ssh = settings.ssh;
  const hdfs = settings.hdfsCommand ?? 'hdfs';
  const port = ssh.port ?? 22;
  const label = `ssh://${ssh.user}@${ssh.host}${port === 22 ? '' : `:${port}`}`;

  /** The template for one pipeline with {huser} and {type} filled in; {yyyymmdd} left. */
  const forPipeline = (p: Pipeline): string => template.replace(/\{huser\}/g, huser).replace(/\{type\}/g, p);
  const resultsPath = (p: Pipeline, date: string): string => forPipeline(p).replace('{yyyymmdd}', compactDay(date));
  const dateOf = (p: Pipeline, path: string): string | null => {
    const [before, after] = forPipeline(p).split('{yyyymmdd}') as [string, string];
    const m = new RegExp(`^${escapeRegExp(before)}(\\d{8})${escapeRegExp(after)}$`).exec(path);
    return m ? dayFromCompact(m[1]!) : null;
  };

  let shared: Promise<SshConnection> | null = null;
  const connection = async (): Promise<SshConnection> => {
    if (shared) {
      const existing = await shared.catch(() => null);
      if (existing && !existing.closed) return existing;
    }
    const opening = connectSsh(ssh);
    shared = opening;
    opening.catch(() => {
      if (shared === opening) shared = null;
    });
    return opening;
  };
  /** Runs `body` on the shared connection, reconnecting once if the connection had dropped meanwhile. */
  const withConnection = async <T>(body: (conn: SshConnection) => Promise<T>): Promise<T> => {
    const conn = await connection();
    try {
      return await body(conn);
    } catch (err) {
      if (err instanceof CancelledError) throw err;
      const wrapped = err instanceof SshError || err instanceof InputError ? err : conn.error(err);
      if (wrapped instanceof SshError && wrapped.code === 'connection-lost') return body(await connection());
      throw wrapped;
    }
  };

  async function listHdfs(conn: SshConnection, p: Pipeline): Promise<string[]> {
    const glob = forPipeline(p).replace('{yyyymmdd}', '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]');
    const result = await exec(conn, hdfs, ['dfs', '-ls', glob], { allowFailure: true });
    if (result.code !== 0) {
      if (/No such file or directory|matches 0 files/i.test(result.stderr)) return [];
      throw new SshError(
        'remote-command-failed',
        ssh.host,
        port,
        `SSH: \`hdfs dfs -ls ${glob}\` on ${ssh.host} failed (exit code ${result.code}): ${result.stderr.trim()}`,
      );
    }
    const dates: string[] = [];
    for (const line of result.stdout.split('\n')) {
      // -rw-r--r--   3 spot supergroup  1234 2016-07-08 10:00 /user/spot/flow/scored_results/…
      const m = /^-\S*\s+\S+\s+\S+\s+\S+\s+\d+\s+\d{4}-\d{2}-\d{2}\s+\d{2}:\d{2}\s+(.+)$/.exec(line.trimEnd());
      const date = m ? dateOf(p, m[1]!) : null;
      if (date) dates.push(date);
    }
    return dates;
  }

  async function listSftp(conn: SshConnection, p: Pipeline): Promise<string[]> {
    const filled = forPipeline(p);
    const parts = filled.split('/');
    const at = parts.findIndex((part) => part.includes('{yyyymmdd}'));
    const parent = parts.slice(0, at).join('/') || '/';
    const [prefix, suffix] = parts[at]!.split('{yyyymmdd}') as [string, string];
    const sftp = await conn.sftp();
    const names = await conn.guard(
      new Promise<string[]>((resolve, reject) =>
        sftp.readdir(parent, (err, list) => {
          if (err) {
            if ((err as { code?: unknown }).code === 2) resolve([]);
            else reject(conn.error(err, `SFTP readdir ${parent}`));
          } else resolve(list.map((e) => e.filename));
        }),
      ),
      'SFTP',
    );
    const candidates = names
      .filter(
        (n) =>
          n.startsWith(prefix) &&
          n.endsWith(suffix) &&
          /^\d{8}$/.test(n.slice(prefix.length, n.length - suffix.length)),
      )
      .map((n) => `${n.slice(prefix.length, n.length - suffix.length)}`);
    const dates: string[] = [];
    for (const d of candidates) {
      const date = dayFromCompact(d);
      if (!date) continue;
      const path = resultsPath(p, date);
      const isFile = await conn.guard(
        new Promise<boolean>((resolve) => sftp.stat(path, (err, stats) => resolve(!err && stats.isFile()))),
        'SFTP',
      );
      if (isFile) dates.push(date);
    }
    return dates;
  }

  /**
   * `hdfs dfs -cat remote` into `local` (through a temp file renamed when whole), reporting each chunk's bytes.
   * Cancelling closes the channel (the remote `cat` ends on its broken pipe) and leaves no file behind.
   */
  async function fetchHdfs(
    conn: SshConnection,
    remote: string,
    local: string,
    transfer: { signal?: AbortSignal; onBytes?: (bytes: number) => void } = {},
  ): Promise<void> {
    const { signal, onBytes } = transfer;
    if (signal?.aborted) throw new CancelledError();
    const temp = `${local}.${randomBytes(6).toString('hex')}.part`;
    let received = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        received += chunk.length;
        try {
          onBytes?.(received);
          callback(null, chunk);
        } catch (err) {
          // The job's progress throws once it is cancelled: that stops the transfer too.
          callback(err as Error);
        }
      },
    });
    try {
      const { stdout, done } = await execStream(conn, hdfs, ['dfs', '-cat', remote]);
      try {
        await pipe(stdout, counter, createWriteStream(temp), signal ? { signal } : {});
      } catch (err) {
        if (signal?.aborted || err instanceof CancelledError) {
          (stdout as { destroy?: () => void }).destroy?.();
          throw new CancelledError();
        }
        throw err;
      }
      // only a clean exit means the whole file came through
      await done;
      renameSync(temp, local);
    } finally {
      rmSync(temp, { force: true });
    }
  }

  /** HDFS files of a raw day: the day folder's files and those of its h= sub-folders (one level, as Spot's). */
  async function listRawHdfs(conn: SshConnection, dir: string): Promise<{ path: string; bytes: number }[]> {
    const files: { path: string; bytes: number }[] = [];
    const list = async (path: string, depth: number): Promise<void> => {
      const result = await exec(conn, hdfs, ['dfs', '-ls', path], { allowFailure: true });
      if (result.code !== 0) {
        if (/No such file or directory/i.test(result.stderr)) return;
        throw new SshError(
          'remote-command-failed',
          ssh.host,
          port,
          `SSH: \`hdfs dfs -ls ${path}\` on ${ssh.host} failed (exit code ${result.code}): ${result.stderr.trim()}`,
        );
      }
      for (const line of result.stdout.split('\n')) {
        const m = /^([d-])\S*\s+\S+\s+\S+\s+\S+\s+(\d+)\s+\d{4}-\d{2}-\d{2}\s+\d{2}:\d{2}\s+(.+)$/.exec(line.trimEnd());
        if (!m) continue;
        const name = posix.basename(m[3]!);
        // Hidden and in-progress files (_SUCCESS, .x, x._COPYING_) are not data.
        if (name.startsWith('_') || name.startsWith('.') || name.endsWith('._COPYING_')) continue;
        if (m[1] === 'd') {
          if (depth === 0) await list(m[3]!, 1);
        } else files.push({ path: m[3]!, bytes: Number(m[2]) });
      }
    };
    await list(dir, 0);
    return files.sort((a, b) => a.path.localeCompare(b.path));
  }

  /**
   * Streams a raw day from HDFS into `<cacheDir>/<host>_<port>/raw/<type>/hive/y=/m=/d=/` once (a marker file says
   * the copy is whole; a copy without it is fetched again) and returns that local tree's root. Hive's data files
   * often have no extension: a file starting with Parquet's magic is kept as .parquet, else as .csv.
   */
  async function streamRawDay(p: Pipeline, date: string, transfer: TransferOptions = {}): Promise<string> {
    const { y, m, d } = splitDay(date);
    const relative = posix.join(p, 'hive', `y=${y}`, `m=${m}`, `d=${d}`);
    const root = join(settings.cacheDir, `${ssh.host}_${port}`, 'raw');
    const local = join(root, ...relative.split('/'));
    const marker = join(local, '.complete');
    if (existsSync(marker)) return root;
    if (access !== 'hdfs')
      throw new Error(
        `raw ${p} data for ${date} is read from HDFS; with SFTP access configure a local raw folder or Hive as the raw-day source`,
      );
    const remoteDir = `${huser}/${relative}`;
    // Fetched into a folder of its own, renamed into place when whole: a cancelled or failed transfer leaves the
    // cache as it was.
    const incoming = join(settings.cacheDir, `${ssh.host}_${port}`, `.raw-${randomBytes(6).toString('hex')}.part`);
    mkdirSync(incoming, { recursive: true });
    try {
      await withConnection(async (conn) => {
        const files = await listRawHdfs(conn, remoteDir);
        if (files.length === 0)
          throw new InputError(
            `${label}${remoteDir}`,
            null,
            null,
            `no raw ${p} files for ${date} on the ML node's HDFS`,
          );
        const totalBytes = files.reduce((sum, f) => sum + f.bytes, 0);
        const report = (bytes: number, filesDone: number): void =>
          transfer.onTransfer?.({
            what: 'raw day',
            pipeline: p,
            date,
            from: label,
            bytes,
            totalBytes,
            filesDone,
            files: files.length,
          } satisfies TransferProgress);
        let before = 0;
        report(0, 0);
        for (const [i, file] of files.entries()) {
          const temp = join(incoming, `part-${String(i).padStart(5, '0')}`);
          await fetchHdfs(conn, file.path, temp, {
            signal: transfer.signal,
            onBytes: (bytes) => report(before + bytes, i),
          });
          const head = Buffer.alloc(4);
          const fd = openSync(temp, 'r');
          try {
            readSync(fd, head, 0, 4, 0);
          } finally {
            closeSync(fd);
          }
          renameSync(temp, `${temp}.${head.toString('latin1') === 'PAR1' ? 'parquet' : 'csv'}`);
          before += file.bytes;
          report(before, i + 1);
        }
      });
      writeFileSync(join(incoming, '.complete'), '');
      rmSync(local, { recursive: true, force: true });
      mkdirSync(join(local, '..'), { recursive: true });
      renameSync(incoming, local);
    } finally {
      rmSync(incoming, { recursive: true, force: true });
    }
    return root;
  }

  async function rawDay(
    p: Pipeline,
    date: string,
    keys: SuspiciousKeys,
    transfer?: TransferOptions,
  ): Promise<RawDayRef> {
    return createLocalSource(settings.rawMirror ?? (await streamRawDay(p, date, transfer))).rawDay(p, date, keys);
  }

  return {
    async listDates(p: Pipeline): Promise<string[]> {
      const dates = await withConnection((conn) => (access === 'hdfs' ? listHdfs(conn, p) : listSftp(conn, p)));
      return [...new Set(dates)].sort().reverse();
    },

    async openResults(p: Pipeline, date: string, transfer: TransferOptions = {}): Promise<ResultsFile> {
      const remote = resultsPath(p, date);
      const name = `${label}${remote.startsWith('/') ? '' : '/'}${remote}`;
      const local = join(settings.cacheDir, `${ssh.host}_${port}`, p, compactDay(date), posix.basename(remote));
      mkdirSync(join(local, '..'), { recursive: true });
      const progress = { what: 'results', pipeline: p, date, from: label, files: 1 } as const;
      try {
        await withConnection((conn) =>
          access === 'hdfs'
            ? fetchHdfs(conn, remote, local, {
                signal: transfer.signal,
                onBytes: (bytes) => transfer.onTransfer?.({ ...progress, bytes }),
              })
            : downloadAtomic(conn, remote, local, {
                signal: transfer.signal,
                onProgress: (bytes, totalBytes) => transfer.onTransfer?.({ ...progress, bytes, totalBytes }),
              }).then(() => undefined),
        );
      } catch (err) {
        if (err instanceof SshError && err.code === 'no-such-file') {
          throw new InputError(name, null, null, `no ${p} results file for ${date} on the ML node`);
        }
        throw err;
      }
      return { name, stream: createReadStream(local) };
    },

    rawDay,

    // Spot's ML node writes no detections: the local detectors run over the raw day (the mirror, or the copy
    // streamed once from HDFS, which the OA details then read too).
    async detectAtSource(
      p: Pipeline,
      date: string,
      signal?: AbortSignal,
      onTransfer?: TransferOptions['onTransfer'],
    ): Promise<SourceDetections> {
      const raw = await rawDay(p, date, {}, { signal, onTransfer });
      const run = await detectDay({ pipeline: p, date, raw, network: settings.network, signal });
      return {
        findings: run.findings,
        failed: run.failed,
        origin: settings.rawMirror
          ? `local detectors on the raw day in ${settings.rawMirror}`
          : `local detectors on the raw day streamed from ${label}`,
        detectors: DETECTORS[p].length,
      };
    },

    close(): void {
      const current = shared;
      shared = null;
      void current?.then((c) => c.close()).catch(() => undefined);
    },
  };
}
