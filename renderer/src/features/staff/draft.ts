/**
 * The staff form's working copy: what the inputs hold (strings, ticked boxes) and how it
 * becomes a StaffInput for the API. The server validates; this only converts.
 */
import { competencyRefusal } from '../../../../shared/domain/competencies';
import { BUILT_IN_CATALOGUE, catalogueRole, type CatalogueRole } from '../../../../shared/domain/catalogue';
import type { ProfessionalBody } from '../../../../shared/domain/roles';
import { SESSION_PERIODS, WEEKDAYS, type SessionPeriod, type Weekday, wte } from '../../../../shared/domain/workforce';
import type { Site } from '../../../../shared/contract/practice';
import type { Staff, StaffInput } from '../../../../shared/contract/staff';
import { todayIso } from '../../format';

export type SessionKey = `${Weekday}-${SessionPeriod}`;

export interface StaffDraft {
  givenName: string;
  familyName: string;
  roleId: string;
  contractKind: 'sessions' | 'hours';
  /** As typed, so "7." or "" survive until saved. */
  amount: string;
  usualSessions: readonly SessionKey[];
  siteIds: readonly string[];
  professionalBody: ProfessionalBody | '';
  registrationNumber: string;
  startDate: string;
  endDate: string;
  competencies: readonly string[];
  email: string;
}

/** The form's fields, each with one element id that error links focus. */
export type StaffField =
  | 'givenName'
  | 'familyName'
  | 'roleId'
  | 'contractKind'
  | 'amount'
  | 'usualSessions'
  | 'siteIds'
  | 'professionalBody'
  | 'registrationNumber'
  | 'startDate'
  | 'endDate'
  | 'competencies'
  | 'email';

export const STAFF_FIELD_IDS: Record<StaffField, string> = {
  givenName: 'givenName',
  familyName: 'familyName',
  roleId: 'roleId',
  contractKind: 'contractKind',
  amount: 'amount',
  usualSessions: 'usualSessions',
  siteIds: 'siteIds',
  professionalBody: 'professionalBody',
  registrationNumber: 'registrationNumber',
  startDate: 'startDate',
  endDate: 'endDate',
  competencies: 'competencies',
  email: 'email',
};

/**
 * Server field path -> form field. staff.update nests the record under "staff.", so
 * that prefix is dropped; "competencies.2" and "usualSessions.0.day" go to their group.
 */
export function staffFieldFor(path: string): StaffField | null {
  const parts = path.split('.');
  if (parts[0] === 'staff') parts.shift();
  const [head, second] = parts;
  switch (head) {
    case 'givenName':
    case 'familyName':
    case 'roleId':
    case 'professionalBody':
    case 'registrationNumber':
    case 'startDate':
    case 'endDate':
    case 'email':
    case 'usualSessions':
    case 'siteIds':
    case 'competencies':
      return head;
    case 'contract':
      return second === 'kind' ? 'contractKind' : 'amount';
    default:
      return null;
  }
}

export const sessionKey = (day: Weekday, period: SessionPeriod): SessionKey => `${day}-${period}`;

/** A new person: the main site ticked, starting today, no role chosen yet. */
export function emptyDraft(sites: readonly Site[]): StaffDraft {
  const main = sites.find((s) => s.isMain) ?? sites[0];
  return {
    givenName: '',
    familyName: '',
    roleId: '',
    contractKind: 'hours',
    amount: '',
    usualSessions: [],
    siteIds: main ? [main.id] : [],
    professionalBody: '',
    registrationNumber: '',
    startDate: todayIso(),
    endDate: '',
    competencies: [],
    email: '',
  };
}

export function draftFromStaff(s: Staff): StaffDraft {
  return {
    givenName: s.givenName,
    familyName: s.familyName,
    roleId: s.roleId,
    contractKind: s.contract.kind,
    amount: String(s.contract.amount),
    usualSessions: s.usualSessions.map((u) => sessionKey(u.day, u.period)),
    siteIds: s.siteIds,
    professionalBody: s.professionalBody ?? '',
    registrationNumber: s.registrationNumber ?? '',
    startDate: s.startDate,
    endDate: s.endDate ?? '',
    competencies: s.competencies,
    email: s.email ?? '',
  };
}

/** "" or "abc" become NaN, which reaches the server as null and is refused with its own message. */
export function parseAmount(raw: string): number {
  const t = raw.trim().replace(',', '.');
  return t === '' ? Number.NaN : Number(t);
}

/** Live WTE for the preview, or null while the amount is not a usable number. */
export function previewWte(d: Pick<StaffDraft, 'contractKind' | 'amount'>): number | null {
  const amount = parseAmount(d.amount);
  if (!Number.isFinite(amount) || amount <= 0) return null;
  return wte({ kind: d.contractKind, amount });
}

/**
 * Changing role keeps what still fits it: a professional body the new role cannot hold
 * is replaced (by the role's only body, if it has one) and competencies it may not hold
 * are dropped. When adding, the contract type follows the role (GPs work in sessions).
 */
export function withRole(
  d: StaffDraft,
  roleId: string,
  opts: { adding: boolean; kindChosen: boolean },
  cat: { roles: readonly CatalogueRole[] } = BUILT_IN_CATALOGUE,
): StaffDraft {
  const role = catalogueRole(cat, roleId);
  if (!role) return { ...d, roleId };
  const bodyFits = d.professionalBody !== '' && role.bodies.includes(d.professionalBody);
  const professionalBody: StaffDraft['professionalBody'] = bodyFits ? d.professionalBody : role.bodies.length === 1 ? (role.bodies[0] ?? '') : '';
  return {
    ...d,
    roleId,
    professionalBody,
    registrationNumber: role.bodies.length === 0 ? '' : d.registrationNumber,
    competencies: d.competencies.filter((c) => competencyRefusal(c, roleId, role) === null),
    contractKind: opts.adding && !opts.kindChosen ? (role.usuallySessions ? 'sessions' : 'hours') : d.contractKind,
  };
}

const SESSION_ORDER = WEEKDAYS.flatMap((day) => SESSION_PERIODS.map((period) => sessionKey(day, period)));

export function toStaffInput(d: StaffDraft): StaffInput {
  const blankToNull = (v: string): string | null => (v.trim() === '' ? null : v.trim());
  return {
    givenName: d.givenName,
    familyName: d.familyName,
    roleId: d.roleId,
    contract: { kind: d.contractKind, amount: parseAmount(d.amount) },
    usualSessions: SESSION_ORDER.filter((k) => d.usualSessions.includes(k)).map((k) => {
      const [day, period] = k.split('-') as [Weekday, SessionPeriod];
      return { day, period };
    }),
    siteIds: [...d.siteIds],
    professionalBody: d.professionalBody === '' ? null : d.professionalBody,
    registrationNumber: blankToNull(d.registrationNumber),
    startDate: d.startDate,
    endDate: blankToNull(d.endDate),
    competencies: [...d.competencies],
    email: blankToNull(d.email),
  };
}
