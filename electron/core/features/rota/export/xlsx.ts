/**
 * The rota as an Excel workbook (exceljs), since practice managers live in Excel:
 * - "Rota": the grid as Spoke shows it - staff rows (by role group, then name) by day and
 *   session columns, each cell the duty code filled with the duty's colour, approved leave
 *   shown in the cell; frozen headers; A4 landscape when printed.
 * - "Assignments": one row per assignment, the CSV's columns, with a filter.
 * - "Duties": the colour key.
 * Strings are written as text, never as formulas, so nothing in a cell can run.
 */
import ExcelJS from 'exceljs';
import type { RoleCategory } from '../../../../../shared/domain/roles';
import { datesBetween, formatDay, weekdayOf } from '../../../../../shared/rota/dates';
import { leaveCovers, ROTA_SESSIONS, type LeaveType, type RotaSession } from '../../../../../shared/rota/model';
import { CSV_COLUMNS } from './csv';
import { exportRole, exportRows, type RotaExportData } from './data';

export const LEAVE_CODES: Record<LeaveType, string> = {
  annual: 'AL',
  study: 'SL',
  sick: 'SICK',
  parental: 'PAR',
  compassionate: 'CL',
  toil: 'TOIL',
  other: 'LV',
};
const LEAVE_FILL = 'FFE8EDEE';
const HEADER_FILL = 'FF005EB8'; // NHS blue
const SESSION_HEAD: Record<RotaSession, string> = { am: 'AM', pm: 'PM', eve: 'Eve' };
const CATEGORY_ORDER: RoleCategory[] = ['gp', 'nursing', 'allied', 'pharmacy', 'wellbeing', 'admin'];

const argb = (hex: string) => `FF${hex.replace('#', '').toUpperCase()}`;
const solid = (colour: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb: colour } });

/** The columns of the grid: each date with the sessions any site runs that weekday or anyone is assigned to. */
export function gridColumns(data: RotaExportData): { date: string; session: RotaSession }[] {
  const runs = new Set(data.siteSessions.map((t) => `${t.weekday}|${t.session}`));
  const used = new Set(data.assignments.map((a) => `${a.date}|${a.session}`));
  const cols: { date: string; session: RotaSession }[] = [];
  for (const date of datesBetween(data.from, data.to)) {
    const wd = weekdayOf(date);
    for (const session of ROTA_SESSIONS) if (runs.has(`${wd}|${session}`) || used.has(`${date}|${session}`)) cols.push({ date, session });
  }
  return cols;
}

