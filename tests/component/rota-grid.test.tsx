// @vitest-environment jsdom
/**
 * The rota grid as a practice manager drives it from the keyboard: typing codes with
 * completion, ranges, paste (good and garbage), copy, Delete, and undo/redo where a bulk
 * change is one step. The back end is an in-memory stand-in with the core's batch shape,
 * so what reaches "the core" is asserted too.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppStatus } from '../../shared/contract/app';
import type { CellOp } from '../../shared/contract/rota';
import { makeYearScenario } from '../../shared/rota/scenario';
import type { RotaAssignment } from '../../shared/rota/model';
import { RotaValidator } from '../../shared/rota/rules';
import { BANK_HOLIDAYS_ENGLAND_WALES } from '../../shared/rota/bank-holidays';
import { RotaPage } from '../../renderer/src/features/rota/RotaPage';
import { setRotaBackend, UNDO_LIMIT, type RotaBackend, type RotaSnapshot } from '../../renderer/src/features/rota/slice';
import { useSpoke } from '../../renderer/src/store';

vi.mock('../../renderer/src/api/client', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../renderer/src/api/client')>();
  return { ...real, api: vi.fn(() => new Promise(() => {})) };
});

const scenario = makeYearScenario(7, 2026);
const WEEK = '2026-03-02';
const SURG = scenario.duties.find((d) => d.code === 'SURG')!;
const ADM = scenario.duties.find((d) => d.code === 'ADM')!;
const DD = scenario.duties.find((d) => d.code === 'DD')!;

/** An in-memory core: keeps rows, gives new ones their own id and version, records each batch. */
function memoryBackend(initial: RotaAssignment[]) {
  const rows = new Map(initial.map((a) => [a.id, a]));
  const batches: { ops: CellOp[]; action: string }[] = [];
  let version = 0;
  const backend: RotaBackend = {
    load: (range) => {
      const state = { ...scenario, range, assignments: [...rows.values()] };
      const bankHolidayNames = new Map(BANK_HOLIDAYS_ENGLAND_WALES.map((b) => [b.date, b.title]));
      const snapshot: RotaSnapshot = { ...state, today: '2026-03-04', serverConflicts: new RotaValidator(state).conflicts(), bankHolidayNames };
      return Promise.resolve(snapshot);
    },
    save: (ops, action) => {
      batches.push({ ops, action });
      const saved: RotaAssignment[] = [];
      const cleared: string[] = [];
      for (const op of ops) {
        if (op.op === 'clear') {
          rows.delete(op.replaces.id);
          cleared.push(op.replaces.id);
          continue;
        }
        const id = op.replaces?.id ?? crypto.randomUUID();
        const row: RotaAssignment = { id, date: op.date, session: op.session, siteId: op.siteId, staffId: op.staffId, dutyId: op.dutyId, note: op.note ?? '', status: op.status ?? 'planned', source: 'manual', updatedAt: `v${++version}` };
        rows.set(id, row);
        saved.push(row);
      }
      return Promise.resolve({ saved, cleared, conflictsAdded: [], conflictsRemoved: [] });
    },
    preview: () => Promise.reject(new Error('not used here')),
  };
  return { backend, rows, batches };
}

const initialState = useSpoke.getState();
let height: PropertyDescriptor | undefined;
let width: PropertyDescriptor | undefined;

beforeAll(() => {
  height = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
  width = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientWidth');
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 700 });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 1100 });
});
afterAll(() => {
  if (height) Object.defineProperty(HTMLElement.prototype, 'clientHeight', height);
  if (width) Object.defineProperty(HTMLElement.prototype, 'clientWidth', width);
});

function status(appRole: 'practice_manager' | 'staff'): AppStatus {
  const me = scenario.staff[0]!;
  return {
    version: '0.1.0',
    dataDir: '/tmp/x',
    schemaVersion: 2,
    practice: { id: scenario.sites[0]!.id, name: 'Spokeford', odsCode: 'Z99001', listSize: 9000, sites: [], isDemo: true, updatedAt: 'x' },
    profile: { id: crypto.randomUUID(), staffId: me.id, displayName: me.displayName, roleLabel: 'GP partner', appRole },
    profiles: [],
    readOnly: null,
    signedOutNotice: null,
  };
}

