/**
 * The coverage summary the grid's coverage rows and the month heatmap show: for each
 * coverage rule and date, how many are assigned against the minimum (and maximum). The
 * counting is the rules engine's (`countCoverage`), so the rows and the conflicts agree.
 */
import { roleBook, type RotaRole } from './roles';
import { BANK_HOLIDAYS_ENGLAND_WALES } from './bank-holidays';
import { dayNumber, isoFromDayNumber, weekdayOf } from './dates';
import type { CoverageRule, LeaveRequest, RotaAssignment, RotaSession, RotaSite, RotaStaff } from './model';
import { leaveCovers } from './vocabulary';

/**
 * People counting towards a rule among the assignments of one site, date and session:
 * distinct people, on the rule's duty (or in its role group, any duty), not on approved leave.
 */
export function countCoverage(
  rule: Pick<CoverageRule, 'dutyId' | 'roleGroup'>,
  assignments: readonly Pick<RotaAssignment, 'staffId' | 'dutyId'>[],
  /** The person's role group (undefined for someone not in the staff list). */
  groupOf: (staffId: string) => string | undefined,
  isOnLeave: (staffId: string) => boolean,
): number {
  const people = new Set<string>();
  for (const a of assignments) {
    if (people.has(a.staffId)) continue;
    const matches = rule.dutyId !== null ? a.dutyId === rule.dutyId : groupOf(a.staffId) === rule.roleGroup;
    if (matches && !isOnLeave(a.staffId)) people.add(a.staffId);
  }
  return people.size;
}

export interface CoverageCell {
  coverageRuleId: string;
  siteId: string;
  date: string;
  session: RotaSession;
  dutyId: string | null;
  roleGroup: string | null;
  assigned: number;
  min: number;
  max: number | null;
  status: 'short' | 'ok' | 'over';
  /** "2/3" as the coverage row shows it. */
  label: string;
}

export interface CoverageInput {
  coverageRules: readonly CoverageRule[];
  assignments: readonly RotaAssignment[];
  staff: readonly Pick<RotaStaff, 'id' | 'roleId'>[];
  leave: readonly LeaveRequest[];
  sites: readonly RotaSite[];
  bankHolidays?: readonly string[];
  /** The catalogue's roles; defaults to the built-in ones. */
  roles?: readonly RotaRole[];
}

/** Every coverage rule on every date from `from` to `to` (a day, a week, a month). */
export function coverageSummary(input: CoverageInput, from: string, to: string): CoverageCell[] {
  const holidays = new Set(input.bankHolidays ?? BANK_HOLIDAYS_ENGLAND_WALES.map((b) => b.date));
  const roles = roleBook(input.roles);
  const groupOf = new Map(input.staff.map((s) => [s.id, roles.group(s.roleId)]));
  const openOnHolidays = new Map(input.sites.map((s) => [s.id, s.openOnBankHolidays]));
  const bySlot = new Map<string, RotaAssignment[]>();
  for (const a of input.assignments) {
    if (a.date < from || a.date > to) continue;
    const k = `${a.siteId}|${a.date}|${a.session}`;
    const list = bySlot.get(k);
    if (list) list.push(a);
    else bySlot.set(k, [a]);
  }
  const approved = input.leave.filter((l) => l.status === 'approved' && l.endDate >= from && l.startDate <= to);
  const out: CoverageCell[] = [];
  for (let n = dayNumber(from); n <= dayNumber(to); n++) {
    const date = isoFromDayNumber(n);
    const wd = weekdayOf(date);
    for (const r of input.coverageRules) {
      if (r.weekday !== wd) continue;
      if (holidays.has(date) && !(openOnHolidays.get(r.siteId) ?? false)) continue;
      const here = bySlot.get(`${r.siteId}|${date}|${r.session}`) ?? [];
      const assigned = countCoverage(r, here, (id) => groupOf.get(id), (staffId) => approved.some((l) => l.staffId === staffId && leaveCovers(l, date, r.session)));
      const status = assigned < r.min ? 'short' : r.max !== null && assigned > r.max ? 'over' : 'ok';
      out.push({ coverageRuleId: r.id, siteId: r.siteId, date, session: r.session, dutyId: r.dutyId, roleGroup: r.roleGroup, assigned, min: r.min, max: r.max, status, label: `${assigned}/${r.min}` });
    }
  }
  return out;
}

export interface HeatmapCell {
  siteId: string;
  date: string;
  /** People missing against the minimums that day, summed over rules and sessions. */
  shortfall: number;
  /** Rules short that day. */
  gaps: number;
  rules: number;
}

/** The month view: one cell per site and day, coloured by shortfall. */
export function coverageHeatmap(cells: readonly CoverageCell[]): HeatmapCell[] {
  const byKey = new Map<string, HeatmapCell>();
  for (const c of cells) {
    const k = `${c.siteId}|${c.date}`;
    let h = byKey.get(k);
    if (!h) byKey.set(k, (h = { siteId: c.siteId, date: c.date, shortfall: 0, gaps: 0, rules: 0 }));
    h.rules++;
    if (c.assigned < c.min) {
      h.shortfall += c.min - c.assigned;
      h.gaps++;
    }
  }
  return [...byKey.values()].sort((a, b) => (a.date === b.date ? (a.siteId < b.siteId ? -1 : 1) : a.date < b.date ? -1 : 1));
}
