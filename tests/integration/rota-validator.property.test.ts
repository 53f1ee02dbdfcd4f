import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../shared/rota/dates';
import { demoCore, fixedClock } from '../helpers/core';

/**
 * Whatever sequence of grid batches and leave decisions goes through the channels, the
 * core's live validator (updated incrementally, or widened when an edit falls outside its
 * dates) finds exactly what a fresh validator over the same data finds.
 */
const TODAY = '2026-11-23';

type Step =
  | { kind: 'set'; who: number; day: number; session: 'am' | 'pm' | 'eve'; duty: number; site: number }
  | { kind: 'clear'; pick: number }
  | { kind: 'leave'; who: number; day: number; length: number; half: 'am' | 'pm' | null; approve: boolean; clear: boolean };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), who: fc.nat(7), day: fc.integer({ min: -3, max: 75 }), session: fc.constantFrom('am' as const, 'pm' as const, 'eve' as const), duty: fc.nat(8), site: fc.nat(1) }),
  fc.record({ kind: fc.constant('clear' as const), pick: fc.nat(500) }),
  fc.record({ kind: fc.constant('leave' as const), who: fc.nat(7), day: fc.integer({ min: 0, max: 70 }), length: fc.integer({ min: 1, max: 5 }), half: fc.constantFrom(null, 'am' as const, 'pm' as const), approve: fc.boolean(), clear: fc.boolean() }),
);

describe('the core’s live rota validator', () => {
  it('equals a fresh validation after any sequence of edits and leave decisions', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 8 }), (steps) => {
        const { core, c } = demoCore(fixedClock(`${TODAY}T09:00:00.000Z`));
        try {
          const r = c.ok('rota.range', { from: TODAY, to: addDays(TODAY, 13) });
          const people = r.staff.slice(0, 8);
          for (const s of steps) {
            if (s.kind === 'set') {
              const person = people[s.who % people.length];
              const duty = r.duties[s.duty % r.duties.length];
              const date = addDays(TODAY, s.day);
              if (!person || !duty) continue;
              const current = c.ok('rota.range', { from: date, to: date }).assignments.find((a) => a.staffId === person.id && a.session === s.session);
              // Refusals (a closed session, say) are fine: they must change nothing.
              c.raw('rota.apply', {
                ops: [{ op: 'set', staffId: person.id, date, session: s.session, siteId: r.sites[s.site]?.id ?? '', dutyId: duty.id, replaces: current ? { id: current.id, expectedUpdatedAt: current.updatedAt } : null }],
              });
            } else if (s.kind === 'clear') {
              const all = c.ok('rota.range', { from: TODAY, to: addDays(TODAY, 13) }).assignments;
              const a = all[s.pick % Math.max(1, all.length)];
              if (a) c.ok('rota.apply', { ops: [{ op: 'clear', staffId: a.staffId, date: a.date, session: a.session, replaces: { id: a.id, expectedUpdatedAt: a.updatedAt } }] });
            } else {
              const person = people[s.who % people.length];
              if (!person) continue;
              const start = addDays(TODAY, s.day);
              const single = s.half !== null;
              const req = c.raw('leave.request', {
                staffId: person.id,
                type: 'annual',
                startDate: start,
                endDate: single ? start : addDays(start, s.length - 1),
                startHalf: s.half ?? 'am',
                endHalf: s.half ?? 'pm',
              });
              if (!req.ok) continue; // overlapping leave is refused
              const l = req.value as { id: string; updatedAt: string };
              c.ok('leave.decide', { id: l.id, expectedUpdatedAt: l.updatedAt, decision: s.approve ? 'approve' : 'decline', clearAffected: s.clear, overrideBalance: true });
            }
          }
          const key = (x: { id: string; message: string; cells: unknown }) => `${x.id}|${x.message}|${JSON.stringify(x.cells)}`;
          expect(core.rota.validator().conflicts().map(key)).toEqual(core.rota.fullRecheck().map(key));
        } finally {
          core.close();
        }
      }),
      { numRuns: 12, seed: 20261123 },
    );
  }, 120_000);
});
