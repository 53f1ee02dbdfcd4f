/**
 * Auto-fill: the practice rota <-> the auto-roster's model (RosterProblem).
 *
 * `buildAutofill` turns a rota snapshot (RotaState) for a date range and site(s), plus the
 * staff's preferred and unwanted sessions, into a RosterProblem and a key (`AutofillModel`)
 * to read the answer back; `autofillEdits` turns the solver's roster into RotaEdits (adds
 * only, for cells the solver filled); `explainGaps` says in the practice's words why each
 * rule it could not meet was not met; `describeRoster` breaks the objective down in words.
 *
 * How the practice maps onto the model:
 * - A shift type is a session at a site: `site|session|*` means "the person's own duty"
 *   (the duty they most often do, else the one their role is made for), and
 *   `site|session|<dutyId>` is a duty that has a coverage rule of its own there (duty
 *   doctor, say). Keeping duties out of the shift types unless a rule names them keeps
 *   the day patterns few (AM x PM x evening at two sites is about 75).
 * - Everything already in the rota for the range is kept: those cells are `atLeast`
 *   locks (the solver may fill the rest of the day, never change them). Auto-fill only adds.
 * - Leave (approved or requested, whole or half days), days outside employment, sessions
 *   a site does not run and bank holidays a site is closed are days off for the shifts
 *   they touch. Roles and competencies: a duty type is open only to people qualified
 *   for it; a person works only at their sites.
 * - Contracts: a rolling 7-day cap on minutes, the lower of the contract and 48 hours;
 *   the 11-hour rest from the session times; consecutive days from the rota settings.
 *   If what is already in the rota breaks a limit, the limit is widened for that person
 *   so the search still has a roster with no hard violation (it adds nothing that breaks it further).
 * - Coverage rules: the minimum is a cover requirement (weight UNDER per person short),
 *   the maximum a second row that only penalises going over it (weight OVER).
 * - Named leads: on each day the practice is open, the lead or the deputy should be in
 *   (weight LEAD); usual sessions and preferences are on/off requests.
 */
import { COMPETENCIES } from '../domain/competencies';
import { BANK_HOLIDAYS_ENGLAND_WALES } from '../rota/bank-holidays';
import { datesBetween, formatDay, weekdayIndex, weekdayOf } from '../rota/dates';
import type { Duty, LeaveRequest, RotaAssignment, RotaSession, RotaStaff, RotaWeekday } from '../rota/model';
import type { RotaEdit, RotaState } from '../rota/rules';
import { roleBook, type RoleBook } from '../rota/roles';
import { ROTA_SESSION_LABELS, leaveCovers, minutesOfDay, namedLeadLabel } from '../rota/vocabulary';
import type { Roster, RosterCover, RosterDayOff, RosterEmployee, RosterLock, RosterProblem, RosterRequest, RosterShiftType } from './model';

export const WEIGHTS = { UNDER: 100, OVER: 30, LEAD: 20, USUAL_OFF: 3, DEFAULT_PREFERENCE: 2 } as const;

/** A GP session for a sessions contract: 4 h 10 min. */
const SESSION_MINUTES = 250;
const WTR_WEEK_MINUTES = 48 * 60;

export interface AutofillPreference {
  staffId: string;
  weekday: RotaWeekday;
  session: RotaSession;
  kind: 'preferred' | 'unwanted';
  /** 1 (mild) to 10 (strong). */
  weight: number;
}

export interface AutofillRequest {
  state: RotaState;
  from: string;
  to: string;
  /** Sites to fill; empty = every site. */
  siteIds: readonly string[];
  preferences: readonly AutofillPreference[];
}

interface ShiftInfo {
  siteId: string;
  session: RotaSession;
  /** null = the person's own duty. */
  dutyId: string | null;
}

/** What a cover row stands for, to explain and count it in words. */
export type CoverTag =
  | { kind: 'min'; ruleId: string; siteId: string; date: string; session: RotaSession }
  | { kind: 'max'; ruleId: string; siteId: string; date: string; session: RotaSession }
  | { kind: 'lead'; leadId: string; date: string };

export type RequestTag = 'usual' | 'preferred' | 'unwanted';

