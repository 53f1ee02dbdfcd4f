/**
 * The rota in the UI store: what the view shows (dates, filters), the loaded rota, the
 * live conflicts (kept current by the shared rules engine, one edit re-checking only what
 * it touches) and the undo/redo stack of grid changes, a bulk change being one step.
 *
 * Edits apply here at once, so the grid repaints in a frame, and are then saved through
 * the rota back end; a refused save is rolled back with the core's message.
 */
import { ApiError } from '../../api/client';
import { addDays, mondayOf } from '../../../../shared/rota/dates';
import type { LeaveRequest, RoleGroup, RotaAssignment, WorkingPattern } from '../../../../shared/rota/model';
import { RotaValidator, type Conflict, type RotaEdit, type RotaState } from '../../../../shared/rota/rules';
import type { SpokeSlice, SpokeState } from '../../store/types';
import { cellKey, indexAssignments, type CellChange } from './grid-model';

/** Everything the rota screens need for a range of dates, as the core hands it over. */
export interface RotaSnapshot extends RotaState {
  patterns: readonly WorkingPattern[];
}

/**
 * Where the rota is loaded from and saved to. The default talks to the core through the
 * typed API client; tests pass their own.
 */
export interface RotaBackend {
  load: (range: { from: string; to: string }) => Promise<RotaSnapshot>;
  /** Saves the edits whole or not at all; returns the saved assignments (with their new updatedAt). */
  save: (edits: readonly RotaEdit[]) => Promise<readonly RotaAssignment[]>;
}

let backend: RotaBackend | null = null;

/** Wires the rota to its back end (the API client in the app; a stand-in in component tests). */
export function setRotaBackend(b: RotaBackend | null): void {
  backend = b;
}

export type RotaViewMode = 'week' | '4w' | 'month';

export interface RotaView {
  mode: RotaViewMode;
  /** The Monday the view starts on (month view: the first of the month). */
  from: string;
  /** A site id, or 'all'. */
  siteId: string;
  roleGroup: RoleGroup | 'all';
}

/** One undoable step: each assignment it touched, before and after (null = absent). */
export interface RotaStep {
  label: string;
  changes: { id: string; before: RotaAssignment | null; after: RotaAssignment | null }[];
}

export const UNDO_LIMIT = 100;

export interface RotaSlice {
  rotaView: RotaView;
  rotaSnapshot: RotaSnapshot | null;
  rotaLoadError: string | null;
  /** Live assignments by id, and by person|date|session for the grid. */
  rotaAssignments: ReadonlyMap<string, RotaAssignment>;
  rotaCells: ReadonlyMap<string, RotaAssignment[]>;
  rotaLeave: readonly LeaveRequest[];
  rotaConflicts: readonly Conflict[];
  rotaUndo: readonly RotaStep[];
  rotaRedo: readonly RotaStep[];
  /** Why the last grid action did nothing (garbage paste, unknown code, refused save). */
  rotaMessage: { kind: 'error' | 'info'; text: string } | null;
  /** The cell the grid should move to (a conflict or gap list jump). */
  rotaJump: { staffId: string | null; date: string; session: string | null; seq: number } | null;

  setRotaView: (view: Partial<RotaView>) => void;
  loadRota: () => Promise<void>;
  /** Assign or clear cells as one undoable step. */
  changeRotaCells: (changes: readonly CellChange[], label: string) => Promise<void>;
  /** Apply ready-made assignment edits (a pattern or copy-week preview) as one step. */
  applyRotaEdits: (edits: readonly RotaEdit[], label: string) => Promise<void>;
  undoRota: () => Promise<void>;
  redoRota: () => Promise<void>;
  setRotaMessage: (m: RotaSlice['rotaMessage']) => void;
  jumpToRotaCell: (staffId: string | null, date: string, session: string | null) => void;
}

let validator: RotaValidator | null = null;

/** Today in the practice's calendar (the UI's clock; the core checks dates itself). */
export function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function viewRange(view: RotaView): { from: string; to: string } {
  if (view.mode === 'month') {
    const [y, m] = [Number(view.from.slice(0, 4)), Number(view.from.slice(5, 7))];
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return { from: view.from, to: `${view.from.slice(0, 7)}-${String(last).padStart(2, '0')}` };
  }
  return { from: view.from, to: addDays(view.from, view.mode === 'week' ? 6 : 27) };
}

