import { describe, expect, it } from 'vitest';
import { BUILT_IN_CATALOGUE, catalogueFrom, offeredRoles, roleLabelIn, roleRefusal } from '../../shared/domain/catalogue';

const hubRoles = {
  roles: [
    { id: 'gp_partner', label: 'GP partner', category: 'gp', arrs: false, bodies: ['GMC'], usuallySessions: true },
    { id: 'healthcare_assistant', label: 'Healthcare assistant', category: 'nursing', arrs: false, retired: true },
    { id: 'digital_lead', label: 'Digital lead', category: 'admin', arrs: true },
  ],
};

describe('the catalogue from what the hub sent', () => {
  it('is the built-in one until a catalogue arrives, each list on its own', () => {
    const cat = catalogueFrom({ roles: undefined, namedLeads: undefined, bankHolidays: undefined, release: null });
    expect(cat.sources).toEqual({ roles: 'built-in', leadTypes: 'built-in', bankHolidays: 'built-in' });
    expect(cat.roles).toEqual(BUILT_IN_CATALOGUE.roles);
    const rolesOnly = catalogueFrom({ roles: hubRoles, namedLeads: undefined, bankHolidays: undefined, release: 3 });
    expect(rolesOnly.sources).toEqual({ roles: 'hub', leadTypes: 'built-in', bankHolidays: 'built-in' });
  });

  it('keeps retired and dropped roles readable but never offers them', () => {
    const cat = catalogueFrom({ roles: hubRoles, namedLeads: undefined, bankHolidays: undefined, release: 1 });
    // practice_nurse is built in but the hub dropped it: retired, with its built-in label and group.
    expect(cat.roles.find((r) => r.id === 'practice_nurse')).toMatchObject({ label: 'Practice nurse', category: 'nursing', retired: true });
    expect(offeredRoles(cat).map((r) => r.id)).toEqual(['gp_partner', 'digital_lead']);
    expect(roleLabelIn(cat, 'healthcare_assistant')).toBe('Healthcare assistant (retired role)');
    expect(roleLabelIn(cat, 'never_known')).toBe('never_known (retired role)');
    expect(roleRefusal(cat, 'healthcare_assistant', null)).toMatch(/retired/);
    expect(roleRefusal(cat, 'healthcare_assistant', 'healthcare_assistant')).toBeNull();
    expect(roleRefusal(cat, 'never_known', null)).toBe('Choose a role from the list');
    expect(roleRefusal(cat, 'digital_lead', 'healthcare_assistant')).toBeNull();
  });

  it("uses the hub's bank holidays for the years it lists and the built-in ones for the rest", () => {
    const cat = catalogueFrom({
      roles: undefined,
      namedLeads: undefined,
      bankHolidays: { region: 'england-and-wales', dates: [{ date: '2027-01-01', title: 'New Year’s Day' }, { date: '2029-01-01', title: 'New Year’s Day' }] },
      release: 1,
    });
    const years = (y: string) => cat.bankHolidays.filter((b) => b.date.startsWith(y)).map((b) => b.date);
    // 2027 is the hub's (one date only, as it published), 2026 and 2028 the built-in ones, 2029 the hub's.
    expect(years('2027')).toEqual(['2027-01-01']);
    expect(years('2026')).toHaveLength(8);
    expect(years('2028')).toHaveLength(8);
    expect(years('2029')).toEqual(['2029-01-01']);
    expect(cat.bankHolidays.map((b) => b.date)).toEqual([...cat.bankHolidays.map((b) => b.date)].sort());
  });
});
