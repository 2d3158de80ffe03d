/** Reads the hostile-input corpus (see README.md next to this file). */
import fs from 'node:fs';
import path from 'node:path';

export const CORPUS_DIR = import.meta.dirname;

export interface HostileCase {
  format: string;
  name: string;
  file: string;
  /** The `# key: value` lines at the top. */
  meta: Record<string, string>;
  /** The input: the lines after the metadata, joined with LF (the format's runner decides the line end). */
  text: string;
}

/** The format folders of the corpus. */
export function corpusFormats(): string[] {
  return fs
    .readdirSync(CORPUS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export function loadCases(format: string): HostileCase[] {
  const folder = path.join(CORPUS_DIR, format);
  return fs
    .readdirSync(folder)
    .filter((name) => !name.startsWith('.'))
    .sort()
    .map((name) => {
      const file = path.join(folder, name);
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      const meta: Record<string, string> = {};
      let first = 0;
      for (; first < lines.length; first++) {
        const match = /^# ([a-z-]+): ?(.*)$/.exec(lines[first] ?? '');
        if (!match) break;
        meta[match[1] ?? ''] = match[2] ?? '';
      }
      if (meta.expect === undefined) throw new Error(`${file}: line 1: no "# expect: …" line`);
      return { format, name, file, meta, text: lines.slice(first).join('\n') };
    });
}

/** `\xHH` escapes to their bytes; everything else as UTF-8. */
export function decodeEscapes(text: string): Buffer {
  const parts: Buffer[] = [];
  let last = 0;
  for (const match of text.matchAll(/\\x([0-9a-fA-F]{2})/g)) {
    parts.push(Buffer.from(text.slice(last, match.index), 'utf8'), Buffer.from([parseInt(match[1] ?? '', 16)]));
    last = match.index + match[0].length;
  }
  parts.push(Buffer.from(text.slice(last), 'utf8'));
  return Buffer.concat(parts);
}
