import ExcelJS from 'exceljs';
import ICAL from 'ical.js';
import { afterEach, describe, expect, it } from 'vitest';
import { CSV_COLUMNS, rotaToCsv } from '../../../electron/core/features/rota/export/csv';
import type { RotaExportData } from '../../../electron/core/features/rota/export/data';
import { rotaToIcs } from '../../../electron/core/features/rota/export/ics';
import { gridColumns, rotaToXlsx } from '../../../electron/core/features/rota/export/xlsx';
import type { SiteSessionTimes } from '../../../shared/rota/model';
import { AMY, BEN, BRANCH, CARA, MAIN, assign, dutyId, leave, rotaState } from '../../helpers/rota';
import { parseCsv } from '../../helpers/csv';


const weekend: SiteSessionTimes[] = [
  { siteId: MAIN, weekday: 'sat', session: 'eve', start: '18:30', end: '21:00' },
  { siteId: MAIN, weekday: 'sun', session: 'am', start: '08:00', end: '12:30' },
];
const base = rotaState();
const assignments = [
  assign(AMY, '2026-03-27', 'am', 'DD', MAIN, { status: 'confirmed', note: '=HYPERLINK("http://x","click")' }),
  assign(AMY, '2026-03-28', 'eve', 'EXT', MAIN, { note: 'Late, "busy" clinic\nbring keys' }),
  assign(AMY, '2026-03-29', 'am', 'SURG'),
  assign(AMY, '2026-03-30', 'am', 'SURG', BRANCH),
  assign(AMY, '2026-10-24', 'eve', 'EXT'),
  assign(AMY, '2026-10-26', 'pm', 'TRI', MAIN, { note: '@home +visit -later' }),
  assign(BEN, '2026-03-30', 'am', 'HCA'),
  assign(BEN, '2026-03-30', 'pm', 'HCA'),
  assign(CARA, '2026-03-30', 'am', 'NC'),
  assign(CARA, '2026-03-30', 'am', 'HCA', BRANCH), // double-booked
  assign(CARA, '2026-11-30', 'am', 'NC'), // outside the range
];
const data: RotaExportData = {
  ...base,
  practiceName: 'Spokeford Medical Practice',
  siteSessions: [...base.siteSessions, ...weekend],
  staff: base.staff.map((s) => (s.id === AMY ? { ...s, displayName: 'Dr Amy Lée' } : s)),
  assignments,
  leave: [leave(BEN, '2026-03-31', '2026-03-31'), leave(CARA, '2026-04-01', '2026-04-01', { status: 'requested' })],
  from: '2026-03-23',
  to: '2026-10-31',
};

describe('CSV export', () => {
  it('is UTF-8 with a BOM, a header, RFC 4180 quoting and one row per assignment in the range', () => {
    const text = rotaToCsv(data);
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(text.slice(1));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    const body = rows.slice(1).map((r) => Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, r[i] ?? ''])));
    expect(body).toHaveLength(10);
    expect(rows.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
    const first = body[0];
    expect(first).toMatchObject({ date: '2026-03-27', weekday: 'Fri', session: 'AM', start: '08:00', end: '12:30', site: 'Main Surgery', staff: 'Dr Amy Lée', role: 'GP partner', duty_code: 'DD', duty: 'Duty doctor', status: 'confirmed', source: 'manual', staff_id: AMY, site_id: MAIN });
    expect(body.find((r) => r.date === '2026-03-28')?.note).toBe('Late, "busy" clinic\nbring keys');
    expect(body.find((r) => r.date === '2026-03-28')?.end).toBe('21:00');
    expect(body.map((r) => r.date)).toEqual([...body.map((r) => r.date)].sort());
  });

  it('cannot smuggle a formula into a spreadsheet', () => {
    const body = parseCsv(rotaToCsv(data).slice(1)).slice(1);
    const notes = body.map((r) => r[CSV_COLUMNS.indexOf('note')] ?? '');
    expect(notes).toContain(`'=HYPERLINK("http://x","click")`);
    expect(notes).toContain(`'@home +visit -later`);
    expect(notes.every((n) => !/^[=+\-@]/.test(n))).toBe(true);
  });
});

