/**
 * The rota rules engine: pure functions from rota data to conflicts, and a validator that
 * keeps the conflicts current under edits by re-checking only what an edit can affect.
 *
 * How incrementality stays exact: every conflict belongs to one *scope* (one assignment,
 * one person's day, one person's week, one Working Time window, one person's runs of days, one coverage cell, one
 * named lead). A scope's conflicts are a pure function of the state, computed by one
 * function here, used alike by a full validation and by an edit. An edit only has to
 * name every scope whose inputs it touches (`scopesOfAssignment`, `scopesOfLeave`); the property test checks
 * that after random edit sequences the result equals a fresh full validation.
 *
 * Contracted sessions: each distinct session worked in a week counts as one, an evening
 * too; an hours contract is compared with the summed session lengths of the week.
 *
 * Working Time Regulations 48-hour average: a *rolling* reference period of
 * `settings.referencePeriodWeeks` (default 17, the Regulations' default) whole Monday-to-
 * Sunday weeks. For each week a person works, the hours planned in that week and the
 * weeks before it in the period are summed and divided by the period's length; weeks with
 * nothing planned count as zero hours (the rota only knows what is planned). Hours are the
 * sites' session lengths; leave is not counted as working time.
 */
import { roleBook, type RoleBook, type RotaRole } from './roles';
import { BANK_HOLIDAYS_ENGLAND_WALES } from './bank-holidays';
import { addDays, dayNumber, formatDay, isoFromDayNumber, mondayOf, weekdayIndex, weekdayName, weekdayOf } from './dates';
import type { CoverageRule, Duty, LeaveRequest, NamedLead, RotaAssignment, RotaSession, RotaSettings, RotaSite, RotaStaff, RotaWeekday, SiteSessionTimes } from './model';
import { DEFAULT_SESSION_TIMES, LEAVE_TYPE_LABELS, ROTA_SESSIONS, ROTA_WEEKDAYS, ROTA_SESSION_LABELS, leaveCovers, minutesOfDay, namedLeadLabel } from './vocabulary';
import { countCoverage } from './coverage';
import { sessionInstant } from './time';

export { leaveCovers };

/* ---------------- Conflicts ---------------- */

export const RULES = {
  'rota.double_booked': { severity: 'error', title: 'Double-booked in one session' },
  'rota.on_leave': { severity: 'error', title: 'Assigned while on approved leave' },
  'rota.bank_holiday': { severity: 'error', title: 'Assigned on a bank holiday the site is closed' },
  'rota.site_closed': { severity: 'error', title: 'Assigned to a session the site does not run' },
  'rota.not_employed': { severity: 'error', title: 'Assigned outside employment dates or archived' },
  'rota.unknown_reference': { severity: 'error', title: 'Assignment refers to an unknown person, duty or site' },
  'rota.missing_role': { severity: 'error', title: 'Duty needs a role the person does not have' },
  'rota.missing_competency': { severity: 'error', title: 'Duty needs a competency the person lacks' },
  'rota.over_contract': { severity: 'warning', title: 'More in a week than contracted' },
  'rota.wtr_average': { severity: 'error', title: 'Over the Working Time 48-hour average' },
  'rota.short_rest': { severity: 'error', title: 'Less than 11 hours rest between working days' },
  'rota.usual_day_off': { severity: 'warning', title: 'Working on a usual non-working day' },
  'rota.consecutive_days': { severity: 'warning', title: 'More consecutive working days than allowed' },
  'rota.leads_absent': { severity: 'error', title: 'Named lead and deputy both absent' },
  'rota.coverage_short': { severity: 'error', title: 'Coverage below the minimum' },
  'rota.coverage_over': { severity: 'warning', title: 'Coverage above the maximum' },
} as const satisfies Record<string, { severity: 'error' | 'warning'; title: string }>;

export type RuleId = keyof typeof RULES;
export type Severity = 'error' | 'warning';

/** A grid cell (person x date x session; session null = the whole day) or a coverage cell. */
export type ConflictCell =
  | { kind: 'staff'; staffId: string; date: string; session: RotaSession | null }
  | { kind: 'coverage'; siteId: string; date: string; session: RotaSession; coverageRuleId: string };

export interface Conflict {
  /** Stable across validations: the rule id plus what it is about. */
  id: string;
  ruleId: RuleId;
  severity: Severity;
  message: string;
  cells: ConflictCell[];
}

export interface RotaState {
  settings: RotaSettings;
  /** Dates whose coverage and named leads are checked (inclusive). Assignments are always checked. */
  range: { from: string; to: string };
  sites: readonly RotaSite[];
  siteSessions: readonly SiteSessionTimes[];
  duties: readonly Duty[];
  staff: readonly RotaStaff[];
  assignments: readonly RotaAssignment[];
  leave: readonly LeaveRequest[];
  coverageRules: readonly CoverageRule[];
  namedLeads: readonly NamedLead[];
  /** Defaults to England and Wales 2024-2028. */
  bankHolidays?: readonly string[];
  /** The catalogue's roles (labels and role groups); defaults to the roles built into this release. */
  roles?: readonly RotaRole[];
}

export type RotaEdit =
  | { kind: 'upsertAssignment'; assignment: RotaAssignment }
  | { kind: 'removeAssignment'; id: string }
  | { kind: 'upsertLeave'; leave: LeaveRequest }
  | { kind: 'removeLeave'; id: string };

