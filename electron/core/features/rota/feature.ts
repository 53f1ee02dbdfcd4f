import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { LeaveOut } from '../../../../shared/contract/rota';
import {
  MAX_EXPORT_BYTES,
  MAX_RANGE_DAYS,
  ROTA_FIRST_DATE,
  ROTA_LAST_DATE,
  type AssignmentOut,
  type ChangePreview,
  type ConflictOut,
  type MyRota,
  type RotaApplyResult,
  type RotaExportOut,
  type RotaRange,
  type RotaStaffOut,
  type StaffPreferencesOut,
  type WorkforcePlan,
  type rotaChannels,
} from '../../../../shared/contract/rota';
import type { Staff } from '../../../../shared/contract/staff';
import { roleById } from '../../../../shared/domain/roles';
import { FULL_TIME_HOURS } from '../../../../shared/domain/workforce';
import { SpokeError } from '../../../../shared/errors';
import { BUILT_IN_CATALOGUE, catalogueRole, roleListRefusal, type Catalogue } from '../../../../shared/domain/catalogue';
import { coverageSummary } from '../../../../shared/rota/coverage';
import { addDays, dayNumber, formatDay, weekdayName, weekdayOf } from '../../../../shared/rota/dates';
import { leaveDaysTaken } from '../../../../shared/rota/leave';
import type { RotaRole } from '../../../../shared/rota/roles';
import { CLINICAL_CATEGORIES, workforcePlan as planWorkforce } from '../../../../shared/rota/workforce';
import {
  ROTA_SESSION_LABELS,
  type Duty,
  type LeaveRequest,
  type NamedLead,
  type RotaAssignment,
  type RotaSession,
  type RotaSettings,
  type RotaWeekday,
  type RotaSite,
  type RotaStaff,
  type SiteSessionTimes,
  type WorkingPattern,
} from '../../../../shared/rota/model';
import { SKIP_REASON_LABELS, previewApplyPatterns, previewCopyWeek, previewToEdits, type PlanningContext, type RotaChangePreview } from '../../../../shared/rota/patterns';
import { RotaValidator, type Conflict, type ConflictDelta, type RotaEdit } from '../../../../shared/rota/rules';
import type { Actor } from '../audit/log';
import type { CallContext, CoreContext, HandlerTable } from '../context';
import type { LeadsRepo } from '../leads/repo';
import type { LeaveRecord, LeaveRepo } from '../leave/repo';
import type { PracticeFeature } from '../practice/feature';
import type { StaffRepo } from '../staff/repo';
import type { RotaExportData } from './export/data';
import { renderRotaExport, type RotaExportFile } from './export/file';
import { RotaRepo, type NewAssignment } from './repo';

type Input<C extends keyof typeof rotaChannels> = z.output<(typeof rotaChannels)[C]['input']>;

/** How far past today the validator checks coverage and named leads when nothing is planned further. */
const LOOKAHEAD_DAYS = 62;
const WEEKDAY_NAMES: Record<RotaWeekday, string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };
const clampDate = (d: string) => (d < ROTA_FIRST_DATE ? ROTA_FIRST_DATE : d > ROTA_LAST_DATE ? ROTA_LAST_DATE : d);
/** Write sources whose features keep the validator current themselves (see the constructor). */
const KEPT_CURRENT_BY = ['rota.', 'leave.', 'leads.'];

export function displayName(s: Pick<Staff, 'givenName' | 'familyName' | 'roleId'>): string {
  return `${roleById(s.roleId)?.category === 'gp' && s.roleId !== 'physician_associate' ? 'Dr ' : ''}${s.givenName} ${s.familyName}`;
}

export function toRotaStaff(s: Staff): RotaStaff {
  return {
    id: s.id,
    displayName: displayName(s),
    roleId: s.roleId,
    contract: s.contract,
    usualSessions: s.usualSessions.map((u) => ({ day: u.day, period: u.period })),
    siteIds: s.siteIds,
    competencies: s.competencies,
    startDate: s.startDate,
    endDate: s.endDate,
    archived: s.archivedAt !== null,
  };
}

export function toLeaveRequest(l: LeaveRecord): LeaveRequest {
  return { id: l.id, staffId: l.staffId, type: l.type, startDate: l.startDate, startHalf: l.startHalf, endDate: l.endDate, endHalf: l.endHalf, status: l.status, note: l.note, updatedAt: l.updatedAt };
}

export const conflictOut = (c: Conflict): ConflictOut => ({ id: c.id, ruleId: c.ruleId, severity: c.severity, message: c.message, cells: c.cells });
export const deltaOut = (d: ConflictDelta) => ({ conflictsAdded: d.added.map(conflictOut), conflictsRemoved: d.removed.map(conflictOut) });

function cellLabel(who: string, date: string, session: RotaSession): string {
  return `${who}, ${formatDay(date)} ${date.slice(0, 4)} ${ROTA_SESSION_LABELS[session]}`;
}

/** The conflicts before and after a full rebuild, as the delta an incremental edit would give. */
function diffConflicts(before: readonly Conflict[], after: readonly Conflict[]): ConflictDelta {
  const key = (c: Conflict) => `${c.id}\u0000${c.message}\u0000${JSON.stringify(c.cells)}`;
  const b = new Set(before.map(key));
  const a = new Set(after.map(key));
  return { added: after.filter((c) => !b.has(key(c))), removed: before.filter((c) => !a.has(key(c))) };
}

interface Engine {
  validator: RotaValidator;
  from: string;
  to: string;
}