function newId(): string {
  return crypto.randomUUID();
}

/** The step that makes each cell hold the given duty (or nothing), from the live assignments. */
export function stepForChanges(
  changes: readonly CellChange[],
  cells: ReadonlyMap<string, RotaAssignment[]>,
  snapshot: Pick<RotaSnapshot, 'staff' | 'sites'>,
  preferredSiteId: string,
  label: string,
): RotaStep {
  const staffById = new Map(snapshot.staff.map((s) => [s.id, s]));
  const out: RotaStep = { label, changes: [] };
  for (const ch of changes) {
    const here = cells.get(cellKey(ch.staffId, ch.date, ch.session)) ?? [];
    if (ch.dutyId === null) {
      for (const a of here) out.changes.push({ id: a.id, before: a, after: null });
      continue;
    }
    const first = here[0];
    if (first) {
      if (first.dutyId !== ch.dutyId) out.changes.push({ id: first.id, before: first, after: { ...first, dutyId: ch.dutyId, source: 'manual' } });
      continue;
    }
    const person = staffById.get(ch.staffId);
    const siteId =
      preferredSiteId !== 'all' && person?.siteIds.includes(preferredSiteId) ? preferredSiteId : (person?.siteIds[0] ?? snapshot.sites[0]?.id);
    if (siteId === undefined) continue;
    const a: RotaAssignment = { id: newId(), date: ch.date, session: ch.session, siteId, staffId: ch.staffId, dutyId: ch.dutyId, note: '', status: 'planned', source: 'manual', updatedAt: '' };
    out.changes.push({ id: a.id, before: null, after: a });
  }
  return out;
}

function stepFromEdits(edits: readonly RotaEdit[], live: ReadonlyMap<string, RotaAssignment>, label: string): RotaStep {
  const step: RotaStep = { label, changes: [] };
  for (const e of edits) {
    if (e.kind === 'upsertAssignment') step.changes.push({ id: e.assignment.id, before: live.get(e.assignment.id) ?? null, after: e.assignment });
    else if (e.kind === 'removeAssignment') step.changes.push({ id: e.id, before: live.get(e.id) ?? null, after: null });
  }
  return step;
}

/** The edits that move from one side of a step to the other, carrying the live updatedAt for the core's stale-edit check. */
function editsTo(step: RotaStep, side: 'before' | 'after', live: ReadonlyMap<string, RotaAssignment>): RotaEdit[] {
  return step.changes.map((c) => {
    const target = c[side];
    if (target === null) return { kind: 'removeAssignment', id: c.id };
    return { kind: 'upsertAssignment', assignment: { ...target, updatedAt: live.get(c.id)?.updatedAt ?? target.updatedAt } };
  });
}

