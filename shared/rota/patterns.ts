/**
 * Planning helpers that change many cells at once: applying working patterns to a date
 * range and copying a week forward. Both return a *preview* - the exact changes - for
 * the manager to confirm; nothing is changed here. A manual edit is never overwritten
 * unless `overwriteManual` is set, and sessions someone cannot work (on approved leave,
 * a bank holiday the site is closed, a session the site does not run, before they start
 * or after they leave) are skipped with the reason.
 */
import { BANK_HOLIDAYS_ENGLAND_WALES } from './bank-holidays';
import { dayNumber, isoFromDayNumber, weekdayOf } from './dates';
import type { LeaveRequest, PatternWeek, RotaAssignment, RotaSession, RotaSite, RotaStaff, SiteSessionTimes, WorkingPattern } from './model';
import { PATTERN_WEEKS, leaveCovers } from './vocabulary';
import type { RotaEdit } from './rules';

export type SkipReason = 'manual_edit_kept' | 'on_leave' | 'bank_holiday' | 'site_closed' | 'not_employed';

export const SKIP_REASON_LABELS: Record<SkipReason, string> = {
  manual_edit_kept: 'kept a manual edit',
  on_leave: 'on approved leave',
  bank_holiday: 'bank holiday, site closed',
  site_closed: 'the site does not run this session',
  not_employed: 'not employed on this date',
};

export interface RotaChangePreview {
  add: RotaAssignment[];
  replace: { before: RotaAssignment; after: RotaAssignment }[];
  skip: { staffId: string; date: string; session: RotaSession; reason: SkipReason }[];
  /** Cells already as they would be. */
  unchanged: number;
}

export interface PlanningContext {
  staff: readonly RotaStaff[];
  sites: readonly RotaSite[];
  siteSessions: readonly SiteSessionTimes[];
  leave: readonly LeaveRequest[];
  /** Existing assignments (at least those in the target dates). */
  assignments: readonly RotaAssignment[];
  bankHolidays?: readonly string[];
  overwriteManual: boolean;
  newId: () => string;
  /** updatedAt for new and changed rows. */
  now: string;
}

/** The pattern week (A-D) a date falls in. */
export function patternWeekOn(pattern: Pick<WorkingPattern, 'anchorMonday' | 'cycleWeeks'>, date: string): PatternWeek {
  const weeks = Math.floor((dayNumber(date) - dayNumber(pattern.anchorMonday)) / 7);
  const i = ((weeks % pattern.cycleWeeks) + pattern.cycleWeeks) % pattern.cycleWeeks;
  return PATTERN_WEEKS[i] ?? 'A';
}

interface Wanted {
  staffId: string;
  date: string;
  session: RotaSession;
  siteId: string;
  dutyId: string;
  note: string;
  source: RotaAssignment['source'];
}

function plan(wanted: readonly Wanted[], ctx: PlanningContext): RotaChangePreview {
  const holidays = new Set(ctx.bankHolidays ?? BANK_HOLIDAYS_ENGLAND_WALES.map((b) => b.date));
  const staffById = new Map(ctx.staff.map((s) => [s.id, s]));
  const openOnHolidays = new Map(ctx.sites.map((s) => [s.id, s.openOnBankHolidays]));
  const runs = new Set(ctx.siteSessions.map((t) => `${t.siteId}|${t.weekday}|${t.session}`));
  const existing = new Map<string, RotaAssignment[]>();
  for (const a of ctx.assignments) {
    const k = `${a.staffId}|${a.date}|${a.session}`;
    const list = existing.get(k);
    if (list) list.push(a);
    else existing.set(k, [a]);
  }
  const preview: RotaChangePreview = { add: [], replace: [], skip: [], unchanged: 0 };
  const seen = new Set<string>();
  for (const w of wanted) {
    const cellKey = `${w.staffId}|${w.date}|${w.session}`;
    if (seen.has(cellKey)) continue;
    seen.add(cellKey);
    const skip = (reason: SkipReason) => preview.skip.push({ staffId: w.staffId, date: w.date, session: w.session, reason });
    const person = staffById.get(w.staffId);
    if (!person || person.archived || w.date < person.startDate || (person.endDate !== null && w.date > person.endDate)) {
      skip('not_employed');
      continue;
    }
    if (holidays.has(w.date) && !(openOnHolidays.get(w.siteId) ?? false)) {
      skip('bank_holiday');
      continue;
    }
    if (!runs.has(`${w.siteId}|${weekdayOf(w.date)}|${w.session}`)) {
      skip('site_closed');
      continue;
    }
    if (ctx.leave.some((l) => l.staffId === w.staffId && l.status === 'approved' && leaveCovers(l, w.date, w.session))) {
      skip('on_leave');
      continue;
    }
    const current = existing.get(cellKey) ?? [];
    const first = current[0];
    if (!first) {
      preview.add.push({ id: ctx.newId(), date: w.date, session: w.session, siteId: w.siteId, staffId: w.staffId, dutyId: w.dutyId, note: w.note, status: 'planned', source: w.source, updatedAt: ctx.now });
      continue;
    }
    if (current.length === 1 && first.dutyId === w.dutyId && first.siteId === w.siteId) {
      preview.unchanged++;
      continue;
    }
    if (current.some((a) => a.source === 'manual') && !ctx.overwriteManual) {
      skip('manual_edit_kept');
      continue;
    }
    preview.replace.push({ before: first, after: { ...first, siteId: w.siteId, dutyId: w.dutyId, note: w.note, source: w.source, updatedAt: ctx.now } });
  }
  return preview;
}