/**
 * The rota: the grid's range read with its conflicts and coverage, batch edits, working
 * patterns and copy week, duties, session times, coverage rules and settings.
 *
 * One RotaValidator per core, built from the database on first need and kept current:
 * a grid edit or a leave decision re-checks only what it can affect; a change to what
 * every check reads (staff, duties, sessions, coverage rules, leads, settings) drops it
 * and the next read rebuilds it.
 */
export class RotaFeature {
  readonly repo: RotaRepo;
  private engine: Engine | null = null;

  constructor(
    private readonly ctx: CoreContext,
    private readonly staff: StaffRepo,
    private readonly practice: PracticeFeature,
    private readonly leave: LeaveRepo,
    private readonly leads: LeadsRepo,
    /** The catalogue in use: its bank holidays close sites and count in leave, its roles give role groups. */
    private readonly catalogue: () => Catalogue = () => BUILT_IN_CATALOGUE,
  ) {
    this.repo = new RotaRepo(ctx.db);
    // Rota, leave and named-lead writes keep the validator current as they go; any other
    // write (a contract edited, a person archived, the demo loaded, a restore, the hub's
    // catalogue applied) makes it rebuild on next use.
    ctx.writes.subscribe((source) => {
      if (!KEPT_CURRENT_BY.some((prefix) => source.startsWith(prefix))) this.invalidate();
    });
  }

  /** Bank holiday dates in use (the hub's once synced, built-in for years it does not cover). */
  bankHolidayDates(): string[] {
    return this.catalogue().bankHolidays.map((b) => b.date);
  }

  /* ---------------- the validator ---------------- */

  /** Forget the validator; the next call that needs it rebuilds it from the database. */
  invalidate(): void {
    this.engine = null;
  }

  /** Build the validator now so the first rota read is quick. */
  warm(): void {
    if (this.practice.repo.exists()) this.validator();
  }

  /**
   * Build it shortly after start-up, once the first page has had the event loop: a year of
   * rota takes a few hundred milliseconds to validate, better spent before anyone opens Rota.
   */
  warmSoon(delayMs = 1500): void {
    const timer = setTimeout(() => {
      try {
        if (this.ctx.db.open) this.warm();
      } catch (err) {
        // The first rota read builds it again and reports any real problem to the user.
        console.error('[spoke] could not prepare the rota checks in advance:', err);
      }
    }, delayMs);
    timer.unref();
  }

  private validatorRange(extra: readonly string[] = []): { from: string; to: string } {
    const span = this.repo.assignmentSpan();
    const today = clampDate(this.ctx.today());
    let from = span.first !== null && span.first < today ? span.first : today;
    let to = addDays(today, LOOKAHEAD_DAYS);
    if (span.last !== null && span.last > to) to = span.last;
    for (const d of extra) {
      if (d < from) from = d;
      if (d > to) to = d;
    }
    return { from: clampDate(from), to: clampDate(to) };
  }

  validator(): RotaValidator {
    if (!this.engine) {
      const range = this.validatorRange();
      this.engine = { validator: new RotaValidator(this.state(range)), ...range };
    }
    return this.engine.validator;
  }

  settings(): RotaSettings {
    const { updatedAt: _stamp, ...settings } = this.repo.settings();
    return settings;
  }

  rotaSites(): RotaSite[] {
    return this.repo.sites().map((s) => ({ id: s.id, name: s.name, openOnBankHolidays: s.openOnBankHolidays }));
  }

  siteSessions(): SiteSessionTimes[] {
    return this.repo.sessionTimes().map((t) => ({ siteId: t.siteId, weekday: t.weekday, session: t.session, start: t.start, end: t.end }));
  }

  engineDuties(): Duty[] {
    return this.repo.duties().map((d) => ({
      id: d.id,
      code: d.code,
      name: d.name,
      colour: d.colour,
      archived: d.archived,
      ...(d.requiredRoleIds.length ? { requiredRoleIds: d.requiredRoleIds } : {}),
      ...(d.requiredRoleGroup ? { requiredRoleGroup: d.requiredRoleGroup } : {}),
      ...(d.requiredCompetency ? { requiredCompetency: d.requiredCompetency } : {}),
    }));
  }

  engineLeads(): NamedLead[] {
    // The type's label stands in for its catalogue key: the engine's messages then use the
    // practice's own wording, for its own lead types too.
    return this.leads.leads().map((l) => ({ id: l.id, leadType: l.leadTypeLabel, leadStaffId: l.leadStaffId, deputyStaffId: l.deputyStaffId, from: l.from, to: l.to }));
  }

  private state(range: { from: string; to: string }) {
    return {
      settings: this.settings(),
      range,
      sites: this.rotaSites(),
      siteSessions: this.siteSessions(),
      duties: this.engineDuties(),
      staff: this.staff.list(true).map(toRotaStaff),
      assignments: this.repo.allAssignments() as RotaAssignment[],
      leave: this.leave.all().filter((l) => l.status !== 'declined').map(toLeaveRequest),
      coverageRules: this.repo.coverageRules(),
      namedLeads: this.engineLeads(),
      bankHolidays: this.bankHolidayDates(),
      roles: this.rotaRoles(),
    };
  }

  /** The catalogue's roles as the rota's rules, coverage and workforce plan group and name them. */
  private rotaRoles(): RotaRole[] {
    return this.catalogue().roles.map((r) => ({ id: r.id, label: r.label, category: r.category }));
  }

