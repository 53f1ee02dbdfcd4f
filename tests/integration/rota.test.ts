import { describe, expect, it, vi } from 'vitest';
import type { OutputOf } from '../../shared/contract';
import type { CellOp } from '../../shared/contract/rota';
import { BANK_HOLIDAYS_ENGLAND_WALES } from '../../shared/rota/bank-holidays';
import { addDays } from '../../shared/rota/dates';
import { caller, demoCore, fixedClock } from '../helpers/core';

/**
 * The rota, leave and named-lead features through dispatch and the real SQLite core, on
 * the demo practice loaded on Monday 23 November 2026.
 */
const TODAY = '2026-11-23';

function setup() {
  const { core, c, status } = demoCore(fixedClock(`${TODAY}T09:00:00.000Z`));
  const asRole = (role: 'staff' | 'clinical_lead') => {
    const profile = status.profiles.find((p) => p.appRole === role);
    const s = caller(core, { profileId: null });
    s.ok('session.signIn', { profileId: profile?.id ?? '' });
    return { s, staffId: profile?.staffId ?? '' };
  };
  const range = (from = TODAY, to = addDays(TODAY, 27)) => c.ok('rota.range', { from, to });
  const r = range();
  const duty = (code: string) => r.duties.find((d) => d.code === code)?.id ?? '';
  const person = (given: string) => {
    const p = r.staff.find((s) => s.givenName === given);
    if (!p) throw new Error(`no ${given}`);
    return p;
  };
  const site = (i: number) => r.sites[i]?.id ?? '';
  const cell = (staffId: string, date: string, session: 'am' | 'pm' | 'eve') =>
    c.ok('rota.range', { from: date, to: date }).assignments.filter((a) => a.staffId === staffId && a.session === session);
  const auditCount = () => core.db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;
  return { core, c, status, asRole, range, r, duty, person, site, cell, auditCount };
}

/** The incremental validator must always agree with one rebuilt from the database. */
function expectValidatorMatchesRebuild(core: ReturnType<typeof setup>['core']): void {
  const incremental = core.rota.validator().conflicts().map((x) => `${x.id}|${x.message}|${JSON.stringify(x.cells)}`);
  const rebuilt = core.rota.fullRecheck().map((x) => `${x.id}|${x.message}|${JSON.stringify(x.cells)}`);
  expect(incremental).toEqual(rebuilt);
}

