import fs from 'node:fs';
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { PracticeCore } from '../../electron/core/practice-core';
import { caller, demoCore, fixedClock, sampleStaff, tempDir } from '../helpers/core';

const cores: PracticeCore[] = [];
const track = <T extends { core: PracticeCore }>(x: T) => {
  cores.push(x.core);
  return x;
};
afterEach(() => {
  for (const c of cores.splice(0)) c.close();
});

describe('first run', () => {
  it('starts empty and offers setup', () => {
    const core = new PracticeCore({ dataDir: null });
    cores.push(core);
    const status = caller(core).ok('app.status', {});
    expect(status.practice).toBeNull();
    expect(status.profile).toBeNull();
    expect(status.profiles).toEqual([]);
  });

  it('sets up a practice and signs its manager in', () => {
    const core = new PracticeCore({ dataDir: null, clock: fixedClock() });
    cores.push(core);
    const c = caller(core);
    const status = c.ok('practice.setup', {
      name: 'Fictional Lane Surgery',
      odsCode: 'z12345',
      listSize: 8200,
      sites: [{ name: 'Fictional Lane' }, { name: 'Mill Branch' }],
      manager: { givenName: 'Pat', familyName: 'Example' },
    });
    expect(status.practice?.odsCode).toBe('Z12345');
    expect(status.practice?.sites.map((s) => [s.name, s.isMain])).toEqual([
      ['Fictional Lane', true],
      ['Mill Branch', false],
    ]);
    expect(status.profile?.appRole).toBe('practice_manager');
    expect(status.profile?.displayName).toBe('Pat Example');
    const again = c.raw('practice.setup', { name: 'Other', odsCode: 'Z54321', listSize: 1, sites: [{ name: 'X' }], manager: { givenName: 'A', familyName: 'B' } });
    expect(again.ok).toBe(false);
  });

  it('loads the demo practice with its staff mix and profiles', () => {
    const { c, status } = track(demoCore());
    expect(status.practice?.isDemo).toBe(true);
    expect(status.practice?.sites).toHaveLength(2);
    expect(status.profiles.map((p) => p.appRole).sort()).toEqual(['clinical_lead', 'practice_manager', 'staff']);
    const staff = c.ok('staff.list', { includeArchived: false });
    expect(staff.length).toBeGreaterThanOrEqual(25);
    const roles = new Set(staff.map((s) => s.roleId));
    for (const r of ['gp_partner', 'salaried_gp', 'gp_registrar', 'practice_nurse', 'advanced_nurse_practitioner', 'healthcare_assistant', 'clinical_pharmacist', 'paramedic', 'first_contact_physiotherapist', 'social_prescribing_link_worker', 'health_wellbeing_coach', 'care_coordinator', 'mental_health_practitioner', 'practice_manager', 'receptionist', 'administrator']) {
      expect(roles.has(r), r).toBe(true);
    }
  });
});