export async function rotaToXlsx(data: RotaExportData, generatedAt: Date = new Date()): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Spoke';
  wb.created = generatedAt;
  wb.modified = generatedAt;
  wb.title = `${data.practiceName} rota ${data.from} to ${data.to}`;

  const rows = exportRows(data);
  const columns = gridColumns(data);
  const dutyById = new Map(data.duties.map((d) => [d.id, d]));

  /* ---- Rota grid ---- */
  const grid = wb.addWorksheet('Rota', {
    views: [{ state: 'frozen', xSplit: 2, ySplit: 2 }],
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:2' },
  });
  grid.getColumn(1).width = 26;
  grid.getColumn(2).width = 22;
  const head1 = grid.getRow(1);
  const head2 = grid.getRow(2);
  head1.getCell(1).value = 'Staff';
  head1.getCell(2).value = 'Role';
  grid.mergeCells(1, 1, 2, 1);
  grid.mergeCells(1, 2, 2, 2);
  let c = 3;
  for (let i = 0; i < columns.length; ) {
    const date = columns[i]?.date ?? '';
    let j = i;
    while (j < columns.length && columns[j]?.date === date) {
      head2.getCell(c + (j - i)).value = SESSION_HEAD[columns[j]?.session ?? 'am'];
      grid.getColumn(c + (j - i)).width = 7;
      j++;
    }
    head1.getCell(c).value = formatDay(date);
    if (j - i > 1) grid.mergeCells(1, c, 1, c + (j - i) - 1);
    c += j - i;
    i = j;
  }
  for (const row of [head1, head2]) {
    row.eachCell((cell) => {
      cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
      cell.fill = solid(HEADER_FILL);
      cell.alignment = { horizontal: 'center', vertical: 'middle' };
    });
  }

  const colOf = new Map(columns.map((col, i) => [`${col.date}|${col.session}`, i + 3]));
  const rowsByStaff = new Map<string, typeof rows>();
  for (const r of rows) {
    const list = rowsByStaff.get(r.assignment.staffId);
    if (list) list.push(r);
    else rowsByStaff.set(r.assignment.staffId, [r]);
  }
  const people = data.staff
    .filter((s) => rowsByStaff.has(s.id) || (!s.archived && s.startDate <= data.to && (s.endDate === null || s.endDate >= data.from)))
    .sort((a, b) => {
      const ca = CATEGORY_ORDER.indexOf(exportRole(data, a.roleId).category);
      const cb = CATEGORY_ORDER.indexOf(exportRole(data, b.roleId).category);
      return ca - cb || a.displayName.localeCompare(b.displayName);
    });
  const approved = (data.leave ?? []).filter((l) => l.status === 'approved' && l.endDate >= data.from && l.startDate <= data.to);
  people.forEach((person, idx) => {
    const row = grid.getRow(idx + 3);
    row.getCell(1).value = person.displayName;
    row.getCell(2).value = exportRole(data, person.roleId).label;
    const mine = rowsByStaff.get(person.id) ?? [];
    const myLeave = approved.filter((l) => l.staffId === person.id);
    const byCell = new Map<number, typeof mine>();
    for (const r of mine) {
      const col = colOf.get(`${r.assignment.date}|${r.assignment.session}`);
      if (col === undefined) continue;
      byCell.set(col, [...(byCell.get(col) ?? []), r]);
    }
    for (const [i, col] of columns.entries()) {
      const here = byCell.get(i + 3) ?? [];
      const onLeave = myLeave.length ? myLeave.find((l) => leaveCovers(l, col.date, col.session)) : undefined;
      if (here.length === 0 && !onLeave) continue;
      const cell = row.getCell(i + 3);
      const parts = here.map((r) => r.dutyCode);
      if (onLeave) parts.push(LEAVE_CODES[onLeave.type]);
      cell.value = parts.join(' / ');
      cell.alignment = { horizontal: 'center' };
      const colour = here.length === 1 ? dutyById.get(here[0]?.assignment.dutyId ?? '')?.colour : undefined;
      if (colour && !onLeave) cell.fill = solid(argb(colour));
      else if (onLeave && here.length === 0) cell.fill = solid(LEAVE_FILL);
      else if (here.length > 1 || onLeave) cell.font = { bold: true, color: { argb: 'FFD5281B' } }; // a clash: red text
    }
  });

  /* ---- Assignments ---- */
  const list = wb.addWorksheet('Assignments', { views: [{ state: 'frozen', ySplit: 1 }] });
  list.columns = CSV_COLUMNS.map((key) => ({ header: key, key, width: key.endsWith('_id') ? 38 : key === 'note' ? 40 : 14 }));
  for (const r of rows) {
    const a = r.assignment;
    list.addRow({
      date: a.date,
      weekday: formatDay(a.date).slice(0, 3),
      session: a.session.toUpperCase(),
      start: r.start,
      end: r.end,
      site: r.siteName,
      staff: r.staffName,
      role: r.roleLabel,
      duty_code: r.dutyCode,
      duty: r.dutyName,
      status: a.status,
      source: a.source,
      note: a.note,
      assignment_id: a.id,
      staff_id: a.staffId,
      site_id: a.siteId,
    });
  }
  list.getRow(1).font = { bold: true };
  list.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: CSV_COLUMNS.length } };

  /* ---- Key ---- */
  const key = wb.addWorksheet('Duties');
  key.columns = [
    { header: 'Code', key: 'code', width: 10 },
    { header: 'Duty', key: 'name', width: 30 },
  ];
  key.getRow(1).font = { bold: true };
  for (const d of data.duties.filter((x) => !x.archived)) {
    const row = key.addRow({ code: d.code, name: d.name });
    row.getCell(1).fill = solid(argb(d.colour));
  }
  for (const [type, code] of Object.entries(LEAVE_CODES)) {
    const row = key.addRow({ code, name: `Leave: ${type === 'toil' ? 'TOIL' : type}` });
    row.getCell(1).fill = solid(LEAVE_FILL);
  }

  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out);
}
