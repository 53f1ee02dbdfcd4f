/**
 * The rota grid: staff by date and session, keyboard first, as quick as a spreadsheet.
 *
 * An ARIA grid (not a wall of divs): role=grid/row/gridcell/columnheader/rowheader with
 * aria-rowcount/colcount and aria-rowindex/colindex, because rows AND columns are
 * virtualised and only what is in view is in the DOM. One cell holds tabindex=0 (roving
 * tabindex) and is always rendered, so focus never falls out of the grid while scrolling.
 * Each cell's accessible text says the person, date, session, duty and any conflict.
 *
 * Plain data in, batches of cell changes out: the grid knows nothing of the store.
 */
import { useVirtualizer, defaultRangeExtractor, type Range } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ClipboardEvent, type CSSProperties, type KeyboardEvent } from 'react';
import type { CoverageCell } from '../../../../shared/rota/coverage';
import type { Duty, LeaveRequest, RotaAssignment } from '../../../../shared/rota/model';
import type { Conflict } from '../../../../shared/rota/rules';
import { LEAVE_TYPE_LABELS } from '../../../../shared/rota/vocabulary';
import { formatDutyBlock, parsePastedDuties } from '../../../../shared/rota/paste';
import {
  blockOf,
  cellKey,
  changesForBlock,
  clampPos,
  completeDuty,
  coverageCellKey,
  inBlock,
  leaveAt,
  textOn,
  type CellChange,
  type CellPos,
  type GridColumn,
  type GridRow,
  type Selection,
} from './grid-model';

export const ROW_HEIGHT = 34;
export const COL_WIDTH = 58;
export const HEADER_WIDTH = 210;
const HEADER_HEIGHT = 52;

export interface RotaGridProps {
  rows: readonly GridRow[];
  columns: readonly GridColumn[];
  cells: ReadonlyMap<string, readonly RotaAssignment[]>;
  leaveByStaff: ReadonlyMap<string, readonly LeaveRequest[]>;
  conflicts: ReturnType<typeof import('./grid-model').indexConflicts>;
  coverage: ReadonlyMap<string, CoverageCell>;
  duties: readonly Duty[];
  readOnly: boolean;
  /** One call per user action: a bulk change arrives as one batch (one undo step). */
  onChange: (changes: CellChange[], label: string) => void;
  onUndo: () => void;
  onRedo: () => void;
  /** A message about the last action (garbage paste, unknown code); null clears it. */
  onMessage: (message: { kind: 'error' | 'info'; text: string } | null) => void;
  /** Move to this cell when it changes (jump to a date, a conflict or a gap). */
  jump?: { staffId: string | null; date: string; session: string | null; seq: number } | null;
  label: string;
  /** Column width in pixels (wider in the week view). */
  colWidth?: number;
  /** Draw every row and column (for printing), not only those in view. */
  all?: boolean;
  /** Assignment ids shown as proposed (an auto-fill preview), not yet in the rota. */
  proposed?: ReadonlySet<string>;
}

const isEditKey = (e: KeyboardEvent) => e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey && /[A-Za-z0-9]/.test(e.key);

