import { describe, expect, it } from 'vitest';
import { AUTOFILL_LIMITS, runAutofill } from '../../shared/roster/autofill';
import { rotaStateFromRange as stateOf } from '../../shared/rota/range-state';
import { addDays, mondayOf } from '../../shared/rota/dates';
import type { RotaState } from '../../shared/rota/rules';
import { RotaValidator } from '../../shared/rota/rules';
import { demoCore } from '../helpers/core';

const errorIds = (state: RotaState, from: string, to: string) =>
  new Set(new RotaValidator(state).conflicts().filter((c) => c.severity === 'error' && c.cells.some((x) => x.date >= from && x.date <= to)).map((c) => c.id));

describe('auto-fill through the real core on the demo practice', () => {
  it('fills four empty weeks with no hard conflict, saved through rota.apply, and explains what it could not cover', () => {
    const { c } = demoCore();
    // Past the demo's eight planned weeks: four empty weeks.
    const from = addDays(mondayOf('2026-11-23'), 10 * 7); // the fixed clock's today
    const to = addDays(from, 27);
    const before = stateOf(c.ok('rota.range', { from, to }));
    expect(before.assignments.filter((a) => a.date >= from && a.date <= to)).toHaveLength(0);
    let n = 0;
    const r = runAutofill({ state: before, from, to, siteIds: [], preferences: [] }, { ...AUTOFILL_LIMITS, newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}` });
    expect(r.feasible).toBe(true);
    expect(r.edits.length).toBeGreaterThan(100);
    expect(r.edits.every((e) => e.kind === 'upsertAssignment' && e.assignment.date >= from && e.assignment.date <= to)).toBe(true);

    const ops = r.edits.flatMap((e) => (e.kind === 'upsertAssignment' ? [{ op: 'set' as const, staffId: e.assignment.staffId, date: e.assignment.date, session: e.assignment.session, siteId: e.assignment.siteId, dutyId: e.assignment.dutyId, source: 'autofill' as const, replaces: null }] : []));
    const saved = c.ok('rota.apply', { ops, action: 'Auto-fill' });
    expect(saved.saved).toHaveLength(ops.length);
    expect(saved.saved.every((a) => a.source === 'autofill')).toBe(true);

    // The core's own view after saving: every hard conflict in the range was there before (leave only), none added.
    const after = stateOf(c.ok('rota.range', { from, to }));
    const beforeErrors = errorIds(before, from, to);
    const added = [...errorIds(after, from, to)].filter((id) => !beforeErrors.has(id));
    expect(added).toEqual([]);
    const conflicts = new RotaValidator(after).conflicts().filter((x) => x.severity === 'error' && x.cells.some((cell) => cell.date >= from && cell.date <= to));
    const short = conflicts.filter((x) => x.ruleId === 'rota.coverage_short');
    // Every coverage minimum it left short is explained, in words, at that cell.
    expect(short.length === 0).toBe(r.breakdown.uncovered === 0);
    if (process.env.SPOKE_AUTOFILL_REPORT) console.log(r.breakdown.text, r.totalMs, r.firstFeasibleMs, r.edits.length, r.explanations.map((x) => x.message));
    for (const s of short) {
      const cell = s.cells[0];
      expect(r.explanations.some((x) => cell?.kind === 'coverage' && x.date === cell.date && x.session === cell.session && x.siteId === cell.siteId)).toBe(true);
    }
    expect(conflicts.filter((x) => x.ruleId !== 'rota.coverage_short' && x.ruleId !== 'rota.leads_absent')).toEqual([]);
  }, 30_000);

  it('keeps a weight on each preferred or unwanted session, checks it, audits it, and auto-fill reads it', () => {
    const { c } = demoCore();
    const staffId = c.ok('rota.range', { from: '2026-12-07', to: '2026-12-07' }).staff[0]?.id ?? '';
    const before = c.ok('rota.preferences.list', { staffId })[0]?.updatedAt ?? null;
    const bad = c.raw('rota.preferences.save', { staffId, preferences: [{ weekday: 'fri', session: 'pm', kind: 'unwanted', weight: 11 }], expectedUpdatedAt: before });
    expect(bad.ok).toBe(false);
    expect(JSON.stringify(bad)).toContain('How much it matters is at most 10');
    expect(c.ok('rota.preferences.list', { staffId })[0]?.updatedAt ?? null).toBe(before);
    const saved = c.ok('rota.preferences.save', { staffId, preferences: [{ weekday: 'fri', session: 'pm', kind: 'unwanted', weight: 7 }, { weekday: 'mon', session: 'am', kind: 'preferred' }], expectedUpdatedAt: before });
    expect(saved.preferences).toEqual([
      { weekday: 'fri', session: 'pm', kind: 'unwanted', weight: 7 },
      { weekday: 'mon', session: 'am', kind: 'preferred', weight: 2 },
    ]);
    const audit = c.ok('audit.list', {});
    expect(JSON.stringify(audit)).toContain('preferred sessions edited');
  });
});
