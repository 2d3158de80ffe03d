import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StoryboardDetail } from '../../../shared/ops/investigation';
import { csvCell, toCsv } from '../csv-writer';
import { safeFileName } from './file-name';
import { escapeHtml, storyboardHtml } from './html-report';
import { pdfString, storyboardPdf, wrapText } from './pdf-report';
import type { StoryboardReport } from './report-model';

const HOSTILE = `<script>alert("x")</script> & 'quoted' "title"`;
const detail: StoryboardDetail = {
  entry: { anchor: '10.10.7.43', kind: 'ip', title: `C2 "beacon" <b>O'Brien</b>`, text: `line one\n${HOSTILE}` },
  tree: {
    name: '10.10.7.43',
    value: 1,
    children: [
      { name: 'Outbound Only', value: 1, children: [{ name: '<img src=x onerror=alert(1)>', value: 1, children: [] }] },
    ],
  },
  progression: null,
  impact: {
    name: 'Connections',
    value: 7,
    children: [{ name: 'Outbound Only', value: 7, children: [{ name: 'DMZ', value: 7, children: [] }] }],
  },
  globe: {
    available: true,
    points: [{ ip: '203.0.113.77', lat: 1, lon: 2, country: 'Narnia <x>', city: '', owner: '', role: 'outbound' }],
    arcs: [],
    unlocated: 0,
    unlocatedIps: [],
  },
  timeline: [{ lane: '203.0.113.77', minute: '2026-11-24 00:00', count: 2, detail: { '443': 2 } }],
};
const report: StoryboardReport = {
  pipeline: 'flow',
  date: '2026-11-24',
  generatedAt: '2026-11-25 12:00:00 UTC',
  threats: [detail],
};

describe('CSV', () => {
  it('quotes per RFC 4180 and defuses formulas', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-cmd')).toBe("'-cmd");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(null)).toBe('');
    expect(
      toCsv(
        ['ip', 'note'],
        [
          ['1.2.3.4', 'multi\nline'],
          ['5.6.7.8', null],
        ],
      ),
    ).toBe('ip,note\r\n1.2.3.4,"multi\nline"\r\n5.6.7.8,\r\n');
  });
  it('makes safe file names', () => {
    expect(safeFileName('../etc/passwd "x"', 'csv')).toBe('etc_passwd_x_.csv');
    expect(safeFileName('', 'pdf')).toBe('export.pdf');
  });
});

describe('HTML report', () => {
  const html = storyboardHtml(report);
  it('escapes every piece of text, so hostile strings render as text', () => {
    expect(escapeHtml(HOSTILE)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39; &quot;title&quot;',
    );
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>O');
    expect(html).toContain('C2 &quot;beacon&quot; &lt;b&gt;O&#39;Brien&lt;/b&gt;');
    expect(html).toContain('Narnia &lt;x&gt;');
  });
  it('is self-contained: inline style and SVG, no external reference, a CSP that forbids loads', () => {
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
    expect(html).not.toMatch(/<link|<script|url\(/i);
    expect(html).toContain('<svg');
    expect(html).toContain('line one<br>');
  });
});

describe('PDF report', () => {
  it('escapes PDF strings and replaces what Latin-1 cannot hold', () => {
    expect(pdfString('a(b)c\\')).toBe('(a\\(b\\)c\\\\)');
    expect(pdfString('x…y—z😀')).toBe('(x...y-z?)');
    expect(wrapText('aaa bbb ccc', 10, 60)).toEqual(['aaa bbb ccc']);
    expect(wrapText('aaa bbb ccc', 10, 52)).toEqual(['aaa bbb', 'ccc']);
    expect(wrapText('x'.repeat(25), 10, 52)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });
  it('writes a valid PDF whose text holds the title (checked with pdftotext when installed)', () => {
    const pdf = storyboardPdf(report);
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-1.4')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    const xref = Number(/startxref\n(\d+)/.exec(text)![1]);
    expect(text.slice(xref, xref + 4)).toBe('xref');
    expect(text).toContain(`(C2 "beacon" <b>O'Brien</b>) Tj`);
    if (existsSync('/usr/bin/pdftotext')) {
      const file = join(mkdtempSync(join(tmpdir(), 'spot-desk-pdf-')), 'r.pdf');
      writeFileSync(file, pdf);
      const extracted = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
      expect(extracted).toContain(`C2 "beacon" <b>O'Brien</b>`);
      expect(extracted).toContain('Impact analysis');
    }
  });
});
