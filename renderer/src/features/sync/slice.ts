import { api, ApiError } from '../../api/client';
import type { SyncResult, SyncStatus } from '../../../../shared/contract/sync';
import type { SpokeSlice, SpokeState } from '../../store/types';

export interface SyncSlice {
  /** Enrolment, the last sync and what arrived; null until loaded. */
  sync: SyncStatus | null;
  /** The outcome of the last "Sync now" in this window. */
  syncResult: SyncResult | null;
  syncing: boolean;
  enrolError: string | null;
  loadSync: () => Promise<void>;
  enrol: (code: string) => Promise<boolean>;
  syncNow: () => Promise<void>;
  cancelSync: () => Promise<void>;
}

const POLL_MS = 250;

export const createSyncSlice: SpokeSlice<SyncSlice> = (set, get) => ({
  sync: null,
  syncResult: null,
  syncing: false,
  enrolError: null,
  loadSync: async () => {
    try {
      set({ sync: await api('sync.status', {}) });
    } catch (err) {
      get().reportError(err);
    }
  },
  enrol: async (code) => {
    set({ enrolError: null });
    try {
      set({ sync: await api('sync.enrol', { code }), syncResult: null });
      return true;
    } catch (err) {
      if (err instanceof ApiError) set({ enrolError: err.fieldErrors.code ? `Check the enrolment code: ${err.fieldErrors.code}` : err.message });
      else get().reportError(err);
      return false;
    }
  },
  syncNow: async () => {
    if (get().syncing) return;
    set({ syncing: true, syncResult: null });
    // Progress (items and bytes) comes from the status while the sync runs.
    const timer = setInterval(() => void get().loadSync(), POLL_MS);
    try {
      const result = await api('sync.now', {});
      set({ syncResult: result });
      // A release may bring a new role catalogue, lead types or bank holidays: the lists
      // on every page follow from the next render, without a restart.
      if (result.outcome === 'synced') await get().loadCatalogue();
    } catch (err) {
      get().reportError(err);
    } finally {
      clearInterval(timer);
      set({ syncing: false });
      await get().loadSync();
    }
  },
  cancelSync: async () => {
    try {
      await api('sync.cancel', {});
    } catch (err) {
      get().reportError(err);
    }
  },
});

export const selectSync = (s: SpokeState): SyncStatus | null => s.sync;
