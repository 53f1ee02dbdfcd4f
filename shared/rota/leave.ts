/**
 * Leave entitlement arithmetic, in days (half days allowed).
 *
 * - Pro rata: a full-time year is `settings.fullTimeAnnualLeaveDays` at 37.5 hours a week;
 *   someone contracted for fewer hours (or sessions, 1 session = 4 h 10 min) gets the
 *   same share of it.
 * - Part years: a starter or leaver gets the share of the leave year they are employed.
 * - Bank holidays: when `settings.bankHolidaysProRata` is on (the usual NHS way), the
 *   entitlement also holds the bank holidays of their employment in the year, pro rata,
 *   and each bank holiday falling on a day they usually work is taken from it, so
 *   part-timers are treated alike whichever days they work. When off, bank holidays are
 *   simply days off and count neither way.
 * - Entitlement is rounded up to the next half day, in the person's favour.
 * - Balance = entitlement + carried over - approved annual leave taken (and bank holidays
 *   as above). Carry-over is the previous year's unused balance, capped by the setting.
 */
import { FULL_TIME_HOURS, weeklyHours } from '../domain/workforce';
import { BANK_HOLIDAYS_ENGLAND_WALES } from './bank-holidays';
import { addDays, dayNumber, isoFromDayNumber, weekdayOf } from './dates';
import type { LeaveRequest, RotaAssignment, RotaSettings, RotaStaff } from './model';
import { leaveCovers } from './vocabulary';