/** Fill `from`..`to` from each person's working pattern. */
export function previewApplyPatterns(patterns: readonly WorkingPattern[], from: string, to: string, ctx: PlanningContext): RotaChangePreview {
  const wanted: Wanted[] = [];
  for (let n = dayNumber(from); n <= dayNumber(to); n++) {
    const date = isoFromDayNumber(n);
    const wd = weekdayOf(date);
    for (const p of patterns) {
      const week = patternWeekOn(p, date);
      for (const e of p.entries) {
        if (e.week === week && e.weekday === wd) wanted.push({ staffId: p.staffId, date, session: e.session, siteId: e.siteId, dutyId: e.dutyId, note: '', source: 'pattern' });
      }
    }
  }
  return plan(wanted, ctx);
}

/** Copy the week starting `sourceMonday` onto the next `weeks` weeks (optionally only some people). */
export function previewCopyWeek(sourceMonday: string, weeks: number, ctx: PlanningContext, staffIds?: readonly string[]): RotaChangePreview {
  const from = dayNumber(sourceMonday);
  const only = staffIds ? new Set(staffIds) : null;
  const source = ctx.assignments
    .filter((a) => {
      const n = dayNumber(a.date);
      return n >= from && n < from + 7 && (!only || only.has(a.staffId));
    })
    .sort((a, b) => (a.date === b.date ? (a.id < b.id ? -1 : 1) : a.date < b.date ? -1 : 1));
  const wanted: Wanted[] = [];
  for (let k = 1; k <= weeks; k++) {
    for (const a of source) {
      wanted.push({ staffId: a.staffId, date: isoFromDayNumber(dayNumber(a.date) + 7 * k), session: a.session, siteId: a.siteId, dutyId: a.dutyId, note: a.note, source: 'manual' });
    }
  }
  return plan(wanted, ctx);
}

/**
 * A one-week pattern seeded from the usual sessions the staff record already holds, all on
 * one duty at one site (their main site); the manager then adjusts it.
 */
export function patternFromUsualSessions(
  staff: Pick<RotaStaff, 'id' | 'usualSessions' | 'siteIds'>,
  dutyId: string,
  opts: { id: string; anchorMonday: string; updatedAt: string; siteId?: string },
): WorkingPattern | null {
  const siteId = opts.siteId ?? staff.siteIds[0];
  if (siteId === undefined) return null;
  return {
    id: opts.id,
    staffId: staff.id,
    cycleWeeks: 1,
    anchorMonday: opts.anchorMonday,
    entries: staff.usualSessions.map((u) => ({ week: 'A' as const, weekday: u.day, session: u.period, dutyId, siteId })),
    updatedAt: opts.updatedAt,
  };
}

/** The edits that apply a confirmed preview (one step for undo and for the validator). */
export function previewToEdits(preview: RotaChangePreview): RotaEdit[] {
  return [...preview.add.map((assignment) => ({ kind: 'upsertAssignment' as const, assignment })), ...preview.replace.map((r) => ({ kind: 'upsertAssignment' as const, assignment: r.after }))];
}
