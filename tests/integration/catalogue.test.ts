/**
 * The catalogue in use, through the real core and a real hub over 127.0.0.1: built-in
 * lists until the first sync, the hub's from the release that brings them; staff roles
 * checked against it (a retired role kept by its holder, refused for anyone new); the
 * named-lead register following the hub's list with every appointment kept; the hub's
 * bank holidays closing sites in the rota and left out of leave; and migration 6 giving
 * stored named-lead types the hub's codes.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/core/dispatch';
import { openPracticeDb } from '../../electron/core/db/open';
import { MIGRATIONS } from '../../electron/core/db/migrations';
import type { CatalogueOut } from '../../shared/contract/catalogue';
import type { LeadsRegister } from '../../shared/contract/leads';
import type { LeaveOut, RotaApplyResult, RotaRange } from '../../shared/contract/rota';
import type { Staff } from '../../shared/contract/staff';
import type { SyncResult } from '../../shared/contract/sync';
import type { WorkforceSummary } from '../../shared/contract/workforce';
import { demoCore, fixedClock, sampleStaff, tempDirs } from '../helpers/core';
import { copyDemoContent, startTestHub } from '../helpers/hub';

const temp = tempDirs();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  temp.removeAll();
});

/** A Monday the test hub declares a bank holiday (test content only; not a real one). */
const HUB_ONLY_HOLIDAY = '2027-07-05';

async function setup() {
  const content = copyDemoContent(path.join(temp.make(), 'content'));
  const hub = await startTestHub(temp.make('spoke-hub-'), content);
  const demo = demoCore(fixedClock('2026-11-23T09:00:00.000Z'));
  cleanups.push(() => demo.core.close(), () => hub.close());
  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const env = await dispatch(demo.core, channel, input, demo.c.session);
    if (!env.ok) throw Object.assign(new Error(env.error.message), { code: env.error.code, fieldErrors: env.error.fieldErrors });
    return env.value as T;
  };
  const sync = async () => {
    const r = await call<SyncResult>('sync.now', {});
    expect(r.outcome, r.message).toBe('synced');
  };
  return { ...demo, content, hub, call, sync };
}

