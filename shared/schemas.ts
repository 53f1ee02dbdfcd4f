/**
 * Zod schemas for everything that crosses a process boundary. Inputs carry the
 * plain-English messages a practice manager sees next to a field; outputs are checked
 * too so a core bug cannot leak malformed data into the UI.
 */
import { z } from 'zod';
import { APP_ROLE_LABELS, APP_ROLES } from './domain/app-roles';
import { competencyRefusal } from './domain/competencies';
import { ODS_PRACTICE_CODE, REGISTRATION_FORMATS, normaliseCode } from './domain/identifiers';
import { ROLE_IDS, roleById } from './domain/roles';
import {
  MAX_HOURS_PER_WEEK,
  MAX_SESSIONS_PER_WEEK,
  SESSION_PERIODS,
  WEEKDAYS,
} from './domain/workforce';

export const Id = z.uuid({ error: 'Not a valid id' });

const text = (label: string, max: number, min = 1) =>
  z
    .string({ error: `Enter ${label.toLowerCase()}` })
    .trim()
    .min(min, { error: min === 1 ? `Enter ${label.toLowerCase()}` : `${label} must be at least ${min} characters` })
    .max(max, { error: `${label} must be ${max} characters or fewer` });

/** A calendar date as YYYY-MM-DD that really exists (no 31 February). */
export const IsoDate = z.iso.date({ error: 'Enter a real date' });

export const OdsCode = z
  .string({ error: 'Enter the ODS code' })
  .max(20, { error: 'An ODS code is a letter and five digits, like A12345' })
  .transform(normaliseCode)
  .refine((v) => ODS_PRACTICE_CODE.test(v), {
    error: 'An ODS code is a letter and five digits, like A12345',
  });

export const AppRole = z.enum(APP_ROLES);
export type AppRole = z.infer<typeof AppRole>;
export { APP_ROLE_LABELS };

export const ProfessionalBody = z.enum(['GMC', 'NMC', 'HCPC', 'GPhC']);
export const ContractKind = z.enum(['sessions', 'hours']);

export const UsualSession = z.object({
  day: z.enum(WEEKDAYS),
  period: z.enum(SESSION_PERIODS),
});
export type UsualSession = z.infer<typeof UsualSession>;

/* ---------------- Practice ---------------- */

export const Site = z.object({
  id: Id,
  name: z.string(),
  isMain: z.boolean(),
});
export type Site = z.infer<typeof Site>;

export const Practice = z.object({
  id: Id,
  name: z.string(),
  odsCode: z.string(),
  listSize: z.number().int(),
  sites: z.array(Site),
  isDemo: z.boolean(),
  updatedAt: z.string(),
});
export type Practice = z.infer<typeof Practice>;

const ListSize = z
  .number({ error: 'Enter the list size as a whole number' })
  .int({ error: 'Enter the list size as a whole number' })
  .min(0, { error: 'List size cannot be negative' })
  .max(250_000, { error: 'List size must be 250,000 patients or fewer' });

const SiteName = text('Site name', 80);
export const MAX_SITES = 12;

/** The person setting the practice up, who becomes its first practice manager. */
export const PersonNameInput = z.strictObject({
  givenName: text('Your first name', 60),
  familyName: text('Your last name', 60),
});

const PracticeDetailsFields = z.strictObject({
  name: text('Practice name', 120, 2),
  odsCode: OdsCode,
  listSize: ListSize,
  sites: z
    .array(z.object({ name: SiteName }))
    .min(1, { error: 'Add at least the main surgery' })
    .max(MAX_SITES, { error: `A practice can have at most ${MAX_SITES} sites` }),
});

function uniqueSiteNames(v: { sites: { name: string }[] }, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  v.sites.forEach((s, i) => {
    const key = s.name.toLowerCase();
    if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['sites', i, 'name'], message: 'Two sites cannot have the same name' });
    seen.add(key);
  });
}

/** A practice as the CLI creates it: details and sites, no people yet. */
export const PracticeDetailsInput = PracticeDetailsFields.superRefine(uniqueSiteNames);

/** First run in the app: the practice plus the person setting it up. */
export const PracticeSetupInput = PracticeDetailsFields.extend({ manager: PersonNameInput }).superRefine(uniqueSiteNames);
export type PracticeSetupInput = z.input<typeof PracticeSetupInput>;

export const PracticeUpdateInput = z.strictObject({
  name: text('Practice name', 120, 2),
  odsCode: OdsCode,
  listSize: ListSize,
  expectedUpdatedAt: z.string().optional(),
});
export type PracticeUpdateInput = z.input<typeof PracticeUpdateInput>;