export function RotaGrid(props: RotaGridProps) {
  const { columns, cells, leaveByStaff, conflicts, coverage, duties, readOnly, onChange, onMessage } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const colWidth = props.colWidth ?? COL_WIDTH;
  const dutyById = useMemo(() => new Map(duties.map((d) => [d.id, d])), [duties]);
  // Staff (with their group headings) scroll; the coverage rows stay pinned under them.
  const rows = useMemo(() => props.rows.filter((r) => r.kind === 'group' || r.kind === 'staff'), [props.rows]);
  const footRows = useMemo(() => props.rows.filter((r) => r.kind === 'coverage' || r.kind === 'coverageHeading'), [props.rows]);
  /** Staff rows only, with their index among all rows: the keyboard moves over these. */
  const staffRows = useMemo(() => {
    const out: { staff: Extract<GridRow, { kind: 'staff' }>['staff']; rowIndex: number }[] = [];
    rows.forEach((r, i) => {
      if (r.kind === 'staff') out.push({ staff: r.staff, rowIndex: i });
    });
    return out;
  }, [rows]);
  const staffIndexOfRow = useMemo(() => {
    const m = new Map<number, number>();
    staffRows.forEach((s, i) => m.set(s.rowIndex, i));
    return m;
  }, [staffRows]);

  const [sel, setSel] = useState<Selection>({ anchor: { row: 0, col: 0 }, focus: { row: 0, col: 0 } });
  const [editor, setEditor] = useState<{ text: string; option: number } | null>(null);
  const [focusWanted, setFocusWanted] = useState(0);
  const active = clampPos(sel.focus, Math.max(1, staffRows.length), Math.max(1, columns.length));
  const block = blockOf({ anchor: clampPos(sel.anchor, Math.max(1, staffRows.length), Math.max(1, columns.length)), focus: active });
  const activeRowIndex = staffRows[active.row]?.rowIndex ?? 0;

  const all = props.all ?? false;
  const keepRow = useCallback((range: Range) => {
    if (all) return Array.from({ length: range.count }, (_, i) => i);
    const out = defaultRangeExtractor(range);
    return out.includes(activeRowIndex) ? out : [...out, activeRowIndex].sort((a, b) => a - b);
  }, [activeRowIndex, all]);
  const keepCol = useCallback((range: Range) => {
    if (all) return Array.from({ length: range.count }, (_, i) => i);
    const out = defaultRangeExtractor(range);
    return out.includes(active.col) ? out : [...out, active.col].sort((a, b) => a - b);
  }, [active.col, all]);

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is meant to be used this way
  const rowV = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 3,
    scrollPaddingStart: HEADER_HEIGHT,
    scrollPaddingEnd: footRows.length * 24 + 4,
    rangeExtractor: keepRow,
    initialRect: { width: 1100, height: 640 },
  });
  const colV = useVirtualizer({
    horizontal: true,
    count: columns.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => colWidth,
    overscan: 2,
    scrollPaddingStart: HEADER_WIDTH,
    rangeExtractor: keepCol,
    initialRect: { width: 1100, height: 640 },
  });

  const moveTo = useCallback(
    (p: CellPos, extend: boolean) => {
      const q = clampPos(p, staffRows.length, columns.length);
      setSel((s) => ({ anchor: extend ? s.anchor : q, focus: q }));
      const rowIndex = staffRows[q.row]?.rowIndex;
      if (rowIndex !== undefined) rowV.scrollToIndex(rowIndex, { align: 'auto' });
      colV.scrollToIndex(q.col, { align: 'auto' });
      setFocusWanted((n) => n + 1);
    },
    [staffRows, columns.length, rowV, colV],
  );

  // Focus follows the active cell after it is rendered (it may have just scrolled into view).
  useLayoutEffect(() => {
    if (focusWanted === 0 || editor) return;
    scrollRef.current?.querySelector<HTMLElement>('[data-active="true"]')?.focus({ preventScroll: true });
  }, [focusWanted, editor, active.row, active.col]);

  // Jumps from outside (a date, a conflict, a gap): the person's row if given, the date's first matching column.
  const jump = props.jump;
  useEffect(() => {
    if (!jump) return;
    const col = columns.findIndex((c) => c.date === jump.date && (jump.session === null || c.session === jump.session));
    const fallback = columns.findIndex((c) => c.date >= jump.date);
    const row = jump.staffId === null ? active.row : staffRows.findIndex((s) => s.staff.id === jump.staffId);
    if (col < 0 && fallback < 0) return;
    moveTo({ row: row < 0 ? 0 : row, col: col >= 0 ? col : fallback }, false);
    // Only a new jump moves the grid, not a re-render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [jump?.seq, columns.length, staffRows.length]);

  const blockCells = (): (string | null)[][] => {
    const out: (string | null)[][] = [];
    for (let r = block.top; r <= block.bottom; r++) {
      const row: (string | null)[] = [];
      const person = staffRows[r]?.staff;
      for (let c = block.left; c <= block.right; c++) {
        const col = columns[c];
        row.push(person && col ? (cells.get(cellKey(person.id, col.date, col.session))?.[0]?.dutyId ?? null) : null);
      }
      out.push(row);
    }
    return out;
  };

  const fill = (values: (string | null)[][], label: string) => {
    const result = changesForBlock(values, block, staffRows, columns);
    if (!result.ok) {
      onMessage({ kind: 'error', text: result.message });
      return false;
    }
    onMessage(null);
    onChange(result.changes, label);
    return true;
  };

  // One stable handler for every cell, reading the latest state through a ref, so memoised cells stay memoised.
  const pointer = useRef<(row: number, col: number, kind: 'down' | 'double', shift: boolean) => void>(() => undefined);
  pointer.current = (row, col, kind, shift) => {
    if (kind === 'down') {
      setEditor(null);
      moveTo({ row, col }, shift);
      return;
    }
    if (readOnly) return;
    const person = staffRows[row]?.staff;
    const column = columns[col];
    const here = person && column ? cells.get(cellKey(person.id, column.date, column.session))?.[0] : undefined;
    setEditor({ text: here ? (dutyById.get(here.dutyId)?.code ?? '') : '', option: 0 });
  };
  const onCellPointer = useCallback((row: number, col: number, kind: 'down' | 'double', shift: boolean) => pointer.current(row, col, kind, shift), []);

  const cellsCount = (block.bottom - block.top + 1) * (block.right - block.left + 1);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (editor) return;
    const ctrl = e.ctrlKey || e.metaKey;
    const key = e.key;
    const step = (dr: number, dc: number) => {
      e.preventDefault();
      moveTo({ row: active.row + dr, col: active.col + dc }, e.shiftKey);
    };
    if (key === 'ArrowUp') return step(ctrl ? -active.row : -1, 0);
    if (key === 'ArrowDown') return step(ctrl ? staffRows.length : 1, 0);
    if (key === 'ArrowLeft') return step(0, ctrl ? -active.col : -1);
    if (key === 'ArrowRight') return step(0, ctrl ? columns.length : 1);
    if (key === 'Home') return step(ctrl ? -active.row : 0, -active.col);
    if (key === 'End') return step(ctrl ? staffRows.length : 0, columns.length);
    if (key === 'PageDown') return step(10, 0);
    if (key === 'PageUp') return step(-10, 0);
    if (key === 'Escape') {
      setSel({ anchor: active, focus: active });
      return;
    }
    if (ctrl && (key === 'z' || key === 'Z')) {
      e.preventDefault();
      if (readOnly) return;
      if (e.shiftKey) props.onRedo();
      else props.onUndo();
      return;
    }
    if (ctrl && (key === 'y' || key === 'Y')) {
      e.preventDefault();
      if (!readOnly) props.onRedo();
      return;
    }
    if (ctrl && (key === 'a' || key === 'A')) {
      e.preventDefault();
      setSel({ anchor: { row: 0, col: 0 }, focus: { row: staffRows.length - 1, col: columns.length - 1 } });
      return;
    }
    if (readOnly) {
      if (key === 'Delete' || key === 'Backspace' || key === 'Enter' || isEditKey(e)) onMessage({ kind: 'info', text: 'The rota is read-only for you: only a practice manager can change it.' });
      return;
    }
    if (key === 'Delete' || key === 'Backspace') {
      e.preventDefault();
      fill([[null]], cellsCount === 1 ? 'Clear a cell' : `Clear ${cellsCount} cells`);
      return;
    }
    if (key === 'Enter' || key === 'F2') {
      e.preventDefault();
      const current = blockCells()[0]?.[0];
      setEditor({ text: current ? (dutyById.get(current)?.code ?? '') : '', option: 0 });
      return;
    }
    if (isEditKey(e)) {
      e.preventDefault();
      setEditor({ text: e.key.toUpperCase(), option: 0 });
    }
  };

  const onCopy = (e: ClipboardEvent<HTMLDivElement>) => {
    if (editor) return;
    e.preventDefault();
    e.clipboardData.setData('text/plain', formatDutyBlock(blockCells(), duties));
    onMessage({ kind: 'info', text: `Copied ${cellsCount} ${cellsCount === 1 ? 'cell' : 'cells'}.` });
  };

  const onPaste = (e: ClipboardEvent<HTMLDivElement>) => {
    if (editor) return;
    e.preventDefault();
    if (readOnly) {
      onMessage({ kind: 'info', text: 'The rota is read-only for you: only a practice manager can change it.' });
      return;
    }
    const parsed = parsePastedDuties(e.clipboardData.getData('text/plain'), duties);
    if (!parsed.ok) {
      const more = parsed.errors.length > 1 ? ` (and ${parsed.errors.length - 1} more)` : '';
      onMessage({ kind: 'error', text: `Nothing was pasted. ${parsed.errors[0]?.message ?? 'That text is not a block of duty codes'}${more}.` });
      return;
    }
    fill(parsed.cells, `Paste ${parsed.rows * parsed.columns} ${parsed.rows * parsed.columns === 1 ? 'cell' : 'cells'}`);
  };

  const commitEditor = (text: string, chosen: Duty | undefined) => {
    const typed = text.trim().toUpperCase();
    if (typed === '') {
      setEditor(null);
      fill([[null]], 'Clear');
      moveTo(active, false);
      return true;
    }
    const duty = duties.find((d) => !d.archived && d.code === typed) ?? chosen;
    if (!duty) {
      onMessage({ kind: 'error', text: `“${typed}” is not a duty code. Codes: ${duties.filter((d) => !d.archived).map((d) => d.code).join(', ')}. Nothing was changed.` });
      return false;
    }
    setEditor(null);
    const ok = fill([[duty.id]], cellsCount === 1 ? `Assign ${duty.code}` : `Assign ${duty.code} to ${cellsCount} cells`);
    if (ok && cellsCount === 1) moveTo({ row: active.row + 1, col: active.col }, false);
    else moveTo(active, false);
    return true;
  };

  const colItems = colV.getVirtualItems();
  const rowItems = rowV.getVirtualItems();
  const totalWidth = HEADER_WIDTH + colV.getTotalSize();
  const rowCount = rows.length + footRows.length + 1;
  const colCount = columns.length + 1;
  const activeCol = columns[active.col];
  const activePerson = staffRows[active.row]?.staff;
  const activeStart = rowV.measurementsCache[activeRowIndex]?.start ?? activeRowIndex * ROW_HEIGHT;
  const activeLeft = colV.measurementsCache[active.col]?.start ?? active.col * colWidth;
  // The editor sits beside the grid, not in it (a grid holds only rows), over the active cell.
  const editorPos = () => {
    const el = scrollRef.current;
    return { top: HEADER_HEIGHT + activeStart - (el?.scrollTop ?? 0) + (el?.offsetTop ?? 0), left: HEADER_WIDTH + activeLeft - (el?.scrollLeft ?? 0) + (el?.offsetLeft ?? 0) };
  };

  return (
    <div className="spoke-rota-wrap">
      <div
        ref={scrollRef}
        className={`spoke-rota${all ? ' spoke-rota--all' : ''}`}
        // A4 landscape is about 1040 CSS pixels wide: printing scales the grid to fit it.
        style={{ '--print-zoom': Math.min(1, 1040 / totalWidth).toFixed(3) } as CSSProperties}
        role="grid"
        aria-label={props.label}
        aria-rowcount={rowCount}
        aria-colcount={colCount}
        aria-multiselectable="true"
        aria-readonly={readOnly || undefined}
        onKeyDown={onKeyDown}
        onCopy={onCopy}
        onPaste={onPaste}
        data-testid="rota-grid"
      >
        <div style={{ width: totalWidth, height: HEADER_HEIGHT + rowV.getTotalSize(), position: 'relative' }}>
          <div role="row" aria-rowindex={1} className="spoke-rota__head" style={{ width: totalWidth, height: HEADER_HEIGHT }}>
            <div role="columnheader" aria-colindex={1} className="spoke-rota__corner" style={{ width: HEADER_WIDTH, height: HEADER_HEIGHT }}>
              Staff
            </div>
            {colItems.map((v) => {
              const c = columns[v.index];
              if (!c) return null;
              return (
                <div
                  key={v.key}
                  role="columnheader"
                  aria-colindex={v.index + 2}
                  className={`spoke-rota__colhead${c.firstOfDay ? ' spoke-rota__colhead--day' : ''}${c.isToday ? ' spoke-rota__today' : ''}${c.bankHoliday ? ' spoke-rota__bh' : ''}`}
                  style={{ left: HEADER_WIDTH + v.start, width: v.size, height: HEADER_HEIGHT }}
                  title={c.bankHoliday ?? undefined}
                >
                  <span className="spoke-rota__day" aria-hidden={!c.firstOfDay || undefined}>
                    {c.firstOfDay ? c.dayLabel : ''}
                  </span>
                  <span className="nhsuk-u-visually-hidden">{c.firstOfDay ? '' : c.dayLabel} </span>
                  <span className="spoke-rota__session">{c.sessionLabel}</span>
                  {c.isToday ? <span className="nhsuk-u-visually-hidden">, today</span> : null}
                  {c.bankHoliday ? <span className="nhsuk-u-visually-hidden">, {c.bankHoliday}</span> : null}
                </div>
              );
            })}
          </div>
          {rowItems.map((rv) => {
            const row = rows[rv.index];
            if (!row) return null;
            const top = HEADER_HEIGHT + rv.start;
            if (row.kind !== 'staff') {
              return (
                <div key={row.key} role="row" aria-rowindex={rv.index + 2} className="spoke-rota__row spoke-rota__row--group" style={{ top, width: totalWidth, height: rv.size }}>
                  <div role="rowheader" aria-colindex={1} className="spoke-rota__rowhead spoke-rota__rowhead--group" style={{ width: HEADER_WIDTH }}>
                    {row.label}
                  </div>
                </div>
              );
            }
            const sIndex = staffIndexOfRow.get(rv.index) ?? -1;
            const person = row.staff;
            return (
              <div key={row.key} role="row" aria-rowindex={rv.index + 2} className="spoke-rota__row" style={{ top, width: totalWidth, height: rv.size }} data-testid="rota-row">
                <div role="rowheader" aria-colindex={1} className="spoke-rota__rowhead" style={{ width: HEADER_WIDTH }}>
                  <span className="spoke-rota__name">{person.displayName}</span>
                  <span className="spoke-rota__role">{row.roleLabel}</span>
                </div>
                {colItems.map((v) => {
                  const c = columns[v.index];
                  if (!c) return null;
                  return (
                    <StaffCell
                      key={v.key}
                      personId={person.id}
                      personName={person.displayName}
                      column={c}
                      colIndex={v.index}
                      rowIndex={sIndex}
                      left={HEADER_WIDTH + v.start}
                      width={v.size}
                      list={cells.get(cellKey(person.id, c.date, c.session))}
                      proposed={props.proposed}
                      dutyById={dutyById}
                      leave={leaveAt(leaveByStaff, person.id, c.date, c.session)}
                      cellConflicts={conflicts.byCell.get(cellKey(person.id, c.date, c.session))}
                      dayConflicts={conflicts.byDay.get(`${person.id}|${c.date}`)}
                      isActive={sIndex === active.row && v.index === active.col}
                      selected={sIndex >= 0 && inBlock(block, sIndex, v.index)}
                      onPointer={onCellPointer}
                    />
                  );
                })}
              </div>
            );
          })}
        </div>
        {footRows.length ? (
          <div role="rowgroup" className="spoke-rota__foot" style={{ width: totalWidth }}>
            {footRows.map((row, i) => {
              const ariaRow = rows.length + 2 + i;
              if (row.kind !== 'coverage') {
                return (
                  <div key={row.key} role="row" aria-rowindex={ariaRow} className="spoke-rota__footrow spoke-rota__footrow--heading" style={{ width: totalWidth }}>
                    <div role="rowheader" aria-colindex={1} className="spoke-rota__rowhead spoke-rota__rowhead--cov" style={{ width: HEADER_WIDTH }}>
                      {row.label}
                    </div>
                  </div>
                );
              }
              return (
                <div key={row.key} role="row" aria-rowindex={ariaRow} className="spoke-rota__footrow" style={{ width: totalWidth }} data-testid="coverage-row">
                  <div role="rowheader" aria-colindex={1} className="spoke-rota__rowhead spoke-rota__rowhead--cov" style={{ width: HEADER_WIDTH }} title={row.label}>
                    {row.label}
                  </div>
                  {colItems.map((v) => {
                    const c = columns[v.index];
                    if (!c) return null;
                    return <CoverageGridCell key={v.key} rowLabel={row.label} column={c} colIndex={v.index} left={HEADER_WIDTH + v.start} width={v.size} cell={coverage.get(coverageCellKey(row.key, c.date, c.session))} />;
                  })}
                </div>
              );
            })}
          </div>
        ) : null}
      </div>
      {editor && activeCol && activePerson ? (
        <CellEditor
          key={`${active.row}|${active.col}`}
          top={editorPos().top}
          left={editorPos().left}
          initial={editor.text}
          duties={duties}
          label={`Duty code for ${activePerson.displayName}, ${activeCol.dayLabel} ${activeCol.sessionLabel}${cellsCount > 1 ? ` and ${cellsCount - 1} more selected cells` : ''}`}
          onCommit={commitEditor}
          onCancel={() => {
            setEditor(null);
            onMessage(null);
            moveTo(active, false);
          }}
        />
      ) : null}
    </div>
  );
}

