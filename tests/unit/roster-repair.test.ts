import { describe, expect, it } from 'vitest';
import { SharedIncumbent } from '../../shared/roster/incumbent';
import { compileProblem, type RosterProblem } from '../../shared/roster/model';
import { solve } from '../../shared/roster/solver';
import { RosterState } from '../../shared/roster/state';

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

// Cover wants everyone every day, and a breach is priced at 1 against 100 for each person
// short, so a cold annealing alone keeps the breaches (Instance 22 in miniature).
function overDemanded(): RosterProblem {
  return {
    days: 14,
    shifts: [{ id: 'D', minutes: 480 }],
    employees: ['A', 'B', 'C'].map((id) => ({ id, maxConsecutiveDays: 5, minConsecutiveDaysOff: 2, maxWeekends: 1 })),
    cover: Array.from({ length: 14 }, (_, day) => ({ day, shifts: ['D'], requirement: 3, underWeight: 100, overWeight: 1 })),
  };
}

describe('feasibility repair', () => {
  it('turns a roster that breaks rules into one that keeps them, even when breaches are priced below cover', () => {
    const cp = compileProblem(overDemanded());
    const allWork = new Int32Array(cp.E * cp.D).fill(1);
    expect(new RosterState(cp, allWork).hard).toBeGreaterThan(0);
    const r = solve(cp, { timeLimitMs: 400, seed: 3, now: cpuMs, initial: allWork, tuning: { hardWeight: 0, hot: 0 } });
    expect(r.x).not.toBeNull();
    const st = new RosterState(cp, r.x!);
    expect(st.hard).toBe(0);
    expect(r.objective).toBe(Math.round(st.cover + st.pref));
    // Each person works at most 5 days of a week-long stretch and at most one weekend.
    for (let e = 0; e < cp.E; e++) {
      const row = Array.from(r.x!.subarray(e * cp.D, (e + 1) * cp.D));
      expect(row.join('')).not.toMatch(/1{6}/);
      expect([row[5]! || row[6]!, row[12]! || row[13]!].filter(Boolean).length).toBeLessThanOrEqual(1);
    }
  });
});

describe('shared incumbent', () => {
  it('keeps only better rosters and hands back a copy', () => {
    const inc = new SharedIncumbent(SharedIncumbent.createBuffer(4), 4);
    const into = new Int32Array(4);
    expect(inc.read(into)).toBe(Infinity);
    expect(inc.objective()).toBe(Infinity);
    inc.offer(10, Int32Array.of(1, 2, 3, 4));
    inc.offer(12, Int32Array.of(9, 9, 9, 9));
    expect(inc.objective()).toBe(10);
    expect(inc.read(into)).toBe(10);
    expect(Array.from(into)).toEqual([1, 2, 3, 4]);
    inc.offer(7, Int32Array.of(4, 3, 2, 1));
    expect(inc.read(into)).toBe(7);
    expect(Array.from(into)).toEqual([4, 3, 2, 1]);
    // A roster of another size is never mixed in.
    inc.offer(1, Int32Array.of(1, 1));
    expect(inc.read(into)).toBe(7);
  });

  it('is where a search thread publishes its best roster', () => {
    const cp = compileProblem(overDemanded());
    const buf = SharedIncumbent.createBuffer(cp.E * cp.D);
    const r = solve(cp, { timeLimitMs: 200, seed: 1, now: cpuMs, incumbent: new SharedIncumbent(buf, cp.E * cp.D) });
    const other = new SharedIncumbent(buf, cp.E * cp.D);
    const into = new Int32Array(cp.E * cp.D);
    expect(other.read(into)).toBe(r.objective);
    expect(Array.from(into)).toEqual(Array.from(r.x!));
  });
});
