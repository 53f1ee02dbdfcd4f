/**
 * The workforce view: whole-time equivalents by role from contracts, next to the sessions
 * actually planned in a date range, and patients per GP WTE and per clinical WTE from the
 * practice list size. Planned WTE = planned hours a week (session lengths) / 37.5.
 */
import type { RoleCategory } from '../domain/roles';
import { roleBook, type RotaRole } from './roles';
import { FULL_TIME_HOURS, wte } from '../domain/workforce';
import { dayNumber, weekdayOf } from './dates';
import type { RotaAssignment, RotaStaff, SiteSessionTimes } from './model';
import { DEFAULT_SESSION_TIMES, minutesOfDay } from './vocabulary';

/** Clinical for "patients per clinical WTE": GPs, nursing, allied health and pharmacy. */
export const CLINICAL_CATEGORIES: readonly RoleCategory[] = ['gp', 'nursing', 'allied', 'pharmacy'];

export interface WorkforcePlanRow {
  roleId: string;
  label: string;
  category: RoleCategory | 'unknown';
  headcount: number;
  contractedWte: number;
  plannedSessions: number;
  plannedWte: number;
}

export interface WorkforcePlan {
  from: string;
  to: string;
  weeks: number;
  rows: WorkforcePlanRow[];
  totals: { contractedWte: number; plannedWte: number; plannedSessions: number };
  /** null when there is no GP (or clinical) WTE to divide by. */
  patientsPerGpWte: { contracted: number | null; planned: number | null };
  patientsPerClinicalWte: { contracted: number | null; planned: number | null };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function workforcePlan(input: { staff: readonly RotaStaff[]; assignments: readonly RotaAssignment[]; siteSessions: readonly SiteSessionTimes[]; listSize: number; from: string; to: string; roles?: readonly RotaRole[] }): WorkforcePlan {
  const roles = roleBook(input.roles);
  const { from, to } = input;
  const weeks = Math.max(1, dayNumber(to) - dayNumber(from) + 1) / 7;
  const times = new Map(input.siteSessions.map((t) => [`${t.siteId}|${t.weekday}|${t.session}`, minutesOfDay(t.end) - minutesOfDay(t.start)]));
  const employed = input.staff.filter((s) => !s.archived && s.startDate <= to && (s.endDate === null || s.endDate >= from));
  const roleOf = new Map(input.staff.map((s) => [s.id, s.roleId]));
  const rows = new Map<string, WorkforcePlanRow>();
  const row = (roleId: string): WorkforcePlanRow => {
    let r = rows.get(roleId);
    if (!r) {
      r = { roleId, label: roles.label(roleId), category: roles.group(roleId) ?? 'unknown', headcount: 0, contractedWte: 0, plannedSessions: 0, plannedWte: 0 };
      rows.set(roleId, r);
    }
    return r;
  };
  for (const s of employed) {
    const r = row(s.roleId);
    r.headcount++;
    r.contractedWte += wte(s.contract);
  }
  const seen = new Set<string>();
  for (const a of input.assignments) {
    if (a.date < from || a.date > to) continue;
    const slot = `${a.staffId}|${a.date}|${a.session}`;
    if (seen.has(slot)) continue; // a double booking is one session of someone's time
    seen.add(slot);
    const roleId = roleOf.get(a.staffId);
    if (roleId === undefined) continue;
    const r = row(roleId);
    const d = DEFAULT_SESSION_TIMES[a.session];
    const minutes = times.get(`${a.siteId}|${weekdayOf(a.date)}|${a.session}`) ?? minutesOfDay(d.end) - minutesOfDay(d.start);
    r.plannedSessions++;
    r.plannedWte += minutes / 60 / weeks / FULL_TIME_HOURS;
  }
  const list = [...rows.values()].map((r) => ({ ...r, contractedWte: round2(r.contractedWte), plannedWte: round2(r.plannedWte) })).sort((a, b) => a.label.localeCompare(b.label));
  const sum = (f: (r: WorkforcePlanRow) => number, pick: (r: WorkforcePlanRow) => boolean = () => true) => list.filter(pick).reduce((t, r) => t + f(r), 0);
  const per = (wteTotal: number) => (wteTotal > 0 ? Math.round(input.listSize / wteTotal) : null);
  const isGp = (r: WorkforcePlanRow) => r.category === 'gp' && r.roleId !== 'physician_associate';
  const isClinical = (r: WorkforcePlanRow) => r.category !== 'unknown' && CLINICAL_CATEGORIES.includes(r.category);
  return {
    from,
    to,
    weeks: round2(weeks),
    rows: list,
    totals: { contractedWte: round2(sum((r) => r.contractedWte)), plannedWte: round2(sum((r) => r.plannedWte)), plannedSessions: sum((r) => r.plannedSessions) },
    patientsPerGpWte: { contracted: per(sum((r) => r.contractedWte, isGp)), planned: per(sum((r) => r.plannedWte, isGp)) },
    patientsPerClinicalWte: { contracted: per(sum((r) => r.contractedWte, isClinical)), planned: per(sum((r) => r.plannedWte, isClinical)) },
  };
}
