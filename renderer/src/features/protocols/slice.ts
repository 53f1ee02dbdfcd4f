import { api } from '../../api/client';
import type { Inbox, ProtocolDetail } from '../../../../shared/contract/protocols';
import type { SpokeSlice, SpokeState } from '../../store/types';

export interface ProtocolsSlice {
  /** The inbox; null until loaded. */
  protocolInbox: Inbox | null;
  /** The protocol page open now; null while loading or after an error. */
  protocol: ProtocolDetail | null;
  protocolError: string | null;
  loadProtocolInbox: () => Promise<void>;
  loadProtocol: (kind: 'central' | 'local', id: string) => Promise<void>;
  /** Shows a changed protocol after a write (adopt, decline, addendum, sign, save). */
  setProtocol: (p: ProtocolDetail) => void;
}

export const createProtocolsSlice: SpokeSlice<ProtocolsSlice> = (set, get) => ({
  protocolInbox: null,
  protocol: null,
  protocolError: null,
  loadProtocolInbox: async () => {
    try {
      set({ protocolInbox: await api('protocols.inbox', {}) });
    } catch (err) {
      get().reportError(err);
    }
  },
  loadProtocol: async (kind, id) => {
    set({ protocol: null, protocolError: null });
    try {
      set({ protocol: await api('protocols.get', { kind, id }) });
    } catch (err) {
      set({ protocolError: err instanceof Error ? err.message : String(err) });
    }
  },
  setProtocol: (p) => set({ protocol: p, protocolError: null }),
});

export const selectProtocolInbox = (s: SpokeState): Inbox | null => s.protocolInbox;
export const selectProtocol = (s: SpokeState): ProtocolDetail | null => s.protocol;
