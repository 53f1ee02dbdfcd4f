import { api } from '../../api/client';
import type { WorkforceSummary } from '../../../../shared/contract/workforce';
import type { SpokeSlice, SpokeState } from '../../store/types';

export interface WorkforceSlice {
  /** Headcount and WTE by MDT role for today; null until loaded. */
  workforce: WorkforceSummary | null;
  loadWorkforce: () => Promise<void>;
}

export const createWorkforceSlice: SpokeSlice<WorkforceSlice> = (set, get) => ({
  workforce: null,
  loadWorkforce: async () => {
    try {
      set({ workforce: await api('workforce.summary', {}) });
    } catch (err) {
      get().reportError(err);
    }
  },
});

export const selectWorkforce = (s: SpokeState): WorkforceSummary | null => s.workforce;
