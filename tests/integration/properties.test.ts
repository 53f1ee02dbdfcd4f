import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../shared/channels';
import { ROLES } from '../../shared/domain/roles';
import { WEEKDAYS, SESSION_PERIODS } from '../../shared/domain/workforce';
import { GivenName } from '../../shared/contract/staff';
import { demoCore } from '../helpers/core';

const { core, c, status } = demoCore();
afterAll(() => core.close());
const siteIds = status.practice?.sites.map((s) => s.id) ?? [];

describe('properties of the core', () => {
  it('any input to any channel yields an envelope, never an exception, and bad writes leave no trace', () => {
    const count = () => core.db.prepare('SELECT (SELECT count(*) FROM staff) + (SELECT count(*) FROM audit_log)').pluck().get();
    // Hub enrolment and sync wait on the network; tests/integration/sync-feature.test.ts covers them.
    fc.assert(
      fc.property(fc.constantFrom(...CHANNELS.filter((ch) => !ch.startsWith('session.') && ch !== 'practice.openDemo' && ch !== 'practice.setup' && ch !== 'sync.enrol' && ch !== 'sync.now' && ch !== 'backup.now')), fc.anything(), (channel, input) => {
        const before = count();
        const env = c.raw(channel, input);
        expect(typeof env.ok).toBe('boolean');
        if (!env.ok) {
          expect(env.error.message.length).toBeGreaterThan(0);
          expect(count()).toBe(before);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('whatever valid staff member is saved reads back the same, with WTE from the contract', () => {
    const unregisteredRoles = ROLES.filter((r) => r.bodies.length === 0).map((r) => r.id);
    const session = fc.record({ day: fc.constantFrom(...WEEKDAYS), period: fc.constantFrom(...SESSION_PERIODS) });
    const name = fc.string({ minLength: 1, maxLength: 60 }).filter((s) => s.trim().length > 0 && s.trim() === s);
    const staff = fc.record({
      givenName: name,
      familyName: name,
      roleId: fc.constantFrom(...unregisteredRoles),
      contract: fc.oneof(
        fc.record({ kind: fc.constant('sessions' as const), amount: fc.integer({ min: 1, max: 22 }).map((h) => h / 2) }),
        fc.record({ kind: fc.constant('hours' as const), amount: fc.integer({ min: 100, max: 4800 }).map((h) => h / 100) }),
      ),
      usualSessions: fc.uniqueArray(session, { selector: (s) => `${s.day}${s.period}`, maxLength: 12 }),
      siteIds: fc.subarray(siteIds, { minLength: 1 }),
      professionalBody: fc.constant(null),
      registrationNumber: fc.constant(null),
      startDate: fc.date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      endDate: fc.constant(null),
      competencies: fc.constant<string[]>([]),
      email: fc.constant(null),
    });
    fc.assert(
      fc.property(staff, (input) => {
        const saved = c.ok('staff.create', input);
        const read = c.ok('staff.get', { id: saved.id });
        // Stored exactly as the text policy normalised it (spaces inside a name are folded to one).
        expect(read.givenName).toBe(GivenName.parse(input.givenName));
        expect(read).toEqual(saved);
        expect(read.contract).toEqual(input.contract);
        expect(read.siteIds).toEqual([...input.siteIds].sort());
        expect(read.usualSessions).toEqual(input.usualSessions);
        expect(read.wte).toBeGreaterThan(0);
      }),
      { numRuns: 150 },
    );
  });
});
