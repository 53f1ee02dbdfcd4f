/**
 * The one UI store, made of typed slices: session (app status and who is signed in),
 * staff, workforce, and ui (route and banner). Actions call the typed API client only.
 */
import { create } from 'zustand';
import { createSessionSlice } from './session';
import { createStaffSlice } from './staff';
import type { SpokeState } from './types';
import { createUiSlice } from './ui';
import { createWorkforceSlice } from './workforce';

export type { SpokeState } from './types';

export const useSpoke = create<SpokeState>()((...a) => ({
  ...createSessionSlice(...a),
  ...createStaffSlice(...a),
  ...createWorkforceSlice(...a),
  ...createUiSlice(...a),
}));

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