let mem: ReturnType<typeof memoryBackend>;

async function open(appRole: 'practice_manager' | 'staff' = 'practice_manager', assignments: RotaAssignment[] = []) {
  mem = memoryBackend(assignments);
  setRotaBackend(mem.backend);
  useSpoke.setState({ ...initialState, status: status(appRole), rotaView: { mode: 'week', from: WEEK, siteId: 'all', roleGroup: 'all' }, rotaUndo: [], rotaRedo: [] }, true);
  render(<RotaPage />);
  const grid = await screen.findByRole('grid');
  return grid;
}

/** The cell of the n-th person (as the grid lists them) on a date and session. */
function cell(grid: HTMLElement, row: number, date: string, session: 'am' | 'pm') {
  const rows = within(grid).getAllByTestId('rota-row');
  const r = rows[row];
  if (!r) throw new Error(`no row ${row}`);
  const c = r.querySelector<HTMLElement>(`[data-cell$="|${date}|${session}"]`);
  if (!c) throw new Error(`no cell ${date} ${session}`);
  return c;
}
const code = (el: HTMLElement) => el.querySelector('.spoke-rota__code')?.textContent ?? '';

afterEach(() => {
  cleanup();
  setRotaBackend(null);
});

describe('rota grid keyboard editing', () => {
  it('is an ARIA grid whose cells say person, date, session and duty', async () => {
    const grid = await open();
    expect(grid.getAttribute('aria-rowcount')).not.toBeNull();
    expect(Number(grid.getAttribute('aria-colcount'))).toBeGreaterThan(10);
    const first = cell(grid, 0, WEEK, 'am');
    expect(first.getAttribute('role')).toBe('gridcell');
    expect(first.getAttribute('tabindex')).toBe('0');
    expect(first.getAttribute('aria-label')).toMatch(/^nothing assigned\. Dr Staff \d+, Mon 2 Mar, AM$/);
    expect(within(grid).getAllByRole('columnheader').length).toBeGreaterThan(5);
    expect(within(grid).getAllByRole('rowheader').length).toBeGreaterThan(5);
  });

  it('types a duty code with completion, Enter assigns it and moves down; the core gets one set', async () => {
    const user = userEvent.setup();
    const grid = await open();
    cell(grid, 0, WEEK, 'am').focus();
    await user.keyboard('su');
    const input = screen.getByTestId('rota-cell-input');
    expect((input as HTMLInputElement).value).toBe('SU');
    expect(screen.getByRole('option', { name: /Routine surgery/ }).getAttribute('aria-selected')).toBe('true');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(code(cell(grid, 0, WEEK, 'am'))).toBe('SURG'));
    expect(cell(grid, 0, WEEK, 'am').getAttribute('aria-label')).toMatch(/^SURG: Routine surgery\. Dr Staff \d+, Mon 2 Mar, AM$/);
    expect(document.activeElement).toBe(cell(grid, 1, WEEK, 'am'));
    await waitFor(() => expect(mem.batches).toHaveLength(1));
    expect(mem.batches[0]!.ops).toEqual([expect.objectContaining({ op: 'set', date: WEEK, session: 'am', dutyId: SURG.id, replaces: null })]);
  });

  it('refuses an unknown code with a clear message and changes nothing', async () => {
    const user = userEvent.setup();
    const grid = await open();
    cell(grid, 0, WEEK, 'am').focus();
    await user.keyboard('zzz{Enter}');
    expect(screen.getByTestId('rota-message').textContent).toMatch(/“ZZZ” is not a duty code.*Nothing was changed/);
    expect(mem.batches).toHaveLength(0);
    await user.keyboard('{Escape}');
    expect(code(cell(grid, 0, WEEK, 'am'))).toBe('');
  });

  it('Shift+arrows select a range, typing fills it as one step, undo and redo it whole', async () => {
    const user = userEvent.setup();
    const grid = await open();
    cell(grid, 0, WEEK, 'am').focus();
    await user.keyboard('{Shift>}{ArrowRight}{ArrowRight}{ArrowDown}{/Shift}');
    const selected = grid.querySelectorAll('[aria-selected="true"]');
    expect(selected).toHaveLength(6);
    await user.keyboard('adm{Enter}');
    await waitFor(() => expect(mem.batches).toHaveLength(1));
    expect(mem.batches[0]!.ops).toHaveLength(6);
    expect(code(cell(grid, 1, WEEK, 'pm'))).toBe('ADM');
    expect(useSpoke.getState().rotaUndo).toHaveLength(1);

    await user.keyboard('{Control>}z{/Control}');
    await waitFor(() => expect(mem.batches).toHaveLength(2));
    expect(mem.batches[1]!.ops.every((o) => o.op === 'clear')).toBe(true);
    expect(mem.batches[1]!.ops).toHaveLength(6);
    expect(code(cell(grid, 0, WEEK, 'pm'))).toBe('');
    expect(mem.rows.size).toBe(0);

    await user.keyboard('{Control>}y{/Control}');
    await waitFor(() => expect(mem.batches).toHaveLength(3));
    expect(code(cell(grid, 0, WEEK, 'pm'))).toBe('ADM');
    expect(mem.rows.size).toBe(6);
    // Ctrl+Shift+Z redoes too: undo then redo that way.
    await user.keyboard('{Control>}z{/Control}');
    await user.keyboard('{Control>}{Shift>}z{/Shift}{/Control}');
    await waitFor(() => expect(mem.batches).toHaveLength(5));
    expect(mem.rows.size).toBe(6);
  });

  it('pastes a tab-separated block from a spreadsheet as one step, and refuses garbage whole', async () => {
    const grid = await open();
    const start = cell(grid, 0, WEEK, 'am');
    start.focus();
    fireEvent.paste(start, { clipboardData: { getData: () => 'SURG\tDD\nwibble\tADM\n' } });
    expect(screen.getByTestId('rota-message').textContent).toMatch(/Nothing was pasted\. "wibble" at row 2, column 1 is not a duty code/);
    fireEvent.paste(start, { clipboardData: { getData: () => 'SURG\tDD\nADM\n' } });
    expect(screen.getByTestId('rota-message').textContent).toMatch(/rectangular/);
    expect(mem.batches).toHaveLength(0);
    expect(code(start)).toBe('');

    fireEvent.paste(start, { clipboardData: { getData: () => 'SURG\tDD\r\nADM\t\r\n' } });
    await waitFor(() => expect(mem.batches).toHaveLength(1));
    expect(code(cell(grid, 0, WEEK, 'am'))).toBe('SURG');
    expect(code(cell(grid, 0, WEEK, 'pm'))).toBe('DD');
    expect(code(cell(grid, 1, WEEK, 'am'))).toBe('ADM');
    // The empty pasted cell clears (nothing was there, so no operation for it).
    expect(mem.batches[0]!.ops.map((o) => o.op === 'set' && o.dutyId)).toEqual([SURG.id, DD.id, ADM.id]);
  });

  it('copies a selected block as tab-separated text, and Delete clears the selection as one step', async () => {
    const user = userEvent.setup();
    const grid = await open();
    const start = cell(grid, 0, WEEK, 'am');
    start.focus();
    fireEvent.paste(start, { clipboardData: { getData: () => 'SURG\tDD\nADM\tSURG\n' } });
    await waitFor(() => expect(mem.batches).toHaveLength(1));
    cell(grid, 0, WEEK, 'am').focus();
    await user.keyboard('{Shift>}{ArrowRight}{ArrowDown}{/Shift}');
    const setData = vi.fn();
    fireEvent.copy(document.activeElement!, { clipboardData: { setData } });
    expect(setData).toHaveBeenCalledWith('text/plain', 'SURG\tDD\nADM\tSURG\n');
    await user.keyboard('{Delete}');
    await waitFor(() => expect(mem.batches).toHaveLength(2));
    expect(mem.batches[1]!.ops).toHaveLength(4);
    expect(mem.rows.size).toBe(0);
    expect(useSpoke.getState().rotaUndo.at(-1)?.label).toBe('Clear 4 cells');
  });

  it('keeps at least 50 undo steps in the rota slice and walks them all back', async () => {
    // The undo stack lives in the store, so this drives the slice without drawing the page.
    mem = memoryBackend([]);
    setRotaBackend(mem.backend);
    useSpoke.setState({ ...initialState, status: status('practice_manager'), rotaView: { mode: 'week', from: WEEK, siteId: 'all', roleGroup: 'all' }, rotaUndo: [], rotaRedo: [] }, true);
    await useSpoke.getState().loadRota();
    const who = scenario.staff[0]!.id;
    const steps = 55;
    for (let i = 0; i < steps; i++) {
      await useSpoke.getState().changeRotaCells([{ staffId: who, date: WEEK, session: 'am', dutyId: i % 2 ? SURG.id : ADM.id }], `step ${i}`);
    }
    expect(useSpoke.getState().rotaUndo.length).toBe(Math.min(steps, UNDO_LIMIT));
    // The last step (54) set ADM.
    expect([...mem.rows.values()].map((a) => a.dutyId)).toEqual([ADM.id]);
    for (let i = 0; i < steps; i++) await useSpoke.getState().undoRota();
    expect(mem.rows.size).toBe(0);
    expect(useSpoke.getState().rotaCells.size).toBe(0);
    expect(useSpoke.getState().rotaRedo).toHaveLength(steps);
    // Redoing steps 0 to 9 ends on step 9, which set SURG.
    for (let i = 0; i < 10; i++) await useSpoke.getState().redoRota();
    expect([...mem.rows.values()].map((a) => a.dutyId)).toEqual([SURG.id]);
  });

  it('moves with the arrow keys, keeping one tabbable cell', async () => {
    const user = userEvent.setup();
    const grid = await open();
    cell(grid, 0, WEEK, 'am').focus();
    await user.keyboard('{ArrowRight}{ArrowDown}{ArrowDown}');
    expect(document.activeElement).toBe(cell(grid, 2, WEEK, 'pm'));
    expect(grid.querySelectorAll('[tabindex="0"]')).toHaveLength(1);
  });

  it('is read-only for staff: typing says so and nothing is saved', async () => {
    const user = userEvent.setup();
    const grid = await open('staff');
    expect(grid.getAttribute('aria-readonly')).toBe('true');
    cell(grid, 0, WEEK, 'am').focus();
    await user.keyboard('s');
    expect(screen.queryByTestId('rota-cell-input')).toBeNull();
    expect(screen.getByTestId('rota-message').textContent).toMatch(/read-only/);
    expect(screen.queryByRole('button', { name: /Apply patterns/ })).toBeNull();
    expect(mem.batches).toHaveLength(0);
  });

  it('shows coverage rows as assigned/required, red when short, and updates them on an edit', async () => {
    const user = userEvent.setup();
    const grid = await open();
    const covRows = within(grid).getAllByTestId('coverage-row');
    expect(covRows.length).toBeGreaterThan(0);
    const dutyDoctorRow = covRows.find((r) => r.textContent?.startsWith('Duty doctor'));
    expect(dutyDoctorRow).toBeDefined();
    const covCell = dutyDoctorRow!.querySelector<HTMLElement>(`[data-date="${WEEK}"][data-session="am"]`)!;
    expect(covCell.className).toMatch(/short/);
    const before = covCell.textContent ?? '';
    expect(before).toMatch(/^0\/\d/);
    // Dr Staff 01 works at the main site: make them duty doctor on Monday AM.
    cell(grid, 0, WEEK, 'am').focus();
    await user.keyboard('dd{Enter}');
    await waitFor(() => {
      const again = within(grid).getAllByTestId('coverage-row').flatMap((r) => (r.textContent?.startsWith('Duty doctor') ? [r] : []));
      expect(again.some((r) => (r.querySelector(`[data-date="${WEEK}"][data-session="am"]`)?.textContent ?? '').startsWith('1/'))).toBe(true);
    });
  });
});
