import { api } from '../../api/client';
import type { InputOf } from '../../../../shared/contract';
import type { Practice } from '../../../../shared/contract/practice';
import type { SpokeSlice } from '../../store/types';

export interface PracticeSlice {
  /** Throws ApiError so the form can show field errors. */
  updatePractice: (input: InputOf<'practice.update'>) => Promise<Practice>;
  /** Adds a site (no id) or renames one; throws ApiError so the form can show field errors. */
  saveSite: (input: InputOf<'sites.save'>) => Promise<Practice>;
}

/** The practice's details and sites live in app.status; these writes keep it current. */
export const createPracticeSlice: SpokeSlice<PracticeSlice> = (set) => ({
  updatePractice: async (input) => {
    const practice = await api('practice.update', input);
    set((s) => ({ status: s.status ? { ...s.status, practice } : s.status }));
    return practice;
  },

  saveSite: async (input) => {
    const practice = await api('sites.save', input);
    set((s) => ({ status: s.status ? { ...s.status, practice } : s.status }));
    return practice;
  },
});