export interface AutofillModel {
  problem: RosterProblem;
  dates: string[];
  shiftInfo: ShiftInfo[];
  /** Per employee index: the staff id and their own duty (null = none they can do). */
  staffIds: string[];
  ownDuty: (string | null)[];
  /** cover[i] of the problem is coverTags[i]. */
  coverTags: CoverTag[];
  requestTags: RequestTag[];
  /** Cells already in the rota, employee index * D + day -> shift ids kept. */
  kept: Map<number, Set<string>>;
  /** Rolling 7-day minute cap per employee (as given to the solver). */
  cap7: number[];
  request: AutofillRequest;
}

const NO_LEAVE: readonly LeaveRequest[] = [];
const shiftId = (siteId: string, session: RotaSession, dutyId: string | null) => `${siteId}|${session}|${dutyId ?? '*'}`;

export function qualifiedFor(staff: Pick<RotaStaff, 'roleId' | 'competencies'>, duty: Duty, roles: RoleBook): boolean {
  if (duty.requiredRoleIds && duty.requiredRoleIds.length > 0 && !duty.requiredRoleIds.some((r) => r === staff.roleId)) return false;
  if (duty.requiredRoleGroup && roles.group(staff.roleId) !== duty.requiredRoleGroup) return false;
  if (duty.requiredCompetency && !staff.competencies.includes(duty.requiredCompetency)) return false;
  return true;
}

/**
 * The duty a person does when auto-fill puts them in a session without a duty rule of
 * its own: the one they do most in the rota, else the one made for their role, then
 * their role group, then (for admin staff) an admin duty, then any open duty.
 */
function ownDutyOf(staff: RotaStaff, duties: readonly Duty[], ruleDuties: ReadonlySet<string>, counts: ReadonlyMap<string, number>, roles: RoleBook): string | null {
  const open = duties.filter((d) => !d.archived && !ruleDuties.has(d.id) && qualifiedFor(staff, d, roles));
  if (open.length === 0) return null;
  let best: Duty | null = null;
  let bestN = 0;
  for (const d of open) {
    const n = counts.get(d.id) ?? 0;
    if (n > bestN) { best = d; bestN = n; }
  }
  if (best) return best.id;
  const group = roles.group(staff.roleId);
  const byRole = open.find((d) => d.requiredRoleIds?.includes(staff.roleId));
  if (byRole) return byRole.id;
  const byGroup = open.find((d) => d.requiredRoleGroup !== undefined && d.requiredRoleGroup === group);
  if (byGroup) return byGroup.id;
  const unrestricted = open.filter((d) => !d.requiredCompetency && !(d.requiredRoleIds && d.requiredRoleIds.length) && !d.requiredRoleGroup);
  if (group === 'admin') {
    const admin = unrestricted.find((d) => /admin/i.test(d.name) || /^ADM/.test(d.code));
    if (admin) return admin.id;
  }
  // Extended hours and teaching are not what anyone does by default.
  const plain = unrestricted.find((d) => !/^(EXT|TEACH)/.test(d.code)) ?? unrestricted[0] ?? open[0];
  return plain?.id ?? null;
}

function maxRun(days: boolean[]): number {
  let best = 0;
  let run = 0;
  for (const w of days) { run = w ? run + 1 : 0; best = Math.max(best, run); }
  return best;
}

