import { describe, expect, it } from 'vitest';
import { coverageHeatmap, coverageSummary } from '../../../shared/rota/coverage';
import { formatDutyBlock, parsePastedDuties } from '../../../shared/rota/paste';
import { patternWeekOn, previewApplyPatterns, previewCopyWeek, previewToEdits, type PlanningContext } from '../../../shared/rota/patterns';
import { RotaValidator, validateRota } from '../../../shared/rota/rules';
import { makeYearScenario } from '../../../shared/rota/scenario';
import type { WorkingPattern } from '../../../shared/rota/model';
import { AMY, BEN, BRANCH, CARA, DEV, MAIN, assign, dutyId, duties, leave, rotaState, staff, uid } from '../../helpers/rota';

let next = 9000;
const ctx = (over: Partial<PlanningContext> = {}): PlanningContext => ({
  staff,
  sites: rotaState().sites,
  siteSessions: rotaState().siteSessions,
  leave: [],
  assignments: [],
  overwriteManual: false,
  newId: () => uid(next++),
  now: '2026-02-01T10:00:00.000Z',
  ...over,
});

const twoWeek: WorkingPattern = {
  id: uid(700),
  staffId: AMY,
  cycleWeeks: 2,
  anchorMonday: '2026-01-05',
  entries: [
    { week: 'A', weekday: 'mon', session: 'am', dutyId: dutyId('DD'), siteId: MAIN },
    { week: 'A', weekday: 'mon', session: 'pm', dutyId: dutyId('SURG'), siteId: MAIN },
    { week: 'B', weekday: 'mon', session: 'am', dutyId: dutyId('SURG'), siteId: BRANCH },
    { week: 'B', weekday: 'fri', session: 'am', dutyId: dutyId('TRI'), siteId: MAIN },
  ],
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('working patterns', () => {
  it('maps any date to its pattern week, before and after the anchor', () => {
    expect(patternWeekOn(twoWeek, '2026-01-05')).toBe('A');
    expect(patternWeekOn(twoWeek, '2026-01-16')).toBe('B');
    expect(patternWeekOn(twoWeek, '2026-01-19')).toBe('A');
    expect(patternWeekOn(twoWeek, '2025-12-29')).toBe('B');
    expect(patternWeekOn({ anchorMonday: '2026-01-05', cycleWeeks: 4 }, '2026-01-26')).toBe('D');
  });

  it('previews filling two weeks: adds, keeps manual edits, skips leave and bank holidays', () => {
    const manual = assign(AMY, '2026-01-19', 'am', 'HV', MAIN, { source: 'manual' });
    const fromPattern = assign(AMY, '2026-01-19', 'pm', 'ADM', MAIN, { source: 'pattern' });
    const same = assign(AMY, '2026-01-12', 'am', 'SURG', BRANCH, { source: 'pattern' });
    const p = previewApplyPatterns([twoWeek], '2026-01-12', '2026-01-25', ctx({ assignments: [manual, fromPattern, same], leave: [leave(AMY, '2026-01-16', '2026-01-16', { startHalf: 'am', endHalf: 'am' })] }));
    // Week of 12 Jan is B: Mon AM at branch (already so), Fri AM triage (on leave). Week of 19 Jan is A: Mon AM manual kept, Mon PM replaced.
    expect(p.unchanged).toBe(1);
    expect(p.add).toEqual([]);
    expect(p.skip.map((s) => `${s.date} ${s.session} ${s.reason}`)).toEqual(['2026-01-16 am on_leave', '2026-01-19 am manual_edit_kept']);
    expect(p.replace).toHaveLength(1);
    expect(p.replace[0]?.before).toEqual(fromPattern);
    expect(p.replace[0]?.after).toMatchObject({ id: fromPattern.id, dutyId: dutyId('SURG'), source: 'pattern', updatedAt: '2026-02-01T10:00:00.000Z' });

    const overwrite = previewApplyPatterns([twoWeek], '2026-01-19', '2026-01-19', ctx({ assignments: [manual], overwriteManual: true }));
    expect(overwrite.replace.map((r) => r.after.dutyId)).toEqual([dutyId('DD')]);
    expect(overwrite.add.map((a) => `${a.session} ${a.source}`)).toEqual(['pm pattern']);

    // Easter 2026: 3 Apr (Good Friday) is in a week A, with no Friday entry; 6 Apr (Easter Monday) is week B, Mon AM.
    const easter = previewApplyPatterns([twoWeek], '2026-04-03', '2026-04-06', ctx());
    expect(easter.skip.map((s) => `${s.date} ${s.session} ${s.reason}`)).toEqual(['2026-04-06 am bank_holiday']);
    expect(easter.add).toEqual([]);
  });

  it('never changes anything itself, and its edits make the validator agree with a full validation', () => {
    const before = [assign(AMY, '2026-01-19', 'pm', 'ADM', MAIN, { source: 'pattern' })];
    const copy = structuredClone(before);
    const p = previewApplyPatterns([twoWeek], '2026-01-05', '2026-02-01', ctx({ assignments: before }));
    expect(before).toEqual(copy);
    const v = new RotaValidator(rotaState({ assignments: before }));
    v.applyEdits(previewToEdits(p));
    const after = new Map(before.map((a) => [a.id, a]));
    for (const a of [...p.add, ...p.replace.map((r) => r.after)]) after.set(a.id, a);
    expect(v.conflicts()).toEqual(validateRota(rotaState({ assignments: [...after.values()] })));
  });
});

describe('copy week', () => {
  it('copies a week to the following weeks as a preview, keeping manual cells unless asked', () => {
    const week = [assign(CARA, '2026-02-02', 'am', 'NC'), assign(CARA, '2026-02-04', 'pm', 'NC', BRANCH), assign(BEN, '2026-02-03', 'am', 'HCA')];
    const existing = assign(CARA, '2026-02-09', 'am', 'ADM', MAIN, { source: 'manual' });
    const p = previewCopyWeek('2026-02-02', 2, ctx({ assignments: [...week, existing] }), [CARA]);
    expect(p.add.map((a) => `${a.date} ${a.session}`).sort()).toEqual(['2026-02-11 pm', '2026-02-16 am', '2026-02-18 pm']);
    expect(p.skip.map((s) => `${s.date} ${s.reason}`)).toEqual(['2026-02-09 manual_edit_kept']);
    expect(p.add.every((a) => a.staffId === CARA && a.status === 'planned')).toBe(true);
  });
});

describe('pasting a block of duty codes', () => {
  it('reads tab-separated rows from a spreadsheet, any case, blanks clearing cells', () => {
    const r = parsePastedDuties('surg\tDD\t\r\nNC\t"hca"\tADM\r\n', duties);
    expect(r).toEqual({ ok: true, rows: 2, columns: 3, cells: [[dutyId('SURG'), dutyId('DD'), null], [dutyId('NC'), dutyId('HCA'), dutyId('ADM')]] });
  });

  it('names each unknown code by row and column, and refuses the whole block', () => {
    const r = parsePastedDuties('SURG\tXYZ\nDD\tSURG\nNC\t=1+2', duties);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toEqual([
        { row: 1, column: 2, message: '"XYZ" at row 1, column 2 is not a duty code' },
        { row: 3, column: 2, message: '"=1+2" at row 3, column 2 is not a duty code' },
      ]);
    }
  });

  it('refuses ragged blocks, empty text and garbage without throwing', () => {
    const ragged = parsePastedDuties('SURG\tDD\nNC', duties);
    expect(ragged.ok ? [] : ragged.errors.map((e) => e.message)).toEqual(['Row 2 has 1 cell but row 1 has 2: paste a rectangular block']);
    expect(parsePastedDuties('  \n', duties).ok).toBe(false);
    expect(parsePastedDuties('\u0000\u{1F600}'.repeat(10), duties).ok).toBe(false);
    expect(parsePastedDuties('x'.repeat(300_000), duties).ok).toBe(false);
    expect(parsePastedDuties('SURG\n'.repeat(500), duties).ok).toBe(false);
  });

  it('round-trips the grid copy format', () => {
    const cells = [[dutyId('SURG'), null], [dutyId('TEACH'), dutyId('EXT')]];
    const r = parsePastedDuties(formatDutyBlock(cells, duties), duties);
    expect(r.ok && r.cells).toEqual(cells);
  });
});

