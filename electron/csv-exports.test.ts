// Every CSV a person opens in a spreadsheet defuses formulas (OWASP CSV injection), whichever export wrote it:
// the IOC export, any table (export.csv), the allow-list export and `spot-desk list --format csv`.
import { describe, expect, it } from 'vitest';
import type { SuspiciousList } from '../shared/ops/triage';
import { formatList } from './cli';
import { toCsv } from './core/csv-writer';
import { exportAllowList } from './core/feedback/allow-list';
import { IOC_CSV_COLUMNS, iocRows } from './core/report/iocs';

const FORMULAS = ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\r=1'];

function cellsOf(csv: string): string[] {
  // Enough of RFC 4180 for these files: quoted fields with doubled quotes, comma separated, CRLF or LF rows.
  const cells: string[] = [];
  const re = /(?:^|,)(?:"((?:[^"]|"")*)"|([^,\r\n]*))/gy;
  for (const line of csv.split(/\r?\n(?=(?:[^"]*"[^"]*")*[^"]*$)/)) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while (re.lastIndex < line.length && (m = re.exec(line)))
      cells.push(m[1] !== undefined ? m[1].replaceAll('""', '"') : (m[2] ?? ''));
  }
  return cells;
}

function expectDefused(csv: string): void {
  const cells = cellsOf(csv);
  expect(cells.length).toBeGreaterThan(FORMULAS.length);
  // Each hostile text is there, behind the guard's quote, and no cell starts a formula.
  for (const f of FORMULAS) expect(cells).toContain(`'${f}`);
  for (const cell of cells) expect(cell, JSON.stringify(cell)).not.toMatch(/^[=+\-@\t\r]/);
}

describe('CSV exports are formula-injection safe', () => {
  it('the IOC export', () => {
    const iocs = FORMULAS.map((f) => ({
      type: 'user-agent' as const,
      value: f,
      threat: f,
      anchor: f,
      count: 1,
      firstSeen: null,
      lastSeen: null,
    }));
    expectDefused(toCsv(IOC_CSV_COLUMNS, iocRows(iocs)));
  });

  it('the allow-list export', () => {
    expectDefused(
      exportAllowList(
        FORMULAS.map((f, i) => ({ kind: 'ip', pattern: `10.0.0.${i}`, reason: f })),
        'csv',
      ),
    );
  });

  it('spot-desk list --format csv', () => {
    const list: SuspiciousList = {
      columns: ['srcip', 'note'],
      rows: FORMULAS.map((f, i) => ({ position: i, index: i, finding: f, risk: 1, severity: null, values: [f, f] })),
      hidden: { scored: 0, allowListed: 0 },
    };
    expectDefused(formatList(list, 'csv'));
  });

  it('a negative number stays a number', () => {
    expect(toCsv(['n'], [[-5]])).toBe('n\r\n-5\r\n');
  });
});
