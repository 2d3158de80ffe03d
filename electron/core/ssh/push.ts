/**
 * Pushing a day's ml_feedback.csv to the ML node (feedback.md §5). The file is always the whole, regenerated
 * feedback of the day, so a push is idempotent: re-pushing the same content leaves the same file, and a
 * retry after a dropped connection can never duplicate or lose rows.
 *  - hdfs (default): SFTP to a private staging file on the node, `hdfs dfs -mkdir -p` + `hdfs dfs -put -f`
 *    into `<HUSER>/<type>/scored_results/<YYYYMMDD>/feedback/ml_feedback.csv` (HDFS writes `._COPYING_` and
 *    renames, so readers never see half a file), then the staging file is removed.
 *  - local: the pre-1.0 `LPATH` (`${LUSER}/ml/${DSOURCE}/${FDATE}`) on the node's disk, via uploadAtomic.
 */
import { posix } from 'node:path';
import type { Pipeline } from '../../../shared/schema';
import { compactDay } from '../../../shared/spot-date';
import { withSsh, type SshSettings } from './connect';
import { exec } from './exec';
import { sftpMkdirP, uploadAtomic } from './sftp';

export type FeedbackTarget =
  | {
      kind: 'hdfs';
      /** HDFS base, e.g. /user/spot (spot.conf HUSER). */
      huser: string;
      /** Directory on the node (relative = the SSH user's home) for the staging copy; default `.spot-desk/outbox`. */
      stagingDir?: string;
      /** The hdfs client on the node, when it is not on the non-interactive PATH (default `hdfs`). */
      hdfsCommand?: string;
    }
  | {
      kind: 'local';
      /** e.g. `/home/spot/ml/${DSOURCE}/${FDATE}`; `${LUSER}`, `${DSOURCE}`/`{type}`, `${FDATE}`/`{yyyymmdd}`
       * are filled in. */
      lpathTemplate: string;
      luser?: string;
      /** default ml_feedback.csv */
      fileName?: string;
    };

export interface PushResult {
  /** Where the file now is (an HDFS path for hdfs, a path on the node for local). */
  path: string;
  bytes: number;
}

/** The path the feedback file of `pipeline`/`date` (YYYY-MM-DD) goes to for `target`. */
export function feedbackRemotePath(pipeline: Pipeline, date: string, target: FeedbackTarget): string {
  const yyyymmdd = compactDay(date);
  if (target.kind === 'hdfs') {
    const huser = target.huser.replace(/\/+$/, '');
    return `${huser}/${pipeline}/scored_results/${yyyymmdd}/feedback/ml_feedback.csv`;
  }
  const dir = target.lpathTemplate
    .replace(/\$\{LUSER\}|\{luser\}/g, target.luser ?? '${LUSER}')
    .replace(/\$\{DSOURCE\}|\{type\}/g, pipeline)
    .replace(/\$\{FDATE\}|\{yyyymmdd\}/g, yyyymmdd);
  const unfilled = /\$\{[A-Z_]+\}/.exec(dir);
  if (unfilled) throw new Error(`feedback push: LPATH template "${target.lpathTemplate}" leaves ${unfilled[0]} unset`);
  return posix.join(dir, target.fileName ?? 'ml_feedback.csv');
}

export interface PushHooks {
  /** Called as the SFTP upload progresses (tests use it to cut the connection mid-transfer). */
  onUploadProgress?: (bytesWritten: number, total: number) => void;
}

export async function pushFeedback(
  settings: SshSettings,
  pipeline: Pipeline,
  date: string,
  content: string,
  target: FeedbackTarget,
  signal?: AbortSignal,
  hooks: PushHooks = {},
): Promise<PushResult> {
  const path = feedbackRemotePath(pipeline, date, target);
  const bytes = Buffer.byteLength(content, 'utf8');
  return withSsh(
    settings,
    async (conn) => {
      if (target.kind === 'local') {
        await sftpMkdirP(conn, posix.dirname(path));
        await uploadAtomic(conn, content, path, { signal, onProgress: hooks.onUploadProgress });
        return { path, bytes };
      }
      const stagingDir = target.stagingDir ?? '.spot-desk/outbox';
      // one staging name per pipeline and day: a leftover from a dropped connection is simply overwritten
      const staging = posix.join(stagingDir, `${pipeline}-${compactDay(date)}-ml_feedback.csv`);
      await sftpMkdirP(conn, stagingDir);
      try {
        await uploadAtomic(conn, content, staging, { signal, onProgress: hooks.onUploadProgress });
        const hdfs = target.hdfsCommand ?? 'hdfs';
        await exec(conn, hdfs, ['dfs', '-mkdir', '-p', posix.dirname(path)]);
        await exec(conn, hdfs, ['dfs', '-put', '-f', staging, path]);
      } finally {
        // the staging copy is only a vehicle; on a dropped connection the next push overwrites it
        if (!conn.closed) await exec(conn, 'rm', ['-f', staging]).catch(() => undefined);
      }
      return { path, bytes };
    },
    signal,
  );
}