/** Builds the solver's problem for a range of the rota. Throws RangeError on a range it cannot take. */
export function buildAutofill(req: AutofillRequest): AutofillModel {
  const { state, from, to } = req;
  if (!(from <= to)) throw new RangeError('The range must end on or after the day it starts.');
  const dates = datesBetween(from, to);
  if (dates.length > 62) throw new RangeError('Auto-fill takes at most about two months at a time.');
  const D = dates.length;
  const dayOf = new Map(dates.map((d, i) => [d, i]));
  const siteIds = req.siteIds.length > 0 ? state.sites.filter((s) => req.siteIds.includes(s.id)).map((s) => s.id) : state.sites.map((s) => s.id);
  if (siteIds.length === 0) throw new RangeError('Choose a site to fill.');
  const fillSites = new Set(siteIds);
  const holidays = new Set(state.bankHolidays ?? BANK_HOLIDAYS_ENGLAND_WALES.map((b) => b.date));
  const roles = roleBook(state.roles);
  const siteById = new Map(state.sites.map((s) => [s.id, s]));
  const dutyById = new Map(state.duties.map((d) => [d.id, d]));

  // Session times per site and session: which weekdays run it, earliest start, latest end, longest length.
  interface Slot { siteId: string; session: RotaSession; weekdays: Set<RotaWeekday>; start: number; end: number; minutes: number }
  const slots = new Map<string, Slot>();
  for (const t of state.siteSessions) {
    const k = `${t.siteId}|${t.session}`;
    const s = minutesOfDay(t.start);
    const e = minutesOfDay(t.end);
    const cur = slots.get(k);
    if (!cur) slots.set(k, { siteId: t.siteId, session: t.session, weekdays: new Set([t.weekday]), start: s, end: e, minutes: e - s });
    else { cur.weekdays.add(t.weekday); cur.start = Math.min(cur.start, s); cur.end = Math.max(cur.end, e); cur.minutes = Math.max(cur.minutes, e - s); }
  }
  const runs = (siteId: string, session: RotaSession, date: string): boolean => {
    const slot = slots.get(`${siteId}|${session}`);
    if (!slot || !slot.weekdays.has(weekdayOf(date))) return false;
    return !(holidays.has(date) && !(siteById.get(siteId)?.openOnBankHolidays ?? false));
  };

  const inRange = (d: string) => d >= from && d <= to;
  const rules = state.coverageRules.filter((r) => siteById.has(r.siteId));
  const ruleDuties = new Set(rules.flatMap((r) => (r.dutyId !== null ? [r.dutyId] : [])));
  const assignmentsIn = state.assignments.filter((a) => inRange(a.date));

  // Shift types: own duty at each slot, plus each duty with a rule at that slot, plus kept duties.
  const shifts: RosterShiftType[] = [];
  const shiftInfo: ShiftInfo[] = [];
  const shiftIndex = new Map<string, number>();
  const addShift = (siteId: string, session: RotaSession, dutyId: string | null): string => {
    const id = shiftId(siteId, session, dutyId);
    if (shiftIndex.has(id)) return id;
    const slot = slots.get(`${siteId}|${session}`);
    const start = slot?.start ?? 0;
    const end = slot?.end ?? start;
    shiftIndex.set(id, shifts.length);
    shifts.push({ id, minutes: slot?.minutes ?? 0, start, end });
    shiftInfo.push({ siteId, session, dutyId });
    return id;
  };
  for (const slot of slots.values()) {
    addShift(slot.siteId, slot.session, null);
    for (const r of rules) if (r.dutyId !== null && r.siteId === slot.siteId && r.session === slot.session) addShift(slot.siteId, slot.session, r.dutyId);
  }

  const staff = state.staff.filter((s) => !s.archived);
  const staffIds = staff.map((s) => s.id);
  const empOf = new Map(staffIds.map((id, i) => [id, i]));
  const dutyCounts = new Map<string, Map<string, number>>();
  for (const a of state.assignments) {
    const m = dutyCounts.get(a.staffId) ?? new Map<string, number>();
    m.set(a.dutyId, (m.get(a.dutyId) ?? 0) + 1);
    dutyCounts.set(a.staffId, m);
  }
  const ownDuty = staff.map((s) => ownDutyOf(s, state.duties, ruleDuties, dutyCounts.get(s.id) ?? new Map(), roles));
  const leaveOf = new Map<string, LeaveRequest[]>();
  for (const l of state.leave) if (l.status !== 'declined' && l.endDate >= from && l.startDate <= to) leaveOf.set(l.staffId, [...(leaveOf.get(l.staffId) ?? []), l]);
  const approvedInRange = state.leave.filter((l) => l.status === 'approved' && l.endDate >= from && l.startDate <= to);
  const ruleSlots = new Set(rules.flatMap((r) => (r.dutyId !== null ? [`${r.dutyId}|${r.siteId}|${r.session}`] : [])));

  // Kept cells: what is in the rota already (one per person and session; a double booking keeps its first).
  const kept = new Map<number, Set<string>>();
  const keptCount = new Map<string, number>(); // employee|shift -> count
  const keptSessions = new Set<string>(); // e|d|session
  for (const a of [...assignmentsIn].sort((x, y) => x.id.localeCompare(y.id))) {
    const e = empOf.get(a.staffId);
    const d = dayOf.get(a.date);
    if (e === undefined || d === undefined || !slots.has(`${a.siteId}|${a.session}`)) continue;
    const sk = `${e}|${d}|${a.session}`;
    if (keptSessions.has(sk)) continue;
    keptSessions.add(sk);
    const id = ruleDuties.has(a.dutyId) || a.dutyId !== ownDuty[e] ? addShift(a.siteId, a.session, a.dutyId) : shiftId(a.siteId, a.session, null);
    const k = e * D + d;
    kept.set(k, (kept.get(k) ?? new Set()).add(id));
    keptCount.set(`${e}|${id}`, (keptCount.get(`${e}|${id}`) ?? 0) + 1);
  }

  const employees: RosterEmployee[] = [];
  const daysOff: RosterDayOff[] = [];
  const locked: RosterLock[] = [];
  const requests: RosterRequest[] = [];
  const requestTags: RequestTag[] = [];
  const cap7: number[] = [];
  const settings = state.settings;
  const restMinutes = Math.round(settings.minRestHours * 60);
  const avgDayMinutes = (() => {
    const day = [...slots.values()].filter((s) => s.session !== 'eve');
    return day.length ? day.reduce((a, s) => a + s.minutes, 0) / day.length : SESSION_MINUTES;
  })();

  staff.forEach((s, e) => {
    const maxShifts: Record<string, number> = {};
    shiftInfo.forEach((info, t) => {
      const id = shifts[t]!.id;
      const duty = info.dutyId === null ? (ownDuty[e] === null ? undefined : dutyById.get(ownDuty[e] ?? '')) : dutyById.get(info.dutyId);
      // Only duties named in a rule at this slot are fillable; kept-only duty types are not.
      const fillable = info.dutyId === null || ruleSlots.has(`${info.dutyId}|${info.siteId}|${info.session}`);
      const ok = fillable && duty !== undefined && !duty.archived && qualifiedFor(s, duty, roles) && fillSites.has(info.siteId) && (s.siteIds.length === 0 || s.siteIds.includes(info.siteId));
      if (!ok) maxShifts[id] = keptCount.get(`${e}|${id}`) ?? 0;
    });

    // Per day: which shifts are blocked (leave, employment, site not running).
    const keptMinutes = new Array<number>(D).fill(0);
    const worked = new Array<boolean>(D).fill(false);
    let restBroken = false;
    for (let d = 0; d < D; d++) {
      const date = dates[d]!;
      const keep = kept.get(e * D + d);
      if (keep) {
        locked.push({ employee: s.id, day: d, shifts: [...keep], atLeast: true });
        worked[d] = true;
        for (const id of keep) keptMinutes[d]! += shifts[shiftIndex.get(id)!]!.minutes;
      }
      const employed = date >= s.startDate && (s.endDate === null || date <= s.endDate);
      const blocked: string[] = [];
      let all = true;
      shiftInfo.forEach((info, t) => {
        const id = shifts[t]!.id;
        if (keep?.has(id)) { all = false; return; }
        const onLeave = (leaveOf.get(s.id) ?? NO_LEAVE).some((l) => leaveCovers(l, date, info.session));
        if (!employed || onLeave || !runs(info.siteId, info.session, date)) blocked.push(id);
        else all = false;
      });
      if (all && !keep) daysOff.push({ employee: s.id, day: d });
      else if (blocked.length > 0) daysOff.push({ employee: s.id, day: d, shifts: blocked });
    }
    // Rest between kept days: if the rota already breaks it, no evenings are added for this person instead.
    for (let d = 0; d + 1 < D; d++) {
      const a = kept.get(e * D + d);
      const b = kept.get(e * D + d + 1);
      if (!a || !b) continue;
      const lastEnd = Math.max(...[...a].map((id) => shifts[shiftIndex.get(id)!]!.end ?? 0));
      const firstStart = Math.min(...[...b].map((id) => shifts[shiftIndex.get(id)!]!.start ?? 0));
      if (firstStart + 1440 - lastEnd < restMinutes) restBroken = true;
    }
    if (restBroken) {
      for (let d = 0; d < D; d++) {
        const keep = kept.get(e * D + d);
        const blockedHere = shiftInfo.flatMap((info, t) => {
          const id = shifts[t]!.id;
          if (keep?.has(id)) return [];
          const prevEve = d > 0 && [...(kept.get(e * D + d - 1) ?? [])].some((k) => shiftInfo[shiftIndex.get(k)!]!.session === 'eve');
          return info.session === 'eve' || (info.session === 'am' && prevEve) ? [id] : [];
        });
        if (blockedHere.length) daysOff.push({ employee: s.id, day: d, shifts: blockedHere });
      }
    }

    const contractWeek = s.contract.kind === 'hours' ? Math.round(s.contract.amount * 60) : Math.round(s.contract.amount * avgDayMinutes);
    let cap = Math.min(WTR_WEEK_MINUTES, contractWeek);
    for (let d = 0; d < D; d++) {
      let m = 0;
      for (let j = d; j < Math.min(D, d + 7); j++) m += keptMinutes[j]!;
      cap = Math.max(cap, m);
    }
    cap7.push(cap);
    employees.push({
      id: s.id,
      maxShifts,
      maxShiftsPerDay: 3,
      minRestMinutes: restBroken ? 0 : restMinutes,
      maxMinutesPer7Days: Math.max(1, cap),
      maxConsecutiveDays: Math.max(settings.maxConsecutiveWorkingDays, maxRun(worked)),
    });

    // Usual sessions: working outside them is a mild "off" request.
    if (s.usualSessions.length > 0) {
      const usual = new Set(s.usualSessions.map((u) => `${u.day}|${u.period}`));
      for (let d = 0; d < D; d++) {
        const wd = weekdayOf(dates[d]!);
        shiftInfo.forEach((info, t) => {
          if (usual.has(`${wd}|${info.session}`) || maxShifts[shifts[t]!.id] === 0) return;
          requests.push({ employee: s.id, day: d, shift: shifts[t]!.id, weight: WEIGHTS.USUAL_OFF, kind: 'off' });
          requestTags.push('usual');
        });
      }
    }
  });

  // Preferences: unwanted = off for every shift of that session; preferred = on for their own duty at their first site that runs it.
  for (const p of req.preferences) {
    const e = empOf.get(p.staffId);
    if (e === undefined) continue;
    const emp = employees[e]!;
    const weight = Math.max(1, Math.min(10, Math.round(p.weight)));
    for (let d = 0; d < D; d++) {
      if (weekdayOf(dates[d]!) !== p.weekday) continue;
      const open = shiftInfo.map((info, t) => ({ info, id: shifts[t]!.id })).filter(({ info, id }) => info.session === p.session && emp.maxShifts?.[id] !== 0 && runs(info.siteId, info.session, dates[d]!));
      if (p.kind === 'unwanted') {
        for (const { id } of open) { requests.push({ employee: emp.id, day: d, shift: id, weight, kind: 'off' }); requestTags.push('unwanted'); }
      } else {
        const own = open.find(({ info }) => info.dutyId === null);
        if (own) { requests.push({ employee: emp.id, day: d, shift: own.id, weight, kind: 'on' }); requestTags.push('preferred'); }
      }
    }
  }

  // Cover rows.
  const cover: RosterCover[] = [];
  const coverTags: CoverTag[] = [];
  for (const r of rules) {
    if (!fillSites.has(r.siteId)) continue;
    const slotShifts = shiftInfo.flatMap((info, t) => (info.siteId === r.siteId && info.session === r.session && (r.dutyId === null || info.dutyId === r.dutyId) ? [shifts[t]!.id] : []));
    if (slotShifts.length === 0) continue;
    const group = r.roleGroup === null ? undefined : staff.filter((s) => roles.group(s.roleId) === r.roleGroup).map((s) => s.id);
    for (let d = 0; d < D; d++) {
      const date = dates[d]!;
      if (weekdayOf(date) !== r.weekday || !runs(r.siteId, r.session, date)) continue;
      // People on approved leave do not count (kept assignments of theirs stay in the rota, but not in the count).
      const away = new Set(approvedInRange.filter((l) => leaveCovers(l, date, r.session)).map((l) => l.staffId));
      const who = (group ?? staffIds).filter((id) => !away.has(id));
      const employeesField = group !== undefined || away.size > 0 ? who : undefined;
      const where = { ruleId: r.id, siteId: r.siteId, date, session: r.session };
      if (r.min > 0) {
        cover.push({ day: d, shifts: slotShifts, ...(employeesField ? { employees: employeesField } : {}), requirement: r.min, underWeight: WEIGHTS.UNDER, overWeight: 0 });
        coverTags.push({ kind: 'min', ...where });
      }
      if (r.max !== null) {
        cover.push({ day: d, shifts: slotShifts, ...(employeesField ? { employees: employeesField } : {}), requirement: r.max, underWeight: 0, overWeight: WEIGHTS.OVER });
        coverTags.push({ kind: 'max', ...where });
      }
    }
  }
  for (const lead of state.namedLeads) {
    const people = [lead.leadStaffId, lead.deputyStaffId].filter((id): id is string => id !== null && empOf.has(id));
    if (people.length === 0) continue;
    for (let d = 0; d < D; d++) {
      const date = dates[d]!;
      if (date < lead.from || (lead.to !== null && date > lead.to)) continue;
      const open = shiftInfo.flatMap((info, t) => (runs(info.siteId, info.session, date) ? [shifts[t]!.id] : []));
      // Only days one of them could be in: a lead who works only weekdays is not asked for on Saturdays.
      const couldBeIn = people.some((id) => {
        const emp = employees[empOf.get(id)!]!;
        return open.some((sid) => emp.maxShifts?.[sid] !== 0);
      });
      if (open.length === 0 || !couldBeIn) continue;
      cover.push({ day: d, shifts: open, employees: people, requirement: 1, underWeight: WEIGHTS.LEAD, overWeight: 0 });
      coverTags.push({ kind: 'lead', leadId: lead.id, date });
    }
  }

  const problem: RosterProblem = { days: D, firstWeekday: weekdayIndex(from), shifts, employees, cover, daysOff, locked, requests };
  return { problem, dates, shiftInfo, staffIds, ownDuty, coverTags, requestTags, kept, cap7, request: req };
}

