/**
 * Protocol governance: the inbox of central protocols (new, update available, overdue),
 * adoption with a local addendum, local protocols, and read-and-sign. Every free-text
 * field goes through shared/text.ts; markdown bodies are capped in characters here and in
 * bytes in the core (MAX_PROTOCOL_BYTES).
 */
import { z } from 'zod';
import { label, multiline } from '../text';
import { Id, IsoDate, RoleRef } from './common';
import { defineChannels, none } from './spec';

const LEADS = ['clinical_lead'] as const;
const GOVERNANCE = ['practice_manager', 'clinical_lead'] as const;

/** Characters of markdown a practice may write (a byte cap of 256 KB applies as well). */
export const MAX_LOCAL_MARKDOWN = 100_000;

export const ChangeKind = z.enum(['substantive', 'minor'], { error: 'Say whether the change is substantive or minor' });
export const ProtocolKind = z.enum(['central', 'local']);
export type ProtocolKind = z.infer<typeof ProtocolKind>;
export const ADOPTION_STATES = ['new', 'update_available', 'overdue', 'declined', 'adopted', 'review_due', 'review_overdue'] as const;
export const AdoptionStateSchema = z.enum(ADOPTION_STATES);

const CentralId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$/, { error: 'Not a protocol id' });
const ProtocolRef = z.strictObject({ kind: ProtocolKind, id: z.string().min(1).max(64) });

export const InboxItem = z.object({
  id: z.string(),
  title: z.string(),
  category: z.string(),
  mandatory: z.boolean(),
  state: AdoptionStateSchema,
  offeredVersion: z.number().int(),
  adoptedVersion: z.number().int().nullable(),
  changeKind: ChangeKind,
  effective: z.string().nullable(),
  review: z.string().nullable(),
  summary: z.string(),
  /** Staff who must sign the version in force, and how many have. */
  signed: z.number().int(),
  toSign: z.number().int(),
});
export type InboxItem = z.infer<typeof InboxItem>;

export const LocalSummary = z.object({
  id: Id,
  title: z.string(),
  version: z.number().int(),
  owner: z.string(),
  review: z.string().nullable(),
  state: z.enum(['adopted', 'review_due', 'review_overdue']),
  signed: z.number().int(),
  toSign: z.number().int(),
});
export type LocalSummary = z.infer<typeof LocalSummary>;

export const SignTask = z.object({
  kind: ProtocolKind,
  id: z.string(),
  title: z.string(),
  version: z.number().int(),
  addendumVersion: z.number().int().nullable(),
  /** Signed an earlier version, and a substantive change since asks for it again. */
  again: z.boolean(),
});
export type SignTask = z.infer<typeof SignTask>;

export const Inbox = z.object({
  today: z.string(),
  central: z.array(InboxItem),
  local: z.array(LocalSummary),
  /** What the signed-in person has to read and sign. */
  toSign: z.array(SignTask),
});
export type Inbox = z.infer<typeof Inbox>;

export const VersionInfo = z.object({
  version: z.number().int(),
  changeKind: ChangeKind,
  summary: z.string(),
  at: z.string(),
  by: z.string(),
});
export type VersionInfo = z.infer<typeof VersionInfo>;

export const AdoptionEvent = z.object({
  action: z.enum(['adopt', 'decline']),
  version: z.number().int(),
  addendumVersion: z.number().int().nullable(),
  reason: z.string().nullable(),
  at: z.string(),
  by: z.string(),
});

export const PersonCompletion = z.object({
  staffId: Id,
  name: z.string(),
  role: z.string(),
  signedVersion: z.number().int().nullable(),
  signedAddendumVersion: z.number().int().nullable(),
  signedAt: z.string().nullable(),
  needsSignature: z.boolean(),
});
export type PersonCompletion = z.infer<typeof PersonCompletion>;

/** One block of a readable diff (shared/protocols/diff.ts), computed in the core. */
export const DiffBlockSchema = z.object({
  type: z.enum(['heading', 'paragraph', 'listItem', 'quote', 'code', 'tableRow']),
  level: z.number().int(),
  ordered: z.boolean().optional(),
  status: z.enum(['same', 'added', 'removed', 'changed']),
  parts: z.array(z.object({ text: z.string(), change: z.enum(['same', 'added', 'removed']) })),
});

export const ProtocolDetail = z.object({
  kind: ProtocolKind,
  id: z.string(),
  title: z.string(),
  category: z.string(),
  mandatory: z.boolean(),
  state: AdoptionStateSchema,
  roles: z.array(z.string()),
  owner: z.string().nullable(),
  ownerStaffId: z.string().nullable(),
  review: z.string().nullable(),
  effective: z.string().nullable(),
  /** The newest version offered (central) or written (local). */
  offeredVersion: z.number().int(),
  /** What staff read: the adopted central version (null before adoption) or the local version. */
  inForce: z.object({ version: z.number().int().nullable(), addendumVersion: z.number().int().nullable() }),
  /** Body of the version in force (null before adoption) and of the offered one. */
  inForceBody: z.string().nullable(),
  offeredBody: z.string(),
  addendum: z.object({ version: z.number().int(), body: z.string() }).nullable(),
  /**
   * What changed centrally from the version in force to the offered one, as a readable
   * diff; null when nothing is adopted yet or the texts are the same. Computed in the core
   * once per version pair, so opening the page does not parse and diff two texts.
   */
  diff: z.array(DiffBlockSchema).nullable(),
  versions: z.array(VersionInfo),
  addendumVersions: z.array(VersionInfo),
  history: z.array(AdoptionEvent),
  completion: z.array(PersonCompletion),
  /** The signed-in person's own task, if this applies to them and is in force. */
  mine: SignTask.nullable(),
});
export type ProtocolDetail = z.infer<typeof ProtocolDetail>;

