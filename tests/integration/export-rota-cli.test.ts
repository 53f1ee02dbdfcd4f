import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_COLUMNS } from '../../electron/core/features/rota/export/csv';
import { PracticeCore } from '../../electron/core/practice-core';
import { caller, fixedClock, tempDirs } from '../helpers/core';
import { parseCsv } from '../helpers/csv';

// `export-rota` run as a separate process, exactly as users do, on a demo practice whose
// rota runs across the spring 2027 clock change (loaded as if on 1 March 2027).
const root = path.resolve(import.meta.dirname, '../..');
const temp = tempDirs();
let data = '';
let grace = '';
let assignmentsInMarch = 0;

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale', '--node-only'], { cwd: root, stdio: 'ignore' });
  data = temp.make('spoke-export-');
  const core = new PracticeCore({ dataDir: data, create: 'ifMissing', clock: fixedClock('2027-03-01T09:00:00.000Z') });
  try {
    const c = caller(core);
    c.ok('practice.openDemo', {});
    const range = c.ok('rota.range', { from: '2027-03-01', to: '2027-03-31' });
    grace = range.staff.find((s) => s.givenName === 'Grace')?.id ?? '';
    assignmentsInMarch = range.assignments.length;
  } finally {
    core.close();
  }
}, 120_000);
afterAll(() => temp.removeAll());

const practice = (...args: string[]) => spawnSync(process.execPath, ['dist/node/practice.mjs', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });


describe('npm run practice -- export-rota', () => {
  it('writes a CSV of the range with the documented header, one row per assignment', () => {
    const out = path.join(data, 'march.csv');
    const r = practice('export-rota', '--data', data, '--from', '2027-03-01', '--to', '2027-03-31', '--format', 'csv', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    const text = fs.readFileSync(out, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(text.slice(1));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows.length - 1).toBe(assignmentsInMarch);
    const date = CSV_COLUMNS.indexOf('date');
    expect(rows.slice(1).every((x) => (x[date] ?? '') >= '2027-03-01' && (x[date] ?? '') <= '2027-03-31')).toBe(true);
  });

  it('writes an .xlsx that exceljs opens, with the grid and the assignments', async () => {
    const out = path.join(data, 'march.xlsx');
    const r = practice('export-rota', '--data', data, '--from', '2027-03-01', '--to', '2027-03-31', '--format', 'xlsx', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Rota', 'Assignments', 'Duties']);
    expect((wb.getWorksheet('Assignments')?.rowCount ?? 0) - 1).toBe(assignmentsInMarch);
  });

  it('writes one person’s calendar with the right Europe/London times across the clock change', () => {
    const out = path.join(data, 'grace.ics');
    const r = practice('export-rota', '--data', data, '--from', '2027-03-22', '--to', '2027-04-02', '--format', 'ics', '--staff', grace, '--out', out);
    expect(r.status, r.stderr).toBe(0);
    const comp = new ICAL.Component(ICAL.parse(fs.readFileSync(out, 'utf8')) as unknown[]);
    const vtz = comp.getFirstSubcomponent('vtimezone');
    expect(vtz).not.toBeNull();
    if (vtz) ICAL.TimezoneService.register(vtz);
    const events = comp.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const starts = new Map(events.map((e) => [e.startDate.toString(), e.startDate.toJSDate().toISOString()]));
    // Grace works Monday to Wednesday mornings; the clocks go forward on Sunday 28 March 2027.
    expect(starts.get('2027-03-22T08:00:00')).toBe('2027-03-22T08:00:00.000Z');
    expect(starts.get('2027-03-30T08:00:00')).toBe('2027-03-30T07:00:00.000Z');
    expect(events.every((e) => e.summary.endsWith('Spokeford Surgery'))).toBe(true);
  });

  it('without --staff writes one calendar per person into the --out folder', () => {
    const out = path.join(data, 'calendars');
    const r = practice('export-rota', '--data', data, '--from', '2027-03-01', '--to', '2027-03-07', '--format', 'ics', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    const files = fs.readdirSync(out);
    expect(files.length).toBeGreaterThan(15);
    expect(files).toContain(`grace-adeyemi-${grace.slice(0, 8)}.ics`);
    expect(r.stderr).toMatch(new RegExp(`Wrote ${files.length} files`));
  });

  it('refuses bad arguments with usage and exit 2, writing nothing', () => {
    const out = path.join(data, 'never.csv');
    const format = practice('export-rota', '--data', data, '--from', '2027-03-01', '--to', '2027-03-31', '--format', 'pdf', '--out', out);
    expect(format.status).toBe(2);
    expect(format.stderr).toMatch(/--format: --format is csv, xlsx or ics/);
    expect(format.stderr).toMatch(/usage: npm run --silent practice/);
    const backwards = practice('export-rota', '--data', data, '--from', '2027-03-31', '--to', '2027-03-01', '--format', 'csv', '--out', out);
    expect(backwards.status).toBe(2);
    expect(backwards.stderr).toMatch(/--to: --to must be on or after --from/);
    const far = practice('export-rota', '--data', data, '--from', '2029-01-01', '--to', '2029-01-31', '--format', 'csv', '--out', out);
    expect(far.stderr).toMatch(/--from: Choose a date from 2024 to 2028/);
    expect(fs.existsSync(out)).toBe(false);
    const unknown = practice('export-rota', '--data', data, '--from', '2027-03-01', '--to', '2027-03-07', '--format', 'ics', '--staff', '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f', '--out', out);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/No staff member has the id/);
  });
});