describe('Excel export', () => {
  it('re-opens with exceljs: a grid with duty colours and leave, an assignments sheet and a key', async () => {
    const buf = await rotaToXlsx({ ...data, to: '2026-04-05' }, new Date('2026-03-20T09:00:00Z'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Rota', 'Assignments', 'Duties']);

    const grid = wb.getWorksheet('Rota');
    if (!grid) throw new Error('no Rota sheet');
    const cols = gridColumns({ ...data, to: '2026-04-05' });
    // Weekdays AM/PM (+ evenings Tue/Thu at the main site), Sat evening, Sun AM.
    expect(cols.filter((c) => c.date === '2026-03-28').map((c) => c.session)).toEqual(['eve']);
    expect(cols.filter((c) => c.date === '2026-03-31').map((c) => c.session)).toEqual(['am', 'pm', 'eve']);
    const colOf = (date: string, session: string) => cols.findIndex((c) => c.date === date && c.session === session) + 3;
    const rowOf = (name: string) => {
      for (let r = 3; r <= grid.rowCount; r++) if (grid.getRow(r).getCell(1).value === name) return grid.getRow(r);
      throw new Error(`no row for ${name}`);
    };
    expect(grid.getRow(1).getCell(colOf('2026-03-30', 'am')).value).toBe('Mon 30 Mar');
    expect(grid.getRow(2).getCell(colOf('2026-03-30', 'pm')).value).toBe('PM');
    // GPs first, then nursing.
    expect(grid.getRow(3).getCell(1).value).toBe('Dr Amy Lée');
    const amy = rowOf('Dr Amy Lée');
    const dd = amy.getCell(colOf('2026-03-27', 'am'));
    expect(dd.value).toBe('DD');
    expect(dd.fill).toMatchObject({ type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2A1A1' } });
    expect(amy.getCell(colOf('2026-03-30', 'am')).value).toBe('SURG');
    const ben = rowOf('Ben Cole');
    expect(ben.getCell(colOf('2026-03-31', 'am')).value).toBe('AL');
    expect(ben.getCell(colOf('2026-03-31', 'pm')).value).toBe('AL');
    expect(rowOf('Cara Patel').getCell(colOf('2026-03-30', 'am')).value).toBe('HCA / NC'); // double-booked: both, Branch first
    expect(rowOf('Cara Patel').getCell(colOf('2026-04-01', 'am')).value ?? null).toBe(null); // requested leave is not shown

    const list = wb.getWorksheet('Assignments');
    if (!list) throw new Error('no Assignments sheet');
    expect((list.getRow(1).values as unknown[]).slice(1)).toEqual([...CSV_COLUMNS]);
    expect(list.rowCount - 1).toBe(8); // up to 5 April
    expect(list.getRow(2).getCell(CSV_COLUMNS.indexOf('note') + 1).value).toBe('=HYPERLINK("http://x","click")');
    expect(list.getRow(2).getCell(CSV_COLUMNS.indexOf('note') + 1).type).toBe(ExcelJS.ValueType.String);

    const key = wb.getWorksheet('Duties');
    expect(key?.getRow(2).getCell(1).value).toBe('SURG');
    expect(key?.getRow(2).getCell(1).fill).toMatchObject({ fgColor: { argb: 'FFA4D1F2' } });
  });
});

describe('iCalendar export', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    process.env.TZ = originalTz;
  });

  function events(text: string) {
    const comp = new ICAL.Component(ICAL.parse(text) as unknown[]);
    const vtz = comp.getFirstSubcomponent('vtimezone');
    if (vtz) ICAL.TimezoneService.register(vtz);
    else if (comp.getAllSubcomponents('vevent').length) throw new Error('events but no VTIMEZONE');
    return comp.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  }

  it('parses with ical.js, one event per assignment of the person, right across both clock changes', () => {
    const text = rotaToIcs(data, AMY);
    expect(text).toContain('TZID:Europe/London');
    const evs = events(text);
    expect(evs).toHaveLength(6);
    const at = (date: string) => {
      const e = evs.find((x) => x.startDate.toString().startsWith(date));
      if (!e) throw new Error(`no event on ${date}`);
      return { start: e.startDate.toJSDate().toISOString(), end: e.endDate.toJSDate().toISOString(), e };
    };
    // Friday before the spring change: GMT.
    expect(at('2026-03-27').start).toBe('2026-03-27T08:00:00.000Z');
    // Saturday evening, still GMT; Sunday morning after the change: 08:00 BST = 07:00 UTC.
    expect(at('2026-03-28').end).toBe('2026-03-28T21:00:00.000Z');
    expect(at('2026-03-29').start).toBe('2026-03-29T07:00:00.000Z');
    expect(at('2026-03-30').start).toBe('2026-03-30T07:00:00.000Z');
    // Saturday before the autumn change: 18:30 BST = 17:30 UTC; Monday after: 13:30 GMT.
    expect(at('2026-10-24').start).toBe('2026-10-24T17:30:00.000Z');
    expect(at('2026-10-26').start).toBe('2026-10-26T13:30:00.000Z');
    expect(at('2026-03-27').e.summary).toBe('Duty doctor (DD) - Main Surgery');
    expect(at('2026-03-27').e.location).toBe('Main Surgery');
    expect(at('2026-03-28').e.description).toBe('evening session, planned\nLate, "busy" clinic\nbring keys');
    expect(at('2026-03-27').e.startDate.zone?.tzid).toBe('Europe/London');
  });

  it('has stable UIDs and the same London times whatever the computer time zone', () => {
    const a = rotaToIcs(data, AMY);
    process.env.TZ = 'Pacific/Auckland';
    const b = rotaToIcs(data, AMY);
    process.env.TZ = 'America/New_York';
    const c = rotaToIcs(data, AMY);
    expect(b).toBe(a);
    expect(c).toBe(a);
    const uids = events(a).map((e) => e.uid);
    expect(uids).toContain(`${assignments[0]?.id ?? ''}@rota.spoke.invalid`);
    expect(new Set(uids).size).toBe(uids.length);
  });

  it('gives an empty but valid calendar for someone with nothing planned', () => {
    expect(events(rotaToIcs(data, dutyId('SURG')))).toEqual([]);
  });
});