export interface LeaveYear {
  /** First day, inclusive. */
  start: string;
  /** Last day, inclusive. */
  end: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The leave year holding `date` (e.g. 1 April to 31 March). */
export function leaveYearContaining(date: string, settings: Pick<RotaSettings, 'leaveYearStartMonth' | 'leaveYearStartDay'>): LeaveYear {
  const y = Number(date.slice(0, 4));
  const startThisYear = `${y}-${pad(settings.leaveYearStartMonth)}-${pad(settings.leaveYearStartDay)}`;
  const startYear = date >= startThisYear ? y : y - 1;
  const start = `${startYear}-${pad(settings.leaveYearStartMonth)}-${pad(settings.leaveYearStartDay)}`;
  const nextStart = `${startYear + 1}-${pad(settings.leaveYearStartMonth)}-${pad(settings.leaveYearStartDay)}`;
  return { start, end: addDays(nextStart, -1) };
}

export const roundUpToHalf = (days: number) => Math.ceil(days * 2 - 1e-9) / 2;

/** Share of a full-time (37.5 h) week the person is contracted for. */
export function proRataFraction(staff: Pick<RotaStaff, 'contract'>): number {
  return weeklyHours(staff.contract) / FULL_TIME_HOURS;
}

/** The days of the leave year the person is employed, as [first, last] (null = none). */
export function employedWithin(staff: Pick<RotaStaff, 'startDate' | 'endDate'>, year: LeaveYear): LeaveYear | null {
  const start = staff.startDate > year.start ? staff.startDate : year.start;
  const end = staff.endDate !== null && staff.endDate < year.end ? staff.endDate : year.end;
  return start <= end ? { start, end } : null;
}

/** Whether the person usually works on this date's weekday (no usual sessions recorded = Monday to Friday). */
function usuallyWorks(staff: Pick<RotaStaff, 'usualSessions'>, date: string): { am: boolean; pm: boolean } {
  const wd = weekdayOf(date);
  if (staff.usualSessions.length === 0) {
    const weekday = wd !== 'sat' && wd !== 'sun';
    return { am: weekday, pm: weekday };
  }
  const today = staff.usualSessions.filter((u) => u.day === wd);
  // Someone who works any part of a day takes a whole day's leave for it.
  return today.length > 0 ? { am: true, pm: true } : { am: false, pm: false };
}

export interface Entitlement {
  leaveYear: LeaveYear;
  /** Contracted hours / 37.5. */
  proRata: number;
  /** Share of the leave year employed (1 = all of it). */
  yearShare: number;
  /** Annual leave, before rounding. */
  annualDays: number;
  /** Bank holidays held in the entitlement (0 when bank holidays are not pro rata). */
  bankHolidayDays: number;
  /** Total, rounded up to the next half day. */
  totalDays: number;
}

export function leaveEntitlement(
  staff: Pick<RotaStaff, 'contract' | 'startDate' | 'endDate'>,
  settings: RotaSettings,
  leaveYear: LeaveYear,
  bankHolidays: readonly string[] = BANK_HOLIDAYS_ENGLAND_WALES.map((b) => b.date),
): Entitlement {
  const proRata = proRataFraction(staff);
  const employed = employedWithin(staff, leaveYear);
  if (!employed) return { leaveYear, proRata, yearShare: 0, annualDays: 0, bankHolidayDays: 0, totalDays: 0 };
  const yearDays = dayNumber(leaveYear.end) - dayNumber(leaveYear.start) + 1;
  const employedDays = dayNumber(employed.end) - dayNumber(employed.start) + 1;
  const yearShare = employedDays / yearDays;
  const annualDays = settings.fullTimeAnnualLeaveDays * proRata * yearShare;
  const bankHolidayDays = settings.bankHolidaysProRata ? bankHolidays.filter((d) => d >= employed.start && d <= employed.end).length * proRata : 0;
  return { leaveYear, proRata, yearShare, annualDays, bankHolidayDays, totalDays: roundUpToHalf(annualDays + bankHolidayDays) };
}

/**
 * Working days (half days count 0.5) a leave request takes within `within`, skipping
 * bank holidays and days the person does not usually work.
 */
export function leaveDaysTaken(
  staff: Pick<RotaStaff, 'usualSessions'>,
  leave: Pick<LeaveRequest, 'startDate' | 'startHalf' | 'endDate' | 'endHalf'>,
  within: LeaveYear | null = null,
  bankHolidays: readonly string[] = BANK_HOLIDAYS_ENGLAND_WALES.map((b) => b.date),
): number {
  const holidays = new Set(bankHolidays);
  const from = Math.max(dayNumber(leave.startDate), within ? dayNumber(within.start) : -Infinity);
  const to = Math.min(dayNumber(leave.endDate), within ? dayNumber(within.end) : Infinity);
  let days = 0;
  for (let n = from; n <= to; n++) {
    const date = isoFromDayNumber(n);
    if (holidays.has(date)) continue;
    const works = usuallyWorks(staff, date);
    if (works.am && leaveCovers(leave, date, 'am')) days += 0.5;
    if (works.pm && leaveCovers(leave, date, 'pm')) days += 0.5;
  }
  return days;
}

export interface LeaveBalance extends Entitlement {
  carriedOverDays: number;
  /** Approved annual leave in the year. */
  takenDays: number;
  /** Bank holidays on the person's usual working days (only when bank holidays are pro rata). */
  bankHolidaysTakenDays: number;
  /** Annual leave requested and not yet decided. */
  pendingDays: number;
  /** Entitlement + carried over - taken - bank holidays taken; negative = over. */
  remainingDays: number;
}

/** Carry-over into the next year: the unused balance, at most the practice's limit, never negative. */
export function carryOver(previousRemainingDays: number, settings: Pick<RotaSettings, 'carryOverLimitDays'>): number {
  return Math.max(0, Math.min(previousRemainingDays, settings.carryOverLimitDays));
}

export function leaveBalance(input: {
  staff: Pick<RotaStaff, 'id' | 'contract' | 'startDate' | 'endDate' | 'usualSessions'>;
  settings: RotaSettings;
  leaveYear: LeaveYear;
  leave: readonly LeaveRequest[];
  carriedOverDays?: number;
  bankHolidays?: readonly string[];
}): LeaveBalance {
  const holidays = input.bankHolidays ?? BANK_HOLIDAYS_ENGLAND_WALES.map((b) => b.date);
  const ent = leaveEntitlement(input.staff, input.settings, input.leaveYear, holidays);
  const employed = employedWithin(input.staff, input.leaveYear);
  let takenDays = 0;
  let pendingDays = 0;
  for (const l of input.leave) {
    if (l.staffId !== input.staff.id || l.type !== 'annual' || !employed) continue;
    const days = leaveDaysTaken(input.staff, l, employed, holidays);
    if (l.status === 'approved') takenDays += days;
    else if (l.status === 'requested') pendingDays += days;
  }
  let bankHolidaysTakenDays = 0;
  if (input.settings.bankHolidaysProRata && employed) {
    for (const d of holidays) {
      if (d < employed.start || d > employed.end) continue;
      const works = usuallyWorks(input.staff, d);
      bankHolidaysTakenDays += (works.am ? 0.5 : 0) + (works.pm ? 0.5 : 0);
    }
  }
  const carriedOverDays = input.carriedOverDays ?? 0;
  return {
    ...ent,
    carriedOverDays,
    takenDays,
    bankHolidaysTakenDays,
    pendingDays,
    remainingDays: ent.totalDays + carriedOverDays - takenDays - bankHolidaysTakenDays,
  };
}

/** Other leave of the same person that overlaps this request by at least one half day (declined leave ignored). */
export function overlappingLeave(request: LeaveRequest, existing: readonly LeaveRequest[]): LeaveRequest[] {
  return existing.filter((l) => {
    if (l.id === request.id || l.staffId !== request.staffId || l.status === 'declined' || request.status === 'declined') return false;
    if (l.endDate < request.startDate || l.startDate > request.endDate) return false;
    const from = l.startDate > request.startDate ? l.startDate : request.startDate;
    const to = l.endDate < request.endDate ? l.endDate : request.endDate;
    for (let n = dayNumber(from); n <= dayNumber(to); n++) {
      const date = isoFromDayNumber(n);
      if ((leaveCovers(l, date, 'am') && leaveCovers(request, date, 'am')) || (leaveCovers(l, date, 'pm') && leaveCovers(request, date, 'pm'))) return true;
    }
    return false;
  });
}

/** The assignments a leave request would clash with: what approving it shows, and offers to clear. */
export function assignmentsAffectedByLeave<A extends Pick<RotaAssignment, 'staffId' | 'date' | 'session'>>(request: Pick<LeaveRequest, 'staffId' | 'startDate' | 'startHalf' | 'endDate' | 'endHalf'>, assignments: readonly A[]): A[] {
  return assignments.filter((a) => a.staffId === request.staffId && leaveCovers(request, a.date, a.session));
}

/** How far a request would take the balance below zero (0 = within it), for the manager's override warning. */
export function daysOverBalance(request: LeaveRequest, balance: Pick<LeaveBalance, 'remainingDays'>, staff: Pick<RotaStaff, 'usualSessions'>, leaveYear: LeaveYear, bankHolidays?: readonly string[]): number {
  if (request.type !== 'annual') return 0;
  const days = leaveDaysTaken(staff, request, leaveYear, bankHolidays);
  return Math.max(0, days - balance.remainingDays);
}
