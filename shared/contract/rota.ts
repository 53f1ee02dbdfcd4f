/**
 * The rota: reading a date range (with its conflicts and coverage), editing the grid in
 * all-or-nothing batches, working patterns, copy week, duties, site session times,
 * coverage rules, the rota settings, My rota and the planned workforce.
 *
 * The rota model (shared/rota/model.ts) is the shape; inputs here add the text policy and
 * the limits a practice's PC should refuse before anything reaches the database.
 */
import { z } from 'zod';
import { competencyById } from '../domain/competencies';
import { BANK_HOLIDAY_YEARS } from '../rota/bank-holidays';
import {
  AssignmentSource,
  AssignmentStatus,
  Colour,
  DutyCode,
  LocalTime,
  PATTERN_WEEKS,
  RoleGroup,
  RotaSession,
  RotaWeekday,
  minutesOfDay,
} from '../rota/model';
import { label, multiline } from '../text';
import { ExpectedUpdatedAt, Id, IsoDate, RoleRef } from './common';
import { defineChannels, managerOnly } from './spec';

/* ---------------- Dates the rota plans ---------------- */

export const ROTA_FIRST_DATE = `${BANK_HOLIDAY_YEARS.first}-01-01`;
export const ROTA_LAST_DATE = `${BANK_HOLIDAY_YEARS.last}-12-31`;
/** The longest range one read returns: a month view plus its edges. */
export const MAX_RANGE_DAYS = 93;
/**
 * The most cell operations one batch may carry: a large paste, and inside the web host's
 * 1 MB request limit even with notes (an operation is about 330 bytes, 530 with a full note).
 */
export const MAX_BATCH_OPS = 2000;

/**
 * A date the rota can plan: bank holidays are built in for these years only, so a date
 * outside them is refused rather than planned without knowing its holidays.
 */
export const RotaDate = IsoDate.refine((d) => d >= ROTA_FIRST_DATE && d <= ROTA_LAST_DATE, {
  error: `Choose a date from ${BANK_HOLIDAY_YEARS.first} to ${BANK_HOLIDAY_YEARS.last}, the years Spoke knows the bank holidays for`,
});

const dayCount = (from: string, to: string) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;

/** from..to inclusive, at most `max` days. */
export function dateRange(max: number) {
  return z
    .strictObject({ from: RotaDate, to: RotaDate })
    .refine((r) => r.to >= r.from, { path: ['to'], error: 'The end date must be on or after the start date' })
    .refine((r) => r.to < r.from || dayCount(r.from, r.to) <= max, { path: ['to'], error: `Choose at most ${max} days at once` });
}

/** from..to, either of which may be left out: the core fills in four weeks from today (or around the date given). */
export const RangeOrFourWeeks = z
  .strictObject({ from: RotaDate.optional(), to: RotaDate.optional() })
  .refine((r) => r.from === undefined || r.to === undefined || r.to >= r.from, { path: ['to'], error: 'The end date must be on or after the start date' })
  .refine((r) => r.from === undefined || r.to === undefined || r.to < r.from || dayCount(r.from, r.to) <= MAX_RANGE_DAYS, {
    path: ['to'],
    error: `Choose at most ${MAX_RANGE_DAYS} days at once`,
  });

/* ---------------- What a range read returns ---------------- */

export const RotaSiteOut = z.object({
  id: Id,
  name: z.string(),
  isMain: z.boolean(),
  openOnBankHolidays: z.boolean(),
  /** The version of the site's session times as loaded: rota.sessionTimes.save takes it back as expectedUpdatedAt. */
  sessionsUpdatedAt: z.string(),
});
export const SiteSessionOut = z.object({ id: Id, siteId: Id, weekday: RotaWeekday, session: RotaSession, start: z.string(), end: z.string(), updatedAt: z.string() });
export type SiteSessionOut = z.infer<typeof SiteSessionOut>;

