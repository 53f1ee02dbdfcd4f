import { describe, expect, it } from 'vitest';
import { fieldErrorsFromIssues } from '../../../shared/errors';
import { CoverageRule, Duty, LeaveRequest, NamedLead, RotaAssignment, SiteSessionTimes, WorkingPattern } from '../../../shared/rota/model';
import { RotaValidator, validateRota } from '../../../shared/rota/rules';
import { patternFromUsualSessions } from '../../../shared/rota/patterns';
import { AMY, BEN, MAIN, assign, dutyId, leave, rotaState, staff, uid } from '../../helpers/rota';

const errors = (schema: { safeParse(v: unknown): { success: boolean; error?: { issues: Parameters<typeof fieldErrorsFromIssues>[0] } } }, v: unknown) => {
  const r = schema.safeParse(v);
  return r.success || !r.error ? {} : fieldErrorsFromIssues(r.error.issues);
};

describe('rota model schemas', () => {
  it('accept well-formed records and normalise duty codes', () => {
    expect(RotaAssignment.parse(assign(AMY, '2026-01-12', 'am')).session).toBe('am');
    expect(LeaveRequest.parse(leave(AMY, '2026-01-12', '2026-01-12', { startHalf: 'pm', endHalf: 'pm' })).startHalf).toBe('pm');
    expect(Duty.parse({ id: uid(1), code: ' dd ', name: 'Duty doctor', colour: '#F2A1A1', requiredCompetency: 'duty_doctor' })).toMatchObject({ code: 'DD', archived: false });
  });

  it('refuse bad input with a message next to the field that caused it', () => {
    expect(errors(CoverageRule, { id: uid(1), siteId: MAIN, weekday: 'mon', session: 'am', dutyId: dutyId('DD'), roleGroup: null, min: 3, max: 2 })).toEqual({ max: 'The maximum must be at least the minimum' });
    expect(errors(CoverageRule, { id: uid(1), siteId: MAIN, weekday: 'mon', session: 'am', dutyId: null, roleGroup: null, min: 1, max: null })).toEqual({ dutyId: 'Choose either a duty or a role group' });
    expect(errors(LeaveRequest, { ...leave(AMY, '2026-01-12', '2026-01-10') })).toEqual({ endDate: 'Leave must end on or after the day it starts' });
    expect(errors(LeaveRequest, { ...leave(AMY, '2026-01-12', '2026-01-12', { startHalf: 'pm', endHalf: 'am' }) })).toEqual({ endHalf: 'Leave on one day cannot start in the afternoon and end in the morning' });
    expect(errors(SiteSessionTimes, { siteId: MAIN, weekday: 'sat', session: 'am', start: '12:00', end: '09:00' })).toEqual({ end: 'A session must end after it starts (on the same day)' });
    expect(errors(SiteSessionTimes, { siteId: MAIN, weekday: 'sat', session: 'am', start: '25:00', end: '26:00' }).start).toBe('Enter a time like 08:00 (24-hour clock)');
    expect(errors(Duty, { id: uid(1), code: '1+1', name: 'x', colour: 'red' })).toEqual({ code: 'A duty code is 1 to 6 letters or digits, starting with a letter', colour: 'A colour is # and six hex digits, like #1D70B8' });
    expect(errors(RotaAssignment, { ...assign(AMY, '2026-02-30', 'am') }).date).toBe('Enter a real date');
    expect(errors(RotaAssignment, { ...assign(AMY, '2026-02-01', 'am'), note: 'x'.repeat(201) }).note).toBe('Note must be 200 characters or fewer');
    expect(errors(NamedLead, { id: uid(1), leadType: 'ipc', leadStaffId: AMY, deputyStaffId: AMY, from: '2026-01-01', to: null })).toEqual({ deputyStaffId: 'The deputy must be someone other than the lead' });
    const pattern = { id: uid(1), staffId: AMY, cycleWeeks: 2, anchorMonday: '2026-01-06', entries: [{ week: 'C', weekday: 'mon', session: 'am', dutyId: dutyId('DD'), siteId: MAIN }], updatedAt: 'x' };
    expect(errors(WorkingPattern, pattern)).toEqual({ anchorMonday: 'Week A must start on a Monday', 'entries.0.week': 'Week C is outside a 2-week pattern' });
  });

  it('seeds a one-week pattern from the usual sessions on the staff record', () => {
    const ben = staff.find((s) => s.id === BEN);
    if (!ben) throw new Error('no Ben');
    const p = patternFromUsualSessions(ben, dutyId('HCA'), { id: uid(1), anchorMonday: '2026-01-05', updatedAt: 'now' });
    expect(WorkingPattern.parse(p).entries.map((e) => `${e.week} ${e.weekday} ${e.session}`)).toEqual(['A mon am', 'A mon pm', 'A tue am']);
  });
});

describe('bad data never crashes the engine', () => {
  it('reports what it can about impossible dates and unknown references instead of throwing', () => {
    const odd = [assign(AMY, 'not-a-date', 'am'), assign(AMY, 'not-a-date', 'am'), assign(uid(999), '2026-13-45', 'pm'), assign(AMY, '2026-01-12', 'am', 'SURG', uid(998))];
    const state = rotaState({ assignments: odd, leave: [leave(AMY, 'garbage', 'garbage')], range: { from: 'nonsense', to: '2026-01-31' } });
    expect(() => validateRota(state)).not.toThrow();
    const v = new RotaValidator(state);
    expect(() => v.applyEdit({ kind: 'upsertAssignment', assignment: assign(AMY, '', 'eve') })).not.toThrow();
    expect(v.conflicts().some((c) => c.ruleId === 'rota.unknown_reference')).toBe(true);
  });

  it('indexes conflicts by cell for the grid', () => {
    const v = new RotaValidator(rotaState({ assignments: [assign(AMY, '2026-01-13', 'am'), assign(AMY, '2026-01-13', 'am', 'DD')] }));
    expect(v.conflictsForCell(AMY, '2026-01-13', 'am').map((c) => c.ruleId)).toEqual(['rota.double_booked']);
    expect(v.conflictsForCell(AMY, '2026-01-13', null)).toHaveLength(1);
    expect(v.conflictsForCell(AMY, '2026-01-13', 'pm')).toEqual([]);
  });
});
