/**
 * roster.autofill_4w: auto-fill four weeks of the 60-staff benchmark practice
 * (scripts/rota-year.ts, seeded through the real core) through the code the app runs
 * (shared/roster/autofill.ts with the app's limits). The four weeks are first emptied
 * through rota.apply, so auto-fill has the whole month to plan against the leave, coverage
 * rules and named leads of the seeded year. The result is saved through rota.apply and
 * checked by the rules engine: any hard conflict it added fails the benchmark.
 */
import { randomUUID } from 'node:crypto';
import { dispatchSync } from '../electron/core/dispatch';
import type { Channel } from '../shared/channels';
import type { InputOf, OutputOf } from '../shared/contract';
import { MAX_BATCH_OPS, type CellOp } from '../shared/contract/rota';
import { AUTOFILL_LIMITS, runAutofill } from '../shared/roster/autofill';
import { rotaStateFromRange } from '../shared/rota/range-state';
import { RotaValidator, type RotaState } from '../shared/rota/rules';
import type { RotaYear } from './rota-year';

export interface AutofillBench {
  totalMs: number;
  firstFeasibleMs: number | null;
  added: number;
  uncovered: number;
  breakdown: string;
  hardConflictsAdded: number;
  staff: number;
  reports: number;
  totalCpuMs: number;
  firstCpuMs: number | null;
}

export function timeAutofill4w(year: RotaYear, from = `${year.year}-03-02`, to = `${year.year}-03-29`): AutofillBench {
  const call = <C extends Channel>(channel: C, input: InputOf<C>): OutputOf<C> => {
    const env = dispatchSync(year.core, channel, input, year.session);
    if (!env.ok) throw new Error(`${channel}: ${env.error.message}`);
    return env.value as OutputOf<C>;
  };
  const existing = call('rota.range', { from, to }).assignments.filter((a) => a.date >= from && a.date <= to);
  for (let i = 0; i < existing.length; i += MAX_BATCH_OPS) {
    const ops: CellOp[] = existing.slice(i, i + MAX_BATCH_OPS).map((a) => ({ op: 'clear', staffId: a.staffId, date: a.date, session: a.session, replaces: { id: a.id, expectedUpdatedAt: a.updatedAt } }));
    call('rota.apply', { ops, action: 'Benchmark: empty four weeks' });
  }
  const state = rotaStateFromRange(call('rota.range', { from, to }));
  const errors = (s: RotaState) => new Set(new RotaValidator(s).conflicts().filter((c) => c.severity === 'error' && c.cells.some((x) => x.date >= from && x.date <= to)).map((c) => c.id));
  const before = errors(state);

  const t0 = performance.now();
  // Progress reports are read back as the app's worker does (and dropped), so their cost is in the figure.
  // CPU time too: on a machine shared with other work the wall clock says more about the load than the solver.
  let reports = 0;
  let firstCpuMs: number | null = null;
  const cpu0 = process.cpuUsage();
  const cpuMs = () => { const u = process.cpuUsage(cpu0); return (u.user + u.system) / 1000; };
  const r = runAutofill({ state, from, to, siteIds: [], preferences: [] }, {
    ...AUTOFILL_LIMITS, newId: randomUUID, now: () => performance.now(),
    onProgress: () => { reports++; if (firstCpuMs === null) firstCpuMs = cpuMs(); },
  });
  const totalMs = performance.now() - t0;
  const totalCpuMs = cpuMs();

  const ops: CellOp[] = r.edits.flatMap((e) => (e.kind === 'upsertAssignment' ? [{ op: 'set' as const, staffId: e.assignment.staffId, date: e.assignment.date, session: e.assignment.session, siteId: e.assignment.siteId, dutyId: e.assignment.dutyId, source: 'autofill' as const, replaces: null }] : []));
  for (let i = 0; i < ops.length; i += MAX_BATCH_OPS) call('rota.apply', { ops: ops.slice(i, i + MAX_BATCH_OPS), action: 'Auto-fill' });
  const after = errors(rotaStateFromRange(call('rota.range', { from, to })));
  const added = [...after].filter((id) => !before.has(id) && !id.startsWith('rota.coverage_short'));
  return { totalMs, firstFeasibleMs: r.firstFeasibleMs, added: ops.length, uncovered: r.breakdown.uncovered, breakdown: r.breakdown.text, hardConflictsAdded: added.length, staff: state.staff.length, reports, totalCpuMs, firstCpuMs };
}
