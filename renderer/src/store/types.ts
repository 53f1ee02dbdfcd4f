import type { StateCreator } from 'zustand';
import type { AppSlice } from '../features/app/slice';
import type { AuditSlice } from '../features/audit/slice';
import type { BackupSlice } from '../features/backup/slice';
import type { PracticeSlice } from '../features/practice/slice';
import type { ProfilesSlice } from '../features/profiles/slice';
import type { LeadsSlice } from '../features/leads/slice';
import type { LeaveSlice } from '../features/leave/slice';
import type { RotaSlice } from '../features/rota/slice';
import type { AutofillSlice } from '../features/roster/slice';
import type { StaffSlice } from '../features/staff/slice';
import type { SyncSlice } from '../features/sync/slice';
import type { ProtocolsSlice } from '../features/protocols/slice';
import type { WorkforceSlice } from '../features/workforce/slice';
import type { CatalogueSlice } from '../features/catalogue/slice';
import type { UiSlice } from './ui';

/** The whole UI state: one store, one slice per feature (renderer/src/features/<name>/slice.ts) plus the UI frame. */
export type SpokeState = AppSlice &
  PracticeSlice &
  ProfilesSlice &
  StaffSlice &
  WorkforceSlice &
  AuditSlice &
  RotaSlice &
  AutofillSlice &
  LeaveSlice &
  LeadsSlice &
  SyncSlice &
  ProtocolsSlice &
  CatalogueSlice &
  BackupSlice &
  UiSlice;

/** A slice creator that can read the rest of the store (e.g. to report an error). */
export type SpokeSlice<T> = StateCreator<SpokeState, [], [], T>;