export interface ConflictDelta {
  added: Conflict[];
  removed: Conflict[];
}

/* ---------------- Internals ---------------- */

const key2 = (a: string, b: string) => `${a}|${b}`;
const key3 = (a: string, b: string, c: string) => `${a}|${b}|${c}`;
const SESSION_ORDER: Record<RotaSession, number> = { am: 0, pm: 1, eve: 2 };

/** An assignment with its session's local start and end (minutes) looked up once. */
interface Item {
  a: RotaAssignment;
  start: number;
  end: number;
  /** The site runs this session on this weekday. */
  runs: boolean;
}

/** Shared "no conflicts" result; never pushed to. */
const NONE: Conflict[] = [];
const NO_ROLES: readonly string[] = [];

function fmtHours(h: number): string {
  const whole = Math.floor(h + 1e-9);
  const mins = Math.round((h - whole) * 60);
  return mins === 0 ? `${whole} h` : `${whole} h ${mins} min`;
}
const fmtNum = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** Hours per session (AM, PM, evening; -1 = not worked) of one person's day; double bookings count once. */
function sessionHours(items: readonly Item[]): [number, number, number] {
  const h: [number, number, number] = [-1, -1, -1];
  for (const { a, start, end } of items) {
    const i = SESSION_ORDER[a.session];
    h[i] = Math.max(h[i] ?? -1, (end - start) / 60);
  }
  return h;
}

/** Minutes worked in one person's day (double bookings count once), as whole minutes so sums are exact. */
function dayMinutes(items: readonly Item[] | undefined): number {
  if (!items) return 0;
  let am = 0;
  let pm = 0;
  let eve = 0;
  for (const { a, start, end } of items) {
    const m = end - start;
    if (a.session === 'am') am = Math.max(am, m);
    else if (a.session === 'pm') pm = Math.max(pm, m);
    else eve = Math.max(eve, m);
  }
  return am + pm + eve;
}

/** Week index of a date: Monday's day number / 7 (Mondays are day numbers 7k + 4). */
function weekIndex(date: string): number {
  return (dayNumber(date) - weekdayIndex(date) - 4) / 7;
}

function sameConflict(a: Conflict, b: Conflict): boolean {
  return a.message === b.message && a.severity === b.severity && JSON.stringify(a.cells) === JSON.stringify(b.cells);
}

/** "Practice nurse (ARRS)" -> "practice nurse (ARRS)", but "GP partner" stays. */
function lowerFirst(label: string): string {
  return /^[A-Z][A-Z]/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1);
}

const withArticle = (session: RotaSession) => (session === 'pm' ? 'a PM' : session === 'am' ? 'an AM' : 'an evening');

