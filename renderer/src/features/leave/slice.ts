/**
 * Leave in the UI store: requests, balances, and the practice manager's decision with
 * what it does to the rota (the affected sessions, offered for clearing in the same step).
 */
import { api } from '../../api/client';
import type { InputOf } from '../../../../shared/contract';
import type { LeaveBalanceOut, LeaveImpact } from '../../../../shared/contract/leave';
import type { LeaveOut } from '../../../../shared/contract/rota';
import type { SpokeSlice } from '../../store/types';

export interface LeaveSlice {
  leaveRequests: readonly LeaveOut[];
  leaveBalances: readonly LeaveBalanceOut[];
  leaveLoaded: boolean;
  loadLeave: () => Promise<void>;
  /** Throws ApiError so the form can show its field messages. */
  requestLeave: (input: InputOf<'leave.request'>) => Promise<LeaveOut>;
  leaveImpact: (id: string) => Promise<LeaveImpact>;
  /** Approve or decline; the rota reloads so what it breaks shows at once. Throws ApiError. */
  decideLeave: (input: InputOf<'leave.decide'>) => Promise<void>;
  withdrawLeave: (id: string, expectedUpdatedAt: string) => Promise<void>;
}

export const createLeaveSlice: SpokeSlice<LeaveSlice> = (set, get) => ({
  leaveRequests: [],
  leaveBalances: [],
  leaveLoaded: false,

  loadLeave: async () => {
    try {
      const [leaveRequests, leaveBalances] = await Promise.all([api('leave.list', {}), api('leave.balances', {})]);
      set({ leaveRequests, leaveBalances, leaveLoaded: true });
    } catch (err) {
      get().reportError(err);
    }
  },

  requestLeave: async (input) => {
    const saved = await api('leave.request', input);
    await get().loadLeave();
    return saved;
  },

  leaveImpact: (id) => api('leave.impact', { id }),

  decideLeave: async (input) => {
    await api('leave.decide', input);
    await get().loadLeave();
    if (get().rotaSnapshot) await get().loadRota();
  },

  withdrawLeave: async (id, expectedUpdatedAt) => {
    try {
      await api('leave.withdraw', { id, expectedUpdatedAt });
      await get().loadLeave();
      if (get().rotaSnapshot) await get().loadRota();
    } catch (err) {
      get().reportError(err);
    }
  },
});
