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
  /**
   * Fetches a protocol for the visit numbered `visit` (the UI's navigation count): the
   * router starts it as the address changes, the page asks again when it mounts, and the
   * two share one request (or the page takes what already arrived for that visit).
   */
  loadProtocol: (kind: 'central' | 'local', id: string, visit: number) => Promise<void>;
  /** Shows a changed protocol after a write (adopt, decline, addendum, sign, save). */
  setProtocol: (p: ProtocolDetail) => void;
}

/** The protocol being fetched: a second ask for the same one (router, then page) shares the request. */
let pending: { key: string; token: object; done: Promise<void> } | null = null;
/** Which visit's protocol the store holds. */
let fetchedFor: string | null = null;

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
  loadProtocol: (kind, id, visit) => {
    const key = `${visit}:${kind}:${id}`;
    if (pending?.key === key) return pending.done;
    if (fetchedFor === key && (get().protocol !== null || get().protocolError !== null)) return Promise.resolve();
    set({ protocol: null, protocolError: null });
    const token = {};
    const request = { key, token, done: Promise.resolve() };
    pending = request;
    request.done = (async () => {
      try {
        set({ protocol: await api('protocols.get', { kind, id }) });
        fetchedFor = key;
      } catch (err) {
        set({ protocolError: err instanceof Error ? err.message : String(err) });
        fetchedFor = key;
      } finally {
        if (pending?.token === token) pending = null;
      }
    })();
    return request.done;
  },
  setProtocol: (p) => set({ protocol: p, protocolError: null }),
});

export const selectProtocolInbox = (s: SpokeState): Inbox | null => s.protocolInbox;
export const selectProtocol = (s: SpokeState): ProtocolDetail | null => s.protocol;
