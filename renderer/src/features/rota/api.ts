/**
 * The rota back end over the typed API client: rota.range read into the shared rota
 * model's shapes (what the rules engine and the grid take), and grid steps saved as one
 * all-or-nothing rota.apply batch.
 */
import { api } from '../../api/client';
import type { AssignmentOut, CellOp, ConflictOut, RotaRange } from '../../../../shared/contract/rota';
import type { RotaAssignment } from '../../../../shared/rota/model';
import { rotaStateFromRange } from '../../../../shared/rota/range-state';
import type { Conflict, RuleId } from '../../../../shared/rota/rules';
import { RULES } from '../../../../shared/rota/rules';
import type { RotaBackend, RotaSaveResult, RotaSnapshot } from './slice';

const isRule = (r: string): r is RuleId => r in RULES;

export function conflictFromOut(c: ConflictOut): Conflict {
  return { id: c.id, ruleId: isRule(c.ruleId) ? c.ruleId : 'rota.unknown_reference', severity: c.severity, message: c.message, cells: c.cells };
}

export function assignmentFromOut(a: AssignmentOut): RotaAssignment {
  return { ...a };
}

/** The range as the rules engine's state (the same mapping auto-fill uses outside the screen), plus what only the screen needs. */
export function snapshotFromRange(r: RotaRange): RotaSnapshot {
  return { ...rotaStateFromRange(r), today: r.today, serverConflicts: r.conflicts.map(conflictFromOut), bankHolidayNames: new Map(r.bankHolidays.map((b) => [b.date, b.title])) };
}

export const apiRotaBackend: RotaBackend = {
  load: async (range) => snapshotFromRange(await api('rota.range', range)),
  save: async (ops: CellOp[], action: string): Promise<RotaSaveResult> => {
    const r = await api('rota.apply', { ops, action });
    return { saved: r.saved.map(assignmentFromOut), cleared: r.cleared, conflictsAdded: r.conflictsAdded.map(conflictFromOut), conflictsRemoved: r.conflictsRemoved.map(conflictFromOut) };
  },
  preview: async (plan) =>
    plan.kind === 'patterns'
      ? api('rota.patterns.preview', { from: plan.from, to: plan.to, overwriteManual: plan.overwriteManual })
      : api('rota.copyWeek.preview', { sourceMonday: plan.sourceMonday, weeks: plan.weeks, overwriteManual: plan.overwriteManual }),
};
