/**
 * Downloads an export the core made (rota.export). The same path serves the web host and
 * Electron: the bytes become a Blob and a temporary link with `download` saves it, so the
 * browser's (or Electron's) own save handling applies and no file path crosses the API.
 */
import { api } from '../../api/client';
import type { RotaExportInput, RotaExportOut } from '../../../../shared/contract/rota';

export function saveBlob(out: RotaExportOut): void {
  const raw = atob(out.base64);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: out.mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = out.fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke after the click has been handled; revoking at once can cancel the download.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** Asks the core for the file and saves it; errors are the core's (ApiError with field messages). */
export async function downloadRotaExport(input: RotaExportInput): Promise<RotaExportOut> {
  const out = await api('rota.export', input);
  saveBlob(out);
  return out;
}

export const FORMAT_LABELS = { csv: 'CSV (spreadsheet rows)', xlsx: 'Excel workbook', ics: 'Calendar (.ics)' } as const;
