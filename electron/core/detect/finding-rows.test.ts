import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { FindingRows } from '../../../shared/ops/core';
import { RAW_COLUMNS, columnNames } from '../../../shared/schema';
import { rawDayDir } from '../sources/local';
import { useTestCore } from '../test-core';

const DATE = '2026-11-24';

/** A proxy raw day of 1,500 requests: 1,200 of one client's SQL injection campaign among ordinary browsing. */
function writeRawDay(root: string): void {
  const header = columnNames(RAW_COLUMNS.proxy);
  const line = (i: number, client: string, uri: string): string => {
    const row: Record<string, string> = Object.fromEntries(header.map((c) => [c, '-']));
    Object.assign(row, {
      p_date: DATE,
      p_time: `10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`,
      clientip: client,
      host: uri.split('/')[0]!,
      reqmethod: 'GET',
      useragent: 'Mozilla/5.0',
      duration: '12',
      respcode: '200',
      uriport: '443',
      uripath: '/',
      uriquery: '-',
      scbytes: '100',
      csbytes: '200',
      fulluri: uri,
      word: '',
      score: '0',
    });
    return header.map((c) => (row[c]!.includes(',') ? `"${row[c]}"` : row[c])).join(',');
  };
  const lines = [header.join(',')];
  for (let i = 0; i < 1500; i++)
    lines.push(
      i % 5 === 4
        ? line(i, '10.1.0.3', `news.example.com/article/${i}`)
        : line(i, '10.1.0.2', `shop.example.com/item?id=${i}%27+UNION+SELECT+null--`),
    );
  const day = rawDayDir(root, 'proxy', DATE);
  fs.mkdirSync(day, { recursive: true });
  fs.writeFileSync(path.join(day, 'day.csv'), `${lines.join('\n')}\n`);
}

const t = useTestCore({
  per: 'test',
  prefix: 'spot-finding-rows-',
  dataSubdir: 'data',
  prepare: (dir) => {
    writeRawDay(path.join(dir, 'tree'));
  },
});
beforeEach(async () => {
  const settings = await t.call<Record<string, unknown>>('settings.get', {});
  await t.call('settings.save', {
    settings: { ...settings, local: { ...(settings.local as object), root: path.join(t.dir, 'tree') } },
  });
});

describe('finding.rows', () => {
  it('lists every raw row a finding covers, past the 1,000 the detections file keeps, in pages', async () => {
    const keys = { clientip: '10.1.0.2', uriPattern: 'union(\\s|\\+|%20)+select' };
    const first = await t.call<FindingRows>('finding.rows', { pipeline: 'proxy', date: DATE, keys });
    expect(first.total).toBe(1200);
    expect(first.rows).toHaveLength(1000);
    const next = await t.call<FindingRows>('finding.rows', { pipeline: 'proxy', date: DATE, keys, offset: 1000 });
    expect(next.rows).toHaveLength(200);
    const at = (page: FindingRows, c: string) => page.rows.map((r) => r[page.columns.indexOf(c)]);
    expect(new Set([...at(first, 'clientip'), ...at(next, 'clientip')])).toEqual(new Set(['10.1.0.2']));
    expect(new Set([...at(first, 'fulluri'), ...at(next, 'fulluri')]).size).toBe(1200);
  });

  it('refuses keys that name nothing or that a finding never has, at the door', async () => {
    for (const keys of [{}, { sip: '10.0.0.1' }]) {
      const out = await t.dispatch('finding.rows', { pipeline: 'proxy', date: DATE, keys });
      expect(out.ok).toBe(false);
    }
  });
});