  /**
   * Apply committed changes to the validator and return what they did to the conflicts.
   * A change outside the dates it checks rebuilds it over the wider range.
   */
  applyEdits(edits: readonly RotaEdit[], dates: readonly string[]): ConflictDelta {
    const engine = this.engine;
    if (!engine) {
      this.validator();
      return { added: [], removed: [] };
    }
    if (dates.some((d) => d < engine.from || d > engine.to)) {
      const before = engine.validator.conflicts();
      this.engine = null;
      const range = this.validatorRange([...dates, engine.from, engine.to]);
      this.engine = { validator: new RotaValidator(this.state(range)), ...range };
      return diffConflicts(before, this.engine.validator.conflicts());
    }
    try {
      return engine.validator.applyEdits(edits);
    } catch (err) {
      this.engine = null;
      throw err;
    }
  }

  /** After a change to what every check reads: rebuild, and say what changed. */
  rebuild(): ConflictDelta {
    const before = this.engine?.validator.conflicts() ?? null;
    this.engine = null;
    const after = this.validator().conflicts();
    return before ? diffConflicts(before, after) : { added: [], removed: [] };
  }

  /**
   * The conflicts a fresh validator finds over the same dates as the live one: what the
   * live, incrementally updated one must always equal.
   */
  fullRecheck(): Conflict[] {
    this.validator();
    const engine = this.engine;
    if (!engine) throw new Error('validator missing');
    return new RotaValidator(this.state({ from: engine.from, to: engine.to })).conflicts();
  }

  /** Make sure the validator checks coverage and named leads on these dates (widening, never narrowing). */
  private cover(from: string, to: string): void {
    this.validator();
    const engine = this.engine;
    if (engine && (from < engine.from || to > engine.to)) {
      const range = this.validatorRange([from, to, engine.from, engine.to]);
      this.engine = { validator: new RotaValidator(this.state(range)), ...range };
    }
  }

  conflictsBetween(from: string, to: string, staffId?: string): ConflictOut[] {
    this.cover(from, to);
    const out: ConflictOut[] = [];
    for (const c of this.validator().conflicts()) {
      if (c.cells.some((cell) => cell.date >= from && cell.date <= to && (staffId === undefined || (cell.kind === 'staff' && cell.staffId === staffId)))) out.push(conflictOut(c));
    }
    return out;
  }

  /* ---------------- reads ---------------- */

  leaveOut(l: LeaveRecord, staffById: ReadonlyMap<string, RotaStaff>): LeaveOut {
    const person = staffById.get(l.staffId);
    return { ...l, days: person ? leaveDaysTaken(person, l, null, this.bankHolidayDates()) : 0 };
  }

  staffOut(s: Staff): RotaStaffOut {
    return {
      id: s.id,
      displayName: displayName(s),
      givenName: s.givenName,
      familyName: s.familyName,
      roleId: s.roleId,
      roleGroup: (catalogueRole(this.catalogue(), s.roleId) ?? roleById(s.roleId))?.category ?? 'admin',
      contract: s.contract,
      wte: s.wte,
      usualSessions: s.usualSessions,
      siteIds: s.siteIds,
      competencies: s.competencies,
      startDate: s.startDate,
      endDate: s.endDate,
      archived: s.archivedAt !== null,
    };
  }

  range(from: string, to: string): RotaRange {
    const assignments = this.repo.assignmentsBetween(from, to);
    const allStaff = this.staff.list(true);
    const assigned = new Set(assignments.map((a) => a.staffId));
    const staff = allStaff.filter(
      (s) => assigned.has(s.id) || (s.archivedAt === null && s.startDate <= to && (s.endDate === null || s.endDate >= from)),
    );
    const rotaStaff = new Map(allStaff.map((s) => [s.id, toRotaStaff(s)]));
    const leave = this.leave.overlapping(from, to).filter((l) => l.status !== 'declined');
    const sites = this.repo.sites();
    const coverageRules = this.repo.coverageRules();
    const coverage = coverageSummary(
      { coverageRules, assignments: assignments, staff: [...rotaStaff.values()], leave: leave.map(toLeaveRequest), sites: this.rotaSites(), bankHolidays: this.bankHolidayDates(), roles: this.rotaRoles() },
      from,
      to,
    );
    return {
      from,
      to,
      today: this.ctx.today(),
      sites,
      sessionTimes: this.repo.sessionTimes(),
      duties: this.repo.duties(),
      staff: staff.map((s) => this.staffOut(s)),
      assignments,
      leave: leave.map((l) => this.leaveOut(l, rotaStaff)),
      bankHolidays: this.catalogue().bankHolidays.filter((b) => b.date >= from && b.date <= to),
      roles: this.rotaRoles(),
      coverageRules,
      coverage,
      namedLeads: this.leads.leads(),
      conflicts: this.conflictsBetween(from, to),
      settings: this.repo.settings(),
    };
  }