/* ---------------- Back to the rota ---------------- */

/** The cells the solver filled, as assignments to add (never a kept cell). */
export function autofillEdits(model: AutofillModel, roster: Roster, newId: () => string): RotaEdit[] {
  const D = model.dates.length;
  const index = new Map(model.problem.shifts.map((s, i) => [s.id, i]));
  const edits: RotaEdit[] = [];
  roster.forEach((row, e) => {
    row.forEach((ids, d) => {
      const keep = model.kept.get(e * D + d);
      for (const id of ids) {
        if (keep?.has(id)) continue;
        const info = model.shiftInfo[index.get(id) ?? -1];
        const dutyId = info ? info.dutyId ?? model.ownDuty[e] : null;
        if (!info || !dutyId) continue;
        const assignment: RotaAssignment = {
          id: newId(), date: model.dates[d]!, session: info.session, siteId: info.siteId, staffId: model.staffIds[e]!, dutyId, note: '', status: 'planned', source: 'autofill', updatedAt: '',
        };
        edits.push({ kind: 'upsertAssignment', assignment });
      }
    });
  });
  return edits;
}

/* ---------------- In words ---------------- */

export interface RosterBreakdown {
  /** Person-sessions short of coverage minimums. */
  uncovered: number;
  /** Person-sessions over coverage maximums. */
  over: number;
  preferencesNotMet: number;
  usualDaysOff: number;
  leadDaysUncovered: number;
  /** Sessions auto-fill adds. */
  added: number;
  /** "2 sessions left uncovered, 3 preferences not met". */
  text: string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function coverCounts(model: AutofillModel, roster: Roster): number[] {
  const empIndex = new Map(model.staffIds.map((id, i) => [id, i]));
  return model.problem.cover.map((c) => {
    const set = new Set(c.shifts);
    const who = c.employees ? c.employees.map((id) => empIndex.get(id) ?? -1) : model.staffIds.map((_, i) => i);
    let n = 0;
    for (const e of who) for (const id of roster[e]?.[c.day] ?? []) if (set.has(id)) n++;
    return n;
  });
}

export function describeRoster(model: AutofillModel, roster: Roster): RosterBreakdown {
  const counts = coverCounts(model, roster);
  let uncovered = 0; let over = 0; let leadDaysUncovered = 0;
  model.problem.cover.forEach((c, i) => {
    const tag = model.coverTags[i]!;
    const n = counts[i]!;
    if (tag.kind === 'min') uncovered += Math.max(0, c.requirement - n);
    else if (tag.kind === 'max') over += Math.max(0, n - c.requirement);
    else if (n < c.requirement) leadDaysUncovered++;
  });
  const empIndex = new Map(model.staffIds.map((id, i) => [id, i]));
  let preferencesNotMet = 0;
  const usualCells = new Set<string>();
  (model.problem.requests ?? []).forEach((r, i) => {
    const works = (roster[empIndex.get(r.employee) ?? -1]?.[r.day] ?? []).includes(r.shift);
    const unmet = r.kind === 'on' ? !works : works;
    if (!unmet) return;
    const tag = model.requestTags[i];
    if (tag === 'usual') usualCells.add(`${r.employee}|${r.day}`);
    else preferencesNotMet++;
  });
  const D = model.dates.length;
  let added = 0;
  roster.forEach((row, e) => row.forEach((ids, d) => { const keep = model.kept.get(e * D + d); for (const id of ids) if (!keep?.has(id)) added++; }));
  const parts: string[] = [];
  parts.push(uncovered === 0 ? 'every coverage minimum met' : `${plural(uncovered, 'session', 'sessions')} left uncovered`);
  if (over) parts.push(`${plural(over, 'session', 'sessions')} over a maximum`);
  if (leadDaysUncovered) parts.push(`${plural(leadDaysUncovered, 'day', 'days')} with neither a named lead nor their deputy in`);
  parts.push(`${plural(preferencesNotMet, 'preference', 'preferences')} not met`);
  if (usualCells.size) parts.push(`${plural(usualCells.size, 'day', 'days')} on someone's usual day off`);
  return { uncovered, over, preferencesNotMet, usualDaysOff: usualCells.size, leadDaysUncovered, added, text: parts.join(', ') };
}

export interface GapExplanation {
  /** The cell to jump to (a coverage cell: site, date, session). */
  siteId: string;
  date: string;
  session: RotaSession | null;
  staffId: string | null;
  message: string;
}

function date0(s: RotaStaff, date: string): boolean {
  return date < s.startDate || (s.endDate !== null && date > s.endDate);
}

function competencyLabel(id: string): string {
  return COMPETENCIES.find((c) => c.id === id)?.label ?? id.replace(/_/g, ' ');
}

const GROUP_WORDS: Record<string, string> = { gp: 'GP', nursing: 'nursing', allied: 'allied health', pharmacy: 'pharmacy', wellbeing: 'personalised care', admin: 'admin' };

function listNames(items: string[], max = 4): string {
  const shown = items.slice(0, max);
  const more = items.length - shown.length;
  const head = shown.length <= 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join('; ')} and ${shown[shown.length - 1] ?? ''}`;
  return more > 0 ? `${shown.join('; ')} and ${more} more` : head;
}

/**
 * Why each coverage minimum (and named lead day) the roster leaves unmet was not met,
 * from who could have done it and why each of them could not.
 */
export function explainGaps(model: AutofillModel, roster: Roster): GapExplanation[] {
  const { state } = model.request;
  const counts = coverCounts(model, roster);
  const roles = roleBook(state.roles);
  const staffById = new Map(state.staff.map((s) => [s.id, s]));
  const siteName = (id: string) => state.sites.find((s) => s.id === id)?.name ?? 'the site';
  const dutyById = new Map(state.duties.map((d) => [d.id, d]));
  const empIndex = new Map(model.staffIds.map((id, i) => [id, i]));
  const shiftIdx = new Map(model.problem.shifts.map((s, i) => [s.id, i]));
  const D = model.dates.length;
  const out: GapExplanation[] = [];

  const weekMinutes = (e: number, d: number): number => {
    // The busiest 7-day window containing day d.
    let most = 0;
    for (let s = Math.max(0, d - 6); s <= d; s++) {
      let m = 0;
      for (let j = s; j < Math.min(D, s + 7); j++) for (const id of roster[e]?.[j] ?? []) m += model.problem.shifts[shiftIdx.get(id) ?? 0]?.minutes ?? 0;
      most = Math.max(most, m);
    }
    return most;
  };

  /** Why this person could not take this session here, or null if nothing in the data stops them. */
  const whyNot = (staffId: string, siteId: string, date: string, session: RotaSession, minutes: number): string | null => {
    const s = staffById.get(staffId);
    const e = empIndex.get(staffId);
    if (!s || e === undefined) return 'archived';
    const name = s.displayName;
    if (date < s.startDate) return `${name} starts later`;
    if (s.endDate !== null && date > s.endDate) return `${name} has left`;
    const leave = state.leave.find((l) => l.staffId === staffId && l.status !== 'declined' && leaveCovers(l, date, session));
    if (leave) return `${name} is on ${leave.status === 'approved' ? '' : 'requested '}leave`;
    if (s.siteIds.length > 0 && !s.siteIds.includes(siteId)) return `${name} does not work at ${siteName(siteId)}`;
    const d = model.dates.indexOf(date);
    const ids = roster[e]?.[d] ?? [];
    const busy = ids.find((id) => model.shiftInfo[shiftIdx.get(id) ?? -1]?.session === session);
    if (busy) {
      const info = model.shiftInfo[shiftIdx.get(busy) ?? -1];
      const doing = dutyById.get(info?.dutyId ?? model.ownDuty[e] ?? '')?.name;
      if (info && info.siteId !== siteId) return `${name} is at ${siteName(info.siteId)} then`;
      return doing ? `${name} is on ${doing.charAt(0).toLowerCase()}${doing.slice(1)} then` : `${name} is already working then`;
    }
    if (weekMinutes(e, d) + minutes > (model.cap7[e] ?? 0)) return `${name} would go over ${s.contract.kind === 'hours' ? 'their contracted hours' : 'their contracted sessions'} or 48 hours in 7 days`;
    return null;
  };

  model.problem.cover.forEach((c, i) => {
    const tag = model.coverTags[i]!;
    const short = c.requirement - counts[i]!;
    if (short <= 0 || tag.kind === 'max') return;
    if (tag.kind === 'lead') {
      const lead = state.namedLeads.find((l) => l.id === tag.leadId);
      if (!lead) return;
      const names = [lead.leadStaffId, lead.deputyStaffId].filter((x): x is string => x !== null);
      const reasons = names.map((id) => {
        const s = staffById.get(id);
        const leave = state.leave.find((l) => l.staffId === id && l.status !== 'declined' && (leaveCovers(l, tag.date, 'am') || leaveCovers(l, tag.date, 'pm')));
        if (!s) return 'someone archived';
        if (leave) return `${s.displayName} is on leave`;
        if (date0(s, tag.date)) return `${s.displayName} is not employed then`;
        return `${s.displayName} is not rostered (every session they could do is covered or over their limits)`;
      });
      out.push({ siteId: '', date: tag.date, session: null, staffId: lead.leadStaffId, message: `${namedLeadLabel(lead.leadType)}: neither the lead nor the deputy is in on ${formatDay(tag.date)} (${listNames(reasons)})` });
      return;
    }
    const rule = state.coverageRules.find((r) => r.id === tag.ruleId);
    if (!rule) return;
    const duty = rule.dutyId !== null ? dutyById.get(rule.dutyId) : undefined;
    const when = `${formatDay(tag.date)} ${ROTA_SESSION_LABELS[tag.session]} at ${siteName(tag.siteId)}`;
    const who = duty
      ? duty.requiredCompetency
        ? `with the ${competencyLabel(duty.requiredCompetency).toLowerCase()} competency`
        : `who can do ${duty.name.toLowerCase()}`
      : `from the ${GROUP_WORDS[rule.roleGroup ?? ''] ?? rule.roleGroup ?? ''} team`;
    const minutes = model.problem.shifts[shiftIdx.get(c.shifts[0] ?? '') ?? 0]?.minutes ?? 0;
    const candidates = state.staff.filter((s) => !s.archived && (duty ? qualifiedFor(s, duty, roles) : roles.group(s.roleId) === rule.roleGroup));
    const need = `${short} more ${short === 1 ? 'person' : 'people'} needed`;
    if (candidates.length === 0) {
      out.push({ siteId: tag.siteId, date: tag.date, session: tag.session, staffId: null, message: `No one ${who} in the practice, so ${when} is short (${need})` });
      return;
    }
    const reasons: string[] = [];
    const free: string[] = [];
    for (const s of candidates) {
      const e = empIndex.get(s.id);
      const here = e === undefined ? [] : (roster[e]?.[model.dates.indexOf(tag.date)] ?? []);
      if (here.some((id) => c.shifts.includes(id))) continue; // already counted
      const why = whyNot(s.id, tag.siteId, tag.date, tag.session, minutes);
      if (why) reasons.push(why);
      else free.push(s.displayName);
    }
    const message = free.length === 0
      ? `No one ${who} is free on ${when} (${need}): ${listNames(reasons)}`
      : `${when} is short (${need}): ${listNames(free)} ${free.length === 1 ? 'is' : 'are'} free then, but auto-fill found no way to add them without breaking a limit over the week (rest, consecutive days or contract); assign by hand if it should be covered${reasons.length ? `. Others: ${listNames(reasons, 2)}` : ''}`;
    out.push({ siteId: tag.siteId, date: tag.date, session: tag.session, staffId: null, message });
  });
  return out;
}
