/** The named-lead register in the UI store. */
import { api } from '../../api/client';
import type { InputOf } from '../../../../shared/contract';
import type { LeadsRegister } from '../../../../shared/contract/leads';
import type { SpokeSlice } from '../../store/types';

export interface LeadsSlice {
  leadsRegister: LeadsRegister | null;
  loadLeads: () => Promise<void>;
  /** Throws ApiError so the form can show its field messages. */
  saveLead: (input: InputOf<'leads.save'>) => Promise<void>;
}

export const createLeadsSlice: SpokeSlice<LeadsSlice> = (set, get) => ({
  leadsRegister: null,
  loadLeads: async () => {
    try {
      set({ leadsRegister: await api('leads.register', {}) });
    } catch (err) {
      get().reportError(err);
    }
  },
  saveLead: async (input) => {
    await api('leads.save', input);
    await get().loadLeads();
  },
});
