/**
 * The rota back end over the typed API client: rota.range read into the shared rota
 * model's shapes (what the rules engine and the grid take), and grid steps saved as one
 * all-or-nothing rota.apply batch.
 */
import { api } from '../../api/client';
import type { AssignmentOut, CellOp, ConflictOut, RotaRange } from '../../../../shared/contract/rota';
import type { Duty, RotaAssignment, RotaStaff } from '../../../../shared/rota/model';
import { ROTA_SESSIONS, ROTA_WEEKDAYS } from '../../../../shared/rota/vocabulary';
import type { Conflict, RuleId } from '../../../../shared/rota/rules';
import { RULES } from '../../../../shared/rota/rules';
import type { RotaBackend, RotaSaveResult, RotaSnapshot } from './slice';

const isWeekday = (d: string): d is (typeof ROTA_WEEKDAYS)[number] => (ROTA_WEEKDAYS as readonly string[]).includes(d);
const isSession = (s: string): s is (typeof ROTA_SESSIONS)[number] => (ROTA_SESSIONS as readonly string[]).includes(s);
const isRule = (r: string): r is RuleId => r in RULES;

export function conflictFromOut(c: ConflictOut): Conflict {
  return { id: c.id, ruleId: isRule(c.ruleId) ? c.ruleId : 'rota.unknown_reference', severity: c.severity, message: c.message, cells: c.cells };
}

export function assignmentFromOut(a: AssignmentOut): RotaAssignment {
  return { ...a };
}

export function snapshotFromRange(r: RotaRange): RotaSnapshot {
  const staff: RotaStaff[] = r.staff.map((s) => ({
    id: s.id,
    displayName: s.displayName,
    roleId: s.roleId,
    contract: s.contract,
    usualSessions: s.usualSessions.flatMap((u) => (isWeekday(u.day) && isSession(u.period) ? [{ day: u.day, period: u.period }] : [])),
    siteIds: s.siteIds,
    competencies: s.competencies,
    startDate: s.startDate,
    endDate: s.endDate,
    archived: s.archived,
  }));
  const duties: Duty[] = r.duties.map((d) => ({
    id: d.id,
    code: d.code,
    name: d.name,
    colour: d.colour,
    requiredRoleIds: d.requiredRoleIds,
    requiredRoleGroup: d.requiredRoleGroup ?? undefined,
    requiredCompetency: d.requiredCompetency ?? undefined,
    archived: d.archived,
  }));
  const { updatedAt: _settingsUpdatedAt, ...settings } = r.settings;
  return {
    range: { from: r.from, to: r.to },
    today: r.today,
    settings,
    sites: r.sites.map((s) => ({ id: s.id, name: s.name, openOnBankHolidays: s.openOnBankHolidays })),
    siteSessions: r.sessionTimes.map((t) => ({ siteId: t.siteId, weekday: t.weekday, session: t.session, start: t.start, end: t.end })),
    duties,
    staff,
    assignments: r.assignments.map(assignmentFromOut),
    leave: r.leave.map((l) => ({ id: l.id, staffId: l.staffId, type: l.type, startDate: l.startDate, startHalf: l.startHalf, endDate: l.endDate, endHalf: l.endHalf, status: l.status, note: l.note, updatedAt: l.updatedAt })),
    coverageRules: r.coverageRules.map((c) => ({ id: c.id, siteId: c.siteId, weekday: c.weekday, session: c.session, dutyId: c.dutyId, roleGroup: c.roleGroup, min: c.min, max: c.max })),
    namedLeads: r.namedLeads.map((l) => ({ id: l.id, leadType: l.leadTypeCode, leadStaffId: l.leadStaffId, deputyStaffId: l.deputyStaffId, from: l.from, to: l.to })),
    bankHolidays: r.bankHolidays.map((b) => b.date),
    serverConflicts: r.conflicts.map(conflictFromOut),
  };
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
