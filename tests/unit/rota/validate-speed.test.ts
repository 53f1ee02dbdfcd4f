import { describe, expect, it } from 'vitest';
import { makeYearScenario, timeRotaValidation } from '../../../shared/rota/scenario';
import { validateRota } from '../../../shared/rota/rules';

// The targets are 500 ms for a year and well under 5 ms an edit on a quiet machine
// (README: figures from `npm run bench`). The bounds here are generous so a busy CI
// machine does not fail them, but a change that made validation quadratic would.
describe('rota validation speed (seeded practice-year)', () => {
  it('is the size the issue asks for: 60 staff, 2 sites, about 30,000 assignments', () => {
    const s = makeYearScenario(1);
    expect(s.staff).toHaveLength(60);
    expect(s.sites).toHaveLength(2);
    expect(s.assignments.length).toBeGreaterThan(25_000);
    expect(s.assignments.length).toBeLessThan(35_000);
    expect(s.leave.length).toBeGreaterThan(100);
    expect(s.namedLeads.length).toBe(13);
    // Same seed, same year.
    expect(makeYearScenario(1).assignments.slice(0, 50)).toEqual(s.assignments.slice(0, 50));
  });

  it('validates the year and re-checks single edits within generous bounds', () => {
    const t = timeRotaValidation(1, { runs: 3, edits: 300 });
    expect(t.conflicts).toBe(validateRota(makeYearScenario(1)).length);
    expect(t.conflicts).toBeGreaterThan(0);
    expect(t.validateYearMs).toBeLessThan(2_500);
    expect(t.editMedianMs).toBeLessThan(5);
    expect(t.editP95Ms).toBeLessThan(50);
  });
});
