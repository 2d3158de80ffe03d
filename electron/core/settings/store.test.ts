import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../shared/settings';
import { InputError } from '../errors';
import { loadSettings, saveSettings, settingsPath } from './store';

describe('settings store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'settings-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the defaults when there is no file', async () => {
    expect(await loadSettings(dir)).toEqual(defaultSettings());
  });

  it('saves atomically and loads back what it saved', async () => {
    const { settings } = await saveSettings(dir, {
      database: { host: 'impala01', engine: 'impala' },
      oa: { topN: 100 },
    });
    expect(settings.oa.topN).toBe(100);
    expect(await loadSettings(dir)).toEqual(settings);
    expect(readdirSync(dir)).toEqual(['settings.json']); // no temp file left behind
    expect(JSON.parse(readFileSync(settingsPath(dir), 'utf8')).database.host).toBe('impala01');
  });

  it('refuses to save invalid settings and names the field', async () => {
    const err = await saveSettings(dir, { oa: { topN: 'many' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).field).toBe('oa.topN');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('reports a malformed JSON file with its line', async () => {
    writeFileSync(settingsPath(dir), '{\n  "oa": {\n    "topN": 10,\n  }\n}\n');
    const err = (await loadSettings(dir).catch((e: unknown) => e)) as InputError;
    expect(err).toBeInstanceOf(InputError);
    expect(err.file).toBe(settingsPath(dir));
    expect(err.line).toBe(4);
    expect(err.message).toMatch(/not valid JSON/);
  });

  it('reports an invalid field with file, line and field path', async () => {
    writeFileSync(settingsPath(dir), '{\n  "oa": { "topN": 5 },\n  "database": {\n    "port": "abc"\n  }\n}\n');
    const err = (await loadSettings(dir).catch((e: unknown) => e)) as InputError;
    expect(err.message).toBe(`${settingsPath(dir)}, line 4, field database.port: database.port must be a number`);
  });

  it('never overwrites a malformed file silently', async () => {
    writeFileSync(settingsPath(dir), '{ not json');
    await expect(saveSettings(dir, {})).rejects.toThrow(/the file on disk is invalid/);
    expect(readFileSync(settingsPath(dir), 'utf8')).toBe('{ not json');
    const { keptInvalidFile } = await saveSettings(dir, {}, { replaceInvalid: true });
    expect(keptInvalidFile).not.toBeNull();
    expect(readFileSync(keptInvalidFile as string, 'utf8')).toBe('{ not json');
    expect(await loadSettings(dir)).toEqual(defaultSettings());
  });
});