/** One coverage count ("2/3", red when short), memoised like the staff cells. */
const CoverageGridCell = memo(function CoverageGridCell(p: { rowLabel: string; column: GridColumn; colIndex: number; left: number; width: number; cell: CoverageCell | undefined }) {
  const { cell: cc, column: c } = p;
  const cls = cc ? (cc.status === 'short' ? ' spoke-rota__cov--short' : cc.status === 'over' ? ' spoke-rota__cov--over' : ' spoke-rota__cov--ok') : '';
  const label = cc
    ? `${cc.label}: ${p.rowLabel}, ${c.dayLabel} ${c.sessionLabel}, ${cc.assigned} of ${cc.min} required${cc.status === 'short' ? ', short' : cc.status === 'over' ? `, over the maximum of ${cc.max ?? ''}` : ''}`
    : `${p.rowLabel}, ${c.dayLabel} ${c.sessionLabel}: no rule`;
  return (
    <div role="gridcell" aria-colindex={p.colIndex + 2} aria-label={label} className={`spoke-rota__cell spoke-rota__cov${cls}${c.firstOfDay ? ' spoke-rota__cell--day' : ''}`} style={{ left: p.left, width: p.width }} data-date={c.date} data-session={c.session}>
      {cc ? <span aria-hidden="true">{cc.label}</span> : null}
    </div>
  );
});