describe('the demo rota', () => {
  it('plans eight weeks from the day it is loaded, with a few coverage gaps and one conflict', () => {
    const { c, range } = setup();
    const weeks = range(TODAY, addDays(TODAY, 55));
    expect(weeks.assignments.length).toBeGreaterThan(900);
    expect(weeks.assignments.some((a) => a.date >= addDays(TODAY, 49))).toBe(true);
    expect(c.ok('rota.range', { from: addDays(TODAY, 56), to: addDays(TODAY, 70) }).assignments).toHaveLength(0);
    const errors = weeks.conflicts.filter((x) => x.severity === 'error' && x.ruleId !== 'rota.coverage_short');
    expect(errors.map((x) => x.ruleId)).toEqual(['rota.on_leave']);
    expect(errors[0]?.message).toMatch(/Kofi Mensah is on approved sick leave \(AM half day\)/);
    const gaps = weeks.conflicts.filter((x) => x.ruleId === 'rota.coverage_short');
    expect(gaps.length).toBeGreaterThanOrEqual(2);
    expect(gaps.length).toBeLessThanOrEqual(6);
    expect(weeks.coverage.filter((x) => x.status === 'short').length).toBe(gaps.length);
    expect(weeks.leave.some((l) => l.status === 'requested')).toBe(true);
    expect(c.ok('rota.patterns.list', {}).length).toBeGreaterThan(20);
    const register = c.ok('leads.register', {});
    expect(register.leads).toHaveLength(12);
    expect(register.vacantTypeIds.map((id) => register.types.find((t) => t.id === id)?.code)).toEqual(['freedom_to_speak_up']);
    expect(weeks.sessionTimes.some((t) => t.session === 'eve' && t.weekday === 'tue')).toBe(true);
  });

  it('loads in well under a second', () => {
    const t0 = performance.now();
    setup();
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe('permissions', () => {
  it('lets everyone signed in read the rota but only a practice manager edit it', () => {
    const { core, asRole, r, duty, person, site } = setup();
    const { s } = asRole('staff');
    expect(s.ok('rota.range', { from: TODAY, to: addDays(TODAY, 6) }).assignments.length).toBeGreaterThan(0);
    const op: CellOp = { op: 'set', staffId: person('Helena').id, date: '2026-11-26', session: 'am', siteId: site(0), dutyId: duty('SURG'), replaces: null };
    for (const [channel, input] of [
      ['rota.apply', { ops: [op] }],
      ['rota.coverage.save', { siteId: site(0), weekday: 'mon', session: 'am', dutyId: null, roleGroup: 'gp', min: 1, max: null }],
      ['rota.duties.save', { code: 'X', name: 'X', colour: '#000000' }],
      ['leads.save', { leadTypeId: r.namedLeads[0]?.leadTypeId ?? '', leadStaffId: null, deputyStaffId: null, from: TODAY, to: null }],
      ['rota.patterns.apply', { from: TODAY, to: TODAY }],
    ] as const) {
      const res = s.raw(channel, input);
      expect(res.ok, channel).toBe(false);
      if (!res.ok) expect(res.error.code, channel).toBe('forbidden');
    }
    const anon = caller(core);
    const res = anon.raw('rota.range', { from: TODAY, to: TODAY });
    expect(!res.ok && res.error.code).toBe('not_signed_in');
  });

  it('lets staff request leave for themselves only, and not approve it', () => {
    const { asRole, person } = setup();
    const { s, staffId } = asRole('staff');
    const mine = s.ok('leave.request', { staffId, type: 'annual', startDate: '2027-02-01', endDate: '2027-02-02', note: 'Half term' });
    expect(mine.status).toBe('requested');
    const other = s.raw('leave.request', { staffId: person('Helena').id, type: 'annual', startDate: '2027-02-01', endDate: '2027-02-02' });
    expect(!other.ok && other.error.code).toBe('forbidden');
    const decide = s.raw('leave.decide', { id: mine.id, expectedUpdatedAt: mine.updatedAt, decision: 'approve' });
    expect(!decide.ok && decide.error.code).toBe('forbidden');
    expect(s.ok('leave.withdraw', { id: mine.id, expectedUpdatedAt: mine.updatedAt })).toEqual({ ok: true });
  });
});

describe('grid batches', () => {
  it('saves a batch in one step with one audit entry and returns the new versions', () => {
    const { core, c, duty, person, site, auditCount } = setup();
    const before = auditCount();
    const helena = person('Helena');
    const res = c.ok('rota.apply', {
      action: 'Paste',
      ops: [
        { op: 'set', staffId: helena.id, date: '2027-01-26', session: 'am', siteId: site(0), dutyId: duty('SURG'), replaces: null },
        { op: 'set', staffId: helena.id, date: '2027-01-26', session: 'pm', siteId: site(0), dutyId: duty('ADM'), note: 'Referrals', replaces: null },
      ],
    });
    expect(res.saved).toHaveLength(2);
    expect(res.saved[1]?.note).toBe('Referrals');
    expect(auditCount()).toBe(before + 1);
    const entry = core.db.prepare('SELECT action, actor_name FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { action: string; actor_name: string };
    expect(entry).toEqual({ action: 'rota: Paste, 2 set, 0 cleared', actor_name: 'Samira Holt (Practice manager)' });
    // Change one, clear the other, with the versions just returned.
    const [am, pm] = res.saved;
    const next = c.ok('rota.apply', {
      ops: [
        { op: 'set', staffId: helena.id, date: '2027-01-26', session: 'am', siteId: site(0), dutyId: duty('DD'), replaces: { id: am?.id ?? '', expectedUpdatedAt: am?.updatedAt ?? '' } },
        { op: 'clear', staffId: helena.id, date: '2027-01-26', session: 'pm', replaces: { id: pm?.id ?? '', expectedUpdatedAt: pm?.updatedAt ?? '' } },
      ],
    });
    expect(next.saved[0]?.id).toBe(am?.id);
    expect((next.saved[0]?.updatedAt ?? '') > (am?.updatedAt ?? '')).toBe(true);
    expect(next.cleared).toEqual([pm?.id]);
    expectValidatorMatchesRebuild(core);
  });

  it('refuses a stale edit: the cell was changed by someone else since it was loaded', () => {
    const { c, duty, person, site } = setup();
    const helena = person('Helena');
    const first = c.ok('rota.apply', { ops: [{ op: 'set', staffId: helena.id, date: '2027-01-27', session: 'am', siteId: site(0), dutyId: duty('SURG'), replaces: null }] }).saved[0];
    c.ok('rota.apply', { ops: [{ op: 'set', staffId: helena.id, date: '2027-01-27', session: 'am', siteId: site(0), dutyId: duty('ADM'), replaces: { id: first?.id ?? '', expectedUpdatedAt: first?.updatedAt ?? '' } }] });
    const stale = c.raw('rota.apply', { ops: [{ op: 'clear', staffId: helena.id, date: '2027-01-27', session: 'am', replaces: { id: first?.id ?? '', expectedUpdatedAt: first?.updatedAt ?? '' } }] });
    expect(stale.ok).toBe(false);
    if (!stale.ok) {
      expect(stale.error.code).toBe('conflict');
      expect(stale.error.fieldErrors?.['ops.0']).toBe('Dr Helena Voss, Wed 27 Jan 2027 AM was changed by someone else after you loaded the rota');
    }
    const filled = c.raw('rota.apply', { ops: [{ op: 'set', staffId: helena.id, date: '2027-01-27', session: 'am', siteId: site(0), dutyId: duty('SURG'), replaces: null }] });
    expect(!filled.ok && filled.error.message).toMatch(/was filled by someone else/);
  });

  it('applies a paste whole or not at all, naming each refused cell', () => {
    const { core, c, range, duty, person, site, auditCount } = setup();
    const helena = person('Helena');
    const archived = person('Wendy');
    c.ok('staff.archive', { id: archived.id });
    const before = auditCount();
    const countBefore = range('2027-01-25', '2027-01-31').assignments.length;
    const res = c.raw('rota.apply', {
      ops: [
        { op: 'set', staffId: helena.id, date: '2027-01-25', session: 'am', siteId: site(0), dutyId: duty('SURG'), replaces: null },
        { op: 'set', staffId: helena.id, date: '2027-01-25', session: 'eve', siteId: site(0), dutyId: duty('SURG'), replaces: null },
        { op: 'set', staffId: archived.id, date: '2027-01-27', session: 'pm', siteId: site(1), dutyId: duty('ADM'), replaces: null },
        { op: 'set', staffId: helena.id, date: '2027-01-30', session: 'am', siteId: site(0), dutyId: duty('SURG'), replaces: null },
      ],
    });
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('invalid_input');
      expect(res.error.message).toMatch(/None of the 4 changes were saved/);
      expect(res.error.fieldErrors?.['ops.0']).toBeUndefined();
      expect(res.error.fieldErrors?.['ops.1']).toBe('Dr Helena Voss, Mon 25 Jan 2027 evening: Spokeford Surgery does not run evening sessions on Mondays');
      expect(res.error.fieldErrors?.['ops.2']).toMatch(/Wendy Ashdown is archived/);
      expect(res.error.fieldErrors?.['ops.3']).toMatch(/does not run AM sessions on Saturdays/);
    }
    expect(range('2027-01-25', '2027-01-31').assignments.length).toBe(countBefore);
    expect(auditCount()).toBe(before);
    expectValidatorMatchesRebuild(core);
  });

  it('refuses unknown duties, dates outside 2024-2028, the same cell twice and garbage input', () => {
    const { c, person, site } = setup();
    const helena = person('Helena');
    const base = { op: 'set' as const, staffId: helena.id, session: 'am' as const, siteId: site(0), replaces: null };
    const unknown = c.raw('rota.apply', { ops: [{ ...base, date: '2027-01-26', dutyId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f' }] });
    expect(!unknown.ok && unknown.error.fieldErrors?.['ops.0']).toMatch(/that duty no longer exists/);
    const far = c.raw('rota.apply', { ops: [{ ...base, date: '2031-01-06', dutyId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f' }] });
    expect(!far.ok && far.error.fieldErrors?.['ops.0.date']).toMatch(/from 2024 to 2028/);
    const twice = c.raw('rota.apply', { ops: [{ ...base, date: '2027-01-26', dutyId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f' }, { ...base, date: '2027-01-26', dutyId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f' }] });
    expect(!twice.ok && twice.error.fieldErrors?.['ops.1']).toMatch(/also changed by change 1/);
    for (const junk of [{}, { ops: 'SURG\tDD' }, { ops: [] }, { ops: [{ op: 'paint' }] }]) {
      const r = c.raw('rota.apply', junk);
      expect(!r.ok && r.error.code).toBe('invalid_input');
    }
  });

  it('reports the conflicts an edit adds and removes, and stays equal to a full rebuild', () => {
    const { core, c, duty, person, site } = setup();
    const grace = person('Grace'); // practice nurse: no duty doctor competency
    const res = c.ok('rota.apply', { ops: [{ op: 'set', staffId: grace.id, date: '2027-01-25', session: 'am', siteId: site(0), dutyId: duty('DD'), replaces: null }] });
    expect(res.conflictsAdded.map((x) => x.ruleId)).toContain('rota.missing_competency');
    const saved = res.saved[0];
    const undo = c.ok('rota.apply', { action: 'Undo', ops: [{ op: 'clear', staffId: grace.id, date: '2027-01-25', session: 'am', replaces: { id: saved?.id ?? '', expectedUpdatedAt: saved?.updatedAt ?? '' } }] });
    expect(undo.conflictsRemoved.map((x) => x.ruleId)).toContain('rota.missing_competency');
    expectValidatorMatchesRebuild(core);
  });
});

describe('the core write event', () => {
  it('rebuilds the validator after another feature writes, and keeps it through rota writes', () => {
    const { core, c, duty, person, site, cell } = setup();
    const before = core.rota.validator();
    const grace = person('Grace');
    // A free morning within the dates the validator already checks.
    const date = Array.from({ length: 14 }, (_, i) => addDays(TODAY, i + 1)).find((d) => cell(grace.id, d, 'am').length === 0) ?? '';
    c.ok('rota.apply', { ops: [{ op: 'set', staffId: grace.id, date, session: 'am', siteId: site(0), dutyId: duty('DD'), replaces: null }] });
    expect(core.rota.validator()).toBe(before);
    c.ok('sites.save', { name: 'Riverside Health Centre' });
    expect(core.rota.validator()).not.toBe(before);
    expectValidatorMatchesRebuild(core);
  });

  it('reports a saved write as saved when a listener fails after it', () => {
    const { core, c } = setup();
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const stop = core.ctx.writes.subscribe(() => {
      throw new Error('listener broke');
    });
    try {
      const saved = c.raw('sites.save', { name: 'Riverside Health Centre' });
      expect(saved.ok).toBe(true);
      expect(c.ok('rota.range', { from: TODAY, to: TODAY }).sites.map((x) => x.name)).toContain('Riverside Health Centre');
      expect(quiet).toHaveBeenCalledWith('[spoke] a listener failed after sites.save wrote:', expect.any(Error));
    } finally {
      stop();
      quiet.mockRestore();
    }
  });
});

describe('patterns and copy week', () => {
  it('previews without saving, then applies, never replacing a manual edit unless asked', () => {
    const { core, c, range, duty, person, site } = setup();
    const week = { from: '2027-01-25', to: '2027-01-31' };
    const helena = person('Helena');
    c.ok('rota.apply', { ops: [{ op: 'set', staffId: helena.id, date: '2027-01-26', session: 'am', siteId: site(0), dutyId: duty('ADM'), replaces: null }] });
    const preview = c.ok('rota.patterns.preview', week);
    expect(preview.add.length).toBeGreaterThan(50);
    expect(range(week.from, week.to).assignments).toHaveLength(1);
    const kept = preview.skip.find((x) => x.staffId === helena.id && x.date === '2027-01-26' && x.session === 'am');
    expect(kept?.reasonLabel).toBe('kept a manual edit');
    const applied = c.ok('rota.patterns.apply', week);
    expect(applied.added).toBe(preview.add.length);
    expect(range(week.from, week.to).assignments).toHaveLength(preview.add.length + 1);
    const again = c.ok('rota.patterns.preview', week);
    expect(again.add).toHaveLength(0);
    expect(again.unchanged).toBe(preview.add.length);
    const overwrite = c.ok('rota.patterns.preview', { ...week, overwriteManual: true });
    expect(overwrite.replace.map((x) => x.before.staffId)).toEqual([helena.id]);
    expectValidatorMatchesRebuild(core);
  });

  it('copies a planned week onto the following weeks', () => {
    const { core, c, range } = setup();
    const source = '2027-01-11'; // a Monday inside the demo's eight weeks
    const weekCount = range(source, addDays(source, 6)).assignments.length;
    expect(weekCount).toBeGreaterThan(50);
    const preview = c.ok('rota.copyWeek.preview', { sourceMonday: source, weeks: 2 });
    expect(preview.add.length).toBe(weekCount * 2);
    const applied = c.ok('rota.copyWeek.apply', { sourceMonday: source, weeks: 2 });
    expect(applied.added).toBe(weekCount * 2);
    expect(range('2027-01-25', '2027-01-31').assignments).toHaveLength(weekCount);
    const notMonday = c.raw('rota.copyWeek.preview', { sourceMonday: '2027-01-12', weeks: 1 });
    expect(!notMonday.ok && notMonday.error.fieldErrors?.['sourceMonday']).toBe('Choose the Monday of the week to copy');
    expectValidatorMatchesRebuild(core);
  });

  it('saves a working pattern with optimistic concurrency', () => {
    const { c, duty, person, site } = setup();
    const pattern = c.ok('rota.patterns.list', {}).find((p) => p.staffId === person('Helena').id);
    const entries = [{ week: 'A' as const, weekday: 'mon' as const, session: 'am' as const, dutyId: duty('SURG'), siteId: site(0) }, { week: 'B' as const, weekday: 'tue' as const, session: 'pm' as const, dutyId: duty('DD'), siteId: site(0) }];
    const saved = c.ok('rota.patterns.save', { staffId: person('Helena').id, cycleWeeks: 2, anchorMonday: '2026-11-23', entries, expectedUpdatedAt: pattern?.updatedAt ?? null });
    expect(saved.cycleWeeks).toBe(2);
    const stale = c.raw('rota.patterns.save', { staffId: person('Helena').id, cycleWeeks: 1, anchorMonday: '2026-11-23', entries: [], expectedUpdatedAt: pattern?.updatedAt ?? null });
    expect(!stale.ok && stale.error.code).toBe('conflict');
    const badWeek = c.raw('rota.patterns.save', { staffId: person('Helena').id, cycleWeeks: 1, anchorMonday: '2026-11-24', entries, expectedUpdatedAt: saved.updatedAt });
    expect(!badWeek.ok && badWeek.error.fieldErrors).toMatchObject({ anchorMonday: 'Week A must start on a Monday', 'entries.1.week': 'Week B is outside a 1-week pattern' });
  });
});

describe('duties, session times, coverage rules and settings', () => {
  it('refuses a coverage rule with the minimum above the maximum, and saves a good one', () => {
    const { core, c, range, duty, site } = setup();
    const bad = c.raw('rota.coverage.save', { siteId: site(0), weekday: 'wed', session: 'pm', dutyId: duty('NC'), roleGroup: null, min: 3, max: 1 });
    expect(!bad.ok && bad.error.fieldErrors?.['max']).toBe('The maximum must be at least the minimum');
    const closed = c.raw('rota.coverage.save', { siteId: site(1), weekday: 'tue', session: 'am', dutyId: duty('DD'), roleGroup: null, min: 1, max: null });
    expect(!closed.ok && closed.error.fieldErrors?.['session']).toBe('Little Hubley Branch Surgery does not run AM sessions on Tuesdays');
    const rule = c.ok('rota.coverage.save', { siteId: site(0), weekday: 'wed', session: 'pm', dutyId: duty('TEACH'), roleGroup: null, min: 2, max: null });
    const cells = range().coverage.filter((x) => x.coverageRuleId === rule.id);
    expect(cells.length).toBe(4);
    expect(cells.every((x) => x.status === 'short' && x.label === `${x.assigned}/2`)).toBe(true);
    expect(range().conflicts.filter((x) => x.ruleId === 'rota.coverage_short' && x.cells.some((cell) => cell.kind === 'coverage' && cell.coverageRuleId === rule.id))).toHaveLength(4);
    const edited = c.ok('rota.coverage.save', { id: rule.id, expectedUpdatedAt: rule.updatedAt, siteId: site(0), weekday: 'wed', session: 'pm', dutyId: duty('TEACH'), roleGroup: null, min: 0, max: 1 });
    expect(c.raw('rota.coverage.remove', { id: rule.id, expectedUpdatedAt: rule.updatedAt }).ok).toBe(false);
    c.ok('rota.coverage.remove', { id: rule.id, expectedUpdatedAt: edited.updatedAt });
    expect(range().coverageRules.some((x) => x.id === rule.id)).toBe(false);
    expect(core.db.prepare("SELECT count(*) FROM audit_log WHERE entity = 'coverage_rule' AND entity_id = ?").pluck().get(rule.id)).toBe(3);
  });

  it('edits session times; an assignment outside them is then refused', () => {
    const { c, r, range, duty, person, site } = setup();
    const branch = r.sites[1];
    const keep = r.sessionTimes.filter((t) => t.siteId === branch?.id && !(t.weekday === 'wed' && t.session === 'pm')).map((t) => ({ weekday: t.weekday, session: t.session, start: t.start, end: t.end }));
    const bad = c.raw('rota.sessionTimes.save', { siteId: site(1), openOnBankHolidays: false, sessions: [{ weekday: 'mon', session: 'am', start: '12:00', end: '09:00' }], expectedUpdatedAt: branch?.sessionsUpdatedAt ?? '' });
    expect(!bad.ok && bad.error.fieldErrors?.['sessions.0.end']).toBe('A session must end after it starts');
    c.ok('rota.sessionTimes.save', { siteId: site(1), openOnBankHolidays: false, sessions: keep, expectedUpdatedAt: branch?.sessionsUpdatedAt ?? '' });
    const stale = c.raw('rota.sessionTimes.save', { siteId: site(1), openOnBankHolidays: true, sessions: keep, expectedUpdatedAt: branch?.sessionsUpdatedAt ?? '' });
    expect(!stale.ok && stale.error.code).toBe('conflict');
    const res = c.raw('rota.apply', { ops: [{ op: 'set', staffId: person('Fenella').id, date: '2027-01-27', session: 'pm', siteId: site(1), dutyId: duty('SURG'), replaces: null }] });
    expect(!res.ok && res.error.fieldErrors?.['ops.0']).toMatch(/Little Hubley Branch Surgery does not run PM sessions on Wednesdays/);
    // Sessions already planned there now show as conflicts rather than vanishing.
    expect(range().conflicts.some((x) => x.ruleId === 'rota.site_closed')).toBe(true);
  });

  it('adds a duty, refusing a code in use and text that breaks the text policy', () => {
    const { c, range } = setup();
    const dup = c.raw('rota.duties.save', { code: 'dd', name: 'Another duty doctor', colour: '#112233' });
    expect(!dup.ok && dup.error.fieldErrors?.['code']).toBe('The code DD is already used for Duty doctor');
    const bidi = c.raw('rota.duties.save', { code: 'MS', name: 'Minor \u202Esurgery', colour: '#112233' });
    expect(!bidi.ok && bidi.error.fieldErrors?.['name']).toMatch(/hidden text-direction character/);
    const unknown = c.raw('rota.duties.save', { code: 'MS', name: 'Minor surgery', colour: '#112233', requiredCompetency: 'juggling' });
    expect(!unknown.ok && unknown.error.fieldErrors?.['requiredCompetency']).toBe('Choose a competency from the list');
    const added = c.ok('rota.duties.save', { code: 'ms', name: '  Minor surgery ', colour: '#112233', requiredCompetency: 'minor_surgery' });
    expect(added).toMatchObject({ code: 'MS', name: 'Minor surgery' });
    const archived = c.ok('rota.duties.archive', { id: added.id, expectedUpdatedAt: added.updatedAt, archived: true });
    expect(range().duties.find((d) => d.id === added.id)?.archived).toBe(true);
    expect(archived.archived).toBe(true);
  });

  it('updates the leave year and carry-over settings with optimistic concurrency', () => {
    const { c, r } = setup();
    const { updatedAt, ...settings } = r.settings;
    const saved = c.ok('rota.settings.update', { ...settings, leaveYearStartMonth: 1, carryOverLimitDays: 3, expectedUpdatedAt: updatedAt });
    expect(saved).toMatchObject({ leaveYearStartMonth: 1, carryOverLimitDays: 3 });
    expect(c.raw('rota.settings.update', { ...settings, expectedUpdatedAt: updatedAt }).ok).toBe(false);
    expect(c.ok('leave.balances', {})[0]?.leaveYear).toEqual({ start: '2026-01-01', end: '2026-12-31' });
  });
});

describe('leave', () => {
  it('refuses overlapping leave, including a shared half day', () => {
    const { c, person } = setup();
    const id = person('Grace').id;
    c.ok('leave.request', { staffId: id, type: 'annual', startDate: '2027-02-08', endDate: '2027-02-09', endHalf: 'am' });
    const clash = c.raw('leave.request', { staffId: id, type: 'study', startDate: '2027-02-09', startHalf: 'am', endDate: '2027-02-09', endHalf: 'am' });
    expect(!clash.ok && clash.error.fieldErrors?.['startDate']).toMatch(/overlaps Grace Adeyemi's requested annual leave from Mon 8 Feb 2027 to Tue 9 Feb 2027 AM/);
    expect(c.ok('leave.request', { staffId: id, type: 'study', startDate: '2027-02-09', startHalf: 'pm', endDate: '2027-02-09' }).days).toBe(0.5);
    const backwards = c.raw('leave.request', { staffId: id, type: 'annual', startDate: '2027-03-09', endDate: '2027-03-01' });
    expect(!backwards.ok && backwards.error.fieldErrors?.['endDate']).toBe('Leave must end on or after the day it starts');
  });

  it('approving shows the assignments it affects and can clear them in the same step', () => {
    const { core, c, range, person, auditCount } = setup();
    const helena = person('Helena');
    const req = c.ok('leave.request', { staffId: helena.id, type: 'annual', startDate: '2026-12-01', endDate: '2026-12-02' });
    const impact = c.ok('leave.impact', { id: req.id });
    expect(impact.affected.length).toBeGreaterThan(0);
    expect(impact.affected.every((a) => a.staffId === helena.id && a.date >= '2026-12-01' && a.date <= '2026-12-02')).toBe(true);
    expect(impact.conflictsIfApproved.filter((x) => x.ruleId === 'rota.on_leave')).toHaveLength(impact.affected.length);
    expect(impact.overBalance).toBe(false);
    // Asking changed nothing.
    expect(range().conflicts.some((x) => x.ruleId === 'rota.on_leave' && x.message.includes('Helena'))).toBe(false);
    const before = auditCount();
    const done = c.ok('leave.decide', { id: req.id, expectedUpdatedAt: req.updatedAt, decision: 'approve', clearAffected: true, reason: 'Booked in advance' });
    expect(done.leave.status).toBe('approved');
    expect(done.cleared.sort()).toEqual(impact.affected.map((a) => a.id).sort());
    expect(auditCount()).toBe(before + 1);
    const after = range('2026-12-01', '2026-12-02');
    expect(after.assignments.some((a) => a.staffId === helena.id)).toBe(false);
    expect(after.conflicts.some((x) => x.ruleId === 'rota.on_leave' && x.message.includes('Helena'))).toBe(false);
    expectValidatorMatchesRebuild(core);
  });

  it('approving without clearing flags the sessions as conflicts', () => {
    const { core, c, range, person } = setup();
    const owenRequest = range(TODAY, addDays(TODAY, 55)).leave.find((l) => l.status === 'requested' && l.staffId === person('Owen').id);
    expect(owenRequest).toBeDefined();
    const done = c.ok('leave.decide', { id: owenRequest?.id ?? '', expectedUpdatedAt: owenRequest?.updatedAt ?? '', decision: 'approve' });
    expect(done.cleared).toEqual([]);
    expect(done.affected.length).toBeGreaterThan(0);
    expect(done.affected.every((a) => a.staffId === person('Owen').id && a.date === owenRequest?.startDate)).toBe(true);
    expect(done.conflictsAdded.some((x) => x.ruleId === 'rota.on_leave' && x.message.startsWith('Owen Prys is on approved study leave'))).toBe(true);
    const again = c.raw('leave.decide', { id: owenRequest?.id ?? '', expectedUpdatedAt: owenRequest?.updatedAt ?? '', decision: 'decline' });
    expect(!again.ok && again.error.code).toBe('conflict');
    expectValidatorMatchesRebuild(core);
  });

  it('leave beyond the balance needs the manager to override, and the override is recorded', () => {
    const { core, c, person } = setup();
    const id = person('Wendy').id;
    const req = c.ok('leave.request', { staffId: id, type: 'annual', startDate: '2027-01-04', endDate: '2027-03-26' });
    const impact = c.ok('leave.impact', { id: req.id });
    expect(impact.overBalance).toBe(true);
    const refused = c.raw('leave.decide', { id: req.id, expectedUpdatedAt: req.updatedAt, decision: 'approve' });
    expect(!refused.ok && refused.error.fieldErrors?.['overrideBalance']).toMatch(/beyond the balance\. Approve anyway to override/);
    expect(c.ok('leave.list', { staffId: id })[0]?.status).toBe('requested');
    const done = c.ok('leave.decide', { id: req.id, expectedUpdatedAt: req.updatedAt, decision: 'approve', overrideBalance: true });
    expect(done.leave.overBalanceOverride).toBe(true);
    expect(core.db.prepare('SELECT action FROM audit_log WHERE entity_id = ? ORDER BY seq DESC LIMIT 1').pluck().get(req.id)).toBe('leave approved beyond balance (override)');
    expect((c.ok('leave.balances', { staffId: id, asOf: '2027-01-04' })[0]?.remainingDays ?? 0) < 0).toBe(true);
  });

  it('gives balances pro rata to the contract', () => {
    const { c, person } = setup();
    const balances = c.ok('leave.balances', {});
    const full = balances.find((b) => b.staffId === person('Kofi').id); // 37.5 h
    const part = balances.find((b) => b.staffId === person('Wendy').id); // 20 h
    expect(full?.proRata).toBe(1);
    // Leave year 1 April 2026 to 31 March 2027 holds two Easters: 10 bank holidays.
    const holidays = BANK_HOLIDAYS_ENGLAND_WALES.filter((b) => b.date >= '2026-04-01' && b.date <= '2027-03-31').length;
    expect(holidays).toBe(10);
    expect(full?.entitlementDays).toBe(27 + holidays);
    expect(part?.entitlementDays).toBe(Math.ceil((((27 + holidays) * 20) / 37.5) * 2) / 2);
    expect(full?.carriedOverDays).toBe(0); // no leave recorded last year: nothing carried
  });
});

describe('named leads', () => {
  it('appoints, refuses archived people and overlaps, and flags lead and deputy both away', () => {
    const { core, c, range, person } = setup();
    const register = c.ok('leads.register', {});
    const ftsu = register.types.find((t) => t.code === 'freedom_to_speak_up');
    const archived = person('Wendy');
    c.ok('staff.archive', { id: archived.id });
    const refused = c.raw('leads.save', { leadTypeId: ftsu?.id ?? '', leadStaffId: archived.id, deputyStaffId: null, from: '2026-11-01', to: null });
    expect(!refused.ok && refused.error.fieldErrors?.['leadStaffId']).toBe('Wendy Ashdown is archived and cannot be a lead');
    const jamal = person('Jamal');
    const harriet = person('Harriet');
    const lead = c.ok('leads.save', { leadTypeId: ftsu?.id ?? '', leadStaffId: jamal.id, deputyStaffId: harriet.id, from: '2026-11-01', to: null });
    expect(c.ok('leads.register', {}).vacantTypeIds).toEqual([]);
    const overlap = c.raw('leads.save', { leadTypeId: ftsu?.id ?? '', leadStaffId: harriet.id, deputyStaffId: null, from: '2027-01-01', to: null });
    expect(!overlap.ok && overlap.error.fieldErrors?.['from']).toMatch(/already has an appointment/);
    for (const who of [jamal, harriet]) {
      const l = c.ok('leave.request', { staffId: who.id, type: 'annual', startDate: '2026-12-09', endDate: '2026-12-09' });
      c.ok('leave.decide', { id: l.id, expectedUpdatedAt: l.updatedAt, decision: 'approve', clearAffected: true });
    }
    const gap = range().conflicts.find((x) => x.ruleId === 'rota.leads_absent');
    expect(gap?.message).toBe('Freedom to Speak Up Guardian: Jamal Whitaker and deputy Harriet Cole are both on leave on Wed 9 Dec');
    expect(c.ok('leads.register', {}).leads.find((l) => l.id === lead.id)?.absences).toHaveLength(2);
    expectValidatorMatchesRebuild(core);
    const custom = c.ok('leads.types.save', { label: 'Cold chain lead' });
    expect(c.raw('leads.types.save', { label: 'cold chain lead' }).ok).toBe(false);
    expect(c.ok('leads.register', {}).vacantTypeIds).toEqual([custom.id]);
  });
});

describe('preferred sessions', () => {
  it('anyone sets their own, a manager anyone’s, with optimistic concurrency', () => {
    const { c, asRole, person } = setup();
    const { s, staffId } = asRole('staff');
    const none = s.ok('rota.preferences.list', { staffId });
    expect(none).toEqual([{ staffId, preferences: [], updatedAt: null }]);
    const saved = s.ok('rota.preferences.save', { staffId, preferences: [{ weekday: 'fri', session: 'pm', kind: 'unwanted' }], expectedUpdatedAt: null });
    expect(saved.preferences).toEqual([{ weekday: 'fri', session: 'pm', kind: 'unwanted', weight: 2 }]);
    const other = s.raw('rota.preferences.save', { staffId: person('Helena').id, preferences: [], expectedUpdatedAt: null });
    expect(!other.ok && other.error.code).toBe('forbidden');
    const stale = c.raw('rota.preferences.save', { staffId, preferences: [], expectedUpdatedAt: null });
    expect(!stale.ok && stale.error.code).toBe('conflict');
    c.ok('rota.preferences.save', { staffId, preferences: [{ weekday: 'mon', session: 'am', kind: 'preferred' }], expectedUpdatedAt: saved.updatedAt });
    expect(c.ok('rota.preferences.list', {})).toEqual([expect.objectContaining({ staffId, preferences: [{ weekday: 'mon', session: 'am', kind: 'preferred', weight: 2 }] })]);
  });
});

describe('reads for everyone', () => {
  it('My rota lists the signed-in person’s own sessions with times', () => {
    const { asRole } = setup();
    const { s, staffId } = asRole('staff');
    const mine: OutputOf<'rota.mine'> = s.ok('rota.mine', {});
    expect(mine.from).toBe(TODAY);
    expect(mine.to).toBe(addDays(TODAY, 27));
    expect(mine.sessions.length).toBeGreaterThan(10);
    expect(mine.sessions.every((x) => x.staffId === staffId && x.start !== null)).toBe(true);
    expect(mine.sessions[0]?.siteName).toBe('Little Hubley Branch Surgery');
  });

  it('the planned workforce sets sessions on the rota against contracted WTE and the list size', () => {
    const { c, range } = setup();
    const plan = c.ok('rota.workforcePlan', { from: TODAY, to: addDays(TODAY, 27) });
    const cells = new Set(range().assignments.map((a) => `${a.staffId}|${a.date}|${a.session}`));
    expect(plan.totals.plannedSessions).toBe(cells.size);
    expect(plan.weeks).toBe(4);
    expect(plan.gp.patientsPerContractedWte).toBe(Math.round(14_250 / plan.gp.contractedWte));
    expect(plan.clinical.contractedWte).toBeGreaterThan(plan.gp.contractedWte);
    const gpRows = plan.rows.filter((r) => r.roleGroup === 'gp');
    expect(gpRows.every((r) => r.plannedWte > 0 && r.plannedWte <= r.contractedWte * 1.3)).toBe(true);
  });

  it('refuses ranges that are backwards, too long or outside the supported years', () => {
    const { c } = setup();
    expect(c.ok('rota.range', {})).toMatchObject({ from: TODAY, to: addDays(TODAY, 27) });
    for (const [input, field, message] of [
      [{ from: '2026-12-01', to: '2026-11-01' }, 'to', 'The end date must be on or after the start date'],
      [{ from: '2026-01-01', to: '2026-12-31' }, 'to', 'Choose at most 93 days at once'],
      [{ from: '2023-12-30', to: '2024-01-02' }, 'from', 'Choose a date from 2024 to 2028, the years Spoke knows the bank holidays for'],
    ] as const) {
      const r = c.raw('rota.range', input);
      expect(!r.ok && r.error.fieldErrors?.[field]).toBe(message);
    }
  });
});
