import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RotaValidator, validateRota, type Conflict, type RotaEdit, type RotaState } from '../../../shared/rota/rules';
import { addDays } from '../../../shared/rota/dates';
import { DEFAULT_ROTA_SETTINGS, ROTA_WEEKDAYS, type LeaveRequest, type RotaAssignment, type SiteSessionTimes } from '../../../shared/rota/model';
import { AMY, BEN, BRANCH, CARA, DEV, MAIN, dutyId, rotaState, staff, uid } from '../../helpers/rota';

// Three weeks around the spring clock change and Easter 2026 (Good Friday 3 April,
// Easter Monday 6 April), with tight settings so every rule fires somewhere.
const FIRST = '2026-03-23';
const DAYS = 21;
const sessions: SiteSessionTimes[] = ROTA_WEEKDAYS.flatMap((weekday) => [
  { siteId: MAIN, weekday, session: 'am' as const, start: '08:00', end: '12:30' },
  { siteId: MAIN, weekday, session: 'pm' as const, start: '13:30', end: '18:30' },
  { siteId: MAIN, weekday, session: 'eve' as const, start: '18:30', end: '21:15' },
  ...(weekday === 'sat' || weekday === 'sun' ? [] : [{ siteId: BRANCH, weekday, session: 'am' as const, start: '08:30', end: '12:00' }]),
]);
const base: RotaState = rotaState({
  settings: { ...DEFAULT_ROTA_SETTINGS, maxConsecutiveWorkingDays: 3, referencePeriodWeeks: 2, maxAverageWeeklyHours: 7 },
  range: { from: FIRST, to: addDays(FIRST, DAYS - 1) },
  siteSessions: sessions,
  // Small contracts so weekly limits flip often as cells change.
  staff: staff.map((s) => ({ ...s, contract: s.contract.kind === 'sessions' ? { kind: 'sessions' as const, amount: 2 } : { kind: 'hours' as const, amount: 9 } })),
  coverageRules: [
    { id: uid(600), siteId: MAIN, weekday: 'mon', session: 'am', dutyId: dutyId('DD'), roleGroup: null, min: 1, max: 1 },
    { id: uid(601), siteId: MAIN, weekday: 'tue', session: 'pm', dutyId: null, roleGroup: 'gp', min: 1, max: 2 },
    { id: uid(602), siteId: BRANCH, weekday: 'wed', session: 'am', dutyId: null, roleGroup: 'nursing', min: 1, max: null },
  ],
  namedLeads: [
    { id: uid(700), leadType: 'ipc', leadStaffId: AMY, deputyStaffId: DEV, from: '2026-01-01', to: null },
    { id: uid(701), leadType: 'complaints', leadStaffId: CARA, deputyStaffId: AMY, from: '2026-03-30', to: '2026-04-08' },
  ],
});

const people = [AMY, BEN, CARA, DEV, uid(299) /* not in the staff list */];
const codes = ['SURG', 'DD', 'NC', 'HCA', 'EXT'];
const assignmentIds = Array.from({ length: 30 }, (_, i) => uid(2000 + i));
const leaveIds = Array.from({ length: 6 }, (_, i) => uid(3000 + i));

const assignmentArb: fc.Arbitrary<RotaAssignment> = fc.record({
  id: fc.constantFrom(...assignmentIds),
  day: fc.integer({ min: 0, max: DAYS - 1 }),
  session: fc.constantFrom('am' as const, 'pm' as const, 'eve' as const),
  siteId: fc.constantFrom(MAIN, MAIN, BRANCH),
  staffId: fc.constantFrom(...people),
  code: fc.constantFrom(...codes),
}).map(({ id, day, session, siteId, staffId, code }) => ({
  id,
  date: addDays(FIRST, day),
  session,
  siteId,
  staffId,
  dutyId: dutyId(code),
  note: '',
  status: 'planned' as const,
  source: 'manual' as const,
  updatedAt: '2026-03-01T00:00:00.000Z',
}));

const leaveArb: fc.Arbitrary<LeaveRequest> = fc.record({
  id: fc.constantFrom(...leaveIds),
  staffId: fc.constantFrom(AMY, BEN, CARA, DEV),
  day: fc.integer({ min: -2, max: DAYS - 1 }),
  length: fc.integer({ min: 0, max: 4 }),
  startHalf: fc.constantFrom('am' as const, 'pm' as const),
  endHalf: fc.constantFrom('am' as const, 'pm' as const),
  status: fc.constantFrom('approved' as const, 'approved' as const, 'requested' as const, 'declined' as const),
}).map(({ id, staffId, day, length, startHalf, endHalf, status }) => ({
  id,
  staffId,
  type: 'annual' as const,
  startDate: addDays(FIRST, day),
  startHalf,
  endDate: addDays(FIRST, day + length),
  endHalf: length === 0 && startHalf === 'pm' ? 'pm' : endHalf,
  status,
  note: '',
  updatedAt: '2026-03-01T00:00:00.000Z',
}));

