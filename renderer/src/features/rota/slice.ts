/**
 * The rota in the UI store: what the view shows (dates, filters), the loaded rota, the
 * live conflicts (kept current by the shared rules engine, one edit re-checking only what
 * it touches) and the undo/redo stack of grid changes, a bulk change being one step.
 *
 * Edits apply here at once, so the grid repaints in a frame, and are then saved through
 * the rota back end; a refused save is rolled back with the core's message.
 */
import { ApiError } from '../../api/client';
import type { CellOp, ChangePreview } from '../../../../shared/contract/rota';
import { addDays, isRealDate, mondayOf } from '../../../../shared/rota/dates';
import type { LeaveRequest, RoleGroup, RotaAssignment } from '../../../../shared/rota/model';
import { RotaValidator, type Conflict, type RotaEdit, type RotaState } from '../../../../shared/rota/rules';
import type { SpokeSlice, SpokeState } from '../../store/types';
import { cellKey, indexAssignments, type CellChange } from './grid-model';

/** Everything the rota screens need for a range of dates, as the core hands it over. */
export interface RotaSnapshot extends RotaState {
  /** Today in the practice's calendar, as the core sees it. */
  today: string;
  /** The core's conflicts touching the range (it sees the whole rota, not only these dates). */
  serverConflicts: readonly Conflict[];
  /** Bank holidays in the range by date, with their names (the catalogue in use). */
  bankHolidayNames: ReadonlyMap<string, string>;
}

export interface RotaSaveResult {
  /** Rows as saved, in the order of the set operations. */
  saved: readonly RotaAssignment[];
  cleared: readonly string[];
  conflictsAdded: readonly Conflict[];
  conflictsRemoved: readonly Conflict[];
}

/**
 * Where the rota is loaded from and saved to: the typed API client in the app
 * (./api.ts), an in-memory stand-in in component tests.
 */
export interface RotaBackend {
  load: (range: { from: string; to: string }) => Promise<RotaSnapshot>;
  /** Saves one batch whole or not at all. */
  save: (ops: CellOp[], action: string) => Promise<RotaSaveResult>;
  /** What applying patterns or copying a week would change; nothing is saved. */
  preview: (plan: RotaPlan) => Promise<ChangePreview>;
}

export type RotaPlan =
  | { kind: 'patterns'; from: string; to: string; overwriteManual: boolean }
  | { kind: 'copy'; sourceMonday: string; weeks: number; overwriteManual: boolean };

let backend: RotaBackend | null = null;

/** Wires the rota to its back end (done once at start-up; tests pass their own). */
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
  /** The dates ("from|to") the snapshot on screen was loaded for; differs from the view while a load is under way. */
  rotaLoadedRange: string | null;
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
  /**
   * Loads the dates in view. With `visit` (the navigation that opened the Rota page), it
   * does nothing when the route change already started that load (prefetchRota).
   */
  loadRota: (opts?: { visit: number }) => Promise<void>;
  /** Starts loading the rota as the route changes to it (navigation number `visit`), before the page is drawn. */
  prefetchRota: (date: string | undefined, visit: number) => void;
  /** Assign or clear cells as one undoable step. */
  changeRotaCells: (changes: readonly CellChange[], label: string) => Promise<void>;
  /** The changes a plan would make (from the core), for the manager to confirm. */
  previewRotaPlan: (plan: RotaPlan) => Promise<ChangePreview>;
  /** Apply ready-made assignment edits (a pattern or copy-week preview) as one step. */
  applyRotaEdits: (edits: readonly RotaEdit[], label: string) => Promise<void>;
  undoRota: () => Promise<void>;
  redoRota: () => Promise<void>;
  setRotaMessage: (m: RotaSlice['rotaMessage']) => void;
  jumpToRotaCell: (staffId: string | null, date: string, session: string | null) => void;
}

let validator: RotaValidator | null = null;
/** The load under way, and the navigation whose route change started one. */
let inflight: { key: string; promise: Promise<void> } | null = null;
let prefetchedFor: number | null = null;
/** The state the validator is built from once needed: built after the grid paints (or at the first edit), so opening the rota does not wait for it. */
let pendingValidation: RotaSnapshot | null = null;

/**
 * Builds the validator once the browser is idle after the grid has painted (it takes tens
 * of milliseconds for a year), so opening the rota does not wait for it; an edit before
 * then builds it at once.
 */
function buildValidatorWhenIdle(): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => liveValidator(), { timeout: 1000 });
  else setTimeout(() => liveValidator(), 50);
}

