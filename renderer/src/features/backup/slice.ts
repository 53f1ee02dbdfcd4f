import { api, ApiError } from '../../api/client';
import type { BackupEntry, BackupList } from '../../../../shared/contract/backup';
import type { SpokeSlice, SpokeState } from '../../store/types';

export interface BackupSlice {
  /** The practice's backups, newest first; null until loaded. */
  backups: BackupList | null;
  /** A backup or restore is running in this window. */
  backupBusy: boolean;
  loadBackups: () => Promise<void>;
  backUpNow: () => Promise<BackupEntry | null>;
  /** Restores a backup; on success the whole app reloads what it shows from the restored practice. */
  restoreBackup: (file: string) => Promise<{ restored: BackupEntry; undo: BackupEntry } | null>;
  setBackupRetention: (days: number) => Promise<string | null>;
}

export const createBackupSlice: SpokeSlice<BackupSlice> = (set, get) => ({
  backups: null,
  backupBusy: false,
  loadBackups: async () => {
    try {
      set({ backups: await api('backup.list', {}) });
    } catch (err) {
      get().reportError(err);
    }
  },
  backUpNow: async () => {
    if (get().backupBusy) return null;
    set({ backupBusy: true });
    try {
      const entry = await api('backup.now', {});
      await get().loadBackups();
      return entry;
    } catch (err) {
      get().reportError(err);
      return null;
    } finally {
      set({ backupBusy: false });
    }
  },
  restoreBackup: async (file) => {
    if (get().backupBusy) return null;
    set({ backupBusy: true });
    try {
      const result = await api('backup.restore', { file });
      // Everything on screen came from the practice as it was: read it all again.
      await get().loadStatus();
      await Promise.all([get().loadBackups(), get().loadStaff()]);
      return result;
    } catch (err) {
      get().reportError(err);
      return null;
    } finally {
      set({ backupBusy: false });
    }
  },
  setBackupRetention: async (days) => {
    try {
      await api('backup.settings.save', { retentionDays: days });
      await get().loadBackups();
      return null;
    } catch (err) {
      if (err instanceof ApiError) return err.fieldErrors.retentionDays ?? err.message;
      get().reportError(err);
      return null;
    }
  },
});

export const selectBackups = (s: SpokeState): BackupList | null => s.backups;
