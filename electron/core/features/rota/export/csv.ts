/**
 * The rota as CSV: one row per assignment in the date range, UTF-8 with a byte-order mark
 * (so Excel on Windows reads names with accents correctly) and a header row, RFC 4180
 * quoting with CRLF line ends.
 *
 * Columns, in order:
 *   date            YYYY-MM-DD
 *   weekday         Mon..Sun
 *   session         AM, PM or EVE
 *   start, end      local time at the site (Europe/London), HH:MM
 *   site            site name
 *   staff           the person's name as the rota shows it
 *   role            their role
 *   duty_code       short code (as typed into the grid)
 *   duty            duty name
 *   status          planned or confirmed
 *   source          manual, pattern or autofill
 *   note            free text
 *   assignment_id, staff_id, site_id   stable ids, for re-importing or joining
 *
 * Any cell starting with =, +, -, @, a tab or a carriage return is prefixed with an
 * apostrophe so a spreadsheet shows it as text rather than running it as a formula.
 */
import { exportRows, type RotaExportData } from './data';

export const CSV_COLUMNS = [
  'date',
  'weekday',
  'session',
  'start',
  'end',
  'site',
  'staff',
  'role',
  'duty_code',
  'duty',
  'status',
  'source',
  'note',
  'assignment_id',
  'staff_id',
  'site_id',
] as const;

const WEEKDAY_SHORT: Record<string, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };

/** Neutralise spreadsheet formulas (OWASP "CSV injection"). */
export function spreadsheetSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvField(value: string): string {
  const v = spreadsheetSafe(value);
  return /[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

export function rotaToCsv(data: RotaExportData): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of exportRows(data)) {
    const a = r.assignment;
    const cells = [
      a.date,
      WEEKDAY_SHORT[r.weekday] ?? r.weekday,
      a.session.toUpperCase(),
      r.start,
      r.end,
      r.siteName,
      r.staffName,
      r.roleLabel,
      r.dutyCode,
      r.dutyName,
      a.status,
      a.source,
      a.note,
      a.id,
      a.staffId,
      a.siteId,
    ];
    lines.push(cells.map(csvField).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
