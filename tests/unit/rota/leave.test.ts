import { describe, expect, it } from 'vitest';
import { isInSupportedRange } from '../../../shared/rota/bank-holidays';
import { assignmentsAffectedByLeave, carryOver, daysOverBalance, leaveBalance, leaveDaysTaken, leaveEntitlement, leaveYearContaining, overlappingLeave } from '../../../shared/rota/leave';
import { DEFAULT_ROTA_SETTINGS, type RotaStaff } from '../../../shared/rota/model';
import { assign, leave, person, uid } from '../../helpers/rota';

const settings = DEFAULT_ROTA_SETTINGS; // 27 days full time, bank holidays pro rata, year from 1 April, carry-over 5
const year = leaveYearContaining('2026-06-01', settings);
const fullTime: RotaStaff = person(uid(801), { contract: { kind: 'hours', amount: 37.5 }, startDate: '2020-01-01' });
const partTime: RotaStaff = person(uid(802), {
  contract: { kind: 'hours', amount: 22.5 },
  usualSessions: [
    { day: 'mon', period: 'am' },
    { day: 'mon', period: 'pm' },
    { day: 'tue', period: 'am' },
  ],
});

describe('leave years', () => {
  it('run from the practice setting, e.g. 1 April to 31 March, or the calendar year', () => {
    expect(year).toEqual({ start: '2026-04-01', end: '2027-03-31' });
    expect(leaveYearContaining('2026-03-31', settings)).toEqual({ start: '2025-04-01', end: '2026-03-31' });
    expect(leaveYearContaining('2026-03-15', { leaveYearStartMonth: 1, leaveYearStartDay: 1 })).toEqual({ start: '2026-01-01', end: '2026-12-31' });
  });
});

describe('entitlement', () => {
  it('full time for the whole 2026-27 year: 27 days plus its 10 bank holidays (two Easters)', () => {
    const e = leaveEntitlement(fullTime, settings, year);
    expect(e.bankHolidayDays).toBe(10);
    expect(e.totalDays).toBe(37);
  });

  it('pro rata to contracted hours, rounded up to the half day', () => {
    // 22.5 / 37.5 = 0.6: 27 x 0.6 = 16.2, plus 10 x 0.6 = 6, = 22.2 -> 22.5.
    expect(leaveEntitlement(partTime, settings, year).totalDays).toBe(22.5);
    // 6 sessions = 25 h = 2/3: 18 + 6.67 = 24.67 -> 25.
    expect(leaveEntitlement(person(uid(803), { contract: { kind: 'sessions', amount: 6 } }), settings, year).totalDays).toBe(25);
    expect(leaveEntitlement(partTime, { ...settings, bankHolidaysProRata: false }, year).totalDays).toBe(16.5);
  });

  it('part years for a starter and a leaver', () => {
    // Starts 1 Oct 2026: 182 of 365 days, 27 x 182/365 = 13.46, plus the 5 bank holidays from then = 18.46 -> 18.5.
    const starter = leaveEntitlement({ ...fullTime, startDate: '2026-10-01' }, settings, year);
    expect(starter.yearShare).toBeCloseTo(182 / 365, 10);
    expect(starter.totalDays).toBe(18.5);
    // Leaves 30 Jun 2026: 91 days, 27 x 91/365 = 6.73, plus 4 bank holidays (3 Apr, 6 Apr, 4 May, 25 May) = 10.73 -> 11.
    expect(leaveEntitlement({ ...fullTime, endDate: '2026-06-30' }, settings, year).totalDays).toBe(11);
    // Not employed in the year at all.
    expect(leaveEntitlement({ ...fullTime, endDate: '2026-03-31' }, settings, year).totalDays).toBe(0);
  });
});