  mine(call: CallContext, from: string | undefined, to: string | undefined): MyRota {
    const start = from ?? clampDate(this.ctx.today());
    const end = to ?? clampDate(addDays(start, 27));
    if (end < start) throw new SpokeError('invalid_input', 'The end date must be on or after the start date.', { to: 'The end date must be on or after the start date' });
    if (dayNumber(end) - dayNumber(start) >= MAX_RANGE_DAYS) throw new SpokeError('invalid_input', `Choose at most ${MAX_RANGE_DAYS} days at once.`, { to: `Choose at most ${MAX_RANGE_DAYS} days at once` });
    const staffId = call.profile?.staffId;
    const person = staffId ? this.staff.get(staffId) : null;
    if (!person) return { staff: null, from: start, to: end, sessions: [], leave: [], conflicts: [] };
    const duties = new Map(this.repo.duties().map((d) => [d.id, d]));
    const sites = new Map(this.repo.sites().map((s) => [s.id, s]));
    const times = new Map(this.repo.sessionTimes().map((t) => [`${t.siteId}|${t.weekday}|${t.session}`, t]));
    const rs = toRotaStaff(person);
    return {
      staff: this.staffOut(person),
      from: start,
      to: end,
      sessions: this.repo.assignmentsOfStaff(person.id, start, end).map((a) => {
        const d = duties.get(a.dutyId);
        const t = times.get(`${a.siteId}|${weekdayOf(a.date)}|${a.session}`);
        return {
          ...a,
          dutyCode: d?.code ?? '?',
          dutyName: d?.name ?? 'Unknown duty',
          dutyColour: d?.colour ?? '#D9D9D9',
          siteName: sites.get(a.siteId)?.name ?? 'Unknown site',
          start: t?.start ?? null,
          end: t?.end ?? null,
        };
      }),
      leave: this.leave
        .ofStaff(person.id)
        .filter((l) => l.endDate >= start && l.startDate <= end && l.status !== 'declined')
        .map((l) => this.leaveOut(l, new Map([[rs.id, rs]]))),
      conflicts: this.conflictsBetween(start, end, person.id),
    };
  }

  /** What every export takes, read from the database for the range (one person's rows with `staffId`). */
  exportData(from: string, to: string, staffId?: string): RotaExportData {
    const assignments = this.repo.assignmentsBetween(from, to) as RotaAssignment[];
    return {
      practiceName: this.practice.mustGet().name,
      from,
      to,
      sites: this.rotaSites(),
      siteSessions: this.siteSessions(),
      duties: this.engineDuties(),
      staff: this.staff.list(true).map(toRotaStaff),
      assignments: staffId ? assignments.filter((a) => a.staffId === staffId) : assignments,
      leave: this.leave
        .overlapping(from, to)
        .filter((l) => l.status === 'approved' && (!staffId || l.staffId === staffId))
        .map(toLeaveRequest),
      roles: this.catalogue().roles,
    };
  }

  /** rota.export: the file the app downloads, through the same modules as the CLI (only the workbook waits). */
  private exportFile(input: Input<'rota.export'>): RotaExportOut | Promise<RotaExportOut> {
    if (input.staffId !== undefined && !this.staff.get(input.staffId)) {
      throw new SpokeError('not_found', 'That staff member no longer exists. Reload the page.', { staffId: 'Choose a staff member from the list' });
    }
    const made = renderRotaExport(this.exportData(input.from, input.to, input.staffId), input.format, input.staffId);
    return made instanceof Promise ? made.then((f) => this.exportOut(f)) : this.exportOut(made);
  }

  private exportOut(file: RotaExportFile): RotaExportOut {
    if (file.body.length > MAX_EXPORT_BYTES) {
      const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
      const msg = `This export would be ${mb(file.body.length)} MB, more than the ${mb(MAX_EXPORT_BYTES)} MB the app downloads at once. Choose fewer days or one person, or use the export-rota command`;
      throw new SpokeError('invalid_input', `${msg}.`, { to: msg });
    }
    return { fileName: file.fileName, mimeType: file.mimeType, base64: file.body.toString('base64'), bytes: file.body.length, rows: file.rows };
  }

  /** The rota engine's workforce plan, with each group's WTE totals beside its patients-per-WTE figures. */
  workforcePlan(from: string, to: string): WorkforcePlan {
    const practice = this.practice.mustGet();
    const plan = planWorkforce({
      staff: this.staff.list(true).map(toRotaStaff),
      assignments: this.repo.assignmentsBetween(from, to),
      siteSessions: this.siteSessions(),
      listSize: practice.listSize,
      from,
      to,
      roles: this.rotaRoles(),
    });
    const r2 = (n: number) => Math.round(n * 100) / 100;
    const rows = plan.rows.map((r) => ({
      roleId: r.roleId,
      label: r.label,
      roleGroup: r.category,
      arrs: (catalogueRole(this.catalogue(), r.roleId) ?? roleById(r.roleId))?.arrs ?? false,
      headcount: r.headcount,
      contractedWte: r.contractedWte,
      plannedSessions: r.plannedSessions,
      plannedHours: r2(r.plannedWte * plan.weeks * FULL_TIME_HOURS),
      plannedWte: r.plannedWte,
    }));
    const group = (pick: (roleId: string, category: string) => boolean, per: { contracted: number | null; planned: number | null }) => {
      const xs = plan.rows.filter((r) => pick(r.roleId, r.category));
      return {
        contractedWte: r2(xs.reduce((t, r) => t + r.contractedWte, 0)),
        plannedWte: r2(xs.reduce((t, r) => t + r.plannedWte, 0)),
        patientsPerContractedWte: per.contracted,
        patientsPerPlannedWte: per.planned,
      };
    };
    return {
      from,
      to,
      weeks: plan.weeks,
      listSize: practice.listSize,
      rows,
      totals: plan.totals,
      gp: group((roleId, category) => category === 'gp' && roleId !== 'physician_associate', plan.patientsPerGpWte),
      clinical: group((_roleId, category) => (CLINICAL_CATEGORIES as readonly string[]).includes(category), plan.patientsPerClinicalWte),
    };
  }

  /* ---------------- grid batches ---------------- */

