/**
 * The rota in the practice's words: sites' session times, duties, assignments, leave,
 * coverage rules, named leads, working patterns and the practice's rota settings.
 *
 * Zod schemas so the API contract can reuse them as they are; the inferred types are
 * what the rules engine, the helpers and the exports take. Everything here is pure data.
 *
 * Free-text fields are plain `z.string()` with a maximum length for now; each carries a
 * `// text policy` marker so the practice-wide text policy can be swapped in at one place.
 */
import { z } from 'zod';
import { ROLE_IDS } from '../domain/roles';
import { Id, IsoDate } from '../contract/common';
import { LEAVE_TYPES, PATTERN_WEEKS, ROLE_GROUPS, ROTA_SESSIONS, ROTA_WEEKDAYS, minutesOfDay } from './vocabulary';

export * from './vocabulary';

/* ---------------- Sessions and days ---------------- */

export type RotaSession = (typeof ROTA_SESSIONS)[number];
export const RotaSession = z.enum(ROTA_SESSIONS, { error: 'A session is AM, PM or evening' });

export type RotaWeekday = (typeof ROTA_WEEKDAYS)[number];
export const RotaWeekday = z.enum(ROTA_WEEKDAYS, { error: 'Choose a day of the week' });

/** A local wall-clock time in the practice's time zone (Europe/London), 24-hour HH:MM. */
export const LocalTime = z
  .string({ error: 'Enter a time like 08:00' })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'Enter a time like 08:00 (24-hour clock)' });

/**
 * One session a site runs on one weekday, with its local start and end. A site runs a
 * session on a weekday only if a row exists: no row = the site is closed then.
 */
export const SiteSessionTimes = z
  .strictObject({
    siteId: Id,
    weekday: RotaWeekday,
    session: RotaSession,
    start: LocalTime,
    end: LocalTime,
  })
  .refine((s) => minutesOfDay(s.end) > minutesOfDay(s.start), {
    error: 'A session must end after it starts (on the same day)',
    path: ['end'],
  });
export type SiteSessionTimes = z.infer<typeof SiteSessionTimes>;

/** What the rota needs to know about a site beyond its session times. */
export const RotaSite = z.strictObject({
  id: Id,
  name: z.string().max(80), // text policy
  /** Most surgeries close on bank holidays; a hub or extended-access site may not. */
  openOnBankHolidays: z.boolean(),
});
export type RotaSite = z.infer<typeof RotaSite>;

/* ---------------- Duties ---------------- */

export const RoleGroup = z.enum(ROLE_GROUPS, { error: 'Choose a role group' });
export type RoleGroup = z.infer<typeof RoleGroup>;

export const DutyCode = z
  .string({ error: 'Enter a short code' })
  .trim()
  .transform((v) => v.toUpperCase())
  .pipe(z.string().regex(/^[A-Z][A-Z0-9]{0,5}$/, { error: 'A duty code is 1 to 6 letters or digits, starting with a letter' }));

