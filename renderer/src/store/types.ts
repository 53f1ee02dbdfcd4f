import type { StateCreator } from 'zustand';
import type { SessionSlice } from './session';
import type { StaffSlice } from './staff';
import type { UiSlice } from './ui';
import type { WorkforceSlice } from './workforce';

/** The whole UI state: one store, one slice per concern. */
export type SpokeState = SessionSlice & StaffSlice & WorkforceSlice & UiSlice;

/** A slice creator that can read the rest of the store (e.g. to report an error). */
export type SpokeSlice<T> = StateCreator<SpokeState, [], [], T>;