function listOr(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1] ?? ''}`;
}

/**
 * Validates a rota and keeps the result current under edits. Build it once over the full
 * state; `applyEdit`/`applyEdits` re-check only the scopes an edit can affect; `conflicts()`
 * always equals `validateRota` of the current state.
 */
export class RotaValidator {
  private settings!: RotaSettings;
  private rangeFrom = '';
  private rangeTo = '';
  private staffById = new Map<string, RotaStaff>();
  private dutyById = new Map<string, Duty>();
  private siteById = new Map<string, RotaSite>();
  /** site -> session times by weekday index x 3 + session order (undefined = the site does not run it). */
  private sessionTimes = new Map<string, ({ start: number; end: number } | undefined)[]>();
  /** site -> weekday index -> sessions run, for "is this a working day" questions. */
  private siteRuns = new Map<string, Set<string>>();
  private bankHolidays = new Set<string>();
  private roles: RoleBook = roleBook(undefined);
  private coverageByWeekday = new Map<RotaWeekday, CoverageRule[]>();
  private leadsByStaff = new Map<string, NamedLead[]>();
  private leads = new Map<string, NamedLead>();

  private assignments = new Map<string, Item>();
  private byStaffDate = new Map<string, Map<string, Item[]>>();
  private bySlot = new Map<string, Item[]>();
  /** Minutes planned per person per week (week index), kept current as assignments change. */
  private weekMinutes = new Map<string, Map<number, number>>();
  private leaveById = new Map<string, LeaveRequest>();
  private approvedLeaveByStaff = new Map<string, LeaveRequest[]>();

  private byScope = new Map<string, Conflict[]>();
  private sorted: Conflict[] | null = null;
  private cellIndex: Map<string, Conflict[]> | null = null;

  constructor(state: RotaState) {
    this.reset(state);
  }

  /** Rebuild from scratch, e.g. after staff, duties, coverage rules, leads or settings change. */
  reset(state: RotaState): void {
    this.settings = state.settings;
    this.rangeFrom = state.range.from;
    this.rangeTo = state.range.to;
    this.staffById = new Map(state.staff.map((s) => [s.id, s]));
    this.dutyById = new Map(state.duties.map((d) => [d.id, d]));
    this.siteById = new Map(state.sites.map((s) => [s.id, s]));
    this.sessionTimes = new Map();
    this.siteRuns = new Map();
    for (const t of state.siteSessions) {
      let row = this.sessionTimes.get(t.siteId);
      if (!row) this.sessionTimes.set(t.siteId, (row = new Array<{ start: number; end: number } | undefined>(21).fill(undefined)));
      row[ROTA_WEEKDAYS.indexOf(t.weekday) * 3 + SESSION_ORDER[t.session]] = { start: minutesOfDay(t.start), end: minutesOfDay(t.end) };
      let runs = this.siteRuns.get(t.siteId);
      if (!runs) this.siteRuns.set(t.siteId, (runs = new Set()));
      runs.add(key2(t.weekday, t.session));
    }
    this.bankHolidays = new Set(state.bankHolidays ?? BANK_HOLIDAYS_ENGLAND_WALES.map((b) => b.date));
    this.roles = roleBook(state.roles);
    this.coverageByWeekday = new Map();
    for (const r of state.coverageRules) {
      const list = this.coverageByWeekday.get(r.weekday) ?? [];
      list.push(r);
      this.coverageByWeekday.set(r.weekday, list);
    }
    this.leads = new Map(state.namedLeads.map((l) => [l.id, l]));
    this.leadsByStaff = new Map();
    for (const l of state.namedLeads) {
      for (const s of [l.leadStaffId, l.deputyStaffId]) {
        if (s === null) continue;
        const list = this.leadsByStaff.get(s) ?? [];
        list.push(l);
        this.leadsByStaff.set(s, list);
      }
    }
    this.assignments = new Map();
    this.byStaffDate = new Map();
    this.bySlot = new Map();
    this.weekMinutes = new Map();
    for (const a of state.assignments) this.indexAssignment(a);
    this.leaveById = new Map();
    this.approvedLeaveByStaff = new Map();
    for (const l of state.leave) this.indexLeave(l);

    this.byScope = new Map();
    this.sorted = null;
    this.cellIndex = null;
    this.validateAll();
  }

  /** Every conflict, ordered by id (stable, so two validations compare equal). */
  conflicts(): Conflict[] {
    if (!this.sorted) {
      const all: Conflict[] = [];
      for (const list of this.byScope.values()) for (const c of list) all.push(c);
      all.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      this.sorted = all;
    }
    return this.sorted;
  }

  /** Conflicts touching one grid cell (session null = any session that day), ordered by id. */
  conflictsForCell(staffId: string, date: string, session: RotaSession | null): Conflict[] {
    const index = this.conflictsByCell();
    const found = new Map<string, Conflict>();
    for (const s of session === null ? [...ROTA_SESSIONS, '*'] : [session, '*']) {
      for (const c of index.get(`${staffId}|${date}|${s}`) ?? []) found.set(c.id, c);
    }
    return [...found.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  /**
   * Conflicts by grid cell, keyed `staffId|date|session` (session-less conflicts are filed
   * under each session of the day as `staffId|date|*`), for painting a grid quickly.
   */
  conflictsByCell(): Map<string, Conflict[]> {
    if (!this.cellIndex) {
      const index = new Map<string, Conflict[]>();
      for (const c of this.conflicts()) {
        for (const cell of c.cells) {
          const k = cell.kind === 'staff' ? `${cell.staffId}|${cell.date}|${cell.session ?? '*'}` : `cov|${cell.siteId}|${cell.date}|${cell.session}`;
          const list = index.get(k);
          if (list) list.push(c);
          else index.set(k, [c]);
        }
      }
      this.cellIndex = index;
    }
    return this.cellIndex;
  }

  getAssignment(id: string): RotaAssignment | undefined {
    return this.assignments.get(id)?.a;
  }

  applyEdit(edit: RotaEdit): ConflictDelta {
    return this.applyEdits([edit]);
  }

  /** Apply edits as one step (a paste, applying patterns) and re-check each touched scope once. */
  applyEdits(edits: readonly RotaEdit[]): ConflictDelta {
    const scopes = new Set<string>();
    for (const edit of edits) {
      switch (edit.kind) {
        case 'upsertAssignment': {
          const old = this.assignments.get(edit.assignment.id)?.a;
          if (old) {
            this.scopesOfAssignment(old, scopes);
            this.unindexAssignment(old);
          }
          this.indexAssignment(edit.assignment);
          this.scopesOfAssignment(edit.assignment, scopes);
          break;
        }
        case 'removeAssignment': {
          const old = this.assignments.get(edit.id)?.a;
          if (old) {
            this.scopesOfAssignment(old, scopes);
            this.unindexAssignment(old);
          }
          break;
        }
        case 'upsertLeave': {
          const old = this.leaveById.get(edit.leave.id);
          if (old) {
            this.scopesOfLeave(old, scopes);
            this.unindexLeave(old);
          }
          this.indexLeave(edit.leave);
          this.scopesOfLeave(edit.leave, scopes);
          break;
        }
        case 'removeLeave': {
          const old = this.leaveById.get(edit.id);
          if (old) {
            this.scopesOfLeave(old, scopes);
            this.unindexLeave(old);
          }
          break;
        }
      }
    }
    const delta: ConflictDelta = { added: [], removed: [] };
    for (const scope of scopes) this.recompute(scope, delta);
    return delta;
  }

  /* ---------- indexes ---------- */

  private indexAssignment(a: RotaAssignment): void {
    const known = this.siteSession(a.siteId, a.date, a.session);
    const t = known ?? this.times(a.siteId, a.date, a.session);
    const item: Item = { a, start: t.start, end: t.end, runs: known !== undefined };
    this.assignments.set(a.id, item);
    let days = this.byStaffDate.get(a.staffId);
    if (!days) this.byStaffDate.set(a.staffId, (days = new Map<string, Item[]>()));
    const day = days.get(a.date);
    const before = dayMinutes(day);
    if (day) day.push(item);
    else days.set(a.date, [item]);
    this.addWeekMinutes(a.staffId, a.date, dayMinutes(days.get(a.date)) - before);
    const slot = key3(a.siteId, a.date, a.session);
    const inSlot = this.bySlot.get(slot);
    if (inSlot) inSlot.push(item);
    else this.bySlot.set(slot, [item]);
  }

  private unindexAssignment(a: RotaAssignment): void {
    this.assignments.delete(a.id);
    const days = this.byStaffDate.get(a.staffId);
    const day = days?.get(a.date);
    if (days && day) {
      const rest = day.filter((x) => x.a.id !== a.id);
      if (rest.length) days.set(a.date, rest);
      else days.delete(a.date);
      this.addWeekMinutes(a.staffId, a.date, dayMinutes(rest) - dayMinutes(day));
    }
    const slot = key3(a.siteId, a.date, a.session);
    const inSlot = this.bySlot.get(slot);
    if (inSlot) {
      const rest = inSlot.filter((x) => x.a.id !== a.id);
      if (rest.length) this.bySlot.set(slot, rest);
      else this.bySlot.delete(slot);
    }
  }

  private addWeekMinutes(staffId: string, date: string, delta: number): void {
    if (delta === 0) return;
    let weeks = this.weekMinutes.get(staffId);
    if (!weeks) this.weekMinutes.set(staffId, (weeks = new Map<number, number>()));
    const w = weekIndex(date);
    const m = (weeks.get(w) ?? 0) + delta;
    if (m === 0) weeks.delete(w);
    else weeks.set(w, m);
  }

  private indexLeave(l: LeaveRequest): void {
    this.leaveById.set(l.id, l);
    if (l.status !== 'approved') return;
    // Kept in one order (start, then id) however the index was built, so that where two
    // approved leaves overlap a session the conflict names the same one after any sequence
    // of edits as after a full validation (fast-check found the message differing).
    const list = this.approvedLeaveByStaff.get(l.staffId) ?? [];
    let at = list.length;
    while (at > 0 && leaveOrder(list[at - 1]!, l) > 0) at--;
    list.splice(at, 0, l);
    this.approvedLeaveByStaff.set(l.staffId, list);
  }

  private unindexLeave(l: LeaveRequest): void {
    this.leaveById.delete(l.id);
    const list = this.approvedLeaveByStaff.get(l.staffId);
    if (!list) return;
    const rest = list.filter((x) => x.id !== l.id);
    if (rest.length) this.approvedLeaveByStaff.set(l.staffId, rest);
    else this.approvedLeaveByStaff.delete(l.staffId);
  }

  /* ---------- scopes ---------- */

  /** Full validation: every scope computed once; keys are built only for scopes with conflicts. */
  private validateAll(): void {
    const put = (key: string, list: Conflict[]) => {
      if (list.length) this.byScope.set(key, list);
    };
    for (const [staffId, days] of this.byStaffDate) {
      put(`cd|${staffId}`, this.checkConsecutiveDays(staffId));
      for (const w of this.weekMinutes.get(staffId)?.keys() ?? []) put(`wtr|${staffId}|${w}`, this.checkWorkingTime(staffId, w));
      const mondays = new Set<number>();
      for (const [date, items] of days) {
        for (const item of items) put(`a|${item.a.id}`, this.checkAssignment(item));
        put(`sd|${staffId}|${date}`, this.checkStaffDay(staffId, date));
        const dn = dayNumber(date);
        mondays.add(dn - weekdayIndex(date));
      }
      for (const m of mondays) {
        const monday = isoFromDayNumber(m);
        put(`sw|${staffId}|${monday}`, this.checkStaffWeek(staffId, monday));
      }
    }
    const from = dayNumber(this.rangeFrom);
    const to = dayNumber(this.rangeTo);
    for (let n = from; n <= to; n++) {
      const date = isoFromDayNumber(n);
      const rules = this.coverageByWeekday.get(weekdayOf(date));
      if (!rules) continue;
      const cells = new Set<string>();
      for (const r of rules) cells.add(key2(r.siteId, r.session));
      for (const c of cells) {
        const [siteId = '', session = 'am'] = c.split('|');
        put(`cov|${siteId}|${date}|${session}`, this.checkCoverage(siteId, date, session as RotaSession));
      }
    }
    for (const lead of this.leads.values()) put(`nl|${lead.id}`, this.checkLead(lead));
  }

  private scopesOfAssignment(a: RotaAssignment, out: Set<string>): void {
    out.add(`a|${a.id}`);
    out.add(`sd|${a.staffId}|${a.date}`);
    out.add(`sd|${a.staffId}|${addDays(a.date, -1)}`); // rest from the day before
    out.add(`sw|${a.staffId}|${mondayOf(a.date)}`);
    out.add(`cd|${a.staffId}`);
    // The rolling windows that include this week: those ending in it and the weeks after.
    const w = weekIndex(a.date);
    for (let k = 0; k < this.settings.referencePeriodWeeks; k++) out.add(`wtr|${a.staffId}|${w + k}`);
    if (this.inRange(a.date)) out.add(`cov|${a.siteId}|${a.date}|${a.session}`);
  }

  private scopesOfLeave(l: LeaveRequest, out: Set<string>): void {
    for (const lead of this.leadsByStaff.get(l.staffId) ?? []) out.add(`nl|${lead.id}`);
    const days = this.byStaffDate.get(l.staffId);
    if (!days) return;
    const from = dayNumber(l.startDate);
    const to = dayNumber(l.endDate);
    // Long leave (parental) may span more days than the person has assignments; walk the smaller.
    if (to - from + 1 > days.size) {
      for (const [date, list] of days) if (date >= l.startDate && date <= l.endDate) this.scopesOfAssignmentsOnLeave(list, out);
    } else {
      for (let n = from; n <= to; n++) {
        const list = days.get(isoFromDayNumber(n));
        if (list) this.scopesOfAssignmentsOnLeave(list, out);
      }
    }
  }

  private scopesOfAssignmentsOnLeave(list: readonly Item[], out: Set<string>): void {
    for (const { a } of list) {
      out.add(`a|${a.id}`);
      if (this.inRange(a.date)) out.add(`cov|${a.siteId}|${a.date}|${a.session}`);
    }
  }

  private recompute(scope: string, delta: ConflictDelta | null): void {
    const next = this.evaluate(scope);
    const prev = this.byScope.get(scope);
    if (next.length) this.byScope.set(scope, next);
    else this.byScope.delete(scope);
    if (!prev && !next.length) return;
    this.sorted = null;
    this.cellIndex = null;
    if (!delta) return;
    const prevById = new Map((prev ?? []).map((c) => [c.id, c]));
    for (const c of next) {
      const before = prevById.get(c.id);
      if (before && sameConflict(before, c)) {
        prevById.delete(c.id);
        continue;
      }
      delta.added.push(c);
    }
    for (const c of prevById.values()) delta.removed.push(c);
  }

  private evaluate(scope: string): Conflict[] {
    const parts = scope.split('|');
    const kind = parts[0];
    const p1 = parts[1] ?? '';
    const p2 = parts[2] ?? '';
    switch (kind) {
      case 'a': {
        const item = this.assignments.get(p1);
        return item ? this.checkAssignment(item) : [];
      }
      case 'sd':
        return this.checkStaffDay(p1, p2);
      case 'sw':
        return this.checkStaffWeek(p1, p2);
      case 'cd':
        return this.checkConsecutiveDays(p1);
      case 'wtr':
        return this.checkWorkingTime(p1, Number(p2));
      case 'cov':
        return this.checkCoverage(p1, p2, parts[3] as RotaSession);
      case 'nl': {
        const lead = this.leads.get(p1);
        return lead ? this.checkLead(lead) : [];
      }
      default:
        return [];
    }
  }

  /* ---------- helpers ---------- */

  private inRange(date: string): boolean {
    return date >= this.rangeFrom && date <= this.rangeTo;
  }

  private name(staffId: string): string {
    return this.staffById.get(staffId)?.displayName ?? 'Someone not in the staff list';
  }

  private times(siteId: string, date: string, session: RotaSession): { start: number; end: number } {
    const t = this.siteSession(siteId, date, session);
    if (t) return t;
    const d = DEFAULT_SESSION_TIMES[session];
    return { start: minutesOfDay(d.start), end: minutesOfDay(d.end) };
  }

  /** Bound once: passed to countCoverage for every coverage cell. */
  private readonly groupOf = (id: string): string | undefined => {
    const staff = this.staffById.get(id);
    return staff ? this.roles.group(staff.roleId) : undefined;
  };

  private siteSession(siteId: string, date: string, session: RotaSession): { start: number; end: number } | undefined {
    return this.sessionTimes.get(siteId)?.[weekdayIndex(date) * 3 + SESSION_ORDER[session]];
  }

  private onLeave(staffId: string, date: string, session: RotaSession): LeaveRequest | undefined {
    const list = this.approvedLeaveByStaff.get(staffId);
    if (!list) return undefined;
    for (const l of list) if (leaveCovers(l, date, session)) return l;
    return undefined;
  }

  private siteClosedForBankHoliday(siteId: string, date: string): boolean {
    return this.bankHolidays.has(date) && !(this.siteById.get(siteId)?.openOnBankHolidays ?? false);
  }

  /** A day the practice is open: some site runs a session that weekday and is not closed for a bank holiday. */
  private isWorkingDay(date: string): boolean {
    const wd = weekdayOf(date);
    for (const [siteId, runs] of this.siteRuns) {
      if (this.siteClosedForBankHoliday(siteId, date)) continue;
      for (const s of ROTA_SESSIONS) if (runs.has(key2(wd, s))) return true;
    }
    return false;
  }

  private conflict(ruleId: RuleId, idTail: string, message: string, cells: ConflictCell[]): Conflict {
    return { id: `${ruleId}|${idTail}`, ruleId, severity: RULES[ruleId].severity, message, cells };
  }

  private staffCell(a: { staffId: string; date: string; session: RotaSession | null }): ConflictCell {
    return { kind: 'staff', staffId: a.staffId, date: a.date, session: a.session };
  }

  /* ---------- per assignment ---------- */

  private checkAssignment(item: Item): Conflict[] {
    const a = item.a;
    const staff = this.staffById.get(a.staffId);
    const duty = this.dutyById.get(a.dutyId);
    const site = this.siteById.get(a.siteId);
    if (!staff || !duty || !site) {
      const at = () => `${formatDay(a.date)} ${ROTA_SESSION_LABELS[a.session]}`;
      const what = !staff ? 'a person who is not in the staff list' : !duty ? 'a duty that does not exist' : 'a site that does not exist';
      return [this.conflict('rota.unknown_reference', a.id, `The assignment on ${at()} refers to ${what}`, [this.staffCell(a)])];
    }
    const leave = this.onLeave(a.staffId, a.date, a.session);
    const bankHoliday = this.siteClosedForBankHoliday(a.siteId, a.date);
    const notEmployed = staff.archived || a.date < staff.startDate || (staff.endDate !== null && a.date > staff.endDate);
    const roleIds = duty.requiredRoleIds ?? NO_ROLES;
    const missingRole = roleIds.length > 0 && !roleIds.includes(staff.roleId);
    const missingGroup = !missingRole && duty.requiredRoleGroup !== undefined && this.roles.group(staff.roleId) !== duty.requiredRoleGroup;
    const missingCompetency = duty.requiredCompetency !== undefined && !staff.competencies.includes(duty.requiredCompetency);
    if (!leave && !bankHoliday && item.runs && !notEmployed && !missingRole && !missingGroup && !missingCompetency) return NONE;

    // Messages are built only when a rule fires: the check above runs for every assignment of the year.
    const cell = () => [this.staffCell(a)];
    const at = () => `${formatDay(a.date)} ${ROTA_SESSION_LABELS[a.session]}`;

    const out: Conflict[] = [];
    const who = staff.displayName;
    if (staff.archived) {
      out.push(this.conflict('rota.not_employed', a.id, `${who} is archived but assigned on ${at()}`, cell()));
    } else if (a.date < staff.startDate) {
      out.push(this.conflict('rota.not_employed', a.id, `${who} is assigned on ${at()} but starts on ${formatDay(staff.startDate)} ${staff.startDate.slice(0, 4)}`, cell()));
    } else if (staff.endDate !== null && a.date > staff.endDate) {
      out.push(this.conflict('rota.not_employed', a.id, `${who} is assigned on ${at()} but left on ${formatDay(staff.endDate)} ${staff.endDate.slice(0, 4)}`, cell()));
    }
    if (leave) {
      const half = leave.startDate === leave.endDate && leave.startHalf === leave.endHalf ? ` (${leave.startHalf.toUpperCase()} half day)` : '';
      out.push(this.conflict('rota.on_leave', a.id, `${who} is on approved ${lowerFirst(LEAVE_TYPE_LABELS[leave.type])}${half} but assigned on ${at()}`, cell()));
    }
    if (bankHoliday) {
      const title = BANK_HOLIDAYS_ENGLAND_WALES.find((b) => b.date === a.date)?.title ?? 'a bank holiday';
      out.push(this.conflict('rota.bank_holiday', a.id, `${site.name} is closed on ${formatDay(a.date)} (${title}) but ${who} is assigned there ${ROTA_SESSION_LABELS[a.session]}`, cell()));
    } else if (!item.runs) {
      out.push(this.conflict('rota.site_closed', a.id, `${site.name} does not run ${withArticle(a.session)} session on ${formatDay(a.date)}, but ${who} is assigned there`, cell()));
    }
    const roleLabel = lowerFirst(this.roles.label(staff.roleId));
    if (missingRole) {
      const needed = listOr(roleIds.map((r) => lowerFirst(this.roles.label(r))));
      out.push(this.conflict('rota.missing_role', a.id, `${who} (${roleLabel}) cannot do ${duty.name} on ${at()}: it needs a ${needed}`, cell()));
    } else if (missingGroup) {
      out.push(this.conflict('rota.missing_role', a.id, `${who} (${roleLabel}) cannot do ${duty.name} on ${at()}: it needs someone from the ${duty.requiredRoleGroup === 'gp' ? 'GP' : (duty.requiredRoleGroup ?? '')} team`, cell()));
    }
    if (missingCompetency) {
      out.push(this.conflict('rota.missing_competency', a.id, `${who} cannot do ${duty.name} on ${at()}: it needs the ${(duty.requiredCompetency ?? '').replace(/_/g, ' ')} competency`, cell()));
    }
    return out;
  }

  /* ---------- per person per day ---------- */

  private checkStaffDay(staffId: string, date: string): Conflict[] {
    const days = this.byStaffDate.get(staffId);
    const today = days?.get(date);
    const next = days?.get(addDays(date, 1));
    const staff = this.staffById.get(staffId);
    const wd = weekdayOf(date);
    const dayOff = today !== undefined && staff !== undefined && staff.usualSessions.length > 0 && !staff.usualSessions.some((u) => u.day === wd);
    // The common case - one assignment per session, a usual day, nothing tomorrow or rest checked below - allocates nothing.
    if (!dayOff && !next && (!today || today.length === 1)) return NONE;
    const out: Conflict[] = [];
    const who = this.name(staffId);
    if (today) {
      const perSession = [0, 0, 0];
      for (const { a } of today) perSession[SESSION_ORDER[a.session]] = (perSession[SESSION_ORDER[a.session]] ?? 0) + 1;
      for (const s of ROTA_SESSIONS) {
        const n = perSession[SESSION_ORDER[s]] ?? 0;
        if (n > 1) {
          out.push(this.conflict('rota.double_booked', key3(staffId, date, s), `${who} is double-booked on ${formatDay(date)} ${ROTA_SESSION_LABELS[s]}`, [this.staffCell({ staffId, date, session: s })]));
        }
      }
      if (dayOff) {
        const sessions = ROTA_SESSIONS.filter((s) => (perSession[SESSION_ORDER[s]] ?? 0) > 0);
        out.push(
          this.conflict('rota.usual_day_off', key2(staffId, date), `${who} does not usually work on ${weekdayName(date)}s but is assigned on ${formatDay(date)}`,
            sessions.map((session) => this.staffCell({ staffId, date, session }))),
        );
      }
    }
    // Rest between this day and the next (real elapsed time, so the clock changes count).
    if (today && next) {
      let lastEnd = -Infinity;
      let last: RotaAssignment | undefined;
      for (const { a, end: endMin } of today) {
        const end = sessionInstant(a.date, endMin);
        if (end > lastEnd) {
          lastEnd = end;
          last = a;
        }
      }
      let firstStart = Infinity;
      let first: RotaAssignment | undefined;
      for (const { a, start: startMin } of next) {
        const start = sessionInstant(a.date, startMin);
        if (start < firstStart) {
          firstStart = start;
          first = a;
        }
      }
      const restHours = (firstStart - lastEnd) / 3_600_000;
      if (last && first && restHours < this.settings.minRestHours - 1e-9) {
        out.push(
          this.conflict(
            'rota.short_rest',
            key2(staffId, date),
            `${who} has ${fmtHours(restHours)} rest between ${formatDay(date)} ${ROTA_SESSION_LABELS[last.session]} and ${formatDay(first.date)} ${ROTA_SESSION_LABELS[first.session]} (at least ${fmtNum(this.settings.minRestHours)} h needed)`,
            [this.staffCell(last), this.staffCell(first)],
          ),
        );
      }
    }
    return out;
  }

  /* ---------- per person per week ---------- */

  /** Distinct sessions worked in a week (double bookings count once) and their hours. */
  private weekSlots(staffId: string, monday: string): { cells: ConflictCell[]; hours: number } {
    const days = this.byStaffDate.get(staffId);
    const cells: ConflictCell[] = [];
    let hours = 0;
    if (!days) return { cells, hours };
    const start = dayNumber(monday);
    for (let n = start; n < start + 7; n++) {
      const date = isoFromDayNumber(n);
      const list = days.get(date);
      if (!list) continue;
      const best = sessionHours(list);
      for (let i = 0; i < 3; i++) {
        const h = best[i] ?? -1;
        if (h < 0) continue;
        cells.push(this.staffCell({ staffId, date, session: ROTA_SESSIONS[i] ?? 'am' }));
        hours += h;
      }
    }
    return { cells, hours };
  }

  private checkStaffWeek(staffId: string, monday: string): Conflict[] {
    const staff = this.staffById.get(staffId);
    if (!staff) return [];
    const { cells, hours } = this.weekSlots(staffId, monday);
    const c = staff.contract;
    if (c.kind === 'sessions' && cells.length > c.amount) {
      return [this.conflict('rota.over_contract', key2(staffId, monday), `${staff.displayName} has ${cells.length} sessions in the week of ${formatDay(monday)}; contracted for ${fmtNum(c.amount)}`, cells)];
    }
    if (c.kind === 'hours' && hours > c.amount + 1e-6) {
      return [this.conflict('rota.over_contract', key2(staffId, monday), `${staff.displayName} has ${fmtHours(hours)} in the week of ${formatDay(monday)}; contracted for ${fmtHours(c.amount)}`, cells)];
    }
    return [];
  }

  /* ---------- per person: runs of days and Working Time windows ---------- */

  private checkConsecutiveDays(staffId: string): Conflict[] {
    const days = this.byStaffDate.get(staffId);
    if (!days || days.size === 0) return [];
    const out: Conflict[] = [];
    const who = this.name(staffId);
    const dayNums = [...days.keys()].map(dayNumber).sort((a, b) => a - b);

    // Consecutive working days.
    const max = this.settings.maxConsecutiveWorkingDays;
    let runStart = 0;
    for (let i = 1; i <= dayNums.length; i++) {
      const prev = dayNums[i - 1] ?? 0;
      if (i < dayNums.length && dayNums[i] === prev + 1) continue;
      const first = dayNums[runStart] ?? 0;
      const length = prev - first + 1;
      if (length > max) {
        const from = isoFromDayNumber(first);
        const to = isoFromDayNumber(prev);
        const cells: ConflictCell[] = [];
        for (let n = first + max; n <= prev; n++) cells.push(this.staffCell({ staffId, date: isoFromDayNumber(n), session: null }));
        out.push(this.conflict('rota.consecutive_days', key2(staffId, from), `${who} works ${length} days in a row, ${formatDay(from)} to ${formatDay(to)} (at most ${max})`, cells));
      }
      runStart = i;
    }

    return out;
  }

  /** The Working Time window of `referencePeriodWeeks` weeks ending in week `week`, checked if the person works that week. */
  private checkWorkingTime(staffId: string, week: number): Conflict[] {
    const weeks = this.weekMinutes.get(staffId);
    if (!weeks || !weeks.has(week)) return NONE;
    const period = this.settings.referencePeriodWeeks;
    const limit = this.settings.maxAverageWeeklyHours;
    let total = 0;
    for (let k = week - period + 1; k <= week; k++) total += weeks.get(k) ?? 0;
    const avg = total / 60 / period;
    if (avg <= limit + 1e-9) return NONE;
    const monday = isoFromDayNumber(week * 7 + 4);
    const sunday = addDays(monday, 6);
    return [
      this.conflict(
        'rota.wtr_average',
        key2(staffId, monday),
        `${this.name(staffId)} averages ${avg.toFixed(1)} hours a week over the ${period} weeks to ${formatDay(sunday)} (at most ${fmtNum(limit)})`,
        this.weekSlots(staffId, monday).cells,
      ),
    ];
  }

  /* ---------- coverage ---------- */

  private checkCoverage(siteId: string, date: string, session: RotaSession): Conflict[] {
    const rules = this.coverageByWeekday.get(weekdayOf(date));
    if (!rules || this.siteClosedForBankHoliday(siteId, date)) return [];
    const site = this.siteById.get(siteId);
    const here = (this.bySlot.get(key3(siteId, date, session)) ?? []).map((i) => i.a);
    let out: Conflict[] = NONE;
    for (const r of rules) {
      if (r.siteId !== siteId || r.session !== session) continue;
      const n = countCoverage(r, here, this.groupOf, (id) => this.onLeave(id, date, session) !== undefined);
      if (n >= r.min && (r.max === null || n <= r.max)) continue;
      if (out === NONE) out = [];
      const what = r.dutyId !== null ? (this.dutyById.get(r.dutyId)?.name ?? 'an unknown duty') : `${r.roleGroup === 'gp' ? 'GP' : (r.roleGroup ?? '')} team`;
      const cell: ConflictCell[] = [{ kind: 'coverage', siteId, date, session, coverageRuleId: r.id }];
      const where = `${site?.name ?? 'A site'} on ${formatDay(date)} ${ROTA_SESSION_LABELS[session]}`;
      if (n < r.min) {
        out.push(this.conflict('rota.coverage_short', key2(r.id, date), `${where}: ${n} of at least ${r.min} on ${what}`, cell));
      } else {
        out.push(this.conflict('rota.coverage_over', key2(r.id, date), `${where}: ${n} on ${what}, at most ${r.max ?? 0}`, cell));
      }
    }
    return out;
  }

  /* ---------- named leads ---------- */

  private checkLead(lead: NamedLead): Conflict[] {
    if (lead.leadStaffId === null || lead.deputyStaffId === null) return [];
    const leadLeave = this.approvedLeaveByStaff.get(lead.leadStaffId);
    const deputyLeave = this.approvedLeaveByStaff.get(lead.deputyStaffId);
    if (!leadLeave || !deputyLeave) return [];
    const from = [lead.from, this.rangeFrom].sort()[1] ?? lead.from;
    const to = [lead.to ?? this.rangeTo, this.rangeTo].sort()[0] ?? this.rangeTo;
    const dates = new Set<string>();
    for (const l of leadLeave) {
      const a = Math.max(dayNumber(l.startDate), dayNumber(from));
      const b = Math.min(dayNumber(l.endDate), dayNumber(to));
      for (let n = a; n <= b; n++) dates.add(isoFromDayNumber(n));
    }
    const out: Conflict[] = [];
    const label = namedLeadLabel(lead.leadType);
    for (const date of [...dates].sort()) {
      if (!this.isWorkingDay(date)) continue;
      const halves = (['am', 'pm'] as const).filter(
        (h) => leadLeave.some((l) => leaveCovers(l, date, h)) && deputyLeave.some((l) => leaveCovers(l, date, h)),
      );
      if (halves.length === 0) continue;
      const when = halves.length === 2 ? formatDay(date) : `${formatDay(date)} ${ROTA_SESSION_LABELS[halves[0] ?? 'am']}`;
      out.push(
        this.conflict('rota.leads_absent', key2(lead.id, date), `${label}: ${this.name(lead.leadStaffId)} and deputy ${this.name(lead.deputyStaffId)} are both on leave on ${when}`, [
          this.staffCell({ staffId: lead.leadStaffId, date, session: halves.length === 2 ? null : (halves[0] ?? null) }),
          this.staffCell({ staffId: lead.deputyStaffId, date, session: halves.length === 2 ? null : (halves[0] ?? null) }),
        ]),
      );
    }
    return out;
  }
}

/** Full validation of a rota: every conflict, ordered by id. */
export function validateRota(state: RotaState): Conflict[] {
  return new RotaValidator(state).conflicts();
}

function leaveOrder(a: LeaveRequest, b: LeaveRequest): number {
  return a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
