import { describe, expect, it } from 'vitest';
import { compileProblem, RosterModelError, toRoster, type RosterEmployee, type RosterProblem } from '../../shared/roster/model';
import { solve } from '../../shared/roster/solver';
import { RosterState } from '../../shared/roster/state';

// A small practice: two sites, morning and afternoon sessions, an extended-hours evening,
// GPs who may work two sessions a day, a named safeguarding lead whose cover only two
// people may give, half-day leave, a locked (manually set) session, the 11-hour rest and
// the 48-hour week.
const AM = { start: 8 * 60, end: 13 * 60, minutes: 300 };
const PM = { start: 13 * 60 + 30, end: 18 * 60 + 30, minutes: 300 };
const EVE = { start: 18 * 60 + 30, end: 21 * 60 + 30, minutes: 180 };
const practice: RosterProblem = {
  days: 7,
  firstWeekday: 0,
  shifts: [
    { id: 'AM@Main', ...AM }, { id: 'PM@Main', ...PM }, { id: 'AM@Branch', ...AM }, { id: 'PM@Branch', ...PM },
    { id: 'EVE@Main', ...EVE },
  ],
  employees: ['gp1', 'gp2', 'gp3', 'anp1'].map((id): RosterEmployee => ({
    id, maxShiftsPerDay: 2, minRestMinutes: 11 * 60, maxMinutesPer7Days: 48 * 60, maxConsecutiveDays: 5, maxWeekends: 1,
    maxShifts: id === 'anp1' ? { 'EVE@Main': 0 } : undefined,
  })),
  cover: [
    ...[0, 1, 2, 3, 4].flatMap((day) => [
      // One GP on any duty session each half-day at Main, one at Branch.
      { day, shifts: ['AM@Main'], employees: ['gp1', 'gp2', 'gp3'], requirement: 1, underWeight: 100, overWeight: 5 },
      { day, shifts: ['PM@Main'], employees: ['gp1', 'gp2', 'gp3'], requirement: 1, underWeight: 100, overWeight: 5 },
      { day, shifts: ['AM@Branch', 'PM@Branch'], requirement: 2, underWeight: 50, overWeight: 5 },
      // Named safeguarding lead cover: gp1 or their deputy gp2, any Main session.
      { day, shifts: ['AM@Main', 'PM@Main'], employees: ['gp1', 'gp2'], requirement: 1, underWeight: 200, overWeight: 0 },
    ]),
    { day: 1, shifts: ['EVE@Main'], requirement: 1, underWeight: 80, overWeight: 5 },
    { day: 3, shifts: ['EVE@Main'], requirement: 1, underWeight: 80, overWeight: 5 },
  ],
  daysOff: [
    { employee: 'gp1', day: 2 },
    { employee: 'gp2', day: 1, shifts: ['AM@Main', 'AM@Branch'] }, // half-day leave
  ],
  locked: [{ employee: 'anp1', day: 0, shifts: ['AM@Branch', 'PM@Branch'] }],
  requests: [{ employee: 'gp3', day: 4, shift: 'PM@Main', weight: 3, kind: 'off' }],
};

describe('practice rota on the roster model', () => {
  it('honours sessions per day, half-day leave, locks, rest, the 48-hour week and named-lead cover', () => {
    const cp = compileProblem(practice);
    const r = solve(cp, { timeLimitMs: 800, seed: 5 });
    expect(r.x).not.toBeNull();
    const x = r.x!;
    expect(new RosterState(cp, x).hard).toBe(0);
    const roster = toRoster(cp, x);
    const who = (id: string): string[][] => roster[practice.employees.findIndex((e) => e.id === id)]!;
    // Several non-overlapping sessions a day are possible, never more than two.
    for (const row of roster) for (const day of row) {
      expect(day.length).toBeLessThanOrEqual(2);
      const [a, b] = day;
      if (a && b) expect(a.split('@')[0]).not.toBe(b.split('@')[0]);
    }
    expect(roster.some((row) => row.some((day) => day.length === 2))).toBe(true);
    expect(who('gp1')[2]).toEqual([]);
    expect(who('gp2')[1]!.some((s) => s.startsWith('AM'))).toBe(false);
    expect(who('anp1')[0]).toEqual(['AM@Branch', 'PM@Branch']);
    expect(who('anp1').flat()).not.toContain('EVE@Main');
    // 11 hours' rest: an evening (ends 21:30) is never followed by a morning (08:00).
    for (const row of roster) for (let d = 0; d + 1 < 7; d++) {
      if (row[d]!.includes('EVE@Main')) expect(row[d + 1]!.some((s) => s.startsWith('AM'))).toBe(false);
    }
    // 48-hour week.
    const minutes = (s: string): number => practice.shifts.find((t) => t.id === s)!.minutes;
    for (const row of roster) expect(row.flat().reduce((a, s) => a + minutes(s), 0)).toBeLessThanOrEqual(48 * 60);
    // The named lead's cover is met every weekday by gp1 or gp2 at Main.
    for (let d = 0; d < 5; d++) expect([...who('gp1')[d]!, ...who('gp2')[d]!].some((s) => s.endsWith('@Main') && !s.startsWith('EVE'))).toBe(true);
  });

  it('refuses contradictions in plain words', () => {
    expect(() => compileProblem({ ...practice, locked: [{ employee: 'gp1', day: 2, shifts: ['AM@Main'] }] })).toThrow(/locked to work on day 2, which is a day off/);
    expect(() => compileProblem({ ...practice, locked: [{ employee: 'gp1', day: 0, shifts: ['AM@Main', 'AM@Branch'] }] })).toThrow(RosterModelError);
    expect(() => compileProblem({ ...practice, cover: [{ day: 9, shifts: ['AM@Main'], requirement: 1, underWeight: 1, overWeight: 1 }] })).toThrow(/outside the horizon/);
    expect(() => compileProblem({ ...practice, employees: [{ id: 'x', minMinutes: 600, maxMinutes: 300 }] })).toThrow(/minimum total minutes 600 is above the maximum 300/);
  });
});