export const Colour = z.string().regex(/^#[0-9A-Fa-f]{6}$/, { error: 'A colour is # and six hex digits, like #1D70B8' });

const DutyFields = z.strictObject({
  id: Id,
  code: DutyCode,
  name: z.string().trim().min(1, { error: 'Enter the duty name' }).max(60, { error: 'Duty name must be 60 characters or fewer' }), // text policy
  colour: Colour,
  /** Any one of these roles may do it; empty or absent = no role restriction. */
  requiredRoleIds: z.array(z.enum(ROLE_IDS)).max(40).optional(),
  /** Only people whose role is in this group may do it. */
  requiredRoleGroup: RoleGroup.optional(),
  /** Only people holding this competency may do it (e.g. duty doctor). */
  requiredCompetency: z.string().max(60).optional(),
  archived: z.boolean().default(false),
});
export const Duty = DutyFields;
export type Duty = z.infer<typeof Duty>;

export type DutyTemplate = Omit<Duty, 'id' | 'archived'>;

/* ---------------- Assignments ---------------- */

export const AssignmentStatus = z.enum(['planned', 'confirmed']);
export const AssignmentSource = z.enum(['manual', 'pattern', 'autofill']);

/** One person doing one duty in one session at one site on one date. */
export const RotaAssignment = z.strictObject({
  id: Id,
  date: IsoDate,
  session: RotaSession,
  siteId: Id,
  staffId: Id,
  dutyId: Id,
  note: z.string().max(200, { error: 'Note must be 200 characters or fewer' }), // text policy
  status: AssignmentStatus,
  /** Where it came from, so applying patterns never overwrites a manual edit. */
  source: AssignmentSource,
  updatedAt: z.string().max(40),
});
export type RotaAssignment = z.infer<typeof RotaAssignment>;

/* ---------------- Staff as the rota sees them ---------------- */

/**
 * The slice of a staff record the rules need (kept apart from the full Staff schema so
 * the rules do not depend on registration details). `displayName` is what messages use,
 * e.g. "Dr Amy Lee".
 */
export const RotaStaff = z.strictObject({
  id: Id,
  displayName: z.string().max(130),
  roleId: z.string().max(60),
  contract: z.strictObject({ kind: z.enum(['sessions', 'hours']), amount: z.number().min(0).max(48) }),
  /** Sessions the person usually works; empty = not recorded, so no "non-working day" warnings. */
  usualSessions: z.array(z.strictObject({ day: RotaWeekday, period: RotaSession })).max(21),
  siteIds: z.array(Id).max(12),
  competencies: z.array(z.string().max(60)).max(30),
  startDate: IsoDate,
  endDate: IsoDate.nullable(),
  archived: z.boolean(),
});
export type RotaStaff = z.infer<typeof RotaStaff>;

/* ---------------- Leave ---------------- */

export const LeaveType = z.enum(LEAVE_TYPES, { error: 'Choose the type of leave' });
export type LeaveType = z.infer<typeof LeaveType>;
export const LeaveStatus = z.enum(['requested', 'approved', 'declined']);
export type LeaveStatus = z.infer<typeof LeaveStatus>;
/** The half of the day leave starts in or ends after. */
export const HalfDay = z.enum(['am', 'pm']);
export type HalfDay = z.infer<typeof HalfDay>;

/**
 * Leave from `startDate` (from its morning, or from the afternoon if `startHalf` = pm) to
 * `endDate` (to its end, or only its morning if `endHalf` = am). A single half day is
 * start = end with both halves equal. Leave covering a day's PM also covers its evening.
 */
export const LeaveRequest = z
  .strictObject({
    id: Id,
    staffId: Id,
    type: LeaveType,
    startDate: IsoDate,
    startHalf: HalfDay,
    endDate: IsoDate,
    endHalf: HalfDay,
    status: LeaveStatus,
    note: z.string().max(500, { error: 'Note must be 500 characters or fewer' }), // text policy
    updatedAt: z.string().max(40),
  })
  .superRefine((l, ctx) => {
    if (l.endDate < l.startDate) ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'Leave must end on or after the day it starts' });
    else if (l.endDate === l.startDate && l.startHalf === 'pm' && l.endHalf === 'am') {
      ctx.addIssue({ code: 'custom', path: ['endHalf'], message: 'Leave on one day cannot start in the afternoon and end in the morning' });
    }
  });
export type LeaveRequest = z.infer<typeof LeaveRequest>;

/* ---------------- Coverage ---------------- */

/**
 * At a site, on a weekday and session: at least `min` (and at most `max`) people on a
 * duty (`dutyId`), or from a role group on any duty (`roleGroup`) - exactly one of them.
 */
export const CoverageRule = z
  .strictObject({
    id: Id,
    siteId: Id,
    weekday: RotaWeekday,
    session: RotaSession,
    dutyId: Id.nullable(),
    roleGroup: RoleGroup.nullable(),
    min: z.number({ error: 'Enter the minimum as a whole number' }).int({ error: 'Enter the minimum as a whole number' }).min(0, { error: 'The minimum cannot be negative' }).max(50, { error: 'The minimum must be 50 or fewer' }),
    max: z.number({ error: 'Enter the maximum as a whole number' }).int({ error: 'Enter the maximum as a whole number' }).min(0).max(50, { error: 'The maximum must be 50 or fewer' }).nullable(),
  })
  .superRefine((r, ctx) => {
    if ((r.dutyId === null) === (r.roleGroup === null)) {
      ctx.addIssue({ code: 'custom', path: ['dutyId'], message: 'Choose either a duty or a role group' });
    }
    if (r.max !== null && r.min > r.max) {
      ctx.addIssue({ code: 'custom', path: ['max'], message: 'The maximum must be at least the minimum' });
    }
  });
