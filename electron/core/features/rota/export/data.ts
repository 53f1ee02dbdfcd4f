/**
 * What every rota export takes: plain model data for a date range, already loaded by the
 * caller (no database access here), so the same functions serve the app, the CLI and tests.
 */
import type { RoleCategory } from '../../../../../shared/domain/roles';
import { roleBook, type RotaRole } from '../../../../../shared/rota/roles';
import { weekdayOf } from '../../../../../shared/rota/dates';
import {
  DEFAULT_SESSION_TIMES,
  ROTA_SESSIONS,
  type Duty,
  type LeaveRequest,
  type RotaAssignment,
  type RotaSession,
  type RotaSite,
  type RotaStaff,
  type SiteSessionTimes,
} from '../../../../../shared/rota/model';

export interface RotaExportData {
  practiceName: string;
  from: string;
  to: string;
  sites: readonly RotaSite[];
  siteSessions: readonly SiteSessionTimes[];
  duties: readonly Duty[];
  staff: readonly RotaStaff[];
  assignments: readonly RotaAssignment[];
  /** Shown in the grid's cells; only approved leave is shown. */
  leave?: readonly LeaveRequest[];
  /** The catalogue's roles in use (the hub's once synced); the built-in list when absent. */
  roles?: readonly RotaRole[];
}

/** A person's role as the export names and groups it: from the catalogue in use when given. */
export function exportRole(data: Pick<RotaExportData, 'roles'>, roleId: string): { label: string; category: RoleCategory } {
  const role = roleBook(data.roles).role(roleId);
  // A role the catalogue in use has retired (or never knew) is marked, as the staff list marks it.
  const retired = data.roles !== undefined && (role?.retired ?? true);
  return { label: `${role?.label ?? roleId}${retired ? ' (retired role)' : ''}`, category: role?.category ?? 'admin' };
}

/** One assignment with everything a reader of the export needs, in date order. */
export interface ExportRow {
  assignment: RotaAssignment;
  weekday: string;
  start: string;
  end: string;
  siteName: string;
  staffName: string;
  roleLabel: string;
  dutyCode: string;
  dutyName: string;
  dutyColour: string | null;
}

const SESSION_ORDER: Record<RotaSession, number> = { am: 0, pm: 1, eve: 2 };

export function sessionTimesLookup(siteSessions: readonly SiteSessionTimes[]) {
  const m = new Map(siteSessions.map((t) => [`${t.siteId}|${t.weekday}|${t.session}`, t]));
  return (siteId: string, date: string, session: RotaSession): { start: string; end: string } =>
    m.get(`${siteId}|${weekdayOf(date)}|${session}`) ?? DEFAULT_SESSION_TIMES[session];
}

/** Assignments in the range, joined to names, sorted by date, session, site, person. */
export function exportRows(data: RotaExportData, onlyStaffId?: string): ExportRow[] {
  const staff = new Map(data.staff.map((s) => [s.id, s]));
  const duties = new Map(data.duties.map((d) => [d.id, d]));
  const sites = new Map(data.sites.map((s) => [s.id, s]));
  const times = sessionTimesLookup(data.siteSessions);
  const rows: ExportRow[] = [];
  for (const a of data.assignments) {
    if (a.date < data.from || a.date > data.to) continue;
    if (onlyStaffId !== undefined && a.staffId !== onlyStaffId) continue;
    const person = staff.get(a.staffId);
    const duty = duties.get(a.dutyId);
    const t = times(a.siteId, a.date, a.session);
    rows.push({
      assignment: a,
      weekday: weekdayOf(a.date),
      start: t.start,
      end: t.end,
      siteName: sites.get(a.siteId)?.name ?? 'Unknown site',
      staffName: person?.displayName ?? 'Unknown person',
      roleLabel: person ? exportRole(data, person.roleId).label : '',
      dutyCode: duty?.code ?? '?',
      dutyName: duty?.name ?? 'Unknown duty',
      dutyColour: duty?.colour ?? null,
    });
  }
  rows.sort(
    (x, y) =>
      x.assignment.date.localeCompare(y.assignment.date) ||
      SESSION_ORDER[x.assignment.session] - SESSION_ORDER[y.assignment.session] ||
      x.siteName.localeCompare(y.siteName) ||
      x.staffName.localeCompare(y.staffName) ||
      x.assignment.id.localeCompare(y.assignment.id),
  );
  return rows;
}

export { ROTA_SESSIONS };
