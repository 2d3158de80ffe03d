/**
 * The report HTML printed to PDF by a real browser engine. Browser mode and the CLI print with the system's
 * Chromium through playwright-core (chromium-printer.ts); the Electron shell prints with its own
 * webContents.printToPDF (electron-printer.ts) and passes that printer through CoreOptions. Both take their page
 * from here, so a report is laid out the same whichever engine prints it.
 */
import { escapeHtml } from './escape';
import { TLP_COLOUR } from './html';
import type { Tlp } from './model';

export interface PrintJob {
  html: string;
  /** Chromium print templates (the same in Electron): the TLP marking on top, page numbers below. */
  headerTemplate: string;
  footerTemplate: string;
}

/** Something that turns report HTML into PDF bytes; one per core, closed with it. */
export interface PdfPrinter {
  print(job: PrintJob): Promise<Buffer>;
  /** A PDF is likely to be asked for soon: get the engine ready in the background. Never throws, never waits. */
  warm(): void;
  close(): Promise<void>;
}

/** The page of every report: A4, margins wide enough for the TLP header and the page-number footer. */
export const REPORT_PAGE = {
  format: 'A4',
  marginMm: { top: 16, bottom: 16, left: 14, right: 14 },
} as const;

/** The page templates of a report: TLP marking on every page (as TLP 2.0 asks), title and page x/y below. */
export function printJob(html: string, tlp: Tlp, title: string): PrintJob {
  const style = 'font-family:DejaVu Sans,sans-serif;font-size:8px;width:100%;margin:0 14mm;display:flex;';
  return {
    html,
    headerTemplate: `<div style="${style}justify-content:flex-end"><span style="-webkit-print-color-adjust:exact;print-color-adjust:exact;background:#000;color:${TLP_COLOUR[tlp]};padding:2px 6px;font-weight:bold;font-size:9px">TLP:${escapeHtml(tlp)}</span></div>`,
    footerTemplate: `<div style="${style}justify-content:space-between;color:#5c6773"><span>${escapeHtml(title)}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`,
  };
}

/** page.pdf() options of playwright-core (margins as CSS lengths). */
export function chromiumPdfOptions(job: PrintJob) {
  const m = REPORT_PAGE.marginMm;
  return {
    format: REPORT_PAGE.format,
    printBackground: true,
    displayHeaderFooter: true,
    headerTemplate: job.headerTemplate,
    footerTemplate: job.footerTemplate,
    margin: { top: `${m.top}mm`, bottom: `${m.bottom}mm`, left: `${m.left}mm`, right: `${m.right}mm` },
  };
}

const MM_PER_INCH = 25.4;

/** webContents.printToPDF() options of Electron (margins in inches): the same page as chromiumPdfOptions. */
export function electronPdfOptions(job: PrintJob) {
  const m = REPORT_PAGE.marginMm;
  return {
    pageSize: REPORT_PAGE.format,
    printBackground: true,
    displayHeaderFooter: true,
    headerTemplate: job.headerTemplate,
    footerTemplate: job.footerTemplate,
    margins: {
      top: m.top / MM_PER_INCH,
      bottom: m.bottom / MM_PER_INCH,
      left: m.left / MM_PER_INCH,
      right: m.right / MM_PER_INCH,
    },
  };
}
