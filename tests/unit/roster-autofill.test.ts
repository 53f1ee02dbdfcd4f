import { describe, expect, it } from 'vitest';
import { runAutofill } from '../../shared/roster/autofill';
import { compileProblem } from '../../shared/roster/model';
import { autofillEdits, buildAutofill, describeRoster, explainGaps } from '../../shared/roster/practice';
import { RotaValidator, type RotaEdit } from '../../shared/rota/rules';
import type { CoverageRule, RotaAssignment } from '../../shared/rota/model';
import { AMY, BEN, BRANCH, CARA, DEV, MAIN, assign, dutyId, leave, person, rotaState, staff, uid } from '../helpers/rota';

// Mon 7 Dec 2026 to Sun 13 Dec 2026: no bank holidays.
const FROM = '2026-12-07';
const TO = '2026-12-13';
const TUE = '2026-12-08';

let ruleSeq = 5000;
function rule(over: Partial<CoverageRule>): CoverageRule {
  return { id: uid(++ruleSeq), siteId: MAIN, weekday: 'tue', session: 'pm', dutyId: null, roleGroup: null, min: 1, max: null, ...over };
}

let n = 0;
const newId = () => uid(900_000 + ++n);
const added = (edits: RotaEdit[]) => edits.flatMap((e) => (e.kind === 'upsertAssignment' ? [e.assignment] : []));

function errorsAfter(state: ReturnType<typeof rotaState>, edits: RotaEdit[]) {
  const v = new RotaValidator({ ...state, range: { from: FROM, to: TO } });
  v.applyEdits(edits);
  return v.conflicts().filter((c) => c.severity === 'error');
}

