import { api } from '../../api/client';
import type { InputOf } from '../../../../shared/contract';
import type { AppStatus } from '../../../../shared/contract/app';
import type { AppRole } from '../../../../shared/contract/common';
import type { Practice } from '../../../../shared/contract/practice';
import type { Profile } from '../../../../shared/contract/profiles';
import type { SpokeSlice, SpokeState } from '../../store/types';

export interface AppSlice {
  /** What app.status last said; null until it first answers. */
  status: AppStatus | null;
  /** Why app.status could not be read (Spoke not running, bad token). */
  statusError: string | null;
  loadStatus: () => Promise<void>;
  /** First run: load the fictional practice and sign in as its practice manager. */
  openDemo: () => Promise<void>;
  /** First run: create the practice; throws ApiError so the form can show field errors. */
  setUpPractice: (input: InputOf<'practice.setup'>) => Promise<void>;
  /** A CLI-made practice with nobody to sign in as: create its first practice manager. */
  bootstrapManager: (input: InputOf<'profiles.bootstrap'>) => Promise<void>;
  signIn: (profileId: string) => Promise<void>;
  /** Sign out so someone else can choose their profile. */
  switchProfile: () => Promise<void>;
}

export const createAppSlice: SpokeSlice<AppSlice> = (set, get) => ({
  status: null,
  statusError: null,

  loadStatus: async () => {
    try {
      const status = await api('app.status', {});
      set({ status, statusError: null });
    } catch (err) {
      set({ statusError: err instanceof Error ? err.message : String(err) });
    }
  },

  openDemo: async () => {
    try {
      const status = await api('practice.openDemo', {});
      set({ status });
      get().navigate('/staff');
    } catch (err) {
      get().reportError(err);
    }
  },

  setUpPractice: async (input) => {
    const status = await api('practice.setup', input);
    set({ status });
    get().navigate('/staff', { kind: 'success', message: `${status.practice?.name ?? 'Your practice'} is set up. Add your staff next.` });
  },

  bootstrapManager: async (input) => {
    const status = await api('profiles.bootstrap', input);
    set({ status });
    get().navigate('/staff');
  },

  signIn: async (profileId) => {
    try {
      await api('session.signIn', { profileId });
      await get().loadStatus();
      get().navigate('/staff');
    } catch (err) {
      get().reportError(err);
    }
  },

  switchProfile: async () => {
    try {
      await api('session.signOut', {});
      await get().loadStatus();
      get().dismissBanner();
    } catch (err) {
      get().reportError(err);
    }
  },

});

export const selectStatus = (s: SpokeState): AppStatus | null => s.status;
export const selectPractice = (s: SpokeState): Practice | null => s.status?.practice ?? null;
export const selectProfile = (s: SpokeState): Profile | null => s.status?.profile ?? null;
export const selectAppRole = (s: SpokeState): AppRole | null => s.status?.profile?.appRole ?? null;
/** Only practice managers may add, edit or archive staff (the core enforces it too). */
export const selectCanManageStaff = (s: SpokeState): boolean => s.status?.profile?.appRole === 'practice_manager';
