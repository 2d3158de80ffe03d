export { connectSsh, withSsh, SshConnection, type SshSettings } from './connect';
export { SshError, UnknownHostKeyError, HostKeyChangedError, redactSecrets, type SshErrorCode } from './errors';
export { exec, execStream, shellQuote, commandLine, type ExecResult } from './exec';
export {
  trustHostKey,
  fingerprintOf,
  checkHostKey,
  parseKnownHosts,
  readKnownHosts,
  type HostKey,
  type KnownHostEntry,
} from './known-hosts';
export { uploadAtomic, downloadAtomic, sftpMkdirP, type DownloadOptions, type UploadOptions } from './sftp';
export { pushFeedback, feedbackRemotePath, type FeedbackTarget, type PushResult, type PushHooks } from './push';
