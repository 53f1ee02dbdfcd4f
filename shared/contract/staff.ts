/** The staff directory: people, their MDT role, contract, sites and registration. */
import { z } from 'zod';
import { competencyRefusal } from '../domain/competencies';
import { REGISTRATION_FORMATS, normaliseCode } from '../domain/identifiers';
import type { RoleDefinition } from '../domain/roles';
import { MAX_HOURS_PER_WEEK, MAX_SESSIONS_PER_WEEK, SESSION_PERIODS, WEEKDAYS } from '../domain/workforce';
import { StoredText, personName } from '../text';
import { ExpectedUpdatedAt, Id, IsoDate, byId } from './common';
import { defineChannels, managerOnly } from './spec';

export const ProfessionalBody = z.enum(['GMC', 'NMC', 'HCPC', 'GPhC']);
export const ContractKind = z.enum(['sessions', 'hours']);

export const UsualSession = z.strictObject({
  day: z.enum(WEEKDAYS),
  period: z.enum(SESSION_PERIODS),
});
export type UsualSession = z.infer<typeof UsualSession>;

export const GivenName = personName('First name');
export const FamilyName = personName('Last name');

const StaffFields = z.strictObject({
  givenName: GivenName,
  familyName: FamilyName,
  // Structural only: whether the role is in the catalogue in use (and not retired) is
  // checked in the core, which knows the hub's catalogue.
  roleId: z.string({ error: 'Choose a role' }).regex(/^[a-z][a-z0-9_]{1,62}$/, { error: 'Choose a role' }),
  contract: z.strictObject({
    kind: ContractKind,
    amount: z.number({ error: 'Enter the sessions or hours a week as a number' }).finite({ error: 'Enter the sessions or hours a week as a number' }),
  }),
  usualSessions: z.array(UsualSession).max(WEEKDAYS.length * SESSION_PERIODS.length),
  siteIds: z.array(Id).max(12),
  professionalBody: ProfessionalBody.nullable(),
  registrationNumber: z
    .string()
    .max(20, { error: 'Registration number must be 20 characters or fewer' })
    .transform(normaliseCode)
    .nullable()
    .transform((v) => (v === '' ? null : v)),
  startDate: IsoDate,
  endDate: IsoDate.nullable(),
  competencies: z.array(z.string().max(60)).max(30),
  email: z
    .email({ error: 'Enter an email address like name@example.nhs.net' })
    .max(254, { error: 'Email must be 254 characters or fewer' })
    .nullable(),
});

/** True when `amount` has at most two decimal places (37.5, 22.25), not 37.000000001. */
export function hasAtMostTwoDecimals(amount: number): boolean {
  const hundredths = amount * 100;
  // Contract amounts are at most a few thousand hundredths, where float error is ~1e-12.
  return Math.abs(hundredths - Math.round(hundredths)) < 1e-9;
}

/** Cross-field rules a practice manager would expect the form to catch. */
export const StaffInput = StaffFields.superRefine((s, ctx) => {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const { kind, amount } = s.contract;
  if (kind === 'sessions') {
    if (amount <= 0) issue(['contract', 'amount'], 'Sessions per week must be more than 0');
    else if (amount > MAX_SESSIONS_PER_WEEK)
      issue(['contract', 'amount'], `Sessions per week must be ${MAX_SESSIONS_PER_WEEK} or fewer (9 sessions is full time)`);
    else if (!Number.isInteger(amount * 2)) issue(['contract', 'amount'], 'Sessions per week must be whole or half sessions');
  } else {
    if (amount < 1) issue(['contract', 'amount'], 'Hours per week must be at least 1');
    else if (amount > MAX_HOURS_PER_WEEK)
      issue(['contract', 'amount'], `Hours per week must be ${MAX_HOURS_PER_WEEK} or fewer (the Working Time limit)`);
    else if (!hasAtMostTwoDecimals(amount)) issue(['contract', 'amount'], 'Use at most two decimal places');
  }
  if (s.endDate !== null && s.endDate < s.startDate) issue(['endDate'], 'End date must be on or after the start date');
  if (s.siteIds.length === 0) issue(['siteIds'], 'Choose at least one site');
  if (new Set(s.siteIds).size !== s.siteIds.length) issue(['siteIds'], 'A site is listed twice');
  const keys = s.usualSessions.map((u) => `${u.day}-${u.period}`);
  if (new Set(keys).size !== keys.length) issue(['usualSessions'], 'A session is listed twice');

  if (new Set(s.competencies).size !== s.competencies.length) issue(['competencies'], 'A competency is listed twice');
  if (s.registrationNumber !== null && s.professionalBody === null) {
    issue(['professionalBody'], 'Choose the professional body for this registration number');
  }
  if (s.professionalBody !== null) {
    const fmt = REGISTRATION_FORMATS[s.professionalBody];
    if (s.registrationNumber === null) issue(['registrationNumber'], `Enter the ${s.professionalBody} number`);
    else if (!fmt.pattern.test(s.registrationNumber)) issue(['registrationNumber'], `A ${s.professionalBody} number is ${fmt.example}`);
  }
});
export type StaffInput = z.input<typeof StaffInput>;

