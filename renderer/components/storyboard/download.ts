/** Hands an export to the user as a download (browser and Electron alike); no file path reaches the renderer. */
import type { ExportFile } from '../../../shared/ops/investigation';
import { base64ToBytes } from '../../models/investigation/investigation';

export function downloadExport(file: ExportFile): void {
  const blob = new Blob([base64ToBytes(file.base64) as BlobPart], { type: file.mimeType });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