describe('staff records', () => {
  it('adds, edits, archives and restores with an audit trail', () => {
    const { c, status } = track(demoCore());
    const site = status.practice?.sites[0]?.id ?? '';
    const created = c.ok('staff.create', sampleStaff(site));
    expect(created.wte).toBe(0.67);
    expect(c.ok('staff.get', { id: created.id }).familyName).toBe('Person');

    const edited = c.ok('staff.update', {
      id: created.id,
      expectedUpdatedAt: created.updatedAt,
      staff: sampleStaff(site, { contract: { kind: 'sessions', amount: 9 } }),
    });
    expect(edited.wte).toBe(1);
    expect(edited.updatedAt > created.updatedAt).toBe(true);

    const archived = c.ok('staff.archive', { id: created.id });
    expect(archived.archivedAt).not.toBeNull();
    expect(c.ok('staff.list', { includeArchived: false }).some((s) => s.id === created.id)).toBe(false);
    expect(c.ok('staff.list', { includeArchived: true }).some((s) => s.id === created.id)).toBe(true);
    const restored = c.ok('staff.restore', { id: created.id });
    expect(restored.archivedAt).toBeNull();

    const history = c.ok('audit.list', { limit: 10, entityId: created.id });
    expect(history.map((h) => h.action)).toEqual(['staff restored', 'staff archived', 'staff edited', 'staff added']);
    expect(history[2]?.summary).toBe('staff edited: contract');
    expect(history[0]?.actor).toBe('Samira Holt (Practice manager)');
  });

  it('tombstones a site taken away from a staff member and revives it when given back', () => {
    const { core, c, status } = track(demoCore());
    const [main, branch] = (status.practice?.sites ?? []).map((s) => s.id);
    const created = c.ok('staff.create', sampleStaff(main ?? '', { registrationNumber: '9912399' }));
    const both = c.ok('staff.update', { id: created.id, expectedUpdatedAt: created.updatedAt, staff: sampleStaff(main ?? '', { registrationNumber: '9912399', siteIds: [main ?? '', branch ?? ''] }) });
    expect(both.siteIds).toHaveLength(2);
    const one = c.ok('staff.update', { id: created.id, expectedUpdatedAt: both.updatedAt, staff: sampleStaff(branch ?? '', { registrationNumber: '9912399' }) });
    expect(one.siteIds).toEqual([branch]);
    const rows = core.db.prepare('SELECT site_id, deleted FROM staff_site WHERE staff_id = ? ORDER BY site_id').all(created.id) as { site_id: string; deleted: number }[];
    expect(rows.find((r) => r.site_id === main)?.deleted).toBe(1);
    expect(rows.find((r) => r.site_id === branch)?.deleted).toBe(0);
    const back = c.ok('staff.update', { id: created.id, expectedUpdatedAt: one.updatedAt, staff: sampleStaff(main ?? '', { registrationNumber: '9912399' }) });
    expect(back.siteIds).toEqual([main]);
  });

  it('refuses a stale edit and keeps the newer one', () => {
    const { c, status } = track(demoCore());
    const site = status.practice?.sites[0]?.id ?? '';
    const created = c.ok('staff.create', sampleStaff(site));
    c.ok('staff.update', { id: created.id, expectedUpdatedAt: created.updatedAt, staff: sampleStaff(site, { familyName: 'First' }) });
    const stale = c.raw('staff.update', { id: created.id, expectedUpdatedAt: created.updatedAt, staff: sampleStaff(site, { familyName: 'Second' }) });
    expect(stale.ok).toBe(false);
    if (!stale.ok) expect(stale.error.code).toBe('conflict');
    expect(c.ok('staff.get', { id: created.id }).familyName).toBe('First');
  });

  it('refuses a duplicate registration number and names who holds it', () => {
    const { c, status } = track(demoCore());
    const site = status.practice?.sites[0]?.id ?? '';
    const before = c.ok('staff.list', { includeArchived: true }).length;
    const dup = c.raw('staff.create', sampleStaff(site, { registrationNumber: '9900101' }));
    expect(dup.ok).toBe(false);
    if (!dup.ok) {
      expect(dup.error.code).toBe('invalid_input');
      expect(dup.error.fieldErrors?.['registrationNumber']).toBe('GMC number 9900101 is already recorded for Amara Okafor');
    }
    expect(c.ok('staff.list', { includeArchived: true }).length).toBe(before);
  });

  it('saves nothing at all when input is bad', () => {
    const { core, c, status } = track(demoCore());
    const site = status.practice?.sites[0]?.id ?? '';
    const auditBefore = core.db.prepare('SELECT count(*) FROM audit_log').pluck().get();
    const staffBefore = core.db.prepare('SELECT count(*) FROM staff').pluck().get();
    const attempts: unknown[] = [
      sampleStaff(site, { givenName: '' }),
      sampleStaff(site, { contract: { kind: 'sessions', amount: -3 } }),
      sampleStaff(site, { endDate: '2020-01-01' }),
      sampleStaff('00000000-0000-4000-8000-000000000000'),
      { ...sampleStaff(site), extra: 'x'.repeat(2_000_000) },
      null,
      'not an object',
      { givenName: 'only' },
    ];
    for (const a of attempts) expect(c.raw('staff.create', a).ok).toBe(false);
    expect(core.db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(auditBefore);
    expect(core.db.prepare('SELECT count(*) FROM staff').pluck().get()).toBe(staffBefore);
  });

  it('reports WTE by role for staff in post on the date', () => {
    const { c, status } = track(demoCore());
    const site = status.practice?.sites[0]?.id ?? '';
    const before = c.ok('workforce.summary', { asOf: '2026-11-23' });
    const gpRow = () => c.ok('workforce.summary', { asOf: '2026-11-23' }).rows.find((r) => r.roleId === 'salaried_gp');
    const gpBefore = before.rows.find((r) => r.roleId === 'salaried_gp');
    c.ok('staff.create', sampleStaff(site, { contract: { kind: 'sessions', amount: 9 } }));
    expect(gpRow()?.headcount).toBe((gpBefore?.headcount ?? 0) + 1);
    expect(gpRow()?.wte).toBeCloseTo((gpBefore?.wte ?? 0) + 1, 5);
    // a leaver whose end date has passed no longer counts
    c.ok('staff.create', sampleStaff(site, { registrationNumber: '9912346', startDate: '2020-01-01', endDate: '2025-12-31' }));
    expect(gpRow()?.headcount).toBe((gpBefore?.headcount ?? 0) + 1);
    const totals = c.ok('workforce.summary', {}).totals;
    expect(totals.coreWte + totals.arrsWte).toBeCloseTo(totals.wte, 5);
    expect(totals.arrsWte).toBeGreaterThan(0);
  });

  it('never lets the last practice manager be archived', () => {
    const { c, status } = track(demoCore());
    const pm = status.profile;
    const r = c.raw('staff.archive', { id: pm?.staffId ?? '' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/only person who can sign in as practice manager/);
  });
});

describe('sites and profiles', () => {
  it('adds and renames sites, refusing duplicate names', () => {
    const { c, status } = track(demoCore());
    const added = c.ok('sites.save', { name: 'Riverside Health Centre' });
    expect(added.sites.map((s) => s.name)).toEqual(['Spokeford Surgery', 'Little Hubley Branch Surgery', 'Riverside Health Centre']);
    const mainSite = status.practice?.sites[0];
    const main = mainSite?.id ?? '';
    // A rename must say which version it changes: without it, or with a stale one, nothing is saved.
    expect(c.raw('sites.save', { id: main, name: 'No version given' }).ok).toBe(false);
    const renamed = c.ok('sites.save', { id: main, name: 'Spokeford Surgery (Main Street)', expectedUpdatedAt: mainSite?.updatedAt ?? '' });
    const stale = c.raw('sites.save', { id: main, name: 'Stale rename', expectedUpdatedAt: mainSite?.updatedAt ?? '' });
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(renamed.sites[0]).toMatchObject({ name: 'Spokeford Surgery (Main Street)', isMain: true });
    const dup = c.raw('sites.save', { name: 'little hubley branch surgery' });
    expect(dup.ok).toBe(false);
    if (!dup.ok) expect(dup.error.fieldErrors?.['name']).toBe('There is already a site called Little Hubley Branch Surgery');
    // renaming a site to its own name (different case) is fine
    expect(c.raw('sites.save', { id: main, name: 'SPOKEFORD SURGERY (MAIN STREET)', expectedUpdatedAt: renamed.sites[0]?.updatedAt ?? '' }).ok).toBe(true);
    expect(c.raw('sites.save', { name: '   ' }).ok).toBe(false);
    expect(c.ok('audit.list', { limit: 5 }).map((a) => a.action).slice(0, 3)).toEqual(['site renamed', 'site renamed', 'site added']);
  });

  it('removes a profile but never the last practice manager', () => {
    const { c, status } = track(demoCore());
    const staffProfile = status.profiles.find((p) => p.appRole === 'staff');
    c.ok('profiles.remove', { id: staffProfile?.id ?? '' });
    expect(c.ok('app.status', {}).profiles.some((p) => p.id === staffProfile?.id)).toBe(false);
    expect(c.raw('profiles.remove', { id: staffProfile?.id ?? '' }).ok).toBe(false);
    const own = c.raw('profiles.remove', { id: status.profile?.id ?? '' });
    expect(own.ok).toBe(false);
    if (!own.ok) expect(own.error.message).toMatch(/only practice manager profile/);
  });
});

describe('permissions are enforced in the core', () => {
  it('a staff profile can read but not edit staff', () => {
    const { core, status } = track(demoCore());
    const staffProfile = status.profiles.find((p) => p.appRole === 'staff');
    const reception = caller(core, { profileId: null });
    reception.ok('session.signIn', { profileId: staffProfile?.id ?? '' });
    expect(reception.ok('staff.list', { includeArchived: false }).length).toBeGreaterThan(20);
    const site = status.practice?.sites[0]?.id ?? '';
    const r = reception.raw('staff.create', sampleStaff(site));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('forbidden');
      expect(r.error.message).toBe('Only a practice manager can do this. You are signed in as Chloe Danvers (Staff).');
    }
    const anyone = reception.ok('staff.list', { includeArchived: false })[0];
    expect(reception.raw('staff.archive', { id: anyone?.id ?? '' }).ok).toBe(false);
    expect(reception.raw('practice.update', { name: 'Renamed', odsCode: 'Z99001', listSize: 1 }).ok).toBe(false);
    expect(reception.raw('sites.save', { name: 'New site' }).ok).toBe(false);
    expect(reception.raw('profiles.remove', { id: staffProfile?.id ?? '' }).ok).toBe(false);
  });

  it('a clinical lead cannot edit staff either, and nobody signed out can read', () => {
    const { core, status } = track(demoCore());
    const lead = status.profiles.find((p) => p.appRole === 'clinical_lead');
    const c = caller(core);
    c.ok('session.signIn', { profileId: lead?.id ?? '' });
    expect(c.raw('staff.create', sampleStaff(status.practice?.sites[0]?.id ?? '')).ok).toBe(false);
    c.ok('session.signOut', {});
    const r = c.raw('staff.list', {});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('not_signed_in');
  });

  it('a clinical lead profile needs a registered clinician', () => {
    const { c } = track(demoCore());
    const receptionist = c.ok('staff.list', { includeArchived: false }).find((s) => s.roleId === 'receptionist');
    const r = c.raw('profiles.create', { staffId: receptionist?.id ?? '', appRole: 'clinical_lead' });
    expect(r.ok).toBe(false);
  });

  it('unknown channels and malformed calls come back as envelopes, not exceptions', () => {
    const { c } = track(demoCore());
    const r = c.raw('staff.delete', {});
    expect(r).toEqual({ ok: false, error: { code: 'unknown_channel', message: 'Spoke has no operation called "staff.delete".' } });
    const bad = c.raw('staff.get', { id: 'not-a-uuid' });
    expect(bad.ok).toBe(false);
  });
});

describe('the data folder', () => {
  it('is owned by one core at a time and keeps its data across a reopen', () => {
    const dir = tempDir();
    const first = new PracticeCore({ dataDir: dir, create: 'ifMissing', purpose: 'test one' });
    expect(() => new PracticeCore({ dataDir: dir, create: 'never', purpose: 'test two' })).toThrow(/already open in another Spoke process \(test one, process \d+/);
    first.loadDemo();
    first.close();
    const second = new PracticeCore({ dataDir: dir, create: 'never', purpose: 'test two' });
    expect(second.isSetUp()).toBe(true);
    expect(second.check()).toEqual([]);
    second.close();
    expect(fs.existsSync(`${dir}/spoke.lock`)).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('takes over a lock left by a process that died', () => {
    const dir = tempDir();
    fs.writeFileSync(`${dir}/spoke.lock`, JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname(), purpose: 'crashed', since: 'x' }));
    const core = new PracticeCore({ dataDir: dir, create: 'ifMissing' });
    core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