export type CoverageRule = z.infer<typeof CoverageRule>;

/* ---------------- Named leads ---------------- */

export const NamedLead = z
  .strictObject({
    id: Id,
    leadType: z.string().min(1).max(60),
    /** null = vacant, which the register flags. */
    leadStaffId: Id.nullable(),
    deputyStaffId: Id.nullable(),
    from: IsoDate,
    to: IsoDate.nullable(),
  })
  .superRefine((l, ctx) => {
    if (l.to !== null && l.to < l.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'The end date must be on or after the start date' });
    if (l.leadStaffId !== null && l.leadStaffId === l.deputyStaffId) {
      ctx.addIssue({ code: 'custom', path: ['deputyStaffId'], message: 'The deputy must be someone other than the lead' });
    }
  });
export type NamedLead = z.infer<typeof NamedLead>;

/* ---------------- Working patterns ---------------- */

export const PatternWeek = z.enum(PATTERN_WEEKS);
export type PatternWeek = z.infer<typeof PatternWeek>;

export const WorkingPatternEntry = z.strictObject({
  week: PatternWeek,
  weekday: RotaWeekday,
  session: RotaSession,
  dutyId: Id,
  siteId: Id,
});
export type WorkingPatternEntry = z.infer<typeof WorkingPatternEntry>;

/**
 * A person's repeating pattern over 1 to 4 weeks. `anchorMonday` is a Monday that is
 * week A; the weeks then cycle A, B, ... so any date maps to one pattern week.
 */
export const WorkingPattern = z
  .strictObject({
    id: Id,
    staffId: Id,
    cycleWeeks: z.number().int().min(1, { error: 'A pattern is 1 to 4 weeks' }).max(4, { error: 'A pattern is 1 to 4 weeks' }),
    anchorMonday: IsoDate,
    entries: z.array(WorkingPatternEntry).max(4 * 7 * 3),
    updatedAt: z.string().max(40),
  })
  .superRefine((p, ctx) => {
    if (new Date(`${p.anchorMonday}T00:00:00Z`).getUTCDay() !== 1) {
      ctx.addIssue({ code: 'custom', path: ['anchorMonday'], message: 'Week A must start on a Monday' });
    }
    const seen = new Set<string>();
    p.entries.forEach((e, i) => {
      if (PATTERN_WEEKS.indexOf(e.week) >= p.cycleWeeks) {
        ctx.addIssue({ code: 'custom', path: ['entries', i, 'week'], message: `Week ${e.week} is outside a ${p.cycleWeeks}-week pattern` });
      }
      const key = `${e.week}|${e.weekday}|${e.session}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['entries', i], message: 'A session is listed twice in the pattern' });
      seen.add(key);
    });
  });
export type WorkingPattern = z.infer<typeof WorkingPattern>;

/* ---------------- Practice rota settings ---------------- */

export const RotaSettings = z.strictObject({
  /** Leave year start, e.g. 1 April (month 4, day 1). */
  leaveYearStartMonth: z.number().int().min(1).max(12),
  leaveYearStartDay: z.number().int().min(1).max(28, { error: 'Choose a start day from 1 to 28 so every year has it' }),
  /** Full-time (37.5 h) annual leave in days, excluding bank holidays. */
  fullTimeAnnualLeaveDays: z.number().min(0).max(60),
  /** Bank holidays added to entitlement pro rata (full-time: 8 in England and Wales). */
  bankHolidaysProRata: z.boolean(),
  /** Most unused annual leave, in days, that may be carried into the next leave year. */
  carryOverLimitDays: z.number().min(0).max(40),
  maxConsecutiveWorkingDays: z.number().int().min(1).max(13),
  /** Working Time Regulations: minimum daily rest between working days, in hours. */
  minRestHours: z.number().min(0).max(24),
  /** Working Time Regulations: average weekly limit and its reference period in weeks. */
  maxAverageWeeklyHours: z.number().min(1).max(168),
  referencePeriodWeeks: z.number().int().min(1).max(52),
});
export type RotaSettings = z.infer<typeof RotaSettings>;

