/**
 * A small, hand-built rota for rule tests: two sites, a few people, the default duties.
 * Everything is fictional.
 */
import {
  DEFAULT_DUTIES,
  DEFAULT_ROTA_SETTINGS,
  defaultSiteSessions,
  type Duty,
  type LeaveRequest,
  type RotaAssignment,
  type RotaSession,
  type RotaStaff,
} from '../../shared/rota/model';
import type { RotaState } from '../../shared/rota/rules';

/** A fixed, schema-valid UUID per number, so messages and ids are predictable. */
export function uid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

export const MAIN = uid(1);
export const BRANCH = uid(2);

export const duties: Duty[] = DEFAULT_DUTIES.map((d, i) => ({ ...d, id: uid(100 + i), archived: false }));
export function dutyId(code: string): string {
  const d = duties.find((x) => x.code === code);
  if (!d) throw new Error(`no duty ${code}`);
  return d.id;
}

export const AMY = uid(201); // GP, duty doctor competency, works Mon-Fri
export const BEN = uid(202); // healthcare assistant, hours contract, works Mon and Tue
export const CARA = uid(203); // practice nurse
export const DEV = uid(204); // salaried GP, deputy for leads

export function person(id: string, over: Partial<RotaStaff> = {}): RotaStaff {
  return {
    id,
    displayName: 'Someone',
    roleId: 'salaried_gp',
    contract: { kind: 'sessions', amount: 9 },
    usualSessions: [],
    siteIds: [MAIN],
    competencies: [],
    startDate: '2024-01-01',
    endDate: null,
    archived: false,
    ...over,
  };
}

export const staff: RotaStaff[] = [
  person(AMY, { displayName: 'Dr Amy Lee', roleId: 'gp_partner', competencies: ['duty_doctor', 'telephone_triage'], contract: { kind: 'sessions', amount: 9 } }),
  person(BEN, {
    displayName: 'Ben Cole',
    roleId: 'healthcare_assistant',
    contract: { kind: 'hours', amount: 20 },
    usualSessions: [
      { day: 'mon', period: 'am' },
      { day: 'mon', period: 'pm' },
      { day: 'tue', period: 'am' },
    ],
    competencies: ['phlebotomy'],
  }),
  person(CARA, { displayName: 'Cara Patel', roleId: 'practice_nurse', contract: { kind: 'hours', amount: 37.5 } }),
  person(DEV, { displayName: 'Dr Dev Shah', roleId: 'salaried_gp', competencies: ['duty_doctor'] }),
];

let seq = 1000;
export function assign(staffId: string, date: string, session: RotaSession, code = 'SURG', siteId = MAIN, over: Partial<RotaAssignment> = {}): RotaAssignment {
  seq++;
  return {
    id: uid(seq),
    date,
    session,
    siteId,
    staffId,
    dutyId: dutyId(code),
    note: '',
    status: 'planned',
    source: 'manual',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

export function leave(staffId: string, startDate: string, endDate: string, over: Partial<LeaveRequest> = {}): LeaveRequest {
  seq++;
  return {
    id: uid(seq),
    staffId,
    type: 'annual',
    startDate,
    startHalf: 'am',
    endDate,
    endHalf: 'pm',
    status: 'approved',
    note: '',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

export function rotaState(over: Partial<RotaState> = {}): RotaState {
  return {
    settings: DEFAULT_ROTA_SETTINGS,
    range: { from: '2026-01-01', to: '2026-12-31' },
    sites: [
      { id: MAIN, name: 'Main Surgery', openOnBankHolidays: false },
      { id: BRANCH, name: 'Branch Surgery', openOnBankHolidays: false },
    ],
    siteSessions: [...defaultSiteSessions(MAIN, { eveningOn: ['tue', 'thu'] }), ...defaultSiteSessions(BRANCH)],
    duties,
    staff,
    assignments: [],
    leave: [],
    coverageRules: [],
    namedLeads: [],
    ...over,
  };
}