interface StaffCellProps {
  personId: string;
  personName: string;
  column: GridColumn;
  colIndex: number;
  rowIndex: number;
  left: number;
  width: number;
  list: readonly RotaAssignment[] | undefined;
  proposed: ReadonlySet<string> | undefined;
  dutyById: ReadonlyMap<string, Duty>;
  leave: LeaveRequest | undefined;
  cellConflicts: readonly Conflict[] | undefined;
  dayConflicts: readonly Conflict[] | undefined;
  isActive: boolean;
  selected: boolean;
  onPointer: (row: number, col: number, kind: 'down' | 'double', shift: boolean) => void;
}

/**
 * One person's session. Memoised on plain props, so scrolling and editing redraw only the
 * cells that came into view or changed. Its accessible name says person, date, session,
 * duty, leave and any conflict (an aria-label rather than hidden text: half the DOM).
 */
const StaffCell = memo(function StaffCell(p: StaffCellProps) {
  const { column: c, list } = p;
  const a = list?.[0];
  const duty = a ? p.dutyById.get(a.dutyId) : undefined;
  const here = p.dayConflicts?.length ? [...(p.cellConflicts ?? []), ...p.dayConflicts.filter((x) => !p.cellConflicts?.includes(x))] : (p.cellConflicts ?? []);
  const worst = here.some((x) => x.severity === 'error') ? 'error' : here.length ? 'warning' : null;
  const leave = p.leave;
  const style = duty ? { left: p.left, width: p.width, backgroundColor: duty.colour, color: textOn(duty.colour) } : { left: p.left, width: p.width };
  const codes = (list ?? []).map((x) => p.dutyById.get(x.dutyId)?.code ?? '?').join('+');
  const shown = codes || (leave ? (leave.status === 'requested' ? 'Req' : 'Leave') : '');
  const proposed = list?.some((x) => p.proposed?.has(x.id)) ?? false;
  // The name starts with what the cell shows (WCAG 2.5.3, label in name), then says the rest.
  const label =
    `${shown ? `${shown}: ` : ''}${proposed ? 'proposed by auto-fill, ' : ''}${duty ? duty.name : 'nothing assigned'}` +
    (list && list.length > 1 ? `, and ${list.slice(1).map((x) => p.dutyById.get(x.dutyId)?.name ?? 'unknown duty').join(', ')}` : '') +
    `. ${p.personName}, ${c.dayLabel}, ${c.sessionLabel}` +
    (leave ? `. ${LEAVE_TYPE_LABELS[leave.type]}${leave.status === 'requested' ? ' requested' : ''}` : '') +
    (here.length ? `. ${here.length === 1 ? 'Conflict' : `${here.length} conflicts`}: ${here.map((x) => x.message).join('; ')}` : '');
  return (
    <div
      role="gridcell"
      aria-colindex={p.colIndex + 2}
      aria-selected={p.selected}
      aria-label={label}
      tabIndex={p.isActive ? 0 : -1}
      data-active={p.isActive || undefined}
      data-cell={`${p.personId}|${c.date}|${c.session}`}
      data-proposed={proposed || undefined}
      className={`spoke-rota__cell${proposed ? ' spoke-rota__cell--proposed' : ''}${c.isToday ? ' spoke-rota__today' : ''}${p.selected ? ' spoke-rota__cell--selected' : ''}${worst ? ` spoke-rota__cell--${worst}` : ''}${leave ? ` spoke-rota__cell--leave${leave.status === 'requested' ? '-requested' : ''}` : ''}${c.firstOfDay ? ' spoke-rota__cell--day' : ''}`}
      style={style}
      onMouseDown={(e) => {
        if (e.button !== 0) return;
        e.preventDefault();
        p.onPointer(p.rowIndex, p.colIndex, 'down', e.shiftKey);
      }}
      onDoubleClick={() => p.onPointer(p.rowIndex, p.colIndex, 'double', false)}
      title={here.map((x) => x.message).join('\n') || undefined}
    >
      <span aria-hidden="true" className="spoke-rota__code">
        {shown}
      </span>
    </div>
  );
});

