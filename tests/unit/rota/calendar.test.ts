import { describe, expect, it } from 'vitest';
import { BANK_HOLIDAYS_ENGLAND_WALES, isBankHoliday } from '../../../shared/rota/bank-holidays';
import { addDays, formatDay, mondayOf, weekdayOf } from '../../../shared/rota/dates';
import { londonOffsetMinutes, londonToUtc, sessionInstant, utcToLondon } from '../../../shared/rota/time';

/** Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher), independent of the data. */
function easter(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
const firstMonday = (year: number, month: number) => {
  let d = `${year}-${String(month).padStart(2, '0')}-01`;
  while (weekdayOf(d) !== 'mon') d = addDays(d, 1);
  return d;
};
const lastMonday = (year: number, month: number) => {
  let d = addDays(`${month === 12 ? year + 1 : year}-${String((month % 12) + 1).padStart(2, '0')}-01`, -1);
  while (weekdayOf(d) !== 'mon') d = addDays(d, -1);
  return d;
};
/** A fixed-date holiday, moved to the next free weekday when it falls at a weekend. */
function withSubstitutes(dates: string[]): string[] {
  const out: string[] = [];
  for (const d of dates) {
    let x = d;
    while (weekdayOf(x) === 'sat' || weekdayOf(x) === 'sun' || out.includes(x)) x = addDays(x, 1);
    out.push(x);
  }
  return out;
}

describe('bank holidays England and Wales 2024-2028', () => {
  it('match the statutory pattern each year (computed independently here)', () => {
    for (let y = 2024; y <= 2028; y++) {
      const e = easter(y);
      const expected = [
        ...withSubstitutes([`${y}-01-01`]),
        addDays(e, -2),
        addDays(e, 1),
        firstMonday(y, 5),
        lastMonday(y, 5),
        lastMonday(y, 8),
        ...withSubstitutes([`${y}-12-25`, `${y}-12-26`]),
      ].sort();
      const listed = BANK_HOLIDAYS_ENGLAND_WALES.filter((b) => b.date.startsWith(String(y))).map((b) => b.date).sort();
      expect(listed, String(y)).toEqual(expected);
    }
  });

  it('holds the known substitute days and Easters', () => {
    expect(['2026-12-28', '2027-12-27', '2027-12-28', '2028-01-03', '2024-03-29', '2027-03-26', '2028-04-17'].every(isBankHoliday)).toBe(true);
    expect(isBankHoliday('2026-12-26')).toBe(false);
    expect(BANK_HOLIDAYS_ENGLAND_WALES).toHaveLength(40);
    expect(BANK_HOLIDAYS_ENGLAND_WALES.every((b) => weekdayOf(b.date) !== 'sat' && weekdayOf(b.date) !== 'sun')).toBe(true);
  });
});

describe('dates', () => {
  it('formats days as a rota reads and finds Mondays across month and year ends', () => {
    expect(formatDay('2026-01-13')).toBe('Tue 13 Jan');
    expect(mondayOf('2026-01-01')).toBe('2025-12-29');
    expect(mondayOf('2026-03-01')).toBe('2026-02-23');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });
});

describe('Europe/London local time and UTC', () => {
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);
  it('is GMT in winter and BST in summer, across the 2026 changes', () => {
    expect(iso(londonToUtc('2026-03-28', '21:00'))).toBe('2026-03-28T21:00');
    expect(iso(londonToUtc('2026-03-29', '08:00'))).toBe('2026-03-29T07:00');
    expect(iso(londonToUtc('2026-10-24', '21:30'))).toBe('2026-10-24T20:30');
    expect(iso(londonToUtc('2026-10-25', '08:00'))).toBe('2026-10-25T08:00');
    expect(londonOffsetMinutes(Date.UTC(2026, 6, 1))).toBe(60);
    expect(londonOffsetMinutes(Date.UTC(2026, 0, 1))).toBe(0);
  });

  it('resolves the missing spring hour forward and the repeated autumn hour to its first time', () => {
    expect(iso(londonToUtc('2026-03-29', '01:30'))).toBe('2026-03-29T01:30'); // = 02:30 BST
    expect(iso(londonToUtc('2026-10-25', '01:30'))).toBe('2026-10-25T00:30'); // the BST 01:30
  });

  it('round-trips every session time of 2026 and agrees with the cached session instants', () => {
    for (let d = '2026-01-01'; d <= '2026-12-31'; d = addDays(d, 1)) {
      for (const t of ['08:00', '12:30', '13:30', '18:30', '20:00']) {
        const ms = londonToUtc(d, t);
        expect(utcToLondon(ms)).toEqual({ date: d, time: t });
        expect(sessionInstant(d, Number(t.slice(0, 2)) * 60 + Number(t.slice(3)))).toBe(ms);
      }
    }
  });
});
