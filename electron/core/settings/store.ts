/**
 * settings.json in the data directory: validated on load, written atomically (temp file, fsync, rename).
 * A malformed file is never replaced silently: loading it throws an InputError naming the file, the line
 * and the field; saving over it needs `replaceInvalid`, and then the bad file is kept beside it.
 */
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultSettings, validateSettings, type Settings } from '../../../shared/settings';
import { InputError } from '../errors';

export const SETTINGS_FILE = 'settings.json';

export function settingsPath(dataDir: string): string {
  return join(dataDir, SETTINGS_FILE);
}

/** 1-based line of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Best-effort line of a dotted field path in JSON text: finds each key in turn after the previous one. */
export function lineOfField(text: string, path: string): number | null {
  let from = 0;
  let found = -1;
  for (const part of path.split('.')) {
    if (/^\d+$/.test(part)) continue; // array index: stay at the array's key
    const at = text.indexOf(JSON.stringify(part), from);
    if (at === -1) return found === -1 ? null : lineAt(text, found);
    found = at;
    from = at + 1;
  }
  return found === -1 ? null : lineAt(text, found);
}

/** Parses and validates settings text; throws the first problem as an InputError (all of them in the message). */
export function parseSettingsText(text: string, file: string): Settings {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const position = /position (\d+)/.exec(message);
    const line = position ? lineAt(text, Number(position[1])) : /line (\d+)/.exec(message)?.[1];
    throw new InputError(file, line === undefined ? null : Number(line), null, `not valid JSON: ${message}`);
  }
  const result = validateSettings(json);
  if (result.ok) return result.settings;
  const [first, ...rest] = result.errors;
  if (!first) throw new InputError(file, null, null, 'invalid settings');
  const more = rest.length > 0 ? ` (and ${rest.map((e) => `${e.path}: ${e.message}`).join('; ')})` : '';
  throw new InputError(
    file,
    first.path === '(root)' ? 1 : lineOfField(text, first.path),
    first.path,
    `${first.message}${more}`,
  );
}

/** The settings in effect: the file's, or the defaults when there is no file yet. */
export async function loadSettings(dataDir: string): Promise<Settings> {
  const file = settingsPath(dataDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return defaultSettings();
    throw new InputError(file, null, null, `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  return parseSettingsText(text, file);
}

/** Writes `text` to `path` so that a crash leaves either the old or the new file, never half of one. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temp = `${path}.tmp-${process.pid}-${Date.now()}`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
}

/**
 * Validates and saves settings. If the file on disk is malformed it is not overwritten unless
 * `replaceInvalid` is set; then it is kept as `settings.json.invalid-<time>` and its name returned.
 */
export async function saveSettings(
  dataDir: string,
  input: unknown,
  options: { replaceInvalid?: boolean } = {},
): Promise<{ settings: Settings; keptInvalidFile: string | null }> {
  const file = settingsPath(dataDir);
  const result = validateSettings(input);
  if (!result.ok) {
    const [first] = result.errors;
    throw new InputError(
      file,
      null,
      first?.path ?? null,
      `not saved: ${result.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
    );
  }
  let keptInvalidFile: string | null = null;
  try {
    await loadSettings(dataDir);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    if (!options.replaceInvalid)
      throw new InputError(
        file,
        err.line,
        err.field,
        `not saved: the file on disk is invalid (${err.problem}); fix it or replace it explicitly`,
      );
    keptInvalidFile = `${file}.invalid-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(file, keptInvalidFile);
  }
  await writeFileAtomic(file, `${JSON.stringify(result.settings, null, 2)}\n`);
  return { settings: result.settings, keptInvalidFile };
}