describe('coverage summary and heatmap', () => {
  it('shows assigned/required per rule and session for a week', () => {
    const rules = [
      { id: uid(500), siteId: MAIN, weekday: 'mon' as const, session: 'am' as const, dutyId: dutyId('DD'), roleGroup: null, min: 1, max: 1 },
      { id: uid(501), siteId: MAIN, weekday: 'mon' as const, session: 'am' as const, dutyId: null, roleGroup: 'gp' as const, min: 3, max: null },
    ];
    const cells = coverageSummary(
      { ...rotaState(), coverageRules: rules, assignments: [assign(AMY, '2026-01-12', 'am', 'DD'), assign(DEV, '2026-01-12', 'am', 'SURG'), assign(DEV, '2026-01-12', 'am', 'TRI')] },
      '2026-01-12',
      '2026-01-18',
    );
    expect(cells.map((c) => `${c.date} ${c.label} ${c.status}`)).toEqual(['2026-01-12 1/1 ok', '2026-01-12 2/3 short']);
    expect(coverageHeatmap(cells)).toEqual([{ siteId: MAIN, date: '2026-01-12', shortfall: 1, gaps: 1, rules: 2 }]);
  });

  it('agrees with the rules engine over a whole seeded year', () => {
    const s = makeYearScenario(3);
    const cells = coverageSummary(s, s.range.from, s.range.to);
    const conflicts = validateRota(s);
    expect(cells.filter((c) => c.status === 'short').length).toBe(conflicts.filter((c) => c.ruleId === 'rota.coverage_short').length);
    expect(cells.filter((c) => c.status === 'over').length).toBe(conflicts.filter((c) => c.ruleId === 'rota.coverage_over').length);
    expect(cells.filter((c) => c.status === 'short').length).toBeGreaterThan(0);
  });
});
