import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../shared/channels';
import { contract } from '../../shared/contract';
import { PracticeSetupInput } from '../../shared/contract/app';
import { StaffInput, roleRuleProblems } from '../../shared/contract/staff';
import { roleById } from '../../shared/domain/roles';
import { fieldErrorsFromIssues } from '../../shared/errors';
import { wte } from '../../shared/domain/workforce';
import { sampleStaff } from '../helpers/core';

const SITE = '7f0c1c1e-3b8a-4f7e-9a51-2d6f0c9b1a11';

function errorsOf(input: unknown): Record<string, string> {
  const r = StaffInput.safeParse(input);
  return r.success ? {} : fieldErrorsFromIssues(r.error.issues);
}

describe('the API contract', () => {
  it('has exactly one schema row per channel', () => {
    expect(Object.keys(contract).sort()).toEqual([...CHANNELS].sort());
    for (const ch of CHANNELS) {
      expect(contract[ch].doc.length, ch).toBeGreaterThan(5);
    }
  });

  it('accepts a well-formed staff member and normalises codes', () => {
    const r = StaffInput.parse(sampleStaff(SITE, { registrationNumber: ' 99 12345 ', givenName: '  Ann ' }));
    expect(r.registrationNumber).toBe('9912345');
    expect(r.givenName).toBe('Ann');
  });

  it('rejects bad staff input with a message per field', () => {
    const errors = errorsOf(
      sampleStaff(SITE, {
        givenName: '   ',
        contract: { kind: 'sessions', amount: 99 },
        startDate: '2026-05-01',
        endDate: '2026-04-01',
        registrationNumber: '12AB',
        siteIds: [],
      }),
    );
    expect(errors['givenName']).toBe('Enter first name');
    expect(errors['contract.amount']).toMatch(/11 or fewer/);
    expect(errors['endDate']).toBe('End date must be on or after the start date');
    expect(errors['registrationNumber']).toMatch(/GMC number is 7 digits/);
    expect(errors['siteIds']).toBe('Choose at least one site');
  });

  it('rejects negative, zero, fractional and absurd contracts', () => {
    expect(errorsOf(sampleStaff(SITE, { contract: { kind: 'sessions', amount: -1 } }))['contract.amount']).toMatch(/more than 0/);
    expect(errorsOf(sampleStaff(SITE, { contract: { kind: 'sessions', amount: 2.3 } }))['contract.amount']).toMatch(/half sessions/);
    expect(errorsOf(sampleStaff(SITE, { contract: { kind: 'hours', amount: 80 } }))['contract.amount']).toMatch(/48 or fewer/);
    expect(errorsOf(sampleStaff(SITE, { contract: { kind: 'hours', amount: 0.01 } }))['contract.amount']).toMatch(/at least 1/);
    expect(errorsOf(sampleStaff(SITE, { contract: { kind: 'hours', amount: Number.NaN } }))['contract.amount']).toBeDefined();
  });

  it('refuses impossible dates, oversized strings and unknown roles', () => {
    expect(errorsOf(sampleStaff(SITE, { startDate: '2026-02-31' }))['startDate']).toBe('Enter a real date');
    expect(errorsOf(sampleStaff(SITE, { familyName: 'x'.repeat(61) }))['familyName']).toMatch(/60 characters or fewer/);
    // The schema checks a role's shape; whether it is in the catalogue in use is the core's
    // check (tests/integration/catalogue.test.ts), as the hub's catalogue can change it.
    expect(errorsOf(sampleStaff(SITE, { roleId: '' }))['roleId']).toBe('Choose a role');
    expect(errorsOf(sampleStaff(SITE, { roleId: 'Wizard <b>' }))['roleId']).toBe('Choose a role');
  });

  it('ties professional bodies and competencies to roles, as the catalogue defines the role', () => {
    const problems = (input: ReturnType<typeof sampleStaff>) => {
      const role = roleById(input.roleId);
      if (!role) throw new Error(`no built-in role ${input.roleId}`);
      return roleRuleProblems({ roleId: input.roleId, professionalBody: input.professionalBody, competencies: input.competencies }, role);
    };
    expect(problems(sampleStaff(SITE, { professionalBody: 'NMC', registrationNumber: '12A3456E' }))['professionalBody']).toMatch(/registers with GMC/);
    const hca = problems(sampleStaff(SITE, { roleId: 'healthcare_assistant', professionalBody: null, registrationNumber: null, competencies: ['duty_doctor'] }));
    expect(hca['competencies.0']).toMatch(/Duty doctor cannot be held/);
    const recep = problems(sampleStaff(SITE, { roleId: 'receptionist', professionalBody: null, registrationNumber: null, competencies: ['minor_surgery'] }));
    expect(recep['competencies.0']).toMatch(/needs a registered clinician/);
    // A hub role this release does not know is judged by the hub's definition of it.
    const hubRole = { label: 'Digital lead', bodies: [] as const };
    expect(roleRuleProblems({ roleId: 'digital_lead', professionalBody: 'GMC', competencies: ['home_visits'] }, hubRole)).toEqual({
      professionalBody: 'A digital lead is not registered with a professional body',
      'competencies.0': 'Home visits needs a registered clinician; a digital lead is not one',
    });
  });

  it('validates ODS codes and duplicate site names on setup', () => {
    const base = { name: 'Test Practice', odsCode: 'a12345', listSize: 9000, sites: [{ name: 'Main' }], manager: { givenName: 'A', familyName: 'B' } };
    expect(PracticeSetupInput.parse(base).odsCode).toBe('A12345');
    const bad = PracticeSetupInput.safeParse({ ...base, odsCode: '123456', sites: [{ name: 'Main' }, { name: 'main' }] });
    expect(bad.success).toBe(false);
    const errs = bad.success ? {} : fieldErrorsFromIssues(bad.error.issues);
    expect(errs['odsCode']).toMatch(/letter and five digits/);
    expect(errs['sites.1.name']).toMatch(/same name/);
  });

  it('computes WTE from sessions and hours alike', () => {
    expect(wte({ kind: 'sessions', amount: 9 })).toBe(1);
    expect(wte({ kind: 'hours', amount: 37.5 })).toBe(1);
    expect(wte({ kind: 'sessions', amount: 6 })).toBe(0.67);
    expect(wte({ kind: 'hours', amount: 22.5 })).toBe(0.6);
  });
});
