/**
 * The API contract: one row per channel with its input and output schema and who may
 * call it. Core handlers, the Electron preload, the web host and the renderer client
 * are all typed from this table.
 */
import { z } from 'zod';
import type { Channel } from './channels';
import {
  AppRole,
  AppStatus,
  AuditEntry,
  Id,
  PersonNameInput,
  Practice,
  PracticeSetupInput,
  PracticeUpdateInput,
  Profile,
  ProfileCreateInput,
  SiteSaveInput,
  Staff,
  StaffInput,
  StaffUpdateInput,
  WorkforceSummary,
} from './schemas';

export interface ChannelSpec {
  doc: string;
  input: z.ZodType;
  output: z.ZodType;
  /**
   * 'public': callable before anyone signs in (first run, sign-in).
   * 'signedIn': any signed-in profile. An AppRole list: only those roles.
   */
  access: 'public' | 'signedIn' | readonly AppRole[];
  /** 'read' never changes the database; anything else is refused while a practice is open read-only. */
  kind?: 'read' | 'write';
}

const none = z.object({}).strict();
const byId = z.object({ id: Id }).strict();
const managerOnly = ['practice_manager'] as const;

export const contract = {
  'app.status': { kind: 'read', doc: 'Practice, profiles and who is signed in.', input: none, output: AppStatus, access: 'public' },
  'practice.setup': {
    kind: 'write',
    doc: 'First run: create the practice, its sites and the first practice manager, then sign them in.',
    input: PracticeSetupInput,
    output: AppStatus,
    access: 'public',
  },
  'practice.openDemo': { kind: 'write', doc: 'First run: load the fictional demo practice.', input: none, output: AppStatus, access: 'public' },
  'practice.update': { kind: 'write', doc: 'Edit practice name, ODS code and list size.', input: PracticeUpdateInput, output: Practice, access: managerOnly },
  'sites.save': { kind: 'write', doc: 'Add a site, or rename one; returns the practice with its sites.', input: SiteSaveInput, output: Practice, access: managerOnly },
  'session.signIn': { kind: 'read', doc: 'Act as a local profile.', input: z.object({ profileId: Id }).strict(), output: Profile, access: 'public' },
  'session.signOut': { kind: 'read', doc: 'Stop acting as anyone.', input: none, output: z.object({ ok: z.literal(true) }), access: 'public' },
  'profiles.bootstrap': {
    kind: 'write',
    doc: 'A practice with no sign-in profiles yet (made by the CLI): create its first practice manager and sign in.',
    input: PersonNameInput.strict(),
    output: AppStatus,
    access: 'public',
  },
  'profiles.create': { kind: 'write', doc: 'Give a staff member a sign-in profile with an app role.', input: ProfileCreateInput, output: Profile, access: managerOnly },
  'profiles.remove': {
    kind: 'write',
    doc: 'Take a sign-in profile away (kept in the audit log). The last practice manager cannot be removed.',
    input: byId,
    output: z.object({ ok: z.literal(true) }),
    access: managerOnly,
  },
  'staff.list': {
    kind: 'read',
    doc: 'Staff directory, archived included on request.',
    input: z.object({ includeArchived: z.boolean().default(false) }).strict(),
    output: z.array(Staff),
    access: 'signedIn',
  },
  'staff.get': { kind: 'read', doc: 'One staff member.', input: byId, output: Staff, access: 'signedIn' },
  'staff.create': { kind: 'write', doc: 'Add a staff member.', input: StaffInput, output: Staff, access: managerOnly },
  'staff.update': { kind: 'write', doc: 'Edit a staff member; refused if someone else saved first.', input: StaffUpdateInput, output: Staff, access: managerOnly },
  'staff.archive': { kind: 'write', doc: 'Archive a leaver (kept for the record).', input: byId, output: Staff, access: managerOnly },
  'staff.restore': { kind: 'write', doc: 'Bring an archived staff member back.', input: byId, output: Staff, access: managerOnly },
  'workforce.summary': {
    kind: 'read',
    doc: 'Headcount and WTE by MDT role for active staff on a date (default today).',
    input: z.object({ asOf: z.iso.date().optional() }).strict(),
    output: WorkforceSummary,
    access: 'signedIn',
  },
  'audit.list': {
    kind: 'read',
    doc: 'Newest audit entries first.',
    input: z.object({ limit: z.number().int().min(1).max(500).default(50), entityId: Id.optional() }).strict(),
    output: z.array(AuditEntry),
    access: 'signedIn',
  },
} as const satisfies Record<Channel, ChannelSpec>;

export type Contract = typeof contract;
/** What a caller passes (before defaults and normalisation). */
export type InputOf<C extends Channel> = z.input<Contract[C]['input']>;
/** What a handler receives (after parsing). */
export type ParsedInputOf<C extends Channel> = z.output<Contract[C]['input']>;
export type OutputOf<C extends Channel> = z.output<Contract[C]['output']>;