describe('days taken and balances', () => {
  it('counts working days only, half days as 0.5, and skips bank holidays', () => {
    expect(leaveDaysTaken(fullTime, leave(fullTime.id, '2026-06-08', '2026-06-14'))).toBe(5);
    expect(leaveDaysTaken(fullTime, leave(fullTime.id, '2026-06-15', '2026-06-15', { endHalf: 'am' }))).toBe(0.5);
    expect(leaveDaysTaken(fullTime, leave(fullTime.id, '2026-04-06', '2026-04-08'))).toBe(2); // Easter Monday is not leave
    expect(leaveDaysTaken(fullTime, leave(fullTime.id, '2026-06-10', '2026-06-12', { startHalf: 'pm' }))).toBe(2.5);
    expect(leaveDaysTaken(partTime, leave(partTime.id, '2026-06-08', '2026-06-12'))).toBe(2); // works Mon and Tue
  });

  it('balance = entitlement + carried over - approved annual leave - bank holidays on working days', () => {
    const b = leaveBalance({
      staff: fullTime,
      settings,
      leaveYear: year,
      carriedOverDays: carryOver(7, settings),
      leave: [
        leave(fullTime.id, '2026-06-08', '2026-06-12'),
        leave(fullTime.id, '2026-06-15', '2026-06-15', { endHalf: 'am' }),
        leave(fullTime.id, '2026-07-01', '2026-07-02', { status: 'requested' }),
        leave(fullTime.id, '2026-07-06', '2026-07-06', { status: 'declined' }),
        leave(fullTime.id, '2026-08-03', '2026-08-04', { type: 'sick' }),
        leave(fullTime.id, '2026-03-30', '2026-04-02'), // straddles the year start: 2 days in this year
        leave(uid(899), '2026-09-01', '2026-09-30'), // someone else's
      ],
    });
    expect(b.carriedOverDays).toBe(5);
    expect(b.takenDays).toBe(7.5);
    expect(b.pendingDays).toBe(2);
    expect(b.bankHolidaysTakenDays).toBe(10);
    expect(b.remainingDays).toBe(37 + 5 - 7.5 - 10);
  });

  it('a part-timer has the bank holidays on their working days taken, not all of them', () => {
    const b = leaveBalance({ staff: partTime, settings, leaveYear: year, leave: [] });
    // Mondays among 2026-27's bank holidays: 6 Apr, 4 May, 25 May, 31 Aug, 28 Dec, 29 Mar 2027.
    expect(b.bankHolidaysTakenDays).toBe(6);
    expect(b.remainingDays).toBe(22.5 - 6);
  });

  it('carry-over is capped by the setting and never negative', () => {
    expect(carryOver(3, settings)).toBe(3);
    expect(carryOver(12, settings)).toBe(5);
    expect(carryOver(-2, settings)).toBe(0);
  });
});

describe('approving leave', () => {
  it('finds overlapping leave down to the half day, ignoring declined requests', () => {
    const morning = leave(fullTime.id, '2026-06-10', '2026-06-10', { startHalf: 'am', endHalf: 'am' });
    const afternoon = leave(fullTime.id, '2026-06-10', '2026-06-12', { startHalf: 'pm' });
    const declined = leave(fullTime.id, '2026-06-11', '2026-06-11', { status: 'declined' });
    const other = leave(partTime.id, '2026-06-10', '2026-06-10');
    const week = leave(fullTime.id, '2026-06-08', '2026-06-12');
    expect(overlappingLeave(afternoon, [morning, declined, other])).toEqual([]);
    expect(overlappingLeave(week, [morning, afternoon, declined, other, week]).map((l) => l.id)).toEqual([morning.id, afternoon.id]);
  });

  it('lists the assignments the leave would clash with, half days respected', () => {
    const pmLeave = leave(fullTime.id, '2026-06-10', '2026-06-10', { startHalf: 'pm', endHalf: 'pm' });
    const a = [assign(fullTime.id, '2026-06-10', 'am'), assign(fullTime.id, '2026-06-10', 'pm'), assign(fullTime.id, '2026-06-10', 'eve', 'EXT'), assign(partTime.id, '2026-06-10', 'pm')];
    expect(assignmentsAffectedByLeave(pmLeave, a)).toEqual([a[1], a[2]]);
  });

  it('says how far a request goes over the balance, for the override warning', () => {
    const b = { remainingDays: 2.5 };
    expect(daysOverBalance(leave(fullTime.id, '2026-06-08', '2026-06-12'), b, fullTime, year)).toBe(2.5);
    expect(daysOverBalance(leave(fullTime.id, '2026-06-08', '2026-06-09'), b, fullTime, year)).toBe(0);
    expect(daysOverBalance(leave(fullTime.id, '2026-06-08', '2026-06-12', { type: 'sick' }), b, fullTime, year)).toBe(0);
  });

  it('knows the supported date range', () => {
    expect(isInSupportedRange('2024-01-01')).toBe(true);
    expect(isInSupportedRange('2028-12-31')).toBe(true);
    expect(isInSupportedRange('2029-01-01')).toBe(false);
    expect(isInSupportedRange('garbage')).toBe(false);
  });
});