/**
 * The rules that depend on the person's role, checked in the core against the role as the
 * catalogue in use defines it (the hub may publish roles this release does not know, and
 * their professional bodies): which body they may register with, which competencies
 * they may hold. Field path to message, first problem per field.
 */
export function roleRuleProblems(
  s: { roleId: string; professionalBody: string | null; competencies: readonly string[] },
  role: Pick<RoleDefinition, 'label' | 'bodies'>,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (s.professionalBody !== null && !(role.bodies as readonly string[]).includes(s.professionalBody)) {
    out.professionalBody =
      role.bodies.length === 0 ? `A ${role.label.toLowerCase()} is not registered with a professional body` : `A ${role.label.toLowerCase()} registers with ${role.bodies.join(' or ')}`;
  }
  s.competencies.forEach((c, i) => {
    const why = competencyRefusal(c, s.roleId, role);
    if (why && !(`competencies.${i}` in out)) out[`competencies.${i}`] = why;
  });
  return out;
}

/**
 * A staff member as stored. Output schemas describe the stored shape, not the input rules:
 * a record saved under older rules, or with a role the hub has since retired, must still
 * load (the input rules apply when it is next edited).
 */
export const Staff = z.object({
  id: Id,
  givenName: StoredText,
  familyName: StoredText,
  roleId: z.string(),
  contract: z.object({ kind: ContractKind, amount: z.number() }),
  usualSessions: z.array(z.object({ day: z.enum(WEEKDAYS), period: z.enum(SESSION_PERIODS) })),
  siteIds: z.array(Id),
  professionalBody: ProfessionalBody.nullable(),
  registrationNumber: z.string().nullable(),
  startDate: z.string(),
  endDate: z.string().nullable(),
  competencies: z.array(z.string()),
  email: z.string().nullable(),
  wte: z.number(),
  archivedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Staff = z.infer<typeof Staff>;

export const StaffUpdateInput = z.strictObject({
  id: Id,
  expectedUpdatedAt: ExpectedUpdatedAt,
  staff: StaffInput,
});
export type StaffUpdateInput = z.input<typeof StaffUpdateInput>;

export const staffChannels = defineChannels({
  'staff.list': {
    doc: 'Staff directory, archived included on request.',
    input: z.strictObject({ includeArchived: z.boolean().default(false) }),
    output: z.array(Staff),
    access: 'signedIn',
    kind: 'read',
  },
  'staff.get': { doc: 'One staff member.', input: byId, output: Staff, access: 'signedIn', kind: 'read' },
  'staff.create': { doc: 'Add a staff member.', input: StaffInput, output: Staff, access: managerOnly, kind: 'write' },
  'staff.update': { doc: 'Edit a staff member; refused if someone else saved first.', input: StaffUpdateInput, output: Staff, access: managerOnly, kind: 'write' },
  'staff.archive': { doc: 'Archive a leaver (kept for the record).', input: byId, output: Staff, access: managerOnly, kind: 'write' },
  'staff.restore': { doc: 'Bring an archived staff member back.', input: byId, output: Staff, access: managerOnly, kind: 'write' },
});