describe('the catalogue in use', () => {
  it('is built in before the first sync and the hub’s after it; staff, leads, the rota and leave follow, and a retired role never breaks a record', async () => {
    const w = await setup();
    const site = w.status.practice?.sites[0]?.id ?? '';
    const before = await w.call<CatalogueOut>('catalogue.current', {});
    expect(before.sources).toEqual({ roles: 'built-in', leadTypes: 'built-in', bankHolidays: 'built-in' });
    expect(before.roles.some((r) => r.id === 'digital_lead')).toBe(false);
    // A role outside the catalogue is refused in the core with a field message, nothing saved.
    const countBefore = (await w.call<Staff[]>('staff.list', { includeArchived: true })).length;
    await expect(w.call('staff.create', sampleStaff(site, { roleId: 'digital_lead', professionalBody: null, registrationNumber: null, competencies: [] }))).rejects.toMatchObject({
      code: 'invalid_input',
      fieldErrors: { roleId: 'Choose a role from the list' },
    });
    expect((await w.call<Staff[]>('staff.list', { includeArchived: true })).length).toBe(countBefore);

    // The hub adds a role, retires one a demo person holds, changes the named-lead list
    // and declares a bank holiday this release does not know.
    const staff = await w.call<Staff[]>('staff.list', { includeArchived: false });
    const holder = staff.find((s) => s.roleId === 'healthcare_assistant');
    expect(holder).toBeDefined();
    const rolesFile = path.join(w.content, 'roles.yaml');
    let roles = fs.readFileSync(rolesFile, 'utf8');
    roles = roles.replace('  - id: healthcare_assistant\n', '  - id: healthcare_assistant\n    retired: true\n');
    roles += '  - id: digital_lead\n    label: Digital and transformation lead\n    category: admin\n    arrs: true\n';
    fs.writeFileSync(rolesFile, roles);
    const leadsFile = path.join(w.content, 'named-leads.yaml');
    let leads = fs.readFileSync(leadsFile, 'utf8');
    leads = leads.replace(/ {2}- id: prescribing\n(?: {4}.*\n)+/, '');
    leads += '  - id: cancer_care\n    label: Cancer care lead\n    mandatory: true\n    deputyRequired: false\n';
    fs.writeFileSync(leadsFile, leads);
    const holidaysFile = path.join(w.content, 'bank-holidays.yaml');
    fs.writeFileSync(holidaysFile, `${fs.readFileSync(holidaysFile, 'utf8')}  - { date: ${HUB_ONLY_HOLIDAY}, title: Test holiday from the hub }\n`);
    const leadsBefore = await w.call<LeadsRegister>('leads.register', {});
    const dpoBefore = leadsBefore.leads.find((l) => l.leadTypeCode === 'data_protection_officer');
    expect(dpoBefore?.leadStaffId).not.toBeNull();

    expect(w.hub.hub.publish(w.content).release).not.toBeNull();
    await w.call('sync.enrol', { code: w.hub.hub.enrol('Z99001', 'Spokeford Medical Practice').code });
    await w.sync();

    const after = await w.call<CatalogueOut>('catalogue.current', {});
    expect(after.sources).toEqual({ roles: 'hub', leadTypes: 'hub', bankHolidays: 'hub' });
    expect(after.roles.find((r) => r.id === 'digital_lead')).toMatchObject({ label: 'Digital and transformation lead', category: 'admin', arrs: true, retired: false });
    expect(after.roles.find((r) => r.id === 'healthcare_assistant')?.retired).toBe(true);
    // The hub's dates, and the built-in ones for the years its list does not cover (2024, 2025, 2028).
    expect(after.bankHolidays.find((b) => b.date === HUB_ONLY_HOLIDAY)?.title).toBe('Test holiday from the hub');
    expect(after.bankHolidays.some((b) => b.date === '2028-12-25')).toBe(true);

    // A new role is offered and counted with the hub's group and ARRS flag.
    const added = await w.call<Staff>('staff.create', sampleStaff(site, { givenName: 'Dara', roleId: 'digital_lead', usualSessions: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).flatMap((day) => [{ day, period: 'am' as const }, { day, period: 'pm' as const }]), professionalBody: null, registrationNumber: null, competencies: [], startDate: '2026-01-05' }));
    const mdt = await w.call<WorkforceSummary>('workforce.summary', {});
    expect(mdt.rows.find((r) => r.roleId === 'digital_lead')).toMatchObject({ label: 'Digital and transformation lead', category: 'admin', arrs: true, headcount: 1 });
    // The retired role: nobody new, but its holder loads, reads as retired, and is edited without changing role.
    await expect(w.call('staff.create', sampleStaff(site, { roleId: 'healthcare_assistant', professionalBody: null, registrationNumber: null, competencies: [] }))).rejects.toMatchObject({
      code: 'invalid_input',
      fieldErrors: { roleId: 'Healthcare assistant is a role the hub has retired: choose a current role' },
    });
    expect(mdt.rows.find((r) => r.roleId === 'healthcare_assistant')?.label).toBe('Healthcare assistant (retired role)');
    const h = holder as Staff;
    const edited = await w.call<Staff>('staff.update', {
      id: h.id,
      expectedUpdatedAt: h.updatedAt,
      staff: { ...sampleStaff(site), givenName: 'Renamed', familyName: h.familyName, roleId: h.roleId, contract: h.contract, usualSessions: h.usualSessions, siteIds: h.siteIds, professionalBody: h.professionalBody, registrationNumber: h.registrationNumber, startDate: h.startDate, endDate: h.endDate, competencies: h.competencies, email: h.email },
    });
    expect(edited).toMatchObject({ givenName: 'Renamed', roleId: 'healthcare_assistant' });
    // Moving someone else onto the retired role is refused (staff.update nests the record under "staff").
    await expect(
      w.call('staff.update', { id: added.id, expectedUpdatedAt: added.updatedAt, staff: { ...sampleStaff(site), roleId: 'healthcare_assistant', professionalBody: null, registrationNumber: null, competencies: [] } }),
    ).rejects.toMatchObject({ code: 'invalid_input', fieldErrors: { 'staff.roleId': expect.stringMatching(/retired/) as string } });

    // Lists of roles elsewhere follow the same catalogue: a local protocol for the hub's new
    // role and a duty only it may do are saved; a made-up role, or the retired one on a new
    // list, is refused next to the field with nothing saved.
    const localIn = { title: 'Digital front door', body: 'How requests arrive online.', ownerStaffId: added.id, review: '2027-11-01', change: 'substantive' };
    const local = await w.call<{ id: string; roles: string[] }>('protocols.saveLocal', { ...localIn, roles: ['digital_lead'] });
    expect(local.roles).toEqual(['digital_lead']);
    await expect(w.call('protocols.saveLocal', { ...localIn, title: 'Another', roles: ['made_up_role'] })).rejects.toMatchObject({ code: 'invalid_input', fieldErrors: { roles: 'Choose a role from the list' } });
    await expect(w.call('protocols.saveLocal', { ...localIn, title: 'Another', roles: ['healthcare_assistant'] })).rejects.toMatchObject({ code: 'invalid_input', fieldErrors: { roles: expect.stringMatching(/retired/) as string } });
    const dutyIn = { code: 'DIG', name: 'Digital triage', colour: '#1D70B8', requiredRoleGroup: null, requiredCompetency: null };
    const dig = await w.call<{ requiredRoleIds: string[] }>('rota.duties.save', { ...dutyIn, requiredRoleIds: ['digital_lead'] });
    expect(dig.requiredRoleIds).toEqual(['digital_lead']);
    await expect(w.call('rota.duties.save', { ...dutyIn, code: 'DIG2', requiredRoleIds: ['made_up_role'] })).rejects.toMatchObject({ code: 'invalid_input', fieldErrors: { requiredRoleIds: 'Choose a role from the list' } });
    expect((await w.call<RotaRange>('rota.range', { from: '2027-07-05', to: '2027-07-05' })).duties.some((d) => d.code === 'DIG2')).toBe(false);

    // Named leads: the hub's list, matched by code; a dropped type is archived, appointments kept.
    const register = await w.call<LeadsRegister>('leads.register', {});
    expect(register.types.find((t) => t.code === 'cancer_care')).toMatchObject({ label: 'Cancer care lead', archived: false });
    expect(register.types.find((t) => t.code === 'prescribing')?.archived).toBe(true);
    expect(register.leads.length).toBe(leadsBefore.leads.length);
    expect(register.leads.find((l) => l.id === dpoBefore?.id)).toMatchObject({ leadTypeCode: 'data_protection_officer', leadStaffId: dpoBefore?.leadStaffId });
    expect(register.vacantTypeIds).toContain(register.types.find((t) => t.code === 'cancer_care')?.id);
    // The gaps reported to the hub: the new type is vacant; a missing deputy counts only where
    // the hub's list asks for one (its DPO has none and needs none).
    const gaps = w.core.leads.gaps('2026-11-23');
    expect(gaps).toContainEqual({ leadType: 'cancer_care', label: 'Cancer care lead', deputy: false });
    expect(gaps.some((g) => g.leadType === 'data_protection_officer')).toBe(false);
    expect(gaps.some((g) => g.leadType === 'prescribing')).toBe(false);

    // Bank holidays: the rota shows the hub's day and flags an assignment on it at a closed site.
    const range = await w.call<RotaRange>('rota.range', { from: '2027-07-05', to: '2027-07-11' });
    expect(range.bankHolidays).toEqual([{ date: HUB_ONLY_HOLIDAY, title: 'Test holiday from the hub' }]);
    const person = range.staff.find((s) => s.id === added.id);
    expect(person?.roleGroup).toBe('admin');
    const duty = range.duties.find((d) => d.code === 'ADM') ?? range.duties[0];
    const applied = await w.call<RotaApplyResult>('rota.apply', {
      ops: [{ op: 'set', staffId: added.id, date: HUB_ONLY_HOLIDAY, session: 'am', siteId: site, dutyId: duty?.id ?? '', replaces: null }],
    });
    expect(applied.conflictsAdded.map((c) => c.ruleId)).toContain('rota.bank_holiday');
    // Exports name a role only the hub knows by the hub's label, not its id.
    const csv = await w.call<{ base64: string }>('rota.export', { from: HUB_ONLY_HOLIDAY, to: HUB_ONLY_HOLIDAY, format: 'csv', staffId: added.id });
    expect(Buffer.from(csv.base64, 'base64').toString('utf8')).toContain('Digital and transformation lead');
    // Leave over that week does not count the hub's holiday: Monday to Friday is 4 days, not 5.
    const leave = await w.call<LeaveOut>('leave.request', { staffId: added.id, type: 'annual', startDate: '2027-07-05', endDate: '2027-07-09' });
    expect(leave.days).toBe(4);
  });

  it('a clinical role only the hub knows is grouped, counted, qualified and named by the hub in the rota, the workforce plan and sign-in', async () => {
    const w = await setup();
    const site = w.status.practice?.sites[0]?.id ?? '';
    const rolesFile = path.join(w.content, 'roles.yaml');
    fs.writeFileSync(rolesFile, `${fs.readFileSync(rolesFile, 'utf8')}  - id: apprentice_nurse\n    label: Apprentice nurse\n    category: nursing\n    arrs: false\n`);
    expect(w.hub.hub.publish(w.content).release).not.toBeNull();
    await w.call('sync.enrol', { code: w.hub.hub.enrol('Z99001', 'Spokeford Medical Practice').code });
    await w.sync();

    const nurse = await w.call<Staff>('staff.create', sampleStaff(site, { givenName: 'Nia', familyName: 'Apprentice', roleId: 'apprentice_nurse', professionalBody: null, registrationNumber: null, competencies: [], startDate: '2026-01-05' }));
    // A Wednesday with no one else planned: a nursing-team rule needs one person that AM.
    const day = '2027-03-10';
    await w.call('rota.coverage.save', { siteId: site, weekday: 'wed', session: 'am', dutyId: null, roleGroup: 'nursing', min: 1, max: null });
    const nursingDuty = await w.call<{ id: string }>('rota.duties.save', { code: 'NTEAM', name: 'Nursing team clinic', colour: '#005EB8', requiredRoleIds: [], requiredRoleGroup: 'nursing', requiredCompetency: null });
    const before = await w.call<RotaRange>('rota.range', { from: day, to: day });
    const nursingCell = (r: RotaRange) => r.coverage.find((c) => c.roleGroup === 'nursing' && c.siteId === site && c.session === 'am' && c.date === day);
    const assignedBefore = nursingCell(before)?.assigned ?? -1;
    expect(before.roles).toContainEqual({ id: 'apprentice_nurse', label: 'Apprentice nurse', category: 'nursing' });
    expect(before.staff.find((s) => s.id === nurse.id)?.roleGroup).toBe('nursing');

    const applied = await w.call<RotaApplyResult>('rota.apply', { ops: [{ op: 'set', staffId: nurse.id, date: day, session: 'am', siteId: site, dutyId: nursingDuty.id, replaces: null }] });
    // Qualified by the hub's group: no "needs a role" conflict; counted in the nursing team's cover.
    expect(applied.conflictsAdded.filter((c) => c.ruleId === 'rota.missing_role')).toEqual([]);
    const after = await w.call<RotaRange>('rota.range', { from: day, to: day });
    expect(nursingCell(after)?.assigned).toBe(assignedBefore + 1);

    const plan = await w.call<{ rows: { roleId: string; label: string; roleGroup: string; plannedSessions: number }[] }>('rota.workforcePlan', { from: day, to: day });
    expect(plan.rows.find((r) => r.roleId === 'apprentice_nurse')).toMatchObject({ label: 'Apprentice nurse', roleGroup: 'nursing', plannedSessions: 1 });
    const profile = await w.call<{ roleLabel: string }>('profiles.create', { staffId: nurse.id, appRole: 'staff' });
    expect(profile.roleLabel).toBe('Apprentice nurse');
  });

  it('migration 6 gives stored named-lead types the hub’s codes and keeps their appointments', () => {
    const file = path.join(temp.make(), 'spoke.db');
    const v4 = openPracticeDb(file, { create: 'ifMissing', migrations: MIGRATIONS.filter((m) => m.version <= 4) });
    // As an earlier release stored them: its codes for three types, a lead under one.
    v4.db.prepare("UPDATE named_lead_type SET code = 'dpo' WHERE code = 'data_protection_officer'").run();
    v4.db.prepare("UPDATE named_lead_type SET code = 'caldicott' WHERE code = 'caldicott_guardian'").run();
    v4.db.prepare("UPDATE named_lead_type SET code = 'health_safety' WHERE code = 'health_and_safety'").run();
    const dpo = v4.db.prepare("SELECT id FROM named_lead_type WHERE code = 'dpo'").pluck().get() as string;
    v4.db
      .prepare("INSERT INTO named_lead (id, lead_type_id, lead_staff_id, deputy_staff_id, from_date, to_date, created_at, updated_at) VALUES ('l1', ?, NULL, NULL, '2026-04-01', NULL, 'x', 'x')")
      .run(dpo);
    const typesBefore = v4.db.prepare('SELECT COUNT(*) FROM named_lead_type').pluck().get();
    v4.db.close();

    const latest = openPracticeDb(file, { create: 'never' });
    const codes = latest.db.prepare('SELECT code FROM named_lead_type ORDER BY code').pluck().all() as string[];
    expect(codes).toEqual(expect.arrayContaining(['data_protection_officer', 'caldicott_guardian', 'health_and_safety']));
    expect(codes).not.toContain('dpo');
    expect(latest.db.prepare('SELECT COUNT(*) FROM named_lead_type').pluck().get()).toBe(typesBefore);
    expect(latest.db.prepare("SELECT t.code FROM named_lead l JOIN named_lead_type t ON t.id = l.lead_type_id WHERE l.id = 'l1'").pluck().get()).toBe('data_protection_officer');
    latest.db.close();
    // The file is still a whole database.
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();
  });
});