export const createRotaSlice: SpokeSlice<RotaSlice> = (set, get) => {
  /** Apply edits locally (assignments, grid index, conflicts), returning the state patch. */
  const applyLocal = (edits: readonly RotaEdit[]) => {
    const assignments = new Map(get().rotaAssignments);
    const cells = new Map(get().rotaCells);
    const touch = (a: RotaAssignment, add: boolean) => {
      const k = cellKey(a.staffId, a.date, a.session);
      const list = (cells.get(k) ?? []).filter((x) => x.id !== a.id);
      if (add) list.push(a);
      if (list.length) cells.set(k, list);
      else cells.delete(k);
    };
    for (const e of edits) {
      if (e.kind === 'upsertAssignment') {
        const prev = assignments.get(e.assignment.id);
        if (prev) touch(prev, false);
        assignments.set(e.assignment.id, e.assignment);
        touch(e.assignment, true);
      } else if (e.kind === 'removeAssignment') {
        const prev = assignments.get(e.id);
        if (prev) touch(prev, false);
        assignments.delete(e.id);
      }
    }
    validator?.applyEdits(edits);
    return { rotaAssignments: assignments, rotaCells: cells, rotaConflicts: validator?.conflicts() ?? get().rotaConflicts };
  };

  /** Local first (one frame), then the core; a refusal rolls the step back and says why. */
  const run = async (step: RotaStep, direction: 'do' | 'undo' | 'redo') => {
    if (step.changes.length === 0) return;
    const live = get().rotaAssignments;
    const forward = editsTo(step, direction === 'undo' ? 'before' : 'after', live);
    const backward = editsTo(step, direction === 'undo' ? 'after' : 'before', live);
    const s = get();
    const undo = direction === 'undo' ? s.rotaUndo.slice(0, -1) : [...s.rotaUndo, step].slice(-UNDO_LIMIT);
    const redo = direction === 'do' ? [] : direction === 'undo' ? [...s.rotaRedo, step] : s.rotaRedo.slice(0, -1);
    set({ ...applyLocal(forward), rotaUndo: undo, rotaRedo: redo, rotaMessage: null });
    if (!backend) return;
    try {
      const saved = await backend.save(forward);
      if (saved.length) {
        const assignments = new Map(get().rotaAssignments);
        for (const a of saved) if (assignments.has(a.id)) assignments.set(a.id, a);
        set({ rotaAssignments: assignments, rotaCells: indexAssignments(assignments.values()) });
      }
    } catch (err) {
      set({
        ...applyLocal(backward),
        rotaUndo: s.rotaUndo,
        rotaRedo: s.rotaRedo,
        rotaMessage: { kind: 'error', text: `${step.label}: not saved. ${err instanceof ApiError || err instanceof Error ? err.message : String(err)}` },
      });
    }
  };

  return {
    rotaView: { mode: '4w', from: mondayOf(todayIso()), siteId: 'all', roleGroup: 'all' },
    rotaSnapshot: null,
    rotaLoadError: null,
    rotaAssignments: new Map(),
    rotaCells: new Map(),
    rotaLeave: [],
    rotaConflicts: [],
    rotaUndo: [],
    rotaRedo: [],
    rotaMessage: null,
    rotaJump: null,

    setRotaView: (view) => {
      const next = { ...get().rotaView, ...view };
      if (view.from !== undefined || view.mode !== undefined) {
        next.from = next.mode === 'month' ? `${next.from.slice(0, 7)}-01` : mondayOf(next.from);
      }
      const before = viewRange(get().rotaView);
      const after = viewRange(next);
      set({ rotaView: next });
      if (before.from !== after.from || before.to !== after.to) void get().loadRota();
    },

    loadRota: async () => {
      if (!backend) {
        set({ rotaLoadError: 'The rota is not available in this build of Spoke.' });
        return;
      }
      const range = viewRange(get().rotaView);
      try {
        const snapshot = await backend.load(range);
        // A later view change may have started another load; keep only the newest.
        const now = viewRange(get().rotaView);
        if (now.from !== range.from || now.to !== range.to) return;
        validator = new RotaValidator(snapshot);
        const assignments = new Map(snapshot.assignments.map((a) => [a.id, a]));
        set({
          rotaSnapshot: snapshot,
          rotaLoadError: null,
          rotaAssignments: assignments,
          rotaCells: indexAssignments(snapshot.assignments),
          rotaLeave: snapshot.leave,
          rotaConflicts: validator.conflicts(),
        });
      } catch (err) {
        set({ rotaLoadError: err instanceof Error ? err.message : String(err) });
      }
    },

    changeRotaCells: async (changes, label) => {
      const s = get();
      if (!s.rotaSnapshot) return;
      await run(stepForChanges(changes, s.rotaCells, s.rotaSnapshot, s.rotaView.siteId, label), 'do');
    },

    applyRotaEdits: async (edits, label) => {
      await run(stepFromEdits(edits, get().rotaAssignments, label), 'do');
    },

    undoRota: async () => {
      const step = get().rotaUndo.at(-1);
      if (step) await run(step, 'undo');
      else set({ rotaMessage: { kind: 'info', text: 'Nothing to undo.' } });
    },

    redoRota: async () => {
      const step = get().rotaRedo.at(-1);
      if (step) await run(step, 'redo');
      else set({ rotaMessage: { kind: 'info', text: 'Nothing to redo.' } });
    },

    setRotaMessage: (rotaMessage) => set({ rotaMessage }),

    jumpToRotaCell: (staffId, date, session) => {
      const view = get().rotaView;
      const range = viewRange(view);
      set((s) => ({ rotaJump: { staffId, date, session, seq: (s.rotaJump?.seq ?? 0) + 1 } }));
      if (view.mode === 'month' || date < range.from || date > range.to) get().setRotaView({ mode: view.mode === 'month' ? '4w' : view.mode, from: date });
    },
  };
};

export const selectRotaView = (s: SpokeState): RotaView => s.rotaView;
export const selectCanEditRota = (s: SpokeState): boolean => s.status?.profile?.appRole === 'practice_manager';