export const DutyOut = z.object({
  id: Id,
  code: z.string(),
  name: z.string(),
  colour: z.string(),
  requiredRoleIds: z.array(z.string()),
  requiredRoleGroup: RoleGroup.nullable(),
  requiredCompetency: z.string().nullable(),
  archived: z.boolean(),
  updatedAt: z.string(),
});
export type DutyOut = z.infer<typeof DutyOut>;

/**
 * Output ids in the high-volume rows are plain strings: they come from the database, and a
 * UUID check on each of thousands of rows would cost the grid a frame on every read.
 */
const RowId = z.string();

export const AssignmentOut = z.object({
  id: RowId,
  date: z.string(),
  session: RotaSession,
  siteId: RowId,
  staffId: RowId,
  dutyId: RowId,
  note: z.string(),
  status: AssignmentStatus,
  source: AssignmentSource,
  updatedAt: z.string(),
});
export type AssignmentOut = z.infer<typeof AssignmentOut>;

/** A person as the grid shows them (rows grouped by role group). */
export const RotaStaffOut = z.object({
  id: Id,
  displayName: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  roleId: z.string(),
  roleGroup: z.string(),
  contract: z.object({ kind: z.enum(['sessions', 'hours']), amount: z.number() }),
  wte: z.number(),
  usualSessions: z.array(z.object({ day: z.string(), period: z.string() })),
  siteIds: z.array(Id),
  competencies: z.array(z.string()),
  startDate: z.string(),
  endDate: z.string().nullable(),
  archived: z.boolean(),
});
export type RotaStaffOut = z.infer<typeof RotaStaffOut>;

