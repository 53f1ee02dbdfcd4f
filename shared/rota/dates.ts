/**
 * Calendar arithmetic on ISO dates (YYYY-MM-DD) as whole day numbers, without Date
 * objects in hot loops: the rules engine runs this tens of thousands of times a year.
 */
import type { RotaWeekday } from './model';
import { ROTA_WEEKDAYS } from './vocabulary';

const DAY_MS = 86_400_000;
const cache = new Map<string, number>();

/** Days since 1970-01-01 (UTC calendar), or NaN for a string that is not a real date. */
export function dayNumber(iso: string): number {
  const hit = cache.get(iso);
  if (hit !== undefined) return hit;
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  let n = Number.NaN;
  if (iso.length === 10 && iso[4] === '-' && iso[7] === '-' && Number.isInteger(y) && m >= 1 && m <= 12 && d >= 1 && d <= 31) {
    const ms = Date.UTC(y, m - 1, d);
    const back = new Date(ms);
    if (back.getUTCDate() === d && back.getUTCMonth() === m - 1) n = ms / DAY_MS;
  }
  if (cache.size > 50_000) cache.clear();
  cache.set(iso, n);
  return n;
}

const isoCache = new Map<number, string>();

/** The ISO date of a day number; '' for NaN (a date that was not real), so bad input never throws. */
export function isoFromDayNumber(n: number): string {
  if (!Number.isFinite(n) || Math.abs(n) > 1e8) return '';
  let iso = isoCache.get(n);
  if (iso === undefined) {
    iso = new Date(n * DAY_MS).toISOString().slice(0, 10);
    if (isoCache.size > 50_000) isoCache.clear();
    isoCache.set(n, iso);
  }
  return iso;
}

export function addDays(iso: string, days: number): string {
  return isoFromDayNumber(dayNumber(iso) + days);
}

/** 0 = Monday ... 6 = Sunday (1970-01-01 was a Thursday). */
export function weekdayIndex(iso: string): number {
  return (((dayNumber(iso) + 3) % 7) + 7) % 7;
}

export function weekdayOf(iso: string): RotaWeekday {
  return ROTA_WEEKDAYS[weekdayIndex(iso)] ?? 'mon';
}

/** The Monday of the week holding `iso`. */
export function mondayOf(iso: string): string {
  return isoFromDayNumber(dayNumber(iso) - weekdayIndex(iso));
}

/** Every date from `from` to `to` inclusive. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const a = dayNumber(from);
  const b = dayNumber(to);
  for (let n = a; n <= b; n++) out.push(isoFromDayNumber(n));
  return out;
}

export function isRealDate(iso: string): boolean {
  return !Number.isNaN(dayNumber(iso));
}

const DAY_LONG = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** "Tuesday". */
export function weekdayName(iso: string): string {
  return DAY_LONG[weekdayIndex(iso)] ?? '';
}

const DAY_SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTH_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Tue 14 Jan", as a practice manager reads a rota. */
export function formatDay(iso: string): string {
  return `${DAY_SHORT[weekdayIndex(iso)] ?? ''} ${Number(iso.slice(8, 10))} ${MONTH_SHORT[Number(iso.slice(5, 7)) - 1] ?? ''}`;
}

/** "Tue 14 Jan 2025", where the year matters (leave, exports). */
export function formatDayWithYear(iso: string): string {
  return `${formatDay(iso)} ${iso.slice(0, 4)}`;
}
