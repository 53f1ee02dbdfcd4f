/**
 * One export as a file: the bytes from the CSV, xlsx or ics module, a file name a practice
 * manager recognises and its MIME type. The app's rota.export channel and the CLI both
 * come through here, so there is one implementation of each format.
 */
import type { RotaExportFormat } from '../../../../../shared/contract/rota';
import { rotaToCsv } from './csv';
import { exportRows, type RotaExportData } from './data';
import { rotaToIcs } from './ics';
import { rotaToXlsx } from './xlsx';

export const EXPORT_MIME_TYPES: Record<RotaExportFormat, string> = {
  csv: 'text/csv;charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ics: 'text/calendar;charset=utf-8',
};

export const fileSafe = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase() || 'person';

export interface RotaExportFile {
  fileName: string;
  mimeType: string;
  body: Buffer;
  /** Assignments in the file. */
  rows: number;
}

/** `rota-2026-11-23-to-2026-12-20[-dr-helena-voss].csv` */
export function exportFileName(data: Pick<RotaExportData, 'from' | 'to' | 'staff'>, format: RotaExportFormat, staffId?: string): string {
  const person = staffId === undefined ? undefined : data.staff.find((s) => s.id === staffId);
  const who = staffId === undefined ? (format === 'ics' ? '-everyone' : '') : `-${fileSafe(person?.displayName ?? 'person')}`;
  return `rota-${data.from}-to-${data.to}${who}.${format}`;
}

/**
 * CSV and iCalendar are made at once; only the workbook waits (exceljs writes it
 * asynchronously), so callers that cannot wait (scripts, tests) still get CSV and ics.
 */
export function renderRotaExport(data: RotaExportData, format: 'csv' | 'ics', staffId?: string): RotaExportFile;
export function renderRotaExport(data: RotaExportData, format: RotaExportFormat, staffId?: string): RotaExportFile | Promise<RotaExportFile>;
export function renderRotaExport(data: RotaExportData, format: RotaExportFormat, staffId?: string): RotaExportFile | Promise<RotaExportFile> {
  const file = (body: Buffer): RotaExportFile => ({ fileName: exportFileName(data, format, staffId), mimeType: EXPORT_MIME_TYPES[format], body, rows: exportRows(data, staffId).length });
  if (format === 'xlsx') return rotaToXlsx(data).then(file);
  return file(Buffer.from(format === 'csv' ? rotaToCsv(data) : rotaToIcs(data, staffId), 'utf8'));
}