export const LeaveOut = z.object({
  id: Id,
  staffId: Id,
  type: z.enum(['annual', 'study', 'sick', 'parental', 'compassionate', 'toil', 'other']),
  startDate: z.string(),
  startHalf: z.enum(['am', 'pm']),
  endDate: z.string(),
  endHalf: z.enum(['am', 'pm']),
  status: z.enum(['requested', 'approved', 'declined']),
  note: z.string(),
  days: z.number(),
  requestedBy: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
  overBalanceOverride: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type LeaveOut = z.infer<typeof LeaveOut>;

export const CoverageRuleOut = z.object({
  id: Id,
  siteId: Id,
  weekday: RotaWeekday,
  session: RotaSession,
  dutyId: Id.nullable(),
  roleGroup: RoleGroup.nullable(),
  min: z.number().int(),
  max: z.number().int().nullable(),
  updatedAt: z.string(),
});
export type CoverageRuleOut = z.infer<typeof CoverageRuleOut>;

export const CoverageCellOut = z.object({
  coverageRuleId: RowId,
  siteId: RowId,
  date: z.string(),
  session: RotaSession,
  dutyId: RowId.nullable(),
  roleGroup: z.string().nullable(),
  assigned: z.number().int(),
  min: z.number().int(),
  max: z.number().int().nullable(),
  status: z.enum(['short', 'ok', 'over']),
  label: z.string(),
});

export const ConflictCellOut = z.union([
  z.object({ kind: z.literal('staff'), staffId: z.string(), date: z.string(), session: RotaSession.nullable() }),
  z.object({ kind: z.literal('coverage'), siteId: z.string(), date: z.string(), session: RotaSession, coverageRuleId: z.string() }),
]);
export const ConflictOut = z.object({
  id: z.string(),
  ruleId: z.string(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  cells: z.array(ConflictCellOut),
});
export type ConflictOut = z.infer<typeof ConflictOut>;

export const NamedLeadOut = z.object({
  id: Id,
  leadTypeId: Id,
  leadTypeCode: z.string(),
  leadTypeLabel: z.string(),
  leadStaffId: Id.nullable(),
  deputyStaffId: Id.nullable(),
  from: z.string(),
  to: z.string().nullable(),
  vacant: z.boolean(),
  updatedAt: z.string(),
});
export type NamedLeadOut = z.infer<typeof NamedLeadOut>;

export const RotaSettingsOut = z.object({
  leaveYearStartMonth: z.number().int(),
  leaveYearStartDay: z.number().int(),
  fullTimeAnnualLeaveDays: z.number(),
  bankHolidaysProRata: z.boolean(),
  carryOverLimitDays: z.number(),
  maxConsecutiveWorkingDays: z.number().int(),
  minRestHours: z.number(),
  maxAverageWeeklyHours: z.number(),
  referencePeriodWeeks: z.number().int(),
  updatedAt: z.string(),
});
export type RotaSettingsOut = z.infer<typeof RotaSettingsOut>;

export const RotaRange = z.object({
  from: z.string(),
  to: z.string(),
  today: z.string(),
  sites: z.array(RotaSiteOut),
  sessionTimes: z.array(SiteSessionOut),
  duties: z.array(DutyOut),
  staff: z.array(RotaStaffOut),
  assignments: z.array(AssignmentOut),
  /** Requested and approved leave overlapping the range (declined is left out). */
  leave: z.array(LeaveOut),
  bankHolidays: z.array(z.object({ date: z.string(), title: z.string() })),
  /** The catalogue's roles, as the rules group and name them (the hub's once synced). */
  roles: z.array(z.object({ id: z.string(), label: z.string(), category: RoleGroup })),
  coverageRules: z.array(CoverageRuleOut),
  /** Assigned against required, per rule and date: the grid's coverage rows and the heatmap. */
  coverage: z.array(CoverageCellOut),
  namedLeads: z.array(NamedLeadOut),
  /** Conflicts touching a date in the range, from the rules engine. */
  conflicts: z.array(ConflictOut),
  settings: RotaSettingsOut,
});
export type RotaRange = z.infer<typeof RotaRange>;

/* ---------------- Grid edits ---------------- */

/** The row the editor saw in this cell: changing it is refused if someone saved it since. */
const Replaces = z.strictObject({ id: Id, expectedUpdatedAt: ExpectedUpdatedAt });

const Cell = { staffId: Id, date: RotaDate, session: RotaSession };

export const AssignmentNote = multiline('Note', 200, 0);

/**
 * Put a duty in a cell (person x date x session). `replaces` names the row the editor saw
 * there, or is null when the editor saw the cell empty; either way a cell someone else
 * changed meanwhile is refused.
 */
export const SetCellOp = z.strictObject({
  op: z.literal('set'),
  ...Cell,
  siteId: Id,
  dutyId: Id,
  note: AssignmentNote.default(''),
  status: AssignmentStatus.default('planned'),
  /** Where the value came from: typed by a person, or proposed by auto-fill and accepted. */
  source: z.enum(['manual', 'autofill']).default('manual'),
  replaces: Replaces.nullable(),
});
/** Empty a cell: the row the editor saw there, with its updatedAt. */
export const ClearCellOp = z.strictObject({ op: z.literal('clear'), ...Cell, replaces: Replaces });
export const CellOp = z.discriminatedUnion('op', [SetCellOp, ClearCellOp]);
export type CellOp = z.input<typeof CellOp>;

export const RotaApplyInput = z
  .strictObject({
    ops: z
      .array(CellOp)
      .min(1, { error: 'There is nothing to save' })
      .max(MAX_BATCH_OPS, { error: `Change at most ${MAX_BATCH_OPS} cells at once` }),
    /** What the user did, for the audit log: "Paste", "Undo", "Fill". */
    action: label('Action', 40).default('Edit'),
  })
  .superRefine((v, ctx) => {
    const seen = new Map<string, number>();
    v.ops.forEach((o, i) => {
      const k = `${o.staffId}|${o.date}|${o.session}`;
      const first = seen.get(k);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['ops', i], message: `This cell is also changed by change ${first + 1}: change each cell once` });
      else seen.set(k, i);
    });
  });
export type RotaApplyInput = z.input<typeof RotaApplyInput>;

export const RotaApplyResult = z.object({
  /** Rows as saved (new updatedAt), in the order of the set operations. */
  saved: z.array(AssignmentOut),
  /** Ids of rows cleared. */
  cleared: z.array(Id),
  /** Conflicts the batch created and resolved (the whole rota, not only the range on screen). */
  conflictsAdded: z.array(ConflictOut),
  conflictsRemoved: z.array(ConflictOut),
});
export type RotaApplyResult = z.infer<typeof RotaApplyResult>;

/* ---------------- Patterns and copy week ---------------- */

export const PatternEntryInput = z.strictObject({
  week: z.enum(PATTERN_WEEKS),
  weekday: RotaWeekday,
  session: RotaSession,
  dutyId: Id,
  siteId: Id,
});

export const WorkingPatternOut = z.object({
  id: Id,
  staffId: Id,
  cycleWeeks: z.number().int(),
  anchorMonday: z.string(),
  entries: z.array(z.object({ week: z.enum(PATTERN_WEEKS), weekday: RotaWeekday, session: RotaSession, dutyId: Id, siteId: Id })),
  updatedAt: z.string(),
});
export type WorkingPatternOut = z.infer<typeof WorkingPatternOut>;

export const WorkingPatternSaveInput = z
  .strictObject({
    staffId: Id,
    cycleWeeks: z.number().int().min(1, { error: 'A pattern is 1 to 4 weeks' }).max(4, { error: 'A pattern is 1 to 4 weeks' }),
    anchorMonday: RotaDate,
    entries: z.array(PatternEntryInput).max(4 * 7 * 3),
    /** null for a person who has no pattern yet. */
    expectedUpdatedAt: ExpectedUpdatedAt.nullable(),
  })
  .superRefine((p, ctx) => {
    if (new Date(`${p.anchorMonday}T00:00:00Z`).getUTCDay() !== 1) ctx.addIssue({ code: 'custom', path: ['anchorMonday'], message: 'Week A must start on a Monday' });
    const seen = new Set<string>();
    p.entries.forEach((e, i) => {
      if (PATTERN_WEEKS.indexOf(e.week) >= p.cycleWeeks) ctx.addIssue({ code: 'custom', path: ['entries', i, 'week'], message: `Week ${e.week} is outside a ${p.cycleWeeks}-week pattern` });
      const key = `${e.week}|${e.weekday}|${e.session}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['entries', i], message: 'A session is listed twice in the pattern' });
      seen.add(key);
    });
  });
export type WorkingPatternSaveInput = z.input<typeof WorkingPatternSaveInput>;

export const ApplyPatternsInput = z
  .strictObject({
    from: RotaDate,
    to: RotaDate,
    /** Replace cells someone set by hand (default: keep them). */
    overwriteManual: z.boolean().default(false),
    /** Only these people (default: everyone with a pattern). */
    staffIds: z.array(Id).max(500).optional(),
  })
  .refine((r) => r.to >= r.from, { path: ['to'], error: 'The end date must be on or after the start date' })
  .refine((r) => r.to < r.from || dayCount(r.from, r.to) <= 366, { path: ['to'], error: 'Apply patterns to at most a year at once' });
export type ApplyPatternsInput = z.input<typeof ApplyPatternsInput>;

export const CopyWeekInput = z
  .strictObject({
    sourceMonday: RotaDate,
    weeks: z.number().int().min(1, { error: 'Copy to at least 1 week' }).max(12, { error: 'Copy to at most 12 weeks at once' }),
    overwriteManual: z.boolean().default(false),
    staffIds: z.array(Id).max(500).optional(),
  })
  .refine((r) => new Date(`${r.sourceMonday}T00:00:00Z`).getUTCDay() === 1, { path: ['sourceMonday'], error: 'Choose the Monday of the week to copy' });
export type CopyWeekInput = z.input<typeof CopyWeekInput>;

export const ChangePreview = z.object({
  add: z.array(AssignmentOut),
  replace: z.array(z.object({ before: AssignmentOut, after: AssignmentOut })),
  skip: z.array(z.object({ staffId: Id, date: z.string(), session: RotaSession, reason: z.string(), reasonLabel: z.string() })),
  unchanged: z.number().int(),
});
export type ChangePreview = z.infer<typeof ChangePreview>;

export const ChangeApplied = z.object({
  added: z.number().int(),
  replaced: z.number().int(),
  skipped: z.number().int(),
  conflictsAdded: z.array(ConflictOut),
  conflictsRemoved: z.array(ConflictOut),
});

/* ---------------- Duties, sessions, coverage, settings ---------------- */

export const DutyName = label('Duty name', 60);

export const DutySaveInput = z
  .strictObject({
    id: Id.optional(),
    expectedUpdatedAt: ExpectedUpdatedAt.optional(),
    code: DutyCode,
    name: DutyName,
    colour: Colour,
    // Checked against the catalogue in use in the core (a role only the hub knows is fine).
    requiredRoleIds: z.array(RoleRef).max(40).default([]),
    requiredRoleGroup: RoleGroup.nullable().default(null),
    requiredCompetency: z
      .string()
      .max(60)
      .refine((c) => competencyById(c) !== undefined, { error: 'Choose a competency from the list' })
      .nullable()
      .default(null),
  })
  .refine((v) => v.id === undefined || v.expectedUpdatedAt !== undefined, {
    path: ['expectedUpdatedAt'],
    error: 'Reload the page: this edit does not say which version of the duty it changes',
  });
export type DutySaveInput = z.input<typeof DutySaveInput>;

export const SessionTimesInput = z
  .strictObject({
    siteId: Id,
    openOnBankHolidays: z.boolean(),
    sessions: z
      .array(
        z
          .strictObject({ weekday: RotaWeekday, session: RotaSession, start: LocalTime, end: LocalTime })
          .refine((s) => minutesOfDay(s.end) > minutesOfDay(s.start), { path: ['end'], error: 'A session must end after it starts' }),
      )
      .max(21),
    /** The site's sessionsUpdatedAt as loaded (see rota.range). */
    expectedUpdatedAt: ExpectedUpdatedAt,
  })
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.sessions.forEach((s, i) => {
      const k = `${s.weekday}|${s.session}`;
      if (seen.has(k)) ctx.addIssue({ code: 'custom', path: ['sessions', i], message: 'A session is listed twice' });
      seen.add(k);
    });
    // AM, PM and evening follow each other on a day.
    for (const wd of new Set(v.sessions.map((s) => s.weekday))) {
      const day = v.sessions.filter((s) => s.weekday === wd).sort((a, b) => RotaSession.options.indexOf(a.session) - RotaSession.options.indexOf(b.session));
      for (let i = 1; i < day.length; i++) {
        const prev = day[i - 1];
        const cur = day[i];
        if (prev && cur && minutesOfDay(cur.start) < minutesOfDay(prev.end)) {
          ctx.addIssue({ code: 'custom', path: ['sessions', v.sessions.indexOf(cur), 'start'], message: `The ${cur.session.toUpperCase()} session must start after the ${prev.session.toUpperCase()} session ends` });
        }
      }
    }
  });
export type SessionTimesInput = z.input<typeof SessionTimesInput>;

const Count = (what: string) =>
  z
    .number({ error: `Enter the ${what} as a whole number` })
    .int({ error: `Enter the ${what} as a whole number` })
    .min(0, { error: `The ${what} cannot be negative` })
    .max(50, { error: `The ${what} must be 50 or fewer` });

export const CoverageRuleSaveInput = z
  .strictObject({
    id: Id.optional(),
    expectedUpdatedAt: ExpectedUpdatedAt.optional(),
    siteId: Id,
    weekday: RotaWeekday,
    session: RotaSession,
    dutyId: Id.nullable(),
    roleGroup: RoleGroup.nullable(),
    min: Count('minimum'),
    max: Count('maximum').nullable(),
  })
  .superRefine((r, ctx) => {
    if ((r.dutyId === null) === (r.roleGroup === null)) ctx.addIssue({ code: 'custom', path: ['dutyId'], message: 'Choose either a duty or a role group' });
    if (r.max !== null && r.min > r.max) ctx.addIssue({ code: 'custom', path: ['max'], message: 'The maximum must be at least the minimum' });
    if (r.id !== undefined && r.expectedUpdatedAt === undefined) {
      ctx.addIssue({ code: 'custom', path: ['expectedUpdatedAt'], message: 'Reload the page: this edit does not say which version of the rule it changes' });
    }
  });
export type CoverageRuleSaveInput = z.input<typeof CoverageRuleSaveInput>;

export const RotaSettingsInput = z.strictObject({
  leaveYearStartMonth: z.number().int().min(1, { error: 'Choose a month' }).max(12, { error: 'Choose a month' }),
  leaveYearStartDay: z.number().int().min(1).max(28, { error: 'Choose a start day from 1 to 28 so every year has it' }),
  fullTimeAnnualLeaveDays: z.number().min(0).max(60, { error: 'Annual leave must be 60 days or fewer' }),
  bankHolidaysProRata: z.boolean(),
  carryOverLimitDays: z.number().min(0, { error: 'The carry-over limit cannot be negative' }).max(40, { error: 'The carry-over limit must be 40 days or fewer' }),
  maxConsecutiveWorkingDays: z.number().int().min(1).max(13),
  minRestHours: z.number().min(0).max(24),
  maxAverageWeeklyHours: z.number().min(1).max(168),
  referencePeriodWeeks: z.number().int().min(1).max(52),
  expectedUpdatedAt: ExpectedUpdatedAt,
});

/* ---------------- My rota and the planned workforce ---------------- */

export const MyRota = z.object({
  staff: RotaStaffOut.nullable(),
  from: z.string(),
  to: z.string(),
  sessions: z.array(
    AssignmentOut.extend({
      dutyCode: z.string(),
      dutyName: z.string(),
      dutyColour: z.string(),
      siteName: z.string(),
      /** Local times at the site, e.g. 08:00 and 12:30. */
      start: z.string().nullable(),
      end: z.string().nullable(),
    }),
  ),
  leave: z.array(LeaveOut),
  conflicts: z.array(ConflictOut),
});
export type MyRota = z.infer<typeof MyRota>;

export const WorkforcePlanRow = z.object({
  roleId: z.string(),
  label: z.string(),
  roleGroup: z.string(),
  arrs: z.boolean(),
  headcount: z.number().int(),
  contractedWte: z.number(),
  /** Sessions on the rota in the range. */
  plannedSessions: z.number().int(),
  plannedHours: z.number(),
  /** Planned hours a week over the range / 37.5. */
  plannedWte: z.number(),
});
export const WorkforcePlan = z.object({
  from: z.string(),
  to: z.string(),
  weeks: z.number(),
  listSize: z.number().int(),
  rows: z.array(WorkforcePlanRow),
  totals: z.object({ contractedWte: z.number(), plannedWte: z.number(), plannedSessions: z.number().int() }),
  gp: z.object({ contractedWte: z.number(), plannedWte: z.number(), patientsPerContractedWte: z.number().nullable(), patientsPerPlannedWte: z.number().nullable() }),
  clinical: z.object({ contractedWte: z.number(), plannedWte: z.number(), patientsPerContractedWte: z.number().nullable(), patientsPerPlannedWte: z.number().nullable() }),
});
export type WorkforcePlan = z.infer<typeof WorkforcePlan>;

/* ---------------- Staff preferences (for the auto-roster) ---------------- */

export const StaffPreferenceKind = z.enum(['preferred', 'unwanted']);
/** How much a preference matters to auto-fill: 1 (mild) to 10 (strong); 2 when not given. */
export const PreferenceWeight = z
  .number({ error: 'Enter how much it matters as a whole number from 1 to 10' })
  .int({ error: 'Enter how much it matters as a whole number from 1 to 10' })
  .min(1, { error: 'How much it matters is at least 1' })
  .max(10, { error: 'How much it matters is at most 10' });
export const DEFAULT_PREFERENCE_WEIGHT = 2;
export const StaffPreferencesOut = z.object({
  staffId: Id,
  preferences: z.array(z.object({ weekday: RotaWeekday, session: RotaSession, kind: StaffPreferenceKind, weight: z.number().int() })),
  /** The version to send back when saving; null when none were ever saved. */
  updatedAt: z.string().nullable(),
});
export type StaffPreferencesOut = z.infer<typeof StaffPreferencesOut>;

export const StaffPreferencesSaveInput = z
  .strictObject({
    staffId: Id,
    preferences: z.array(z.strictObject({ weekday: RotaWeekday, session: RotaSession, kind: StaffPreferenceKind, weight: PreferenceWeight.default(DEFAULT_PREFERENCE_WEIGHT) })).max(21),
    expectedUpdatedAt: ExpectedUpdatedAt.nullable(),
  })
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.preferences.forEach((p, i) => {
      const k = `${p.weekday}|${p.session}`;
      if (seen.has(k)) ctx.addIssue({ code: 'custom', path: ['preferences', i], message: 'A session is listed twice' });
      seen.add(k);
    });
  });
export type StaffPreferencesSaveInput = z.input<typeof StaffPreferencesSaveInput>;

/* ---------------- Exports ---------------- */

/** The longest range one export covers: a leave year and a bit (the CLI's limit too). */
export const MAX_EXPORT_DAYS = 400;
/**
 * The largest file the app hands over in one call. The bytes travel as base64 inside one
 * JSON answer, so a bigger file would stall the window; the CLI has no such limit.
 */
export const MAX_EXPORT_BYTES = 8 * 1024 * 1024;
export const RotaExportFormat = z.enum(['csv', 'xlsx', 'ics'], { error: 'Choose CSV, Excel or calendar' });
export type RotaExportFormat = z.infer<typeof RotaExportFormat>;

export const RotaExportInput = z
  .strictObject({
    from: RotaDate,
    to: RotaDate,
    format: RotaExportFormat,
    /** One person's rows (or calendar); left out = everyone in the range. */
    staffId: Id.optional(),
  })
  .refine((r) => r.to >= r.from, { path: ['to'], error: 'The end date must be on or after the start date' })
  .refine((r) => r.to < r.from || dayCount(r.from, r.to) <= MAX_EXPORT_DAYS, { path: ['to'], error: `Export at most ${MAX_EXPORT_DAYS} days at once` });
export type RotaExportInput = z.input<typeof RotaExportInput>;

export const RotaExportOut = z.object({
  fileName: z.string(),
  mimeType: z.string(),
  /** The file's bytes, base64. */
  base64: z.string(),
  bytes: z.number().int(),
  /** Assignments in the file. */
  rows: z.number().int(),
});
export type RotaExportOut = z.infer<typeof RotaExportOut>;

const Removal = z.strictObject({ id: Id, expectedUpdatedAt: ExpectedUpdatedAt });

export const rotaChannels = defineChannels({
  'rota.range': {
    doc: 'The rota for a date range (at most 93 days; default today and the next 27 days): sites and their sessions, duties, staff, assignments, leave, bank holidays, coverage rules and counts, named leads, settings and the conflicts touching the range.',
    input: RangeOrFourWeeks,
    output: RotaRange,
    access: 'signedIn',
    kind: 'read',
  },
  'rota.apply': {
    doc: 'Save a batch of grid edits (set or clear cells) as one step: all of it or nothing, each refused change naming its cell.',
    input: RotaApplyInput,
    output: RotaApplyResult,
    access: managerOnly,
    kind: 'write',
  },
  'rota.patterns.list': { doc: 'Every working pattern.', input: z.strictObject({}), output: z.array(WorkingPatternOut), access: 'signedIn', kind: 'read' },
  'rota.patterns.save': { doc: "Save a person's repeating 1 to 4 week working pattern.", input: WorkingPatternSaveInput, output: WorkingPatternOut, access: managerOnly, kind: 'write' },
  'rota.patterns.preview': { doc: 'What applying working patterns to a date range would change (nothing is saved).', input: ApplyPatternsInput, output: ChangePreview, access: managerOnly, kind: 'read' },
  'rota.patterns.apply': { doc: 'Apply working patterns to a date range, never replacing manual edits unless asked.', input: ApplyPatternsInput, output: ChangeApplied, access: managerOnly, kind: 'write' },
  'rota.copyWeek.preview': { doc: 'What copying a week onto the following weeks would change (nothing is saved).', input: CopyWeekInput, output: ChangePreview, access: managerOnly, kind: 'read' },
  'rota.copyWeek.apply': { doc: 'Copy a week onto the following weeks.', input: CopyWeekInput, output: ChangeApplied, access: managerOnly, kind: 'write' },
  'rota.duties.save': { doc: 'Add a duty, or edit one.', input: DutySaveInput, output: DutyOut, access: managerOnly, kind: 'write' },
  'rota.duties.archive': {
    doc: 'Archive a duty (kept on past assignments, no longer offered) or bring it back.',
    input: z.strictObject({ id: Id, expectedUpdatedAt: ExpectedUpdatedAt, archived: z.boolean() }),
    output: DutyOut,
    access: managerOnly,
    kind: 'write',
  },
  'rota.duties.remove': {
    doc: 'Remove a duty nothing uses (no sessions, coverage rules or working patterns); one in use is refused: archive it instead.',
    input: Removal,
    output: z.object({ ok: z.literal(true) }),
    access: managerOnly,
    kind: 'write',
  },
  'rota.sessionTimes.save': {
    doc: "Replace a site's sessions (which weekdays and sessions it runs, and their times) and whether it opens on bank holidays.",
    input: SessionTimesInput,
    output: z.array(SiteSessionOut),
    access: managerOnly,
    kind: 'write',
  },
  'rota.coverage.save': { doc: 'Add or edit a coverage rule (minimum, optional maximum).', input: CoverageRuleSaveInput, output: CoverageRuleOut, access: managerOnly, kind: 'write' },
  'rota.coverage.remove': { doc: 'Remove a coverage rule.', input: Removal, output: z.object({ ok: z.literal(true) }), access: managerOnly, kind: 'write' },
  'rota.settings.update': { doc: 'Rota and leave settings: leave year start, carry-over limit, working-time limits.', input: RotaSettingsInput, output: RotaSettingsOut, access: managerOnly, kind: 'write' },
  'rota.preferences.list': {
    doc: 'Sessions each person prefers or would rather not work (everyone, or one person).',
    input: z.strictObject({ staffId: Id.optional() }),
    output: z.array(StaffPreferencesOut),
    access: 'signedIn',
    kind: 'read',
  },
  'rota.preferences.save': {
    doc: "Replace a person's preferred and unwanted sessions: anyone for themselves, a practice manager for anyone.",
    input: StaffPreferencesSaveInput,
    output: StaffPreferencesOut,
    access: 'signedIn',
    kind: 'write',
  },
  'rota.mine': {
    doc: "The signed-in person's own sessions, leave and conflicts (default: today and the next 27 days).",
    input: z.strictObject({ from: RotaDate.optional(), to: RotaDate.optional() }),
    output: MyRota,
    access: 'signedIn',
    kind: 'read',
  },
  'rota.export': {
    doc: 'The rota of a date range (at most 400 days) as a file to download: CSV, an Excel workbook or an iCalendar file, for everyone or one person.',
    input: RotaExportInput,
    output: RotaExportOut,
    access: 'signedIn',
    kind: 'read',
  },
  'rota.workforcePlan': {
    doc: 'Sessions planned by role in a range next to contracted WTE; patients per GP WTE and per clinical WTE from the list size.',
    input: dateRange(366),
    output: WorkforcePlan,
    access: 'signedIn',
    kind: 'read',
  },
});
