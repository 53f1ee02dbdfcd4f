import { api } from '../../api/client';
import type { InputOf } from '../../../../shared/contract';
import type { Profile } from '../../../../shared/contract/profiles';
import type { SpokeSlice } from '../../store/types';

export interface ProfilesSlice {
  /** Throws ApiError so the form can show field errors. */
  createProfile: (input: InputOf<'profiles.create'>) => Promise<Profile>;
  /** Takes a sign-in profile away; throws ApiError (e.g. the last practice manager). */
  removeProfile: (id: string) => Promise<void>;
}

/** Sign-in profiles are listed in app.status, so each change reloads it. */
export const createProfilesSlice: SpokeSlice<ProfilesSlice> = (_set, get) => ({
  createProfile: async (input) => {
    const profile = await api('profiles.create', input);
    await get().loadStatus();
    return profile;
  },

  removeProfile: async (id) => {
    await api('profiles.remove', { id });
    await get().loadStatus();
  },
});