  apply(input: Input<'rota.apply'>, actor: Actor): RotaApplyResult {
    this.validator();
    const staffById = new Map(this.staff.list(true).map((s) => [s.id, toRotaStaff(s)]));
    const duties = new Map(this.repo.duties().map((d) => [d.id, d]));
    const sites = new Map(this.repo.sites().map((s) => [s.id, s]));
    const runs = new Set(this.repo.sessionTimes().map((t) => `${t.siteId}|${t.weekday}|${t.session}`));
    const result = this.ctx.db.transaction(() => {
      const invalid: Record<string, string> = {};
      const stale: Record<string, string> = {};
      const now = this.ctx.now();
      const writes: (() => { saved?: AssignmentOut; cleared?: AssignmentOut; before?: AssignmentOut })[] = [];
      input.ops.forEach((op, i) => {
        const path = `ops.${i}`;
        const person = staffById.get(op.staffId);
        if (!person) {
          invalid[path] = `Change ${i + 1}: that person is not in the staff list. Reload the rota`;
          return;
        }
        const cell = cellLabel(person.displayName, op.date, op.session);
        const current = this.repo.assignmentsInCell(op.staffId, op.date, op.session);
        if (op.op === 'set') {
          const duty = duties.get(op.dutyId);
          const site = sites.get(op.siteId);
          if (person.archived) invalid[path] = `${cell}: ${person.displayName} is archived. Restore them before planning their sessions`;
          else if (op.date < person.startDate) invalid[path] = `${cell}: ${person.displayName} starts on ${formatDay(person.startDate)} ${person.startDate.slice(0, 4)}`;
          else if (person.endDate !== null && op.date > person.endDate) invalid[path] = `${cell}: ${person.displayName} left on ${formatDay(person.endDate)} ${person.endDate.slice(0, 4)}`;
          else if (!duty) invalid[path] = `${cell}: that duty no longer exists. Reload the rota`;
          else if (duty.archived) invalid[path] = `${cell}: the duty ${duty.code} (${duty.name}) is archived`;
          else if (!site) invalid[path] = `${cell}: that site is not part of this practice`;
          else if (!runs.has(`${op.siteId}|${weekdayOf(op.date)}|${op.session}`)) {
            invalid[path] = `${cell}: ${site.name} does not run ${op.session === 'eve' ? 'evening' : ROTA_SESSION_LABELS[op.session]} sessions on ${weekdayName(op.date)}s`;
          }
        }
        if (invalid[path]) return;
        let replaced: AssignmentOut | undefined;
        if (op.replaces === null) {
          if (current.length > 0) {
            stale[path] = `${cell} was filled by someone else after you loaded the rota`;
            return;
          }
        } else {
          const expected = op.replaces;
          replaced = current.find((a) => a.id === expected.id);
          if (!replaced || replaced.updatedAt !== expected.expectedUpdatedAt) {
            stale[path] = `${cell} was changed by someone else after you loaded the rota`;
            return;
          }
        }
        if (op.op === 'clear') {
          const row = replaced;
          if (!row) return;
          writes.push(() => {
            this.repo.tombstoneAssignment(row.id, this.ctx.stampAfter(row.updatedAt));
            return { cleared: row, before: row };
          });
          return;
        }
        const fields: NewAssignment = { date: op.date, session: op.session, siteId: op.siteId, staffId: op.staffId, dutyId: op.dutyId, note: op.note, status: op.status, source: op.source };
        const row = replaced;
        writes.push(() =>
          row ? { saved: this.repo.updateAssignment(row.id, fields, this.ctx.stampAfter(row.updatedAt)), before: row } : { saved: this.repo.insertAssignment(fields, now) },
        );
      });
      const problems = { ...invalid, ...stale };
      const count = Object.keys(problems).length;
      if (count > 0) {
        const first = Object.values(problems)[0] ?? '';
        const none = input.ops.length === 1 ? 'It was not saved' : `None of the ${input.ops.length} changes were saved`;
        const reload = Object.keys(stale).length > 0 ? ': reload the rota and make them again' : '';
        throw new SpokeError(
          Object.keys(stale).length > 0 ? 'conflict' : 'invalid_input',
          `${first}. ${count > 1 ? `${count - 1} more ${count === 2 ? 'change has' : 'changes have'} a problem too. ` : ''}${none}${reload}.`,
          problems,
        );
      }
      const saved: AssignmentOut[] = [];
      const cleared: AssignmentOut[] = [];
      const before: AssignmentOut[] = [];
      for (const w of writes) {
        const r = w();
        if (r.saved) saved.push(r.saved);
        if (r.cleared) cleared.push(r.cleared);
        if (r.before) before.push(r.before);
      }
      this.ctx.audit.record(now, actor, `rota: ${input.action}, ${saved.length} set, ${cleared.length} cleared`, 'rota', randomUUID(), { assignments: before }, {
        assignments: saved,
        cleared: cleared.map((c) => c.id),
      });
      return { saved, cleared };
    })();
    const edits: RotaEdit[] = [
      ...result.cleared.map((c) => ({ kind: 'removeAssignment' as const, id: c.id })),
      ...result.saved.map((a) => ({ kind: 'upsertAssignment' as const, assignment: a })),
    ];
    const delta = this.applyEdits(edits, [...result.saved, ...result.cleared].map((a) => a.date));
    return { saved: result.saved, cleared: result.cleared.map((c) => c.id), ...deltaOut(delta) };
  }

  /* ---------------- patterns and copy week ---------------- */

  private planningContext(from: string, to: string, overwriteManual: boolean): PlanningContext {
    return {
      staff: this.staff.list(true).map(toRotaStaff),
      sites: this.rotaSites(),
      siteSessions: this.siteSessions(),
      leave: this.leave.overlapping(from, to).filter((l) => l.status === 'approved').map(toLeaveRequest),
      assignments: this.repo.assignmentsBetween(from, to),
      overwriteManual,
      bankHolidays: this.bankHolidayDates(),
      newId: randomUUID,
      now: this.ctx.now(),
    };
  }