export const EvidenceReport = z.object({
  kind: ProtocolKind,
  id: z.string(),
  title: z.string(),
  practice: z.string(),
  generatedAt: z.string(),
  inForce: z.object({ version: z.number().int().nullable(), addendumVersion: z.number().int().nullable() }),
  adoptions: z.array(AdoptionEvent),
  signatures: z.array(z.object({ name: z.string(), role: z.string(), version: z.number().int(), addendumVersion: z.number().int().nullable(), at: z.string() })),
  outstanding: z.array(z.object({ name: z.string(), role: z.string() })),
});
export type EvidenceReport = z.infer<typeof EvidenceReport>;

export const PersonSummary = z.object({
  staffId: Id,
  name: z.string(),
  role: z.string(),
  applies: z.number().int(),
  signed: z.number().int(),
  outstanding: z.array(z.string()),
});

export const LocalProtocolInput = z.strictObject({
  /** Absent for a new local protocol. */
  id: Id.optional(),
  /** The version the editor loaded (absent for a new one): a stale edit is refused. */
  expectedVersion: z.number().int().min(1).optional(),
  title: label('Title', 200, 3),
  body: multiline('Protocol text', MAX_LOCAL_MARKDOWN),
  ownerStaffId: Id,
  review: IsoDate.nullable(),
  // Checked against the catalogue in use in the core (a role only the hub knows is fine).
  roles: z.array(RoleRef).max(100),
  change: ChangeKind,
});

export const protocolsChannels = defineChannels({
  'protocols.inbox': {
    doc: 'Central protocols with their adoption state, local protocols with their review state, and what the signed-in person must read and sign.',
    input: none,
    output: Inbox,
    access: 'signedIn',
    kind: 'read',
  },
  'protocols.get': {
    doc: 'One protocol: the version in force, the offered one, the addendum, every version, the adoption history and who has signed.',
    input: ProtocolRef,
    output: ProtocolDetail,
    access: 'signedIn',
    kind: 'read',
  },
  'protocols.version': {
    doc: 'The text of one version of a protocol (central or local), or of a local addendum.',
    input: z.strictObject({ kind: z.enum(['central', 'local', 'addendum']), id: z.string().min(1).max(64), version: z.number().int().min(1) }),
    output: z.object({ version: z.number().int(), body: z.string() }),
    access: 'signedIn',
    kind: 'read',
  },
  'protocols.diff': {
    doc: 'The readable diff between two versions of a protocol (central or local): word-level within paragraphs, headings and list items kept.',
    input: z.strictObject({ kind: ProtocolKind, id: z.string().min(1).max(64), from: z.number().int().min(1), to: z.number().int().min(1) }),
    output: z.object({ from: z.number().int(), to: z.number().int(), blocks: z.array(DiffBlockSchema) }),
    access: 'signedIn',
    kind: 'read',
  },
  'protocols.adopt': {
    doc: 'Adopt the offered version of a central protocol (clinical lead only); staff read it from then on.',
    input: z.strictObject({ id: CentralId, version: z.number().int().min(1) }),
    output: ProtocolDetail,
    access: LEADS,
    kind: 'write',
  },
  'protocols.decline': {
    doc: 'Decline an optional central protocol at the offered version, with a reason (clinical lead only).',
    input: z.strictObject({ id: CentralId, version: z.number().int().min(1), reason: multiline('Reason for declining', 1000) }),
    output: ProtocolDetail,
    access: LEADS,
    kind: 'write',
  },
  'protocols.saveAddendum': {
    doc: 'Save a new version of the local addendum under a central protocol, marked substantive or minor.',
    input: z.strictObject({
      id: CentralId,
      /** The addendum version the editor loaded (0 when there was none). */
      expectedVersion: z.number().int().min(0),
      body: multiline('Local addendum', MAX_LOCAL_MARKDOWN, 0),
      change: ChangeKind,
    }),
    output: ProtocolDetail,
    access: LEADS,
    kind: 'write',
  },
  'protocols.saveLocal': {
    doc: 'Create a local protocol, or save a new version of one (title, text, owner, review date, roles).',
    input: LocalProtocolInput,
    output: ProtocolDetail,
    access: GOVERNANCE,
    kind: 'write',
  },
  'protocols.sign': {
    doc: 'Sign that you have read the version in force. A version no longer in force is refused.',
    input: z.strictObject({ kind: ProtocolKind, id: z.string().min(1).max(64), version: z.number().int().min(1), addendumVersion: z.number().int().min(1).nullable() }),
    output: ProtocolDetail,
    access: 'signedIn',
    kind: 'write',
  },
  'protocols.evidence': {
    doc: 'The evidence report for one protocol: adoptions, and who signed which version when.',
    input: ProtocolRef,
    output: EvidenceReport,
    access: GOVERNANCE,
    kind: 'read',
  },
  'protocols.people': {
    doc: 'Read-and-sign completion per person: how many protocols apply to them, how many they have signed, which are outstanding.',
    input: none,
    output: z.array(PersonSummary),
    access: GOVERNANCE,
    kind: 'read',
  },
});
