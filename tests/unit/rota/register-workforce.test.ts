import { describe, expect, it } from 'vitest';
import { namedLeadRegister } from '../../../shared/rota/register';
import { workforcePlan } from '../../../shared/rota/workforce';
import { AMY, BEN, CARA, DEV, assign, leave, rotaState, staff, uid } from '../../helpers/rota';

describe('named leads register', () => {
  const leads = [
    { id: uid(1), leadType: 'safeguarding_children', leadStaffId: AMY, deputyStaffId: DEV, from: '2025-04-01', to: null },
    { id: uid(2), leadType: 'ipc', leadStaffId: AMY, deputyStaffId: null, from: '2025-04-01', to: null },
    { id: uid(3), leadType: 'complaints', leadStaffId: CARA, deputyStaffId: BEN, from: '2025-04-01', to: '2026-01-31' },
    { id: uid(4), leadType: 'complaints', leadStaffId: DEV, deputyStaffId: CARA, from: '2026-03-01', to: null },
    { id: uid(5), leadType: 'local_minor_ops', leadStaffId: DEV, deputyStaffId: AMY, from: '2025-04-01', to: null },
  ];
  const rows = namedLeadRegister(leads, staff, [leave(AMY, '2026-02-09', '2026-02-13'), leave(DEV, '2026-02-11', '2026-02-11', { startHalf: 'am', endHalf: 'am' }), leave(DEV, '2026-04-01', '2026-04-02'), leave(AMY, '2026-02-16', '2026-02-16', { status: 'requested' })], '2026-02-09');

  it('lists every lead type the practice keeps, plus its own, with vacancies flagged', () => {
    expect(rows).toHaveLength(14);
    const byType = (t: string) => rows.find((r) => r.leadType === t);
    expect(byType('safeguarding_children')).toMatchObject({ label: 'Safeguarding lead (children)', leadName: 'Dr Amy Lee', deputyName: 'Dr Dev Shah', vacant: false, noDeputy: false, holderGone: false });
    expect(byType('ipc')).toMatchObject({ vacant: false, noDeputy: true });
    expect(byType('complaints')).toMatchObject({ vacant: true, entry: null }); // the old entry ended, the new one starts in March
    expect(byType('data_protection_officer')).toMatchObject({ vacant: true, noDeputy: true });
    expect(byType('local_minor_ops')?.label).toBe('local_minor_ops');
  });

  it('shows each holder\'s approved leave in the coming weeks beside them', () => {
    const row = rows.find((r) => r.leadType === 'safeguarding_children');
    expect(row?.leadAbsences.map((a) => `${a.from}..${a.to} ${a.type} ${a.half ?? 'whole'}`)).toEqual(['2026-02-09..2026-02-13 annual whole']);
    expect(row?.deputyAbsences.map((a) => `${a.from} ${a.half ?? 'whole'}`)).toEqual(['2026-02-11 am']);
  });
});

describe('workforce plan', () => {
  it('puts contracted WTE by role next to the sessions planned, and patients per WTE', () => {
    const s = rotaState();
    const plan = workforcePlan({
      staff,
      siteSessions: s.siteSessions,
      listSize: 10_000,
      from: '2026-01-12',
      to: '2026-01-18',
      assignments: [assign(AMY, '2026-01-12', 'am'), assign(AMY, '2026-01-13', 'am'), assign(DEV, '2026-01-14', 'pm'), assign(DEV, '2026-01-14', 'pm', 'DD'), assign(AMY, '2026-01-19', 'am')],
    });
    expect(plan.weeks).toBe(1);
    const gp = plan.rows.find((r) => r.roleId === 'gp_partner');
    expect(gp).toMatchObject({ headcount: 1, contractedWte: 1, plannedSessions: 2, plannedWte: 0.24 });
    expect(plan.rows.find((r) => r.roleId === 'salaried_gp')).toMatchObject({ plannedSessions: 1, plannedWte: 0.13 });
    expect(plan.rows.find((r) => r.roleId === 'healthcare_assistant')).toMatchObject({ contractedWte: 0.53, plannedSessions: 0 });
    expect(plan.patientsPerGpWte).toEqual({ contracted: 5000, planned: 27027 });
    expect(plan.patientsPerClinicalWte.contracted).toBe(2833);
    expect(plan.totals.plannedSessions).toBe(3);
  });

  it('has no ratio to show without GPs', () => {
    const plan = workforcePlan({ staff: [], siteSessions: [], listSize: 5000, from: '2026-01-01', to: '2026-01-31', assignments: [] });
    expect(plan.patientsPerGpWte).toEqual({ contracted: null, planned: null });
  });
});
