/**
 * The storyboard as a PDF, written directly (PDF 1.4, Helvetica, WinAnsi): text, impact bars and timeline lines.
 * No browser is needed, so the same code serves Electron, browser mode and the CLI, offline.
 */
import type { StoryboardDetail } from '../../../shared/ops/investigation';
import { PIPELINE_NAME, type StoryboardReport } from './report-model';

const PAGE_W = 595;
const PAGE_H = 842;
const MARGIN = 50;

/** Text for a PDF string: Latin-1 only (others become '?'), with \ ( ) escaped. */
export function pdfString(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code === 0x2026) out += '...';
    else if (code === 0x2013 || code === 0x2014) out += '-';
    else if (code === 9) out += ' ';
    else if (code < 0x20 || code > 0xff) out += '?';
    else out += ch;
  }
  return `(${out.replace(/[\\()]/g, (m) => `\\${m}`)})`;
}

/** Greedy word wrap by Helvetica's average glyph width (~0.52 em). */
export function wrapText(text: string, size: number, width: number): string[] {
  const perLine = Math.max(10, Math.floor(width / (size * 0.52)));
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      let w = word;
      while (w.length > perLine) {
        if (line) lines.push(line);
        lines.push(w.slice(0, perLine));
        w = w.slice(perLine);
        line = '';
      }
      if (!line) line = w;
      else if (line.length + 1 + w.length <= perLine) line += ` ${w}`;
      else {
        lines.push(line);
        line = w;
      }
    }
    lines.push(line);
  }
  return lines;
}

class PageWriter {
  readonly pages: string[] = [];
  private ops: string[] = [];
  private y = PAGE_H - MARGIN;

  private ensure(height: number): void {
    if (this.y - height < MARGIN) this.newPage();
  }

  newPage(): void {
    if (this.ops.length > 0) this.pages.push(this.ops.join('\n'));
    this.ops = [];
    this.y = PAGE_H - MARGIN;
  }

  text(text: string, size = 10, bold = false, indent = 0): void {
    for (const line of wrapText(text, size, PAGE_W - 2 * MARGIN - indent)) {
      this.ensure(size + 4);
      this.y -= size + 4;
      this.ops.push(`BT /${bold ? 'F2' : 'F1'} ${size} Tf ${MARGIN + indent} ${this.y} Td ${pdfString(line)} Tj ET`);
    }
  }

  gap(h: number): void {
    this.y -= h;
  }

  bar(label: string, value: number, max: number, indent: number): void {
    this.ensure(16);
    this.y -= 16;
    const w = Math.max(1, Math.round((value / Math.max(1, max)) * 260));
    this.ops.push(`BT /F1 9 Tf ${MARGIN + indent} ${this.y + 3} Td ${pdfString(label)} Tj ET`);
    this.ops.push(`${indent ? '0.56 0.69 0.87' : '0.23 0.44 0.71'} rg ${MARGIN + 170} ${this.y + 1} ${w} 11 re f 0 g`);
    this.ops.push(`BT /F1 9 Tf ${MARGIN + 176 + w} ${this.y + 3} Td ${pdfString(String(value))} Tj ET`);
  }

  finish(): string[] {
    if (this.ops.length > 0) this.pages.push(this.ops.join('\n'));
    this.ops = [];
    return this.pages;
  }
}

function writeThreat(w: PageWriter, d: StoryboardDetail): void {
  w.gap(10);
  w.text(d.entry.title, 14, true);
  w.text(`${d.entry.kind.toUpperCase()}: ${d.entry.anchor}`, 9);
  w.gap(4);
  w.text(d.entry.text || '(no summary)', 10);
  if (d.tree) {
    w.gap(6);
    w.text('Incident progression', 11, true);
    w.text(d.tree.name, 9);
    for (const child of d.tree.children.slice(0, 30)) {
      w.text(`- ${child.name}${child.value ? ` (${child.value})` : ''}`, 9, false, 12);
      for (const leaf of child.children.slice(0, 10)) w.text(`- ${leaf.name} (${leaf.value})`, 9, false, 24);
    }
  }
  if (d.progression) {
    w.gap(6);
    w.text('Incident progression', 11, true);
    for (const column of d.progression.columns) {
      w.text(`${column.name}: ${column.values.slice(0, 12).join(', ') || '-'}`, 9, false, 12);
    }
  }
  if (d.impact) {
    w.gap(6);
    w.text('Impact analysis (connections)', 11, true);
    const max = Math.max(1, ...d.impact.children.map((c) => c.value));
    for (const bar of d.impact.children) {
      w.bar(bar.name, bar.value, max, 0);
      for (const sub of bar.children) w.bar(sub.name, sub.value, max, 12);
    }
  }
  if (d.globe?.available) {
    const countries = [...new Set(d.globe.points.map((p) => p.country).filter(Boolean))].sort();
    w.gap(6);
    w.text('Geography', 11, true);
    w.text(`${d.globe.points.length} located endpoints; countries: ${countries.join(', ') || '-'}`, 9);
  }
  if (d.timeline.length > 0) {
    w.gap(6);
    w.text('Timeline (first 60 minutes with activity)', 11, true);
    for (const c of d.timeline.slice(0, 60)) {
      const detail = Object.entries(c.detail)
        .map(([k, v]) => `${k}x${v}`)
        .join(' ');
      w.text(`${c.minute}  ${c.lane}  ${c.count}  ${detail}`, 8, false, 12);
    }
  }
}

/** The PDF bytes of a storyboard report. */
export function storyboardPdf(report: StoryboardReport): Buffer {
  const w = new PageWriter();
  w.text(`${PIPELINE_NAME[report.pipeline]} storyboard - ${report.date}`, 18, true);
  w.text(`Executive threat briefing - ${report.threats.length} threat(s) - generated ${report.generatedAt}`, 9);
  if (report.threats.length === 0) w.text('No threat has been saved for this day.', 10);
  for (const d of report.threats) writeThreat(w, d);
  const pages = w.finish();

  const objects: string[] = [];
  const add = (body: string): number => objects.push(body);
  const catalog = add('');
  const pagesObj = add('');
  const font1 = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const font2 = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
  const pageIds: number[] = [];
  for (const content of pages) {
    const stream = add(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
    pageIds.push(
      add(
        `<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 ${PAGE_W} ${PAGE_H}] ` +
          `/Resources << /Font << /F1 ${font1} 0 R /F2 ${font2} 0 R >> >> /Contents ${stream} 0 R >>`,
      ),
    );
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObj} 0 R >>`;
  objects[pagesObj - 1] =
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`;

  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