function liveValidator(): RotaValidator | null {
  if (pendingValidation) {
    validator = new RotaValidator(pendingValidation);
    pendingValidation = null;
  }
  return validator;
}

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
      // One change per cell per batch (the core refuses a cell changed twice); a double booking clears one at a time.
      if (here[0]) out.changes.push({ id: here[0].id, before: here[0], after: null });
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

/**
 * New rows get their id in the UI (so the grid shows them at once) and another from the
 * core when saved; undo and redo steps keep the UI's id and look the core's up here.
 */
const aliases = new Map<string, string>();
/**
 * The version each row had when the UI removed it locally: an undo of an added row (or a
 * Delete) removes it at once, and the save that follows still has to tell the core which
 * version it clears.
 */
const removedVersion = new Map<string, string>();
const idOf = (id: string) => aliases.get(id) ?? id;

/** The edits that move the live rota to one side of a step, carrying the live updatedAt for the core's stale-edit check. */
function editsTo(step: RotaStep, side: 'before' | 'after', live: ReadonlyMap<string, RotaAssignment>): RotaEdit[] {
  return step.changes.map((c) => {
    const id = idOf(c.id);
    const target = c[side];
    if (target === null) return { kind: 'removeAssignment', id };
    return { kind: 'upsertAssignment', assignment: { ...target, id, updatedAt: live.get(id)?.updatedAt ?? target.updatedAt } };
  });
}

/** The core's batch for a step, built when it is sent (after earlier saves gave rows their ids and versions). */
function opsFor(step: RotaStep, side: 'before' | 'after', live: ReadonlyMap<string, RotaAssignment>): { ops: CellOp[]; setIds: string[] } {
  const ops: CellOp[] = [];
  const setIds: string[] = [];
  for (const c of step.changes) {
    const id = idOf(c.id);
    const target = c[side];
    const from = c[side === 'after' ? 'before' : 'after'];
    const current = live.get(id);
    const replaces = from !== null ? { id, expectedUpdatedAt: current?.updatedAt || removedVersion.get(id) || from.updatedAt } : null;
    if (target === null) {
      if (replaces && from) ops.push({ op: 'clear', staffId: from.staffId, date: from.date, session: from.session, replaces });
      continue;
    }
    ops.push({ op: 'set', staffId: target.staffId, date: target.date, session: target.session, siteId: target.siteId, dutyId: target.dutyId, note: target.note, status: target.status, ...(target.source === 'autofill' ? { source: 'autofill' as const } : {}), replaces });
    setIds.push(id);
  }
  return { ops, setIds };
}

