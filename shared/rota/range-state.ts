/**
 * The core's rota.range answer as the rules engine's RotaState: what the Rota screen
 * (renderer/src/features/rota/api.ts) and auto-fill outside it (the benchmark, the
 * integration test) both take.
 */
import type { RotaRange } from '../contract/rota';
import type { RotaState } from './rules';
import { ROTA_SESSIONS, ROTA_WEEKDAYS, type RotaSession, type RotaWeekday } from './vocabulary';

const isWeekday = (d: string): d is RotaWeekday => (ROTA_WEEKDAYS as readonly string[]).includes(d);
const isSession = (s: string): s is RotaSession => (ROTA_SESSIONS as readonly string[]).includes(s);

export function rotaStateFromRange(r: RotaRange): RotaState {
  const { updatedAt: _updatedAt, ...settings } = r.settings;
  return {
    range: { from: r.from, to: r.to },
    settings,
    sites: r.sites.map((s) => ({ id: s.id, name: s.name, openOnBankHolidays: s.openOnBankHolidays })),
    siteSessions: r.sessionTimes.map((t) => ({ siteId: t.siteId, weekday: t.weekday, session: t.session, start: t.start, end: t.end })),
    duties: r.duties.map((d) => ({ id: d.id, code: d.code, name: d.name, colour: d.colour, requiredRoleIds: d.requiredRoleIds, requiredRoleGroup: d.requiredRoleGroup ?? undefined, requiredCompetency: d.requiredCompetency ?? undefined, archived: d.archived })),
    staff: r.staff.map((s) => ({
      id: s.id, displayName: s.displayName, roleId: s.roleId, contract: s.contract,
      usualSessions: s.usualSessions.flatMap((u) => (isWeekday(u.day) && isSession(u.period) ? [{ day: u.day, period: u.period }] : [])),
      siteIds: s.siteIds, competencies: s.competencies, startDate: s.startDate, endDate: s.endDate, archived: s.archived,
    })),
    assignments: r.assignments.map((a) => ({ ...a })),
    leave: r.leave.map((l) => ({ id: l.id, staffId: l.staffId, type: l.type, startDate: l.startDate, startHalf: l.startHalf, endDate: l.endDate, endHalf: l.endHalf, status: l.status, note: l.note, updatedAt: l.updatedAt })),
    coverageRules: r.coverageRules.map((c) => ({ id: c.id, siteId: c.siteId, weekday: c.weekday, session: c.session, dutyId: c.dutyId, roleGroup: c.roleGroup, min: c.min, max: c.max })),
    namedLeads: r.namedLeads.map((l) => ({ id: l.id, leadType: l.leadTypeCode, leadStaffId: l.leadStaffId, deputyStaffId: l.deputyStaffId, from: l.from, to: l.to })),
    bankHolidays: r.bankHolidays.map((b) => b.date),
    roles: r.roles.map((x) => ({ id: x.id, label: x.label, category: x.category })),
  };
}
