import ExcelJS from 'exceljs';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/core/dispatch';
import { caller, demoCore, fixedClock } from '../helpers/core';

/** rota.export: the app's downloads, made by the same modules as the CLI's export-rota. */
const TODAY = '2026-11-23';
const FROM = TODAY;
const TO = '2026-12-20';

function setup() {
  const { core, c, status } = demoCore(fixedClock(`${TODAY}T09:00:00.000Z`));
  const range = c.ok('rota.range', { from: FROM, to: TO });
  const staffProfile = status.profiles.find((p) => p.appRole === 'staff');
  const s = caller(core, { profileId: null });
  s.ok('session.signIn', { profileId: staffProfile?.id ?? '' });
  return { core, c, s, range, staffId: staffProfile?.staffId ?? '' };
}

const text = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');

describe('rota.export', () => {
  it('CSV: one row per assignment in the range, with the file name and MIME type to download it by', () => {
    const { core, c, range } = setup();
    const out = c.ok('rota.export', { from: FROM, to: TO, format: 'csv' });
    expect(out.fileName).toBe(`rota-${FROM}-to-${TO}.csv`);
    expect(out.mimeType).toBe('text/csv;charset=utf-8');
    const lines = text(out.base64).replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]?.startsWith('date,weekday,session,start,end,site,staff')).toBe(true);
    expect(lines.length - 1).toBe(range.assignments.length);
    expect(out.rows).toBe(range.assignments.length);
    expect(out.bytes).toBe(Buffer.from(out.base64, 'base64').length);
    core.close();
  });

  it('one person: only their rows, and their calendar parses with ical.js at the site times', () => {
    const { core, c, range } = setup();
    const person = range.assignments[0]?.staffId ?? '';
    const theirs = range.assignments.filter((a) => a.staffId === person);
    const csv = c.ok('rota.export', { from: FROM, to: TO, format: 'csv', staffId: person });
    expect(csv.rows).toBe(theirs.length);
    const ics = c.ok('rota.export', { from: FROM, to: TO, format: 'ics', staffId: person });
    expect(ics.mimeType).toBe('text/calendar;charset=utf-8');
    expect(ics.fileName).toMatch(/^rota-2026-11-23-to-2026-12-20-[a-z0-9-]+\.ics$/);
    const comp = new ICAL.Component(ICAL.parse(text(ics.base64)) as unknown[]);
    const events = comp.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(theirs.length);
    const first = theirs.slice().sort((a, b) => (a.date + a.session).localeCompare(b.date + b.session))[0];
    const times = range.sessionTimes.find((t) => t.siteId === first?.siteId && t.session === first.session && t.weekday === ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][new Date(`${first.date}T00:00:00Z`).getUTCDay()]);
    const ev = events.find((e) => e.uid.startsWith(first?.id ?? '?'));
    expect(ev?.startDate.toString()).toBe(`${first?.date}T${times?.start}:00`);
    core.close();
  });

  it('everyone as one calendar names the person in each event; staff may export too (the rota is readable by all)', () => {
    const { core, s, range } = setup();
    const out = s.ok('rota.export', { from: FROM, to: '2026-11-29', format: 'ics' });
    expect(out.fileName).toBe('rota-2026-11-23-to-2026-11-29-everyone.ics');
    const events = new ICAL.Component(ICAL.parse(text(out.base64)) as unknown[]).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(range.assignments.filter((a) => a.date <= '2026-11-29').length);
    const names = new Set(range.staff.map((p) => p.displayName));
    for (const e of events.slice(0, 20)) expect(names.has(e.summary.split(': ')[0] ?? '')).toBe(true);
    core.close();
  });

  it('xlsx through the async dispatch: a workbook exceljs opens, with the grid and assignments sheets', async () => {
    const { core, c } = setup();
    const env = await dispatch(core, 'rota.export', { from: FROM, to: '2026-11-29', format: 'xlsx' }, c.session);
    expect(env.ok).toBe(true);
    if (!env.ok) return;
    const out = env.value as { base64: string; mimeType: string; fileName: string };
    expect(out.fileName.endsWith('.xlsx')).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(out.base64, 'base64') as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toContain('Rota');
    core.close();
  });

  it('refuses bad input with a message next to the field, and names the size cap', () => {
    const { core, c } = setup();
    const back = c.raw('rota.export', { from: TO, to: FROM, format: 'csv' });
    expect(back).toMatchObject({ ok: false, error: { code: 'invalid_input', fieldErrors: { to: 'The end date must be on or after the start date' } } });
    const long = c.raw('rota.export', { from: '2026-01-01', to: '2027-12-31', format: 'csv' });
    expect(long).toMatchObject({ ok: false, error: { fieldErrors: { to: 'Export at most 400 days at once' } } });
    const fmt = c.raw('rota.export', { from: FROM, to: TO, format: 'pdf' });
    expect(fmt).toMatchObject({ ok: false, error: { fieldErrors: { format: 'Choose CSV, Excel or calendar' } } });
    const nobody = c.raw('rota.export', { from: FROM, to: TO, format: 'csv', staffId: '00000000-0000-4000-8000-000000000000' });
    expect(nobody).toMatchObject({ ok: false, error: { code: 'not_found' } });
    core.close();
  });
});
