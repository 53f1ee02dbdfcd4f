import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caller } from '../helpers/core';
import { seedRotaYear, timeValidateYear, type RotaYear } from '../../scripts/rota-year';

// The benchmark's practice: 60 staff, 2 sites and a year of rota entered through the
// channels. Times are CPU time, so a busy shared machine does not fail the speed bounds.
let year: RotaYear;

beforeAll(() => {
  year = seedRotaYear(null);
}, 120_000);
afterAll(() => year.core.close());

const cpuMs = (f: () => void): number => {
  const c0 = process.cpuUsage();
  f();
  const used = process.cpuUsage(c0);
  return (used.user + used.system) / 1000;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

describe('a year of rota through the real core', () => {
  it('holds what the scenario planned: 60 staff, about 30,000 assignments, leave, rules and leads', () => {
    expect(year.staff).toBe(60);
    expect(year.assignments).toBeGreaterThan(25_000);
    const stored = year.core.db.prepare('SELECT count(*) FROM rota_assignment WHERE deleted = 0').pluck().get();
    expect(stored).toBe(year.assignments);
    expect(year.leave.approved).toBeGreaterThan(150);
    expect(year.coverageRules).toBe(80);
    expect(year.namedLeads).toBe(13);
    expect(year.core.check()).toEqual([]);
  });

  it('reads four weeks for 60 staff in under 30 ms of the core’s time', () => {
    const c = caller(year.core, year.session);
    const r = c.ok('rota.range', { from: '2026-03-02', to: '2026-03-29' });
    expect(r.staff.length).toBeGreaterThanOrEqual(59);
    expect(r.assignments.length).toBeGreaterThan(2000);
    const times = Array.from({ length: 9 }, (_, i) => cpuMs(() => year.core.rota.range(`2026-0${3 + (i % 6)}-02`, `2026-0${3 + (i % 6)}-29`)));
    expect(median(times)).toBeLessThan(30);
  });

  it('validates the whole year through the feature in under 500 ms, and a one-cell edit re-checks only what it touches', () => {
    const timing = timeValidateYear(year.core, 3);
    expect(timing.conflicts).toBeGreaterThan(0);
    expect(timing.medianCpuMs).toBeLessThan(500);
    const c = caller(year.core, year.session);
    const a = c.ok('rota.range', { from: '2026-06-01', to: '2026-06-01' }).assignments[0];
    if (!a) throw new Error('no assignment');
    const edit = cpuMs(() => c.ok('rota.apply', { ops: [{ op: 'clear', staffId: a.staffId, date: a.date, session: a.session, replaces: { id: a.id, expectedUpdatedAt: a.updatedAt } }] }));
    expect(edit).toBeLessThan(50);
    const live = year.core.rota.validator().conflicts().map((x) => `${x.id}|${x.message}`);
    expect(year.core.rota.fullRecheck().map((x) => `${x.id}|${x.message}`)).toEqual(live);
  });
});