/** Typing a duty code into a cell, with completion from the duty list (an ARIA combobox). */
function CellEditor(props: { top: number; left: number; initial: string; duties: readonly Duty[]; label: string; onCommit: (text: string, chosen: Duty | undefined) => boolean; onCancel: () => void }) {
  const [text, setText] = useState(props.initial);
  const [option, setOption] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  // Committing unmounts the input, which may blur it: only a real blur cancels.
  const done = useRef(false);
  const finish = (f: () => boolean | void) => {
    done.current = true;
    if (f() === false) done.current = false;
  };
  const options = completeDuty(text, props.duties).slice(0, 8);
  const chosen = options[Math.min(option, options.length - 1)];
  useLayoutEffect(() => {
    const input = inputRef.current;
    if (!input) return;
    input.focus({ preventScroll: true });
    input.setSelectionRange(input.value.length, input.value.length);
  }, []);
  return (
    <div className="spoke-rota__editor" style={{ top: props.top, left: props.left }}>
      <input
        ref={inputRef}
        className="spoke-rota__input"
        role="combobox"
        aria-label={props.label}
        aria-autocomplete="list"
        aria-expanded={options.length > 0}
        aria-controls="rota-duty-options"
        aria-activedescendant={chosen ? `rota-duty-${chosen.id}` : undefined}
        autoComplete="off"
        spellCheck={false}
        value={text}
        onChange={(e) => {
          setText(e.target.value.toUpperCase());
          setOption(0);
        }}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Enter' || e.key === 'Tab') {
            e.preventDefault();
            finish(() => props.onCommit(text, text.trim() === '' ? undefined : chosen));
          } else if (e.key === 'Escape') {
            e.preventDefault();
            finish(props.onCancel);
          } else if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOption((o) => Math.min(o + 1, options.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setOption((o) => Math.max(o - 1, 0));
          }
        }}
        onBlur={() => {
          if (!done.current) props.onCancel();
        }}
        data-testid="rota-cell-input"
      />
      {options.length ? (
        <ul id="rota-duty-options" role="listbox" className="spoke-rota__options" aria-label="Duties">
          {options.map((d) => (
            <li
              key={d.id}
              id={`rota-duty-${d.id}`}
              role="option"
              aria-selected={d === chosen}
              className={d === chosen ? 'spoke-rota__option spoke-rota__option--chosen' : 'spoke-rota__option'}
              onMouseDown={(e) => {
                e.preventDefault();
                finish(() => props.onCommit(d.code, d));
              }}
            >
              <span className="spoke-rota__swatch" style={{ background: d.colour, color: textOn(d.colour) }}>
                {d.code}
              </span>{' '}
              {d.name}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