  private previewPatterns(input: Input<'rota.patterns.preview'>): RotaChangePreview {
    const only = input.staffIds ? new Set(input.staffIds) : null;
    const patterns = this.repo.patterns().filter((p) => !only || only.has(p.staffId)) as WorkingPattern[];
    return previewApplyPatterns(patterns, input.from, input.to, this.planningContext(input.from, input.to, input.overwriteManual));
  }

  private previewCopy(input: Input<'rota.copyWeek.preview'>): RotaChangePreview {
    const last = clampDate(addDays(input.sourceMonday, 7 * (input.weeks + 1) - 1));
    const preview = previewCopyWeek(input.sourceMonday, input.weeks, this.planningContext(input.sourceMonday, last, input.overwriteManual), input.staffIds);
    // Weeks past the last supported date are dropped rather than planned without their bank holidays.
    return { ...preview, add: preview.add.filter((a) => a.date <= ROTA_LAST_DATE) };
  }

  private previewOut(p: RotaChangePreview): ChangePreview {
    return { add: p.add, replace: p.replace, skip: p.skip.map((s) => ({ ...s, reasonLabel: SKIP_REASON_LABELS[s.reason] })), unchanged: p.unchanged };
  }

  /** Writes a confirmed preview (recomputed inside the transaction, so it matches the data it changes). */
  private applyPreview(make: () => RotaChangePreview, what: string, actor: Actor) {
    this.validator();
    const done = this.ctx.db.transaction(() => {
      const p = make();
      const at = this.ctx.now();
      const added = p.add.map((a) => this.repo.insertAssignment({ ...a }, at));
      const replaced = p.replace.map((r) => this.repo.updateAssignment(r.before.id, r.after, this.ctx.stampAfter(r.before.updatedAt)));
      this.ctx.audit.record(at, actor, `${what}: ${added.length} added, ${replaced.length} replaced, ${p.skip.length} skipped`, 'rota', randomUUID(), {
        assignments: p.replace.map((r) => r.before),
      }, { added, replaced });
      return { added, replaced, skipped: p.skip.length };
    })();
    const rows = [...done.added, ...done.replaced];
    const delta = this.applyEdits(previewToEdits({ add: done.added, replace: done.replaced.map((a) => ({ before: a, after: a })), skip: [], unchanged: 0 }), rows.map((a) => a.date));
    return { added: done.added.length, replaced: done.replaced.length, skipped: done.skipped, ...deltaOut(delta) };
  }

  savePattern(input: Input<'rota.patterns.save'>, actor: Actor) {
    return this.ctx.db.transaction(() => {
      const person = this.staff.get(input.staffId);
      if (!person) throw new SpokeError('not_found', 'That staff member no longer exists. Reload the page.');
      const existing = this.repo.patternOf(input.staffId);
      if ((existing?.updatedAt ?? null) !== input.expectedUpdatedAt) {
        throw new SpokeError('conflict', `${displayName(person)}'s working pattern was changed by someone else after you opened it. Reload and make your change again.`);
      }
      const duties = new Map(this.repo.duties().map((d) => [d.id, d]));
      const sites = new Set(this.repo.sites().map((s) => s.id));
      const errors: Record<string, string> = {};
      input.entries.forEach((e, i) => {
        const d = duties.get(e.dutyId);
        if (!d || d.archived) errors[`entries.${i}.dutyId`] = 'Choose a duty from the list';
        if (!sites.has(e.siteId)) errors[`entries.${i}.siteId`] = 'Choose a site of this practice';
      });
      const first = Object.values(errors)[0];
      if (first) throw new SpokeError('invalid_input', `${first}. The pattern was not saved.`, errors);
      const before = this.repo.patterns().find((p) => p.staffId === input.staffId) ?? null;
      const at = this.ctx.stampAfter(existing?.updatedAt ?? null);
      this.repo.savePattern(input.staffId, input, at);
      const after = this.repo.patterns().find((p) => p.staffId === input.staffId);
      if (!after) throw new Error('pattern not saved');
      this.ctx.audit.record(at, actor, before ? 'working pattern edited' : 'working pattern added', 'working_pattern', after.id, before, after);
      return after;
    })();
  }

  /* ---------------- duties, sessions, coverage, settings ---------------- */

  private saveDuty(input: Input<'rota.duties.save'>, actor: Actor) {
    const out = this.ctx.db.transaction(() => {
      const before = input.id ? this.repo.duty(input.id) : null;
      if (input.id && !before) throw new SpokeError('not_found', 'That duty no longer exists. Reload the page.');
      if (before && before.updatedAt !== input.expectedUpdatedAt) {
        throw new SpokeError('conflict', `The duty ${before.code} was changed by someone else after you opened it. Reload and make your change again.`);
      }
      const roleWhy = roleListRefusal(this.catalogue(), input.requiredRoleIds, before?.requiredRoleIds ?? []);
      if (roleWhy) throw new SpokeError('invalid_input', `${roleWhy}.`, { requiredRoleIds: roleWhy });
      const clash = this.repo.dutyByCode(input.code);
      if (clash && clash.id !== input.id) {
        const msg = `The code ${input.code} is already used for ${clash.name}`;
        throw new SpokeError('invalid_input', `${msg}.`, { code: msg });
      }
      const at = this.ctx.stampAfter(before?.updatedAt ?? null);
      const id = this.repo.saveDuty({ ...input, ...(input.id ? { id: input.id } : {}) }, at);
      const after = this.repo.duty(id);
      if (!after) throw new Error('duty not saved');
      this.ctx.audit.record(at, actor, before ? 'duty edited' : 'duty added', 'duty', id, before, after);
      return after;
    })();
    this.invalidate();
    return out;
  }

