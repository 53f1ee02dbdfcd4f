/** Backups of the practice database: the rolling list, "Back up now", restore, retention. */
import { z } from 'zod';
import { defineChannels, managerOnly, none } from './spec';

export const BACKUP_REASONS = ['daily', 'before-migration', 'before-sync', 'before-restore', 'manual'] as const;
export const BackupReason = z.enum(BACKUP_REASONS);
export type BackupReason = z.infer<typeof BackupReason>;

export const BACKUP_REASON_LABELS: Record<BackupReason, string> = {
  daily: 'Daily',
  'before-migration': 'Before an upgrade',
  'before-sync': 'Before a hub sync',
  'before-restore': 'Before a restore',
  manual: 'Backed up by hand',
};

/** What a backup holds, counted from the file itself (null when it could not be read). */
export const BackupHolds = z.object({
  practiceName: z.string().nullable(),
  schemaVersion: z.number().int(),
  staff: z.number().int(),
  assignments: z.number().int(),
  leaveRequests: z.number().int(),
  protocols: z.number().int(),
  auditEntries: z.number().int(),
});
export type BackupHolds = z.infer<typeof BackupHolds>;

/**
 * A file name under backups/, never a path: the core joins it to the practice's own
 * folder, so a caller cannot point a restore at an arbitrary file.
 */
export const BackupFileName = z
  .string()
  .regex(/^spoke-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-[a-z-]+\.db$/, { error: 'Not a backup file name' });

export const BackupEntry = z.object({
  file: z.string(),
  /** When it was taken (UTC, ISO). */
  takenAt: z.string(),
  reason: BackupReason,
  bytes: z.number().int(),
  holds: BackupHolds.nullable(),
  /** Why it cannot be restored (damaged, from a newer Spoke), or null. */
  problem: z.string().nullable(),
});
export type BackupEntry = z.infer<typeof BackupEntry>;

export const BackupList = z.object({
  folder: z.string(),
  retentionDays: z.number().int(),
  backups: z.array(BackupEntry),
});
export type BackupList = z.infer<typeof BackupList>;

export const RETENTION_MIN_DAYS = 1;
export const RETENTION_MAX_DAYS = 3650;
export const DEFAULT_RETENTION_DAYS = 30;

export const backupChannels = defineChannels({
  'backup.list': {
    doc: 'Backups in the practice folder, newest first, each with its date, reason and what it holds.',
    input: none,
    output: BackupList,
    access: ['practice_manager', 'clinical_lead'],
    kind: 'read',
  },
  'backup.now': {
    doc: 'Back up the practice now (SQLite online backup into backups/).',
    input: none,
    output: BackupEntry,
    access: ['practice_manager', 'clinical_lead'],
    kind: 'write',
  },
  'backup.restore': {
    doc: 'Replace the practice with a backup; the current state is backed up first, so the restore can be undone.',
    input: z.strictObject({ file: BackupFileName }),
    output: z.object({ restored: BackupEntry, undo: BackupEntry }),
    access: managerOnly,
    kind: 'write',
  },
  'backup.settings.save': {
    doc: 'How many days of backups to keep (the newest is always kept).',
    input: z.strictObject({
      retentionDays: z
        .number({ error: 'Enter a number of days' })
        .int({ error: 'Enter a whole number of days' })
        .min(RETENTION_MIN_DAYS, { error: `Keep backups for at least ${RETENTION_MIN_DAYS} day` })
        .max(RETENTION_MAX_DAYS, { error: `Keep backups for at most ${RETENTION_MAX_DAYS} days` }),
    }),
    output: z.object({ retentionDays: z.number().int() }),
    access: managerOnly,
    kind: 'write',
  },
});