export const createRotaSlice: SpokeSlice<RotaSlice> = (set, get) => {
  /** Apply edits to the live rota (assignments, the grid's index, the validator); returns the patch and the validator's delta. */
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
        if (prev) {
          touch(prev, false);
          if (prev.updatedAt) removedVersion.set(prev.id, prev.updatedAt);
        }
        assignments.delete(e.id);
      }
    }
    const delta = liveValidator()?.applyEdits(edits) ?? { added: [], removed: [] };
    return { patch: { rotaAssignments: assignments, rotaCells: cells }, delta };
  };

  /**
   * The conflicts shown are the core's (it sees the whole rota); an edit moves them at once
   * by the local engine's delta, then the core's answer replaces that guess.
   */
  const shiftConflicts = (add: readonly Conflict[], remove: readonly Conflict[]) => {
    const byId = new Map(get().rotaConflicts.map((c) => [c.id, c]));
    const added: Conflict[] = [];
    const removed: Conflict[] = [];
    for (const c of remove) {
      const had = byId.get(c.id);
      if (had) {
        byId.delete(c.id);
        removed.push(had);
      }
    }
    for (const c of add) {
      if (!byId.has(c.id)) added.push(c);
      byId.set(c.id, c);
    }
    set({ rotaConflicts: [...byId.values()] });
    return { added, removed };
  };

  let queue: Promise<void> = Promise.resolve();

  /** Local first (one frame), then the core in order; a refusal rolls the step back and says why. */
  const run = (step: RotaStep, direction: 'do' | 'undo' | 'redo'): Promise<void> => {
    if (step.changes.length === 0) return Promise.resolve();
    const side = direction === 'undo' ? 'before' : 'after';
    const other = direction === 'undo' ? 'after' : 'before';
    const s = get();
    const undo = direction === 'undo' ? s.rotaUndo.slice(0, -1) : [...s.rotaUndo, step].slice(-UNDO_LIMIT);
    const redo = direction === 'do' ? [] : direction === 'undo' ? [...s.rotaRedo, step] : s.rotaRedo.slice(0, -1);
    const local = applyLocal(editsTo(step, side, s.rotaAssignments));
    set({ ...local.patch, rotaUndo: undo, rotaRedo: redo, rotaMessage: null });
    const shown = shiftConflicts(local.delta.added, local.delta.removed);
    const b = backend;
    if (!b) return Promise.resolve();
    const label = direction === 'do' ? step.label : `${direction === 'undo' ? 'Undo' : 'Redo'}: ${step.label}`;
    queue = queue.then(async () => {
      const { ops, setIds } = opsFor(step, side, get().rotaAssignments);
      if (ops.length === 0) return;
      // The guess is replaced by the core's answer either way.
      const revert = () => shiftConflicts(shown.removed, shown.added);
      try {
        const result = await b.save(ops, label.slice(0, 40));
        const remap: RotaEdit[] = [];
        const live = get().rotaAssignments;
        result.saved.forEach((row, i) => {
          const localId = setIds[i];
          if (localId === undefined) return;
          const mine = live.get(localId);
          if (row.id !== localId) {
            aliases.set(localId, row.id);
            for (const [k, v] of aliases) if (v === localId) aliases.set(k, row.id);
            remap.push({ kind: 'removeAssignment', id: localId });
          }
          // A later step may already have changed the row here: keep that, take the core's id and version.
          if (mine || row.id !== localId) remap.push({ kind: 'upsertAssignment', assignment: mine ? { ...mine, id: row.id, updatedAt: row.updatedAt } : row });
        });
        if (remap.length) set(applyLocal(remap).patch);
        revert();
        shiftConflicts(result.conflictsAdded, result.conflictsRemoved);
      } catch (err) {
        const now = get();
        const back = applyLocal(editsTo(step, other, now.rotaAssignments));
        set({
          ...back.patch,
          rotaUndo: direction === 'undo' ? [...now.rotaUndo, step] : now.rotaUndo.filter((x) => x !== step),
          rotaRedo: direction === 'undo' ? now.rotaRedo.filter((x) => x !== step) : direction === 'redo' ? [...now.rotaRedo, step] : now.rotaRedo,
          rotaMessage: { kind: 'error', text: `${label}: not saved. ${err instanceof ApiError || err instanceof Error ? err.message : String(err)}` },
        });
        revert();
      }
    });
    return queue;
  };

  /** One load of the dates in view; only the newest load's answer is kept. */
  const load = async (range: { from: string; to: string }): Promise<void> => {
    if (!backend) {
      set({ rotaLoadError: 'The rota is not available in this build of Spoke.' });
      return;
    }
    try {
      await queue;
      const snapshot = await backend.load(range);
      // A later view change may have started another load; keep only the newest.
      const now = viewRange(get().rotaView);
      if (now.from !== range.from || now.to !== range.to) return;
      // Validated edits start from this state; the conflicts shown meanwhile are the core's.
      validator = null;
      pendingValidation = snapshot;
      buildValidatorWhenIdle();
      const assignments = new Map(snapshot.assignments.map((a) => [a.id, a]));
      set({
        rotaSnapshot: snapshot,
        rotaLoadedRange: `${range.from}|${range.to}`,
        rotaLoadError: null,
        rotaAssignments: assignments,
        rotaCells: indexAssignments(snapshot.assignments),
        rotaLeave: snapshot.leave,
        rotaConflicts: snapshot.serverConflicts,
      });
    } catch (err) {
      set({ rotaLoadError: err instanceof Error ? err.message : String(err) });
    }
  };

  return {
    rotaView: { mode: '4w', from: mondayOf(todayIso()), siteId: 'all', roleGroup: 'all' },
    rotaSnapshot: null,
    rotaLoadedRange: null,
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

    prefetchRota: (date, visit) => {
      const before = viewRange(get().rotaView);
      if (date && isRealDate(date)) get().setRotaView({ from: date });
      const after = viewRange(get().rotaView);
      // setRotaView loads a new range itself.
      if (after.from === before.from && after.to === before.to) void get().loadRota();
      prefetchedFor = visit;
    },

    loadRota: (opts) => {
      const range = viewRange(get().rotaView);
      const key = `${range.from}|${range.to}`;
      if (opts && opts.visit === prefetchedFor && (inflight?.key === key || get().rotaLoadedRange === key)) return inflight?.promise ?? Promise.resolve();
      const promise = load(range).finally(() => {
        if (inflight?.promise === promise) inflight = null;
      });
      inflight = { key, promise };
      return promise;
    },

    changeRotaCells: async (changes, label) => {
      const s = get();
      if (!s.rotaSnapshot) return;
      await run(stepForChanges(changes, s.rotaCells, s.rotaSnapshot, s.rotaView.siteId, label), 'do');
    },

    previewRotaPlan: async (plan) => {
      if (!backend) throw new Error('The rota is not available in this build of Spoke.');
      return backend.preview(plan);
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
