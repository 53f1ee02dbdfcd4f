/** Hub sync: enrolment with the hub, Sync now (with progress and cancel) and its status. */
import { z } from 'zod';
import { Done, defineChannels, none } from './spec';

const SYNC_ROLES = ['practice_manager', 'clinical_lead'] as const;

export const SyncChange = z.object({
  path: z.string(),
  kind: z.enum(['policy', 'catalogue']),
  id: z.string(),
  title: z.string(),
  version: z.number().int(),
  /** new: first arrival; changed: a new version; withdrawn: no longer published. */
  status: z.enum(['new', 'changed', 'withdrawn']),
  /** substantive or minor, as the hub marked the change (policies). */
  changeKind: z.string().nullable(),
});
export type SyncChange = z.infer<typeof SyncChange>;

export const SyncProgressView = z.object({
  phase: z.enum(['metadata', 'content', 'applying']),
  itemsDone: z.number().int(),
  itemsTotal: z.number().int(),
  bytes: z.number().int(),
});

export const SyncStatus = z.object({
  enrolled: z.boolean(),
  hubUrl: z.string().nullable(),
  contentUrl: z.string().nullable(),
  release: z.number().int().nullable(),
  lastSuccessAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  /** Set once the hub's signed timestamp has expired: days since the last successful sync. */
  notCheckedForDays: z.number().int().nullable(),
  running: z.boolean(),
  progress: SyncProgressView.nullable(),
  lastChanges: z.array(SyncChange),
  centralItems: z.number().int(),
  reportsWaiting: z.number().int(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const SyncResult = z.object({
  outcome: z.enum(['synced', 'up-to-date', 'failed', 'cancelled']),
  /** What happened, in words (the reason, when it failed). */
  message: z.string(),
  release: z.number().int().nullable(),
  changes: z.array(SyncChange),
  /** A success with something left to do (reports that could not be delivered). */
  warning: z.string().nullable(),
  bytes: z.number().int(),
});
export type SyncResult = z.infer<typeof SyncResult>;

export const syncChannels = defineChannels({
  'sync.status': {
    doc: 'Whether the practice is enrolled with a hub, the last sync, what arrived, and progress while a sync runs.',
    input: none,
    output: SyncStatus,
    access: 'signedIn',
    kind: 'read',
  },
  'sync.enrol': {
    doc: 'Enrols with a hub from its one-line enrolment code: fetches the hub root and trusts it only if it matches the code.',
    input: z.strictObject({ code: z.string({ error: 'Paste the enrolment code' }).trim().min(1, { error: 'Paste the enrolment code' }).max(4000, { error: 'That is too long to be an enrolment code' }) }),
    output: SyncStatus,
    access: ['practice_manager'],
    kind: 'write',
  },
  'sync.now': {
    doc: 'Fetches and verifies what the hub has published, then applies it in one step. A failure changes nothing and says why.',
    input: none,
    output: SyncResult,
    access: SYNC_ROLES,
    kind: 'write',
  },
  'sync.cancel': {
    doc: 'Cancels the sync in progress; nothing it fetched is applied.',
    input: none,
    output: Done,
    access: SYNC_ROLES,
    kind: 'write',
  },
});
