/**
 * The one UI store, made of typed slices: one per feature (renderer/src/features/<name>/
 * slice.ts, named as in shared/contract/ and electron/core/features/) and ui (route and
 * banner). Actions call the typed API client only.
 */
import { create } from 'zustand';
import { setAttentionListener } from '../api/client';
import { createAppSlice } from '../features/app/slice';
import { createAuditSlice } from '../features/audit/slice';
import { createPracticeSlice } from '../features/practice/slice';
import { createProfilesSlice } from '../features/profiles/slice';
import { createLeadsSlice } from '../features/leads/slice';
import { createLeaveSlice } from '../features/leave/slice';
import { apiRotaBackend } from '../features/rota/api';
import { createRotaSlice, setRotaBackend } from '../features/rota/slice';
import { apiAutofillBackend } from '../features/roster/api';
import { createAutofillSlice, setAutofillBackend } from '../features/roster/slice';
import { createStaffSlice } from '../features/staff/slice';
import type { SpokeState } from './types';
import { createUiSlice } from './ui';
import { createWorkforceSlice } from '../features/workforce/slice';
import { createSyncSlice } from '../features/sync/slice';
import { createBackupSlice } from '../features/backup/slice';
import { createProtocolsSlice } from '../features/protocols/slice';
import { createCatalogueSlice } from '../features/catalogue/slice';

export type { SpokeState } from './types';

export const useSpoke = create<SpokeState>()((...a) => ({
  ...createAppSlice(...a),
  ...createPracticeSlice(...a),
  ...createProfilesSlice(...a),
  ...createAuditSlice(...a),
  ...createStaffSlice(...a),
  ...createWorkforceSlice(...a),
  ...createRotaSlice(...a),
  ...createAutofillSlice(...a),
  ...createLeaveSlice(...a),
  ...createLeadsSlice(...a),
  ...createSyncSlice(...a),
  ...createBackupSlice(...a),
  ...createProtocolsSlice(...a),
  ...createCatalogueSlice(...a),
  ...createUiSlice(...a),
}));

setAttentionListener((items) => useSpoke.getState().noteAttention(items));
setRotaBackend(apiRotaBackend);
setAutofillBackend(apiAutofillBackend);

/** Routes from the current address and follows it from then on. Call after initTransport(). */
export function startRouter(): () => void {
  const { followLocation } = useSpoke.getState();
  const onChange = () => useSpoke.getState().followLocation();
  followLocation();
  window.addEventListener('hashchange', onChange);
  window.addEventListener('popstate', onChange);
  return () => {
    window.removeEventListener('hashchange', onChange);
    window.removeEventListener('popstate', onChange);
  };
}