  private archiveDuty(input: Input<'rota.duties.archive'>, actor: Actor) {
    const out = this.ctx.db.transaction(() => {
      const before = this.repo.duty(input.id);
      if (!before) throw new SpokeError('not_found', 'That duty no longer exists. Reload the page.');
      if (before.updatedAt !== input.expectedUpdatedAt) throw new SpokeError('conflict', `The duty ${before.code} was changed by someone else. Reload and try again.`);
      const at = this.ctx.stampAfter(before.updatedAt);
      this.repo.setDutyArchived(input.id, input.archived, at);
      const after = this.repo.duty(input.id);
      this.ctx.audit.record(at, actor, input.archived ? 'duty archived' : 'duty restored', 'duty', input.id, before, after);
      if (!after) throw new Error('duty vanished');
      return after;
    })();
    this.invalidate();
    return out;
  }

  /** Only a duty nothing uses may go; one in use is archived instead, so past sessions keep their meaning. */
  private removeDuty(input: Input<'rota.duties.remove'>, actor: Actor) {
    this.ctx.db.transaction(() => {
      const before = this.repo.duty(input.id);
      if (!before) throw new SpokeError('not_found', 'That duty no longer exists. Reload the page.');
      if (before.updatedAt !== input.expectedUpdatedAt) throw new SpokeError('conflict', `The duty ${before.code} was changed by someone else. Reload and try again.`);
      const used = this.repo.dutyUsage(input.id);
      const parts = [
        used.assignments ? `${used.assignments} ${used.assignments === 1 ? 'session' : 'sessions'}` : null,
        used.rules ? `${used.rules} coverage ${used.rules === 1 ? 'rule' : 'rules'}` : null,
        used.patterns ? `${used.patterns} working ${used.patterns === 1 ? 'pattern' : 'patterns'}` : null,
      ].filter((p): p is string => p !== null);
      if (parts.length) {
        const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1) ?? ''}`;
        throw new SpokeError('conflict', `${before.code} is used by ${list}, so it cannot be removed. Archive it instead: the rota stops offering it and past sessions keep it.`);
      }
      const at = this.ctx.stampAfter(before.updatedAt);
      this.repo.removeDuty(input.id, at);
      this.ctx.audit.record(at, actor, 'duty removed', 'duty', input.id, before, null);
    })();
    this.invalidate();
    return { ok: true as const };
  }

  private saveSessionTimes(input: Input<'rota.sessionTimes.save'>, actor: Actor) {
    const out = this.ctx.db.transaction(() => {
      const stamp = this.repo.sessionStamp(input.siteId);
      if (stamp === null) throw new SpokeError('not_found', 'That site is not part of this practice. Reload the page.');
      if (stamp !== input.expectedUpdatedAt) throw new SpokeError('conflict', "The site's session times were changed by someone else after you opened them. Reload and make your change again.");
      const before = { openOnBankHolidays: this.repo.sites().find((s) => s.id === input.siteId)?.openOnBankHolidays, sessions: this.repo.sessionTimes().filter((t) => t.siteId === input.siteId) };
      const at = this.ctx.stampAfter(stamp);
      this.repo.replaceSessions(input.siteId, input.openOnBankHolidays, input.sessions, at);
      const after = this.repo.sessionTimes().filter((t) => t.siteId === input.siteId);
      this.ctx.audit.record(at, actor, 'site session times edited', 'site', input.siteId, before, { openOnBankHolidays: input.openOnBankHolidays, sessions: after });
      return after;
    })();
    this.invalidate();
    return out;
  }

  private saveCoverage(input: Input<'rota.coverage.save'>, actor: Actor) {
    const out = this.ctx.db.transaction(() => {
      const before = input.id ? this.repo.coverageRule(input.id) : null;
      if (input.id && !before) throw new SpokeError('not_found', 'That coverage rule no longer exists. Reload the page.');
      if (before && before.updatedAt !== input.expectedUpdatedAt) throw new SpokeError('conflict', 'That coverage rule was changed by someone else after you opened it. Reload and make your change again.');
      if (!this.repo.sites().some((s) => s.id === input.siteId)) throw new SpokeError('invalid_input', 'Choose a site of this practice.', { siteId: 'Choose a site of this practice' });
      if (input.dutyId !== null && !this.repo.duty(input.dutyId)) throw new SpokeError('invalid_input', 'Choose a duty from the list.', { dutyId: 'Choose a duty from the list' });
      const site = this.repo.sites().find((x) => x.id === input.siteId);
      if (site && !this.repo.sessionTimes().some((t) => t.siteId === input.siteId && t.weekday === input.weekday && t.session === input.session)) {
        const msg = `${site.name} does not run ${input.session === 'eve' ? 'evening' : ROTA_SESSION_LABELS[input.session]} sessions on ${WEEKDAY_NAMES[input.weekday]}s`;
        throw new SpokeError('invalid_input', `${msg}: add the session to its session times first.`, { session: msg });
      }
      const at = this.ctx.stampAfter(before?.updatedAt ?? null);
      const id = this.repo.saveCoverageRule({ ...input, ...(input.id ? { id: input.id } : {}) }, at);
      const after = this.repo.coverageRule(id);
      if (!after) throw new Error('rule not saved');
      this.ctx.audit.record(at, actor, before ? 'coverage rule edited' : 'coverage rule added', 'coverage_rule', id, before, after);
      return after;
    })();
    this.invalidate();
    return out;
  }

  private removeCoverage(input: Input<'rota.coverage.remove'>, actor: Actor) {
    this.ctx.db.transaction(() => {
      const before = this.repo.coverageRule(input.id);
      if (!before) throw new SpokeError('not_found', 'That coverage rule no longer exists. Reload the page.');
      if (before.updatedAt !== input.expectedUpdatedAt) throw new SpokeError('conflict', 'That coverage rule was changed by someone else after you opened it. Reload and try again.');
      const at = this.ctx.stampAfter(before.updatedAt);
      this.repo.removeCoverageRule(input.id, at);
      this.ctx.audit.record(at, actor, 'coverage rule removed', 'coverage_rule', input.id, before, null);
    })();
    this.invalidate();
    return { ok: true as const };
  }

  private updateSettings(input: Input<'rota.settings.update'>, actor: Actor) {
    const out = this.ctx.db.transaction(() => {
      const before = this.repo.settings();
      if (before.updatedAt !== input.expectedUpdatedAt) throw new SpokeError('conflict', 'The rota settings were changed by someone else after you opened them. Reload and make your change again.');
      const { expectedUpdatedAt: _e, ...settings } = input;
      const at = this.ctx.stampAfter(before.updatedAt);
      this.repo.updateSettings(settings, at);
      const after = this.repo.settings();
      this.ctx.audit.record(at, actor, 'rota settings edited', 'rota_settings', 'rota_settings', before, after);
      return after;
    })();
    this.invalidate();
    return out;
  }

  private preferencesOf(staffId: string): StaffPreferencesOut {
    return this.repo.preferences().find((p) => p.staffId === staffId) ?? { staffId, preferences: [], updatedAt: this.repo.preferenceStamp(staffId) };
  }

  private savePreferences(input: Input<'rota.preferences.save'>, call: CallContext): StaffPreferencesOut {
    const profile = call.profile;
    if (!profile) throw new SpokeError('not_signed_in', 'Sign in to continue.');
    if (profile.appRole !== 'practice_manager' && profile.staffId !== input.staffId) {
      throw new SpokeError('forbidden', 'You can change only your own preferred sessions. A practice manager can change anyone’s.');
    }
    return this.ctx.db.transaction(() => {
      const person = this.staff.get(input.staffId);
      if (!person) throw new SpokeError('not_found', 'That staff member no longer exists. Reload the page.');
      const before = this.preferencesOf(input.staffId);
      if (before.updatedAt !== input.expectedUpdatedAt) {
        throw new SpokeError('conflict', `${displayName(person)}'s preferred sessions were changed by someone else after you opened them. Reload and make your change again.`);
      }
      const at = this.ctx.stampAfter(before.updatedAt);
      this.repo.replacePreferences(input.staffId, input.preferences, at);
      const after = this.preferencesOf(input.staffId);
      this.ctx.audit.record(at, this.ctx.actorOf(profile), 'preferred sessions edited', 'staff', input.staffId, before, after);
      return after;
    })();
  }

  readonly handlers: HandlerTable<typeof rotaChannels> = {
    'rota.preferences.list': (input) => (input.staffId ? [this.preferencesOf(input.staffId)] : this.repo.preferences()),
    'rota.preferences.save': (input, call) => this.savePreferences(input, call),
    'rota.range': (input) => {
      const from = input.from ?? (input.to ? addDays(input.to, -27) : clampDate(this.ctx.today()));
      return this.range(clampDate(from), input.to ?? clampDate(addDays(from, 27)));
    },
    'rota.apply': (input, call) => this.apply(input, this.ctx.actorOf(call.profile)),
    'rota.patterns.list': () => this.repo.patterns(),
    'rota.patterns.save': (input, call) => this.savePattern(input, this.ctx.actorOf(call.profile)),
    'rota.patterns.preview': (input) => this.previewOut(this.previewPatterns(input)),
    'rota.patterns.apply': (input, call) => this.applyPreview(() => this.previewPatterns(input), 'working patterns applied', this.ctx.actorOf(call.profile)),
    'rota.copyWeek.preview': (input) => this.previewOut(this.previewCopy(input)),
    'rota.copyWeek.apply': (input, call) => this.applyPreview(() => this.previewCopy(input), 'week copied', this.ctx.actorOf(call.profile)),
    'rota.duties.save': (input, call) => this.saveDuty(input, this.ctx.actorOf(call.profile)),
    'rota.duties.archive': (input, call) => this.archiveDuty(input, this.ctx.actorOf(call.profile)),
    'rota.duties.remove': (input, call) => this.removeDuty(input, this.ctx.actorOf(call.profile)),
    'rota.sessionTimes.save': (input, call) => this.saveSessionTimes(input, this.ctx.actorOf(call.profile)),
    'rota.coverage.save': (input, call) => this.saveCoverage(input, this.ctx.actorOf(call.profile)),
    'rota.coverage.remove': (input, call) => this.removeCoverage(input, this.ctx.actorOf(call.profile)),
    'rota.settings.update': (input, call) => this.updateSettings(input, this.ctx.actorOf(call.profile)),
    'rota.mine': (input, call) => this.mine(call, input.from, input.to),
    'rota.workforcePlan': (input) => this.workforcePlan(input.from, input.to),
    'rota.export': (input) => this.exportFile(input),
  };
}