/** Add a site (no id) or rename one (with its id). */
export const SiteSaveInput = z.strictObject({ id: Id.optional(), name: SiteName });
export type SiteSaveInput = z.input<typeof SiteSaveInput>;


/* ---------------- Staff ---------------- */

const StaffFields = z.strictObject({
  givenName: text('First name', 60),
  familyName: text('Last name', 60),
  roleId: z.enum(ROLE_IDS, { error: 'Choose a role' }),
  contract: z.object({
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
    else if (!Number.isInteger(Math.round(amount * 100 * 1e6) / 1e6)) issue(['contract', 'amount'], 'Use at most two decimal places');
  }
  if (s.endDate !== null && s.endDate < s.startDate) issue(['endDate'], 'End date must be on or after the start date');
  if (s.siteIds.length === 0) issue(['siteIds'], 'Choose at least one site');
  if (new Set(s.siteIds).size !== s.siteIds.length) issue(['siteIds'], 'A site is listed twice');
  const keys = s.usualSessions.map((u) => `${u.day}-${u.period}`);
  if (new Set(keys).size !== keys.length) issue(['usualSessions'], 'A session is listed twice');

  const role = roleById(s.roleId);
  if (role) {
    if (s.professionalBody !== null && !role.bodies.includes(s.professionalBody)) {
      issue(
        ['professionalBody'],
        role.bodies.length === 0
          ? `A ${role.label.toLowerCase()} is not registered with a professional body`
          : `A ${role.label.toLowerCase()} registers with ${role.bodies.join(' or ')}`,
      );
    }
    s.competencies.forEach((c, i) => {
      const why = competencyRefusal(c, s.roleId);
      if (why) issue(['competencies', i], why);
    });
  }
  if (new Set(s.competencies).size !== s.competencies.length) issue(['competencies'], 'A competency is listed twice');
  if (s.registrationNumber !== null && s.professionalBody === null) {
    issue(['professionalBody'], 'Choose the professional body for this registration number');
  }
  if (s.professionalBody !== null) {
    const fmt = REGISTRATION_FORMATS[s.professionalBody];
    if (s.registrationNumber === null) issue(['registrationNumber'], `Enter the ${s.professionalBody} number`);
    else if (!fmt.pattern.test(s.registrationNumber))
      issue(['registrationNumber'], `A ${s.professionalBody} number is ${fmt.example}`);
  }
});
export type StaffInput = z.input<typeof StaffInput>;

export const Staff = StaffFields.extend({
  id: Id,
  wte: z.number(),
  archivedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Staff = z.infer<typeof Staff>;

export const StaffUpdateInput = z.strictObject({
  id: Id,
  /** The updatedAt the editor loaded; a stale edit is refused rather than silently lost. */
  expectedUpdatedAt: z.string().max(40),
  staff: StaffInput,
});
export type StaffUpdateInput = z.input<typeof StaffUpdateInput>;

/* ---------------- Profiles and sessions ---------------- */

export const Profile = z.object({
  id: Id,
  staffId: Id,
  displayName: z.string(),
  roleLabel: z.string(),
  appRole: AppRole,
});
export type Profile = z.infer<typeof Profile>;

export const ProfileCreateInput = z.strictObject({ staffId: Id, appRole: AppRole });

/* ---------------- Workforce ---------------- */

export const WorkforceRow = z.object({
  roleId: z.string(),
  label: z.string(),
  category: z.string(),
  arrs: z.boolean(),
  headcount: z.number().int(),
  wte: z.number(),
});
export type WorkforceRow = z.infer<typeof WorkforceRow>;

export const WorkforceSummary = z.object({
  asOf: IsoDate,
  rows: z.array(WorkforceRow),
  totals: z.object({ headcount: z.number().int(), wte: z.number(), arrsWte: z.number(), coreWte: z.number() }),
});
export type WorkforceSummary = z.infer<typeof WorkforceSummary>;

/* ---------------- Audit ---------------- */

export const AuditEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  summary: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AppStatus = z.object({
  version: z.string(),
  dataDir: z.string(),
  schemaVersion: z.number().int(),
  practice: Practice.nullable(),
  profile: Profile.nullable(),
  profiles: z.array(Profile),
  /** Set when the database or its folder cannot be written; the reason finishes "open read-only because ...". */
  readOnly: z.object({ reason: z.string() }).nullable(),
  /** Why this client was signed out (the web host after a long idle time), until someone signs in again. */
  signedOutNotice: z.string().nullable(),
});
export type AppStatus = z.infer<typeof AppStatus>;
