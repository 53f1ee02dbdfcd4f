import { api } from '../../api/client';
import type { AuditEntry } from '../../../../shared/contract/audit';
import type { SpokeSlice } from '../../store/types';

export interface AuditSlice {
  /** The practice's latest audit entries, newest first. Throws ApiError. */
  fetchRecentChanges: (limit: number) => Promise<AuditEntry[]>;
}

export const createAuditSlice: SpokeSlice<AuditSlice> = () => ({
  fetchRecentChanges: (limit) => api('audit.list', { limit }),
});
