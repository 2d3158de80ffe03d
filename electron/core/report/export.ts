/** One export of a built report in the format asked: the HTML, that HTML as PDF, or its IOCs (CSV, STIX 2.1). */
import type { ExportFile, ExportFormat } from '../../../shared/ops/investigation';
import { toCsv } from '../csv-writer';
import { safeFileName } from '../investigation/file-name';
import { reportHtml } from './html';
import { IOC_CSV_COLUMNS, iocRows } from './iocs';
import type { ReportModel } from './model';
import { printJob, type PdfPrinter } from './pdf';
import { stixBundle } from './stix';
import { stixBundleProblems } from './stix-schema';

const MIME: Record<ExportFormat, string> = {
  pdf: 'application/pdf',
  html: 'text/html',
  csv: 'text/csv',
  stix: 'application/stix+json;version=2.1',
};
const EXTENSION: Record<ExportFormat, string> = { pdf: 'pdf', html: 'html', csv: 'csv', stix: 'json' };

export async function exportReport(
  model: ReportModel,
  format: ExportFormat,
  anchor: string | undefined,
  printPdf: PdfPrinter,
): Promise<ExportFile> {
  const kind = format === 'csv' || format === 'stix' ? 'iocs' : 'report';
  const filename = safeFileName(
    `${model.pipeline}-${kind}-${model.date}${anchor ? `-${anchor}` : ''}`,
    EXTENSION[format],
  );
  const file = (bytes: Buffer | string): ExportFile => ({
    filename,
    mimeType: MIME[format],
    base64: Buffer.from(bytes).toString('base64'),
  });
  const iocs = model.threats.flatMap((t) => t.iocs);
  switch (format) {
    case 'html':
      return file(reportHtml(model));
    case 'pdf':
      return file(await printPdf.print(printJob(reportHtml(model), model.tlp, model.title)));
    case 'csv':
      return file(toCsv(IOC_CSV_COLUMNS, iocRows(iocs)));
    case 'stix': {
      const bundle = stixBundle({
        title: model.title,
        description: `${model.summary.happened} ${model.summary.hosts} ${model.summary.when}`,
        date: model.date,
        analyst: model.analyst,
        tlp: model.tlp,
        iocs,
      });
      // The bundle is checked before it leaves: a consumer's import must never be the first to find a fault.
      const problems = stixBundleProblems(bundle);
      if (problems.length > 0) throw new Error(`the STIX bundle is not valid: ${problems.slice(0, 3).join('; ')}`);
      return file(`${JSON.stringify(bundle, null, 2)}\n`);
    }
  }
}
