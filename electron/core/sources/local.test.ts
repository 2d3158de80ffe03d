import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RAW_COLUMNS, RAW_FLOW_SEED_COLUMNS, columnNames } from '../../../shared/schema';
import { InputError } from '../errors';
import { createLocalSource, rawDayDir, resultsPath } from './local';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'spot-local-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

async function inputErrorOf(work: Promise<unknown>): Promise<InputError> {
  const err = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputError);
  return err as InputError;
}

describe('createLocalSource', () => {
  it('lists dates with a results file, newest first', async () => {
    write(resultsPath(root, 'flow', '2026-11-24'), 'x');
    write(resultsPath(root, 'flow', '2026-01-05'), 'x');
    mkdirSync(join(root, 'flow/scored_results/20261123/scores'), { recursive: true }); // no file
    mkdirSync(join(root, 'flow/scored_results/notes'), { recursive: true });
    const source = createLocalSource(root);
    expect(await source.listDates('flow')).toEqual(['2026-11-24', '2026-01-05']);
    expect(await source.listDates('dns')).toEqual([]);
  });

  it('lists dates with raw telemetry (scored or not), newest first', async () => {
    write(join(rawDayDir(root, 'dns', '2026-11-24'), 'h=3/part-0.parquet'), 'PAR1');
    write(join(rawDayDir(root, 'dns', '2026-01-05'), 'day.csv'), 'x');
    mkdirSync(rawDayDir(root, 'dns', '2026-01-06'), { recursive: true }); // no data file
    write(join(rawDayDir(root, 'dns', '2026-01-07'), 'notes.txt'), 'x'); // no data file
    mkdirSync(join(root, 'dns/hive/y=2026/m=13/d=1'), { recursive: true });
    write(join(root, 'dns/hive/y=2026/m=2/d=30/x.csv'), 'x'); // no such date
    mkdirSync(join(root, 'dns/hive/y=2026/misc'), { recursive: true });
    const source = createLocalSource(root);
    expect(await source.listRawDates!('dns')).toEqual(['2026-11-24', '2026-01-05']);
    expect(await source.listRawDates!('flow')).toEqual([]);
  });

  it('reads raw days from rawRoot when given, results from root', async () => {
    const raw = join(root, 'raw-elsewhere');
    write(join(rawDayDir(raw, 'proxy', '2026-11-24'), 'h=1/p.parquet'), 'PAR1');
    write(resultsPath(root, 'proxy', '2026-11-23'), 'x');
    const source = createLocalSource(root, { rawRoot: raw });
    expect(await source.listRawDates!('proxy')).toEqual(['2026-11-24']);
    expect(await source.listDates('proxy')).toEqual(['2026-11-23']);
    expect((await source.rawDay('proxy', '2026-11-24', {})).files).toEqual([
      join(rawDayDir(raw, 'proxy', '2026-11-24'), 'h=1/p.parquet'),
    ]);
  });

  it('opens a results file and names the path when it is missing', async () => {
    write(resultsPath(root, 'dns', '2026-11-24'), 'hello');
    const source = createLocalSource(root);
    const file = await source.openResults('dns', '2026-11-24');
    expect(file.name).toBe(join(root, 'dns/scored_results/20261124/scores/dns_results.csv'));
    let text = '';
    for await (const chunk of file.stream) text += String(chunk);
    expect(text).toBe('hello');
    const err = await inputErrorOf(source.openResults('dns', '2026-11-25'));
    expect(err.message).toBe(
      `${join(root, 'dns/scored_results/20261125/scores/dns_results.csv')}: no dns results file for 2026-11-25`,
    );
  });

  it('uses unpadded partition folders and lists the files in d= and in h=', async () => {
    expect(rawDayDir(root, 'flow', '2026-01-05')).toBe(join(root, 'flow/hive/y=2026/m=1/d=5'));
    const dir = rawDayDir(root, 'proxy', '2026-01-05');
    write(join(dir, 'h=0/part-0.parquet'), 'PAR1');
    write(join(dir, 'part-1.parquet'), 'PAR1');
    const ref = await createLocalSource(root).rawDay('proxy', '2026-01-05', {});
    expect(ref).toEqual({
      files: [join(dir, 'h=0/part-0.parquet'), join(dir, 'part-1.parquet')],
      name: dir,
      format: 'parquet',
      wholeDay: true,
    });
  });

  it('accepts the 28-column and the 27-column (seed) flow CSV headers', async () => {
    const dir = rawDayDir(root, 'flow', '2026-11-24');
    write(join(dir, 'h=1/a.csv'), columnNames(RAW_COLUMNS.flow).join(',') + '\n');
    expect((await createLocalSource(root).rawDay('flow', '2026-11-24', {})).format).toBe('csv');
    rmSync(dir, { recursive: true });
    write(join(dir, 'a.csv'), columnNames(RAW_FLOW_SEED_COLUMNS).join(',') + '\r\n1,2\n');
    expect((await createLocalSource(root).rawDay('flow', '2026-11-24', {})).files).toEqual([join(dir, 'a.csv')]);
  });

  it('names the file, line 1 and the column of a wrong CSV header', async () => {
    const dir = rawDayDir(root, 'dns', '2026-11-24');
    const names = columnNames(RAW_COLUMNS.dns);
    names[4] = 'ip_source';
    write(join(dir, 'a.csv'), names.join(',') + '\n');
    const err = await inputErrorOf(createLocalSource(root).rawDay('dns', '2026-11-24', {}));
    expect(err.message).toBe(`${join(dir, 'a.csv')}, line 1, field ip_src: raw dns CSV header names "ip_source" here`);
  });

  it('rejects a header with the wrong number of columns', async () => {
    const dir = rawDayDir(root, 'flow', '2026-11-24');
    write(join(dir, 'a.csv'), 'a,b,c\n');
    const err = await inputErrorOf(createLocalSource(root).rawDay('flow', '2026-11-24', {}));
    expect(err.message).toBe(`${join(dir, 'a.csv')}, line 1: raw flow CSV header has 3 columns, expected 28 or 27`);
  });

  it('rejects files of one day with different headers', async () => {
    const dir = rawDayDir(root, 'flow', '2026-11-24');
    write(join(dir, 'h=0/a.csv'), columnNames(RAW_COLUMNS.flow).join(',') + '\n');
    write(join(dir, 'h=1/b.csv'), columnNames(RAW_FLOW_SEED_COLUMNS).join(',') + '\n');
    const err = await inputErrorOf(createLocalSource(root).rawDay('flow', '2026-11-24', {}));
    expect(err.message).toBe(`${join(dir, 'h=1/b.csv')}, line 1: header differs from h=0/a.csv of the same day`);
  });

  it('names the path of a missing or empty raw day', async () => {
    const source = createLocalSource(root);
    const dir = rawDayDir(root, 'flow', '2026-11-24');
    expect((await inputErrorOf(source.rawDay('flow', '2026-11-24', {}))).message).toBe(
      `${dir}: no raw flow data for 2026-11-24 (folder missing)`,
    );
    write(join(dir, 'README.txt'), 'nothing here');
    expect((await inputErrorOf(source.rawDay('flow', '2026-11-24', {}))).message).toBe(
      `${dir}: no raw flow data for 2026-11-24 (no .parquet or .csv files)`,
    );
  });

  it('rejects a day mixing Parquet and CSV', async () => {
    const dir = rawDayDir(root, 'flow', '2026-11-24');
    write(join(dir, 'a.parquet'), 'PAR1');
    write(join(dir, 'b.csv'), columnNames(RAW_COLUMNS.flow).join(',') + '\n');
    expect((await inputErrorOf(createLocalSource(root).rawDay('flow', '2026-11-24', {}))).file).toBe(dir);
  });

  it('rejects a malformed date', async () => {
    await expect(createLocalSource(root).openResults('flow', '20261124')).rejects.toThrow('bad date "20261124"');
  });
});