describe('auto-fill mapping', () => {
  it('fills a duty doctor gap with someone who holds the competency, at the right site, and never with someone on leave', () => {
    const state = rotaState({
      coverageRules: [rule({ dutyId: dutyId('DD') })],
      leave: [leave(AMY, TUE, TUE)],
    });
    const r = runAutofill({ state, from: FROM, to: TO, siteIds: [MAIN], preferences: [] }, { timeLimitMs: 2000, quietMs: 300, newId });
    expect(r.feasible).toBe(true);
    const dd = added(r.edits).filter((a) => a.dutyId === dutyId('DD'));
    expect(dd).toHaveLength(1);
    expect(dd[0]).toMatchObject({ staffId: DEV, date: TUE, session: 'pm', siteId: MAIN, source: 'autofill', status: 'planned' });
    expect(r.breakdown.uncovered).toBe(0);
    expect(errorsAfter(state, r.edits)).toEqual([]);
  });

  it('gives a role-group rule each person their own duty (a nurse gets the nurse clinic, a GP surgery)', () => {
    const state = rotaState({ coverageRules: [rule({ roleGroup: 'nursing', weekday: 'wed', session: 'am' }), rule({ roleGroup: 'gp', weekday: 'wed', session: 'am', min: 2 })] });
    const r = runAutofill({ state, from: FROM, to: TO, siteIds: [], preferences: [] }, { timeLimitMs: 2000, quietMs: 300, newId });
    const wed = added(r.edits).filter((a) => a.date === '2026-12-09' && a.session === 'am');
    const codeOf = (staffId: string) => wed.find((a) => a.staffId === staffId)?.dutyId;
    expect(codeOf(AMY)).toBe(dutyId('SURG'));
    expect(codeOf(DEV)).toBe(dutyId('SURG'));
    // Cara (practice nurse) or Ben (HCA, nursing group): either covers it with their own clinic.
    const nurse = wed.find((a) => a.staffId === CARA || a.staffId === BEN);
    expect(nurse?.dutyId).toBe(nurse?.staffId === CARA ? dutyId('NC') : dutyId('HCA'));
    expect(r.breakdown.uncovered).toBe(0);
  });

  it('keeps what is already in the rota: never an edit to an existing cell, and it fills the rest of that day', () => {
    const existing: RotaAssignment[] = [assign(AMY, TUE, 'am', 'TRI', MAIN, { status: 'confirmed' }), assign(DEV, TUE, 'pm', 'SURG', MAIN, { source: 'pattern' })];
    const state = rotaState({ assignments: existing, coverageRules: [rule({ dutyId: dutyId('DD') })] });
    const r = runAutofill({ state, from: FROM, to: TO, siteIds: [], preferences: [] }, { timeLimitMs: 2000, quietMs: 300, newId });
    const ids = new Set(existing.map((a) => a.id));
    expect(r.edits.every((e) => e.kind === 'upsertAssignment' && !ids.has(e.assignment.id))).toBe(true);
    // Dev is already on surgery that PM, so the duty doctor is Amy, who also works the morning.
    expect(added(r.edits).filter((a) => a.date === TUE && a.session === 'pm')).toEqual([expect.objectContaining({ staffId: AMY, dutyId: dutyId('DD') })]);
    expect(errorsAfter(state, r.edits)).toEqual([]);
  });

  it('treats half-day leave as off for that half only', () => {
    const state = rotaState({
      staff: staff.filter((s) => s.id === AMY),
      coverageRules: [rule({ dutyId: dutyId('DD'), session: 'am' }), rule({ dutyId: dutyId('DD'), session: 'pm' })],
      leave: [leave(AMY, TUE, TUE, { startHalf: 'am', endHalf: 'am' })],
    });
    const r = runAutofill({ state, from: FROM, to: TO, siteIds: [], preferences: [] }, { timeLimitMs: 1500, quietMs: 300, newId });
    const tue = added(r.edits).filter((a) => a.date === TUE);
    expect(tue.map((a) => a.session)).toEqual(['pm']);
    expect(r.explanations.map((x) => x.message)).toEqual([expect.stringMatching(/^No one with the duty doctor competency is free on Tue 8 Dec AM at Main Surgery \(1 more person needed\): Dr Amy Lee is on leave$/)]);
  });

  it('maps minimum and maximum to cover rows, and usual days and preferences to requests', () => {
    const state = rotaState({
      staff: [person(AMY, { displayName: 'Dr Amy Lee', competencies: ['duty_doctor'], usualSessions: [{ day: 'mon', period: 'am' }] })],
      coverageRules: [rule({ dutyId: dutyId('DD'), min: 1, max: 1 })],
    });
    const m = buildAutofill({ state, from: FROM, to: TO, siteIds: [MAIN], preferences: [{ staffId: AMY, weekday: 'fri', session: 'am', kind: 'preferred', weight: 7 }] });
    expect(m.coverTags.map((t) => t.kind)).toEqual(['min', 'max']);
    expect(m.problem.cover[0]).toMatchObject({ day: 1, requirement: 1, underWeight: 100, overWeight: 0 });
    expect(m.problem.cover[1]).toMatchObject({ day: 1, requirement: 1, underWeight: 0, overWeight: 30 });
    expect(m.problem.requests?.filter((r, i) => m.requestTags[i] === 'preferred')).toEqual([{ employee: AMY, day: 4, shift: `${MAIN}|am|*`, weight: 7, kind: 'on' }]);
    // Not usual: every session but Monday AM is a mild "off" request.
    expect(m.requestTags.filter((t) => t === 'usual').length).toBeGreaterThan(0);
    expect(m.problem.requests?.some((r) => r.day === 0 && r.shift.includes('|am|'))).toBe(false);
    // Branch shifts are not open to her (she works at the main surgery only, and only the main surgery is being filled).
    expect(Object.entries(m.problem.employees[0]?.maxShifts ?? {}).filter(([id]) => id.startsWith(BRANCH)).every(([, v]) => v === 0)).toBe(true);
    expect(() => compileProblem(m.problem)).not.toThrow();
  });

  it('with more cover required than staff: the best partial roster, reasons for each gap, never a hard conflict', () => {
    const state = rotaState({ coverageRules: [rule({ dutyId: dutyId('DD'), min: 3 })] });
    const r = runAutofill({ state, from: FROM, to: TO, siteIds: [], preferences: [] }, { timeLimitMs: 2000, quietMs: 300, newId });
    expect(r.feasible).toBe(true);
    expect(added(r.edits).filter((a) => a.dutyId === dutyId('DD'))).toHaveLength(2);
    expect(r.breakdown.uncovered).toBe(1);
    expect(r.breakdown.text).toMatch(/^1 session left uncovered, 0 preferences not met/);
    expect(r.explanations).toHaveLength(1);
    expect(r.explanations[0]).toMatchObject({ siteId: MAIN, date: TUE, session: 'pm' });
    expect(r.explanations[0]?.message).toMatch(/^No one with the duty doctor competency is free on Tue 8 Dec PM at Main Surgery \(1 more person needed\)/);
    expect(errorsAfter(state, r.edits).filter((c) => c.ruleId !== 'rota.coverage_short')).toEqual([]);
  });

  it('says when no one in the practice could ever do it', () => {
    const state = rotaState({ coverageRules: [rule({ dutyId: dutyId('HV') })] });
    const r = runAutofill({ state, from: FROM, to: TO, siteIds: [], preferences: [] }, { timeLimitMs: 800, quietMs: 200, newId });
    expect(r.explanations[0]?.message).toBe('No one with the home visits competency in the practice, so Tue 8 Dec PM at Main Surgery is short (1 more person needed)');
  });

  it('reads a roster back as adds only, and describes it in words', () => {
    const state = rotaState({ coverageRules: [rule({ dutyId: dutyId('DD'), max: 1 })] });
    const m = buildAutofill({ state, from: FROM, to: TO, siteIds: [], preferences: [] });
    const roster = m.staffIds.map(() => m.dates.map((): string[] => []));
    const amy = m.staffIds.indexOf(AMY);
    const dev = m.staffIds.indexOf(DEV);
    roster[amy]![1] = [`${MAIN}|pm|${dutyId('DD')}`];
    roster[dev]![1] = [`${MAIN}|pm|${dutyId('DD')}`];
    const edits = autofillEdits(m, roster, newId);
    expect(added(edits).map((a) => [a.staffId, a.date, a.session, a.dutyId])).toEqual([
      [AMY, TUE, 'pm', dutyId('DD')],
      [DEV, TUE, 'pm', dutyId('DD')],
    ]);
    expect(describeRoster(m, roster)).toMatchObject({ uncovered: 0, over: 1, added: 2 });
    expect(describeRoster(m, roster).text).toBe('every coverage minimum met, 1 session over a maximum, 0 preferences not met');
    const empty = m.staffIds.map(() => m.dates.map((): string[] => []));
    expect(describeRoster(m, empty).text).toBe('1 session left uncovered, 0 preferences not met');
    expect(explainGaps(m, empty)[0]?.message).toMatch(/^Tue 8 Dec PM at Main Surgery is short \(1 more person needed\): Dr Amy Lee and Dr Dev Shah are free then/);
  });

  it('refuses a range it cannot take, in words', () => {
    expect(() => runAutofill({ state: rotaState(), from: TO, to: FROM, siteIds: [], preferences: [] }, { timeLimitMs: 100, newId })).toThrow(/Auto-fill cannot start: The range must end on or after the day it starts/);
  });

  it('reports the best roster so far in words as it improves, and stops when asked', () => {
    const state = rotaState({ coverageRules: [rule({ dutyId: dutyId('DD') }), rule({ roleGroup: 'gp', weekday: 'wed', session: 'am', min: 2 })] });
    const reports: { elapsedMs: number; text: string; edits: number }[] = [];
    const r = runAutofill({ state, from: FROM, to: TO, siteIds: [], preferences: [] }, { timeLimitMs: 1500, quietMs: 300, progressEveryMs: 50, newId, onProgress: (p) => reports.push({ elapsedMs: p.elapsedMs, text: p.breakdown.text, edits: p.edits.length }) });
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.every((p, i) => i === 0 || p.elapsedMs >= (reports[i - 1]?.elapsedMs ?? 0))).toBe(true);
    // The last report is the result.
    expect(reports.at(-1)).toMatchObject({ text: r.breakdown.text, edits: r.edits.length });
    expect(r.firstFeasibleMs).not.toBeNull();

    let calls = 0;
    const stopped = runAutofill({ state, from: FROM, to: TO, siteIds: [], preferences: [] }, { timeLimitMs: 60_000, shouldStop: () => ++calls > 5, newId });
    expect(stopped.totalMs).toBeLessThan(5_000);
  });

  it('an at-least lock keeps its shifts and lets the solver add others that day only', () => {
    const cp = compileProblem({
      days: 2,
      shifts: [{ id: 'AM', minutes: 270, start: 480, end: 750 }, { id: 'PM', minutes: 300, start: 810, end: 1110 }],
      employees: [{ id: 'e', maxShiftsPerDay: 2, maxShifts: { PM: 5 } }],
      cover: [],
      locked: [{ employee: 'e', day: 0, shifts: ['AM'], atLeast: true }],
    });
    const shiftsOf = (d: number) => Array.from(cp.domain[d] ?? []).map((p) => (cp.patternShifts[p] ?? []).map((t) => cp.source.shifts[t]?.id).join('+'));
    expect(shiftsOf(0).sort()).toEqual(['AM', 'AM+PM']);
    expect(shiftsOf(1).sort()).toEqual(['', 'AM', 'AM+PM', 'PM']);
  });
});
