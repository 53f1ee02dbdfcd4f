/**
 * Auto-fill in the Rota screen: runs the solver in a Web Worker on the rota shown (its
 * dates and site), keeps the best roster so far as a proposal the grid draws as
 * "proposed" cells, and applies it through the rota's one undoable step. Cancel and
 * Discard drop the proposal; nothing reaches the rota until Apply.
 */
import { AUTOFILL_LIMITS, type AutofillProgress, type AutofillResult } from '../../../../shared/roster/autofill';
import type { AutofillPreference, AutofillRequest } from '../../../../shared/roster/practice';
import type { RotaAssignment } from '../../../../shared/rota/model';
import type { AutofillMessage, AutofillStart } from './autofill.worker';
import type { SpokeSlice } from '../../store/types';
import { viewRange } from '../rota/slice';

export const AUTOFILL_TIME_LIMIT_MS = AUTOFILL_LIMITS.timeLimitMs;

export type AutofillPhase = 'idle' | 'running' | 'preview' | 'failed';

export interface AutofillSlice {
  autofillPhase: AutofillPhase;
  autofillRange: { from: string; to: string; siteId: string } | null;
  autofillStartedAt: number;
  autofillProgress: AutofillProgress | null;
  autofillResult: AutofillResult | null;
  autofillError: string | null;
  /** The assignments the proposal would add (the grid shows them as proposed). */
  autofillProposal: readonly RotaAssignment[] | null;
  startAutofill: () => Promise<void>;
  cancelAutofill: () => void;
  applyAutofill: () => Promise<void>;
  discardAutofill: () => void;
}

/** Where preferences and the worker come from: the real API and a Web Worker in the app, stand-ins in tests. */
export interface AutofillBackend {
  preferences: () => Promise<AutofillPreference[]>;
  startWorker: (msg: AutofillStart, onMessage: (m: AutofillMessage) => void) => { terminate: () => void };
}

let backend: AutofillBackend | null = null;
export function setAutofillBackend(b: AutofillBackend | null): void {
  backend = b;
}

let running: { terminate: () => void } | null = null;
let runSeq = 0;

const proposalOf = (edits: AutofillProgress['edits']): RotaAssignment[] => edits.flatMap((e) => (e.kind === 'upsertAssignment' ? [e.assignment] : []));

export const createAutofillSlice: SpokeSlice<AutofillSlice> = (set, get) => ({
  autofillPhase: 'idle',
  autofillRange: null,
  autofillStartedAt: 0,
  autofillProgress: null,
  autofillResult: null,
  autofillError: null,
  autofillProposal: null,

  startAutofill: async () => {
    const s = get();
    const snapshot = s.rotaSnapshot;
    if (!backend || !snapshot) return;
    running?.terminate();
    running = null;
    const seq = ++runSeq;
    const range = viewRange(s.rotaView);
    const siteId = s.rotaView.siteId;
    set({ autofillPhase: 'running', autofillRange: { ...range, siteId }, autofillStartedAt: performance.now(), autofillProgress: null, autofillResult: null, autofillError: null, autofillProposal: null });
    let preferences: AutofillPreference[];
    try {
      preferences = await backend.preferences();
    } catch (err) {
      if (seq === runSeq) set({ autofillPhase: 'failed', autofillError: `Could not read staff preferences: ${err instanceof Error ? err.message : String(err)}` });
      return;
    }
    if (seq !== runSeq) return;
    const live = get();
    const request: AutofillRequest = {
      state: { ...snapshot, range, assignments: [...live.rotaAssignments.values()], leave: live.rotaLeave },
      from: range.from,
      to: range.to,
      siteIds: siteId === 'all' ? [] : [siteId],
      preferences,
    };
    running = backend.startWorker({ request, ...AUTOFILL_LIMITS, seed: 1 }, (m) => {
      if (seq !== runSeq) return;
      if (m.type === 'progress') set({ autofillProgress: m.progress, autofillProposal: proposalOf(m.progress.edits) });
      else if (m.type === 'done') {
        running?.terminate();
        running = null;
        set({ autofillPhase: 'preview', autofillResult: m.result, autofillProposal: proposalOf(m.result.edits) });
      } else {
        running?.terminate();
        running = null;
        set({ autofillPhase: 'failed', autofillError: m.message, autofillProposal: null });
      }
    });
  },

  cancelAutofill: () => {
    runSeq++;
    running?.terminate();
    running = null;
    set({ autofillPhase: 'idle', autofillProgress: null, autofillResult: null, autofillProposal: null, autofillError: null });
  },

  applyAutofill: async () => {
    const result = get().autofillResult;
    if (!result || result.edits.length === 0) return;
    const n = result.edits.length;
    set({ autofillPhase: 'idle', autofillProposal: null, autofillProgress: null, autofillResult: null });
    await get().applyRotaEdits(result.edits, `Auto-fill (${n} ${n === 1 ? 'session' : 'sessions'})`);
  },

  discardAutofill: () => {
    set({ autofillPhase: 'idle', autofillProgress: null, autofillResult: null, autofillProposal: null, autofillError: null });
  },
});