const editArb: fc.Arbitrary<RotaEdit> = fc.oneof(
  { weight: 5, arbitrary: assignmentArb.map((assignment) => ({ kind: 'upsertAssignment' as const, assignment })) },
  { weight: 2, arbitrary: fc.constantFrom(...assignmentIds).map((id) => ({ kind: 'removeAssignment' as const, id })) },
  { weight: 2, arbitrary: leaveArb.map((leave) => ({ kind: 'upsertLeave' as const, leave })) },
  { weight: 1, arbitrary: fc.constantFrom(...leaveIds).map((id) => ({ kind: 'removeLeave' as const, id })) },
);

function applyToModel(assignments: Map<string, RotaAssignment>, leave: Map<string, LeaveRequest>, e: RotaEdit): void {
  if (e.kind === 'upsertAssignment') assignments.set(e.assignment.id, e.assignment);
  else if (e.kind === 'removeAssignment') assignments.delete(e.id);
  else if (e.kind === 'upsertLeave') leave.set(e.leave.id, e.leave);
  else leave.delete(e.id);
}

describe('incremental validation', () => {
  it('equals a full validation after any sequence of edits, and its deltas add up', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(assignmentArb, { selector: (a) => a.id, maxLength: 20 }),
        fc.uniqueArray(leaveArb, { selector: (l) => l.id, maxLength: 3 }),
        fc.array(fc.array(editArb, { minLength: 1, maxLength: 4 }), { maxLength: 25 }),
        (initialAssignments, initialLeave, batches) => {
          const assignments = new Map(initialAssignments.map((a) => [a.id, a]));
          const leave = new Map(initialLeave.map((l) => [l.id, l]));
          const validator = new RotaValidator({ ...base, assignments: initialAssignments, leave: initialLeave });
          const running = new Map<string, Conflict>(validator.conflicts().map((c) => [c.id, c]));
          for (const batch of batches) {
            const delta = batch.length === 1 && batch[0] ? validator.applyEdit(batch[0]) : validator.applyEdits(batch);
            for (const e of batch) applyToModel(assignments, leave, e);
            for (const c of delta.removed) running.delete(c.id);
            for (const c of delta.added) running.set(c.id, c);
          }
          const full = validateRota({ ...base, assignments: [...assignments.values()], leave: [...leave.values()] });
          expect(validator.conflicts()).toEqual(full);
          expect([...running.values()].sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(full);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('names the same leave as a full validation when two approved leaves overlap, whatever order they were edited in', () => {
    // The property above found this: Cara's half-day and full-day leave on one afternoon,
    // the full day made by moving Amy's leave to her; the two paths named different leaves.
    const leaveOn = (n: number, staffId: string, date: string, startHalf: 'am' | 'pm', endHalf: 'am' | 'pm'): LeaveRequest => ({
      id: uid(n), staffId, type: 'annual', startDate: date, startHalf, endDate: date, endHalf, status: 'approved', note: '', updatedAt: '2026-03-01T00:00:00.000Z',
    });
    const shift: RotaAssignment = { id: uid(2000), date: '2026-04-02', session: 'pm', siteId: MAIN, staffId: CARA, dutyId: uid(100), note: '', status: 'planned', source: 'manual', updatedAt: '2026-03-01T00:00:00.000Z' };
    const halfDay = leaveOn(3000, CARA, '2026-04-02', 'pm', 'pm');
    const moved = leaveOn(3001, CARA, '2026-04-02', 'am', 'pm');
    const validator = new RotaValidator({ ...base, assignments: [shift], leave: [] });
    validator.applyEdits([{ kind: 'upsertLeave', leave: leaveOn(3001, AMY, '2026-03-23', 'am', 'am') }, { kind: 'upsertLeave', leave: halfDay }]);
    validator.applyEdits([{ kind: 'upsertLeave', leave: moved }]);
    const full = validateRota({ ...base, assignments: [shift], leave: [moved, halfDay] });
    expect(full.some((c) => c.ruleId === 'rota.on_leave')).toBe(true);
    expect(validator.conflicts()).toEqual(full);
  });

  it('finds conflicts of every rule in this small world (so the property above is not vacuous)', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.uniqueArray(assignmentArb, { selector: (a) => a.id, minLength: 20, maxLength: 30 }), fc.uniqueArray(leaveArb, { selector: (l) => l.id, maxLength: 6 }), (a, l) => {
        for (const c of validateRota({ ...base, assignments: a, leave: l })) seen.add(c.ruleId);
      }),
      { numRuns: 300, seed: 20260329 },
    );
    expect([...seen].sort()).toEqual(
      [
        'rota.bank_holiday',
        'rota.consecutive_days',
        'rota.coverage_over',
        'rota.coverage_short',
        'rota.double_booked',
        'rota.leads_absent',
        'rota.missing_competency',
        'rota.missing_role',
        'rota.on_leave',
        'rota.over_contract',
        'rota.short_rest',
        'rota.site_closed',
        'rota.unknown_reference',
        'rota.usual_day_off',
        'rota.wtr_average',
      ].sort(),
    );
  });
});
