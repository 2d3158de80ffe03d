/**
 * Writes a whole file so that readers see the old content or the new, never half of it: a temp file beside it,
 * then a rename. Synchronous, for callers inside a SQLite transaction (scoring) or a scoring worker; settings.json
 * has its own async, fsync'd, 0600 form (settings/store.ts).
 */
import fs from 'node:fs';
import path from 'node:path';

let counter = 0;

export function writeFileAtomicSync(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Unique per call: worker threads share the process id.
  const temp = `${file}.tmp-${process.pid}-${Date.now()}-${++counter}`;
  try {
    fs.writeFileSync(temp, content);
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}
