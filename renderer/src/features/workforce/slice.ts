import { api } from '../../api/client';
import type { WorkforceSummary } from '../../../../shared/contract/workforce';
import type { WorkforcePlan } from '../../../../shared/contract/rota';
import type { SpokeSlice, SpokeState } from '../../store/types';

export interface WorkforceSlice {
  /** Headcount and WTE by MDT role for today; null until loaded. */
  workforce: WorkforceSummary | null;
  loadWorkforce: () => Promise<void>;
  /** Sessions planned on the rota by role in a range, against contracted WTE; null until loaded. */
  workforcePlan: WorkforcePlan | null;
  loadWorkforcePlan: (from: string, to: string) => Promise<void>;
}

export const createWorkforceSlice: SpokeSlice<WorkforceSlice> = (set, get) => ({
  workforce: null,
  workforcePlan: null,
  loadWorkforcePlan: async (from, to) => {
    try {
      set({ workforcePlan: await api('rota.workforcePlan', { from, to }) });
    } catch (err) {
      get().reportError(err);
    }
  },
  loadWorkforce: async () => {
    try {
      set({ workforce: await api('workforce.summary', {}) });
    } catch (err) {
      get().reportError(err);
    }
  },
});

export const selectWorkforce = (s: SpokeState): WorkforceSummary | null => s.workforce;
