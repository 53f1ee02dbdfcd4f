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
import { flushSync } from 'react-dom';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ClipboardEvent, type CSSProperties, type KeyboardEvent } from 'react';
import type { CoverageCell } from '../../../../shared/rota/coverage';
import type { Duty, LeaveRequest, RotaAssignment } from '../../../../shared/rota/model';
import type { Conflict } from '../../../../shared/rota/rules';
import { useIdle, whenIdle } from '../../when-idle';
import { LEAVE_TYPE_LABELS } from '../../../../shared/rota/vocabulary';
import { formatDutyBlock, parsePastedDuties } from '../../../../shared/rota/paste';
import {
  blockOf,
  cellKey,
  changesForBlock,
  clampPos,
  completeDuty,
  coverageCellKey,
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
  const [editor, setEditor] = useState<{ text: string; option: number; top: number; left: number } | null>(null);
  const [focusWanted, setFocusWanted] = useState(0);
  const active = clampPos(sel.focus, Math.max(1, staffRows.length), Math.max(1, columns.length));
  const block = blockOf({ anchor: clampPos(sel.anchor, Math.max(1, staffRows.length), Math.max(1, columns.length)), focus: active });
  const activeRowIndex = staffRows[active.row]?.rowIndex ?? 0;

  const all = props.all ?? false;
  const footHeight = footRows.length ? footRows.reduce((h, r) => h + (r.kind === 'coverage' ? FOOT_ROW_HEIGHT : FOOT_HEADING_HEIGHT), FOOT_BORDER) : 0;
  // Rows and columns in view (plus some either side), worked out from the scroll offset:
  // every row and column has a fixed size, so nothing needs measuring. The first paint
  // draws only what is in view; the rows and columns either side follow when the page is
  // idle. While scrolling, a frame draws only what came into view that was not drawn yet,
  // and the rows ahead are drawn between frames, when the browser is idle.
  const settled = useIdle();
  const [win, setWin] = useState<GridWindow>(() => windowOf(null, rows.length, columns.length, colWidth, footHeight, null, 'none'));
  // Measured before the first paint: the first guess (from the window's size) usually covers it already, and then nothing redraws.
  useLayoutEffect(() => {
    const next = windowOf(scrollRef.current, rows.length, columns.length, colWidth, footHeight, null, settled ? 'around' : 'none');
    setWin((w) => (covers(w, next) ? w : next));
  }, [rows.length, columns.length, colWidth, footHeight, settled]);
  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    let lastTop = el.scrollTop;
    let spare: Spare = 'around';
    let cancelIdle: (() => void) | null = null;
    const ahead = (w: GridWindow) => {
      const next = windowOf(el, rows.length, columns.length, colWidth, footHeight, w, spare);
      return sameWindow(w, next) ? w : next;
    };
    const onScroll = () => {
      if (el.scrollTop !== lastTop) spare = el.scrollTop > lastTop ? 'down' : 'up';
      lastTop = el.scrollTop;
      const inView = windowOf(el, rows.length, columns.length, colWidth, footHeight, null, 'none');
      // What is in view is drawn in the same frame as the scroll, so no blank rows show...
      flushSync(() => setWin((w) => (covers(w, inView) ? w : ahead(w))));
      // ...and the rows ahead between frames, laid out there too, so the next frame only paints them.
      cancelIdle ??= whenIdle(() => {
        cancelIdle = null;
        flushSync(() => setWin(ahead));
        layOutNow(el);
      });
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    const resize = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => {
      const next = windowOf(el, rows.length, columns.length, colWidth, footHeight, null, settled ? 'around' : 'none');
      setWin((w) => (covers(w, next) ? w : next));
    });
    resize?.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      resize?.disconnect();
      cancelIdle?.();
    };
  }, [rows.length, columns.length, colWidth, footHeight, settled]);
  const rowFrom = all ? 0 : win.rowFrom;
  const rowTo = all ? rows.length - 1 : Math.min(win.rowTo, rows.length - 1);
  const colFrom = all ? 0 : win.colFrom;
  const colTo = all ? columns.length - 1 : Math.min(win.colTo, columns.length - 1);

  /** Scrolls the least that shows the cell clear of the sticky header, row headers and coverage rows. */
  const scrollIntoView = useCallback(
    (rowIndex: number, col: number) => {
      const el = scrollRef.current;
      if (!el) return;
      const top = rowIndex * ROW_HEIGHT;
      const bodyHeight = el.clientHeight - HEADER_HEIGHT - footHeight;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + ROW_HEIGHT > el.scrollTop + bodyHeight) el.scrollTop = top + ROW_HEIGHT - bodyHeight;
      const left = col * colWidth;
      const bodyWidth = el.clientWidth - HEADER_WIDTH;
      if (left < el.scrollLeft) el.scrollLeft = left;
      else if (left + colWidth > el.scrollLeft + bodyWidth) el.scrollLeft = left + colWidth - bodyWidth;
    },
    [colWidth, footHeight],
  );

  const moveTo = useCallback(
    (p: CellPos, extend: boolean) => {
      const q = clampPos(p, staffRows.length, columns.length);
      setSel((s) => ({ anchor: extend ? s.anchor : q, focus: q }));
      scrollIntoView(staffRows[q.row]?.rowIndex ?? 0, q.col);
      setFocusWanted((n) => n + 1);
    },
    [staffRows, columns.length, scrollIntoView],
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
    // eslint-disable-next-line react-hooks/set-state-in-effect -- a jump asked for from outside (a date, a conflict, a gap) moves the selection once
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

  // The editor sits beside the grid, not in it (a grid holds only rows), over the active cell.
  const openEditor = (text: string) => {
    const el = scrollRef.current;
    const top = HEADER_HEIGHT + activeRowIndex * ROW_HEIGHT - (el?.scrollTop ?? 0) + (el?.offsetTop ?? 0);
    const left = HEADER_WIDTH + active.col * colWidth - (el?.scrollLeft ?? 0) + (el?.offsetLeft ?? 0);
    setEditor({ text, option: 0, top, left });
  };

  // One stable handler for every cell, reading the latest state through a ref, so memoised cells stay memoised.
  const pointer = useRef<(row: number, col: number, kind: 'down' | 'double', shift: boolean) => void>(() => undefined);
  const pointerNow = (row: number, col: number, kind: 'down' | 'double', shift: boolean) => {
    if (kind === 'down') {
      setEditor(null);
      moveTo({ row, col }, shift);
      return;
    }
    if (readOnly) return;
    const person = staffRows[row]?.staff;
    const column = columns[col];
    const here = person && column ? cells.get(cellKey(person.id, column.date, column.session))?.[0] : undefined;
    openEditor(here ? (dutyById.get(here.dutyId)?.code ?? '') : '');
  };
  useLayoutEffect(() => {
    pointer.current = pointerNow;
  });
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
      openEditor(current ? (dutyById.get(current)?.code ?? '') : '');
      return;
    }
    if (isEditKey(e)) {
      e.preventDefault();
      openEditor(e.key.toUpperCase());
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

  const totalWidth = HEADER_WIDTH + columns.length * colWidth;
  const rowCount = rows.length + footRows.length + 1;
  const colCount = columns.length + 1;
  const activeCol = columns[active.col];
  const activePerson = staffRows[active.row]?.staff;
  const span: ColumnSpan = useMemo(() => ({ from: colFrom, to: colTo, width: colWidth }), [colFrom, colTo, colWidth]);
  const dutyStyles = useMemo(() => dutyStyleSheet(duties), [duties]);
  // The active row is always drawn (it holds the grid's one tab stop), in view or not, and
  // in row order: React then never moves its element, which would take the focus away.
  const rowIndexes: number[] = [];
  if (activeRowIndex < rowFrom) rowIndexes.push(activeRowIndex);
  for (let i = rowFrom; i <= rowTo; i++) rowIndexes.push(i);
  if (activeRowIndex > rowTo) rowIndexes.push(activeRowIndex);

  return (
    <div className="spoke-rota-wrap">
      <style>{dutyStyles.css}</style>
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
        <div className="spoke-rota__body" style={{ width: totalWidth, height: HEADER_HEIGHT + rows.length * ROW_HEIGHT }}>
          <HeadRow columns={columns} span={span} width={totalWidth} />
          {rowIndexes.map((i) => {
            const row = rows[i];
            if (!row) return null;
            const top = HEADER_HEIGHT + i * ROW_HEIGHT;
            if (row.kind !== 'staff') {
              return (
                <div key={row.key} role="row" aria-rowindex={i + 2} className="spoke-rota__row spoke-rota__row--group" style={{ top, width: totalWidth }}>
                  <div role="rowheader" aria-colindex={1} className="spoke-rota__rowhead spoke-rota__rowhead--group">
                    {row.label}
                  </div>
                </div>
              );
            }
            const sIndex = staffIndexOfRow.get(i) ?? -1;
            const selected = sIndex >= block.top && sIndex <= block.bottom;
            return (
              <StaffRow
                key={row.key}
                row={row}
                ariaRowIndex={i + 2}
                staffIndex={sIndex}
                top={top}
                width={totalWidth}
                columns={columns}
                span={span}
                cells={cells}
                leaveByStaff={leaveByStaff}
                conflicts={conflicts}
                dutyById={dutyById}
                dutyClass={dutyStyles.classOf}
                proposed={props.proposed}
                activeCol={sIndex === active.row ? active.col : -1}
                selLeft={selected ? block.left : -1}
                selRight={selected ? block.right : -1}
                onPointer={onCellPointer}
              />
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
                    <div role="rowheader" aria-colindex={1} className="spoke-rota__rowhead spoke-rota__rowhead--cov">
                      {row.label}
                    </div>
                  </div>
                );
              }
              return <CoverageRow key={row.key} row={row} ariaRowIndex={ariaRow} width={totalWidth} columns={columns} span={span} coverage={coverage} />;
            })}
          </div>
        ) : null}
      </div>
      {editor && activeCol && activePerson ? (
        <CellEditor
          key={`${active.row}|${active.col}`}
          top={editor.top}
          left={editor.left}
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

/** The rows and columns drawn: those in view and a few either side. */
interface GridWindow {
  rowFrom: number;
  rowTo: number;
  colFrom: number;
  colTo: number;
}

const ROW_OVERSCAN = 3;
/** Scrolling down (or up), the rows drawn run this far ahead of those in view, and this far behind. */
const ROW_AHEAD = 5;
const ROW_BEHIND = 1;
/** Rows and columns drawn beyond those in view: none, some either side, or more ahead of a scroll down or up. */
type Spare = 'none' | 'around' | 'down' | 'up';
const COL_OVERSCAN = 2;
/**
 * Scrolling across, the columns drawn run this far ahead of those in view and move only
 * when the view reaches their end: a new column would otherwise redraw every row every
 * few frames; this way that happens about once a screen's width.
 */
const COL_AHEAD = 8;
const COL_BEHIND = 1;
const FOOT_ROW_HEIGHT = 24;
const FOOT_HEADING_HEIGHT = 22;
const FOOT_BORDER = 2;
/**
 * Before the grid is laid out: its size as the style sheet will make it (70% of the window's
 * height up to 720px, the page's width up to 1200px), a little over rather than under.
 */
function expectedRect(): { width: number; height: number } {
  return { width: Math.min(window.innerWidth, 1200) + 20, height: Math.min(window.innerHeight * 0.7, 720) + 20 };
}

/**
 * The window from the scroll offset (and the window drawn so far, when scrolling). Rows
 * under the sticky coverage rows and header, and columns under the sticky row headers,
 * are hidden, so only the body between them counts.
 */
function windowOf(el: HTMLElement | null, rowCount: number, colCount: number, colWidth: number, footHeight: number, prev: GridWindow | null, spare: Spare): GridWindow {
  const height = el?.clientHeight || expectedRect().height;
  const width = el?.clientWidth || expectedRect().width;
  const top = el?.scrollTop ?? 0;
  const left = el?.scrollLeft ?? 0;
  const bodyHeight = Math.max(ROW_HEIGHT, height - HEADER_HEIGHT - footHeight);
  const bodyWidth = Math.max(colWidth, width - HEADER_WIDTH);
  const first = Math.floor(left / colWidth);
  const last = Math.min(colCount - 1, Math.floor((left + bodyWidth) / colWidth));
  const [above, below] = spare === 'none' ? [0, 0] : spare === 'down' ? [ROW_BEHIND, ROW_AHEAD] : spare === 'up' ? [ROW_AHEAD, ROW_BEHIND] : [ROW_OVERSCAN, ROW_OVERSCAN];
  let colFrom = first - (spare === 'none' ? 0 : COL_OVERSCAN);
  let colTo = last + (spare === 'none' ? 0 : COL_OVERSCAN);
  if (prev && prev.colFrom <= first && prev.colTo >= last) [colFrom, colTo] = [prev.colFrom, prev.colTo];
  else if (prev && last > prev.colTo) [colFrom, colTo] = [first - COL_BEHIND, last + COL_AHEAD];
  else if (prev && first < prev.colFrom) [colFrom, colTo] = [first - COL_AHEAD, last + COL_BEHIND];
  return {
    rowFrom: Math.max(0, Math.floor(top / ROW_HEIGHT) - above),
    rowTo: Math.min(rowCount - 1, Math.floor((top + bodyHeight) / ROW_HEIGHT) + below),
    colFrom: Math.max(0, colFrom),
    colTo: Math.min(colCount - 1, colTo),
  };
}

/** Style and layout for what was just drawn, now rather than in the next frame. */
function layOutNow(el: HTMLElement): number {
  return el.scrollHeight;
}

const sameWindow = (a: GridWindow, b: GridWindow) => a.rowFrom === b.rowFrom && a.rowTo === b.rowTo && a.colFrom === b.colFrom && a.colTo === b.colTo;
const covers = (a: GridWindow, b: GridWindow) => a.rowFrom <= b.rowFrom && a.rowTo >= b.rowTo && a.colFrom <= b.colFrom && a.colTo >= b.colTo;

/** The columns drawn, from..to inclusive, each `width` wide. */
interface ColumnSpan {
  from: number;
  to: number;
  width: number;
}

/**
 * One class per duty for its colour (and black or white text on it), in place of a style
 * on every cell: cells then share their computed styles. Colours the core did not
 * validate as hex are left out rather than written into a stylesheet.
 */
function dutyStyleSheet(duties: readonly Duty[]): { css: string; classOf: ReadonlyMap<string, string> } {
  const classOf = new Map<string, string>();
  const rules: string[] = [];
  duties.forEach((d, i) => {
    if (!/^#[0-9a-fA-F]{6}$/.test(d.colour)) return;
    classOf.set(d.id, `spoke-duty-${i}`);
    rules.push(`.spoke-rota .spoke-duty-${i}{background-color:${d.colour};color:${textOn(d.colour)}}`);
  });
  return { css: rules.join('\n'), classOf };
}

/**
 * A row's cells flow left to right from the first column drawn; the row header (sticky on
 * the left) carries the margin that puts them under their column. A cell drawn out of
 * that run (the active cell scrolled out of view) is placed on its own.
 */
function runStyle(span: ColumnSpan): CSSProperties {
  return { marginRight: span.from * span.width };
}

const HeadRow = memo(function HeadRow(p: { columns: readonly GridColumn[]; span: ColumnSpan; width: number }) {
  const out = [];
  for (let i = p.span.from; i <= p.span.to; i++) {
    const c = p.columns[i];
    if (!c) continue;
    out.push(
      <div
        key={`${c.date}|${c.session}`}
        role="columnheader"
        aria-colindex={i + 2}
        className={`spoke-rota__colhead${c.firstOfDay ? ' spoke-rota__colhead--day' : ''}${c.isToday ? ' spoke-rota__today' : ''}${c.bankHoliday ? ' spoke-rota__bh' : ''}`}
        style={p.span.width === COL_WIDTH ? undefined : { width: p.span.width }}
        title={c.bankHoliday ?? undefined}
      >
        <span className="spoke-rota__day" aria-hidden={!c.firstOfDay || undefined}>
          {c.firstOfDay ? c.dayLabel : ''}
        </span>
        <span className="nhsuk-u-visually-hidden">{c.firstOfDay ? '' : c.dayLabel} </span>
        <span className="spoke-rota__session">{c.sessionLabel}</span>
        {c.isToday ? <span className="nhsuk-u-visually-hidden">, today</span> : null}
        {c.bankHoliday ? <span className="nhsuk-u-visually-hidden">, {c.bankHoliday}</span> : null}
      </div>,
    );
  }
  return (
    <div role="row" aria-rowindex={1} className="spoke-rota__head" style={{ width: p.width }}>
      <div role="columnheader" aria-colindex={1} className="spoke-rota__corner" style={runStyle(p.span)}>
        Staff
      </div>
      {out}
    </div>
  );
});

/** One coverage row ("2/3" per session, red when short), redrawn when its counts or the columns in view change. */
const CoverageRow = memo(function CoverageRow(p: { row: Extract<GridRow, { kind: 'coverage' }>; ariaRowIndex: number; width: number; columns: readonly GridColumn[]; span: ColumnSpan; coverage: ReadonlyMap<string, CoverageCell> }) {
  const { row } = p;
  const out = [];
  for (let i = p.span.from; i <= p.span.to; i++) {
    const c = p.columns[i];
    if (!c) continue;
    out.push(<CoverageGridCell key={`${c.date}|${c.session}`} rowLabel={row.label} column={c} colIndex={i} width={p.span.width} cell={p.coverage.get(coverageCellKey(row.key, c.date, c.session))} />);
  }
  return (
    <div role="row" aria-rowindex={p.ariaRowIndex} className="spoke-rota__footrow" style={{ width: p.width }} data-testid="coverage-row">
      <div role="rowheader" aria-colindex={1} className="spoke-rota__rowhead spoke-rota__rowhead--cov" style={runStyle(p.span)} title={row.label}>
        {row.label}
      </div>
      {out}
    </div>
  );
});

/** One coverage count ("2/3", red when short), memoised like the staff cells. */
const CoverageGridCell = memo(function CoverageGridCell(p: { rowLabel: string; column: GridColumn; colIndex: number; width: number; cell: CoverageCell | undefined }) {
  const { cell: cc, column: c } = p;
  const cls = cc ? (cc.status === 'short' ? ' spoke-rota__cov--short' : cc.status === 'over' ? ' spoke-rota__cov--over' : ' spoke-rota__cov--ok') : '';
  const label = cc
    ? `${cc.label}: ${p.rowLabel}, ${c.dayLabel} ${c.sessionLabel}, ${cc.assigned} of ${cc.min} required${cc.status === 'short' ? ', short' : cc.status === 'over' ? `, over the maximum of ${cc.max ?? ''}` : ''}`
    : `${p.rowLabel}, ${c.dayLabel} ${c.sessionLabel}: no rule`;
  return (
    <div role="gridcell" aria-colindex={p.colIndex + 2} aria-label={label} className={`spoke-rota__cell spoke-rota__cov${cls}${c.firstOfDay ? ' spoke-rota__cell--day' : ''}`} style={p.width === COL_WIDTH ? undefined : { width: p.width }} data-date={c.date} data-session={c.session}>
      {cc ? <span aria-hidden="true">{cc.label}</span> : null}
    </div>
  );
});

interface StaffRowProps {
  row: Extract<GridRow, { kind: 'staff' }>;
  ariaRowIndex: number;
  staffIndex: number;
  top: number;
  width: number;
  columns: readonly GridColumn[];
  span: ColumnSpan;
  cells: ReadonlyMap<string, readonly RotaAssignment[]>;
  leaveByStaff: ReadonlyMap<string, readonly LeaveRequest[]>;
  conflicts: ReturnType<typeof import('./grid-model').indexConflicts>;
  dutyById: ReadonlyMap<string, Duty>;
  dutyClass: ReadonlyMap<string, string>;
  proposed: ReadonlySet<string> | undefined;
  /** The active cell's column when it is in this row, else -1. */
  activeCol: number;
  /** The selected columns when the selection covers this row, else -1. */
  selLeft: number;
  selRight: number;
  onPointer: (row: number, col: number, kind: 'down' | 'double', shift: boolean) => void;
}

/**
 * One person's row. Memoised on plain props: scrolling down draws only the rows that came
 * into view, scrolling across only the cells that did (the cells are memoised too).
 */
const StaffRow = memo(function StaffRow(p: StaffRowProps) {
  const person = p.row.staff;
  const out = [];
  const cellFor = (i: number, far: boolean) => {
    const c = p.columns[i];
    if (!c) return null;
    const key = cellKey(person.id, c.date, c.session);
    return (
      <StaffCell
        key={key}
        personId={person.id}
        personName={person.displayName}
        column={c}
        colIndex={i}
        rowIndex={p.staffIndex}
        far={far ? i * p.span.width : null}
        width={p.span.width}
        list={p.cells.get(key)}
        proposed={p.proposed}
        dutyById={p.dutyById}
        dutyClass={p.dutyClass}
        leave={leaveAt(p.leaveByStaff, person.id, c.date, c.session)}
        cellConflicts={p.conflicts.byCell.get(key)}
        dayConflicts={p.conflicts.byDay.get(`${person.id}|${c.date}`)}
        isActive={i === p.activeCol}
        selected={i >= p.selLeft && i <= p.selRight && p.selLeft >= 0}
        onPointer={p.onPointer}
      />
    );
  };
  // The active cell is drawn even out of view, in column order (see the rows in RotaGrid).
  if (p.activeCol >= 0 && p.activeCol < p.span.from) out.push(cellFor(p.activeCol, true));
  for (let i = p.span.from; i <= p.span.to; i++) out.push(cellFor(i, false));
  if (p.activeCol > p.span.to) out.push(cellFor(p.activeCol, true));
  return (
    <div role="row" aria-rowindex={p.ariaRowIndex} className="spoke-rota__row" style={{ top: p.top, width: p.width }} data-testid="rota-row">
      <div role="rowheader" aria-colindex={1} className="spoke-rota__rowhead" style={runStyle(p.span)}>
        <span className="spoke-rota__name">{person.displayName}</span>
        <span className="spoke-rota__role">{p.row.roleLabel}</span>
      </div>
      {out}
    </div>
  );
});

interface StaffCellProps {
  personId: string;
  personName: string;
  column: GridColumn;
  colIndex: number;
  rowIndex: number;
  /** Where a cell drawn out of its row's run sits (px from the first column), else null. */
  far: number | null;
  width: number;
  list: readonly RotaAssignment[] | undefined;
  proposed: ReadonlySet<string> | undefined;
  dutyById: ReadonlyMap<string, Duty>;
  dutyClass: ReadonlyMap<string, string>;
  leave: LeaveRequest | undefined;
  cellConflicts: readonly Conflict[] | undefined;
  dayConflicts: readonly Conflict[] | undefined;
  isActive: boolean;
  selected: boolean;
  onPointer: (row: number, col: number, kind: 'down' | 'double', shift: boolean) => void;
}

/**
 * One person's session: one element (and the code it shows), its look all from classes.
 * Memoised on plain props, so scrolling and editing redraw only the cells that came into
 * view or changed. Its accessible name says person, date, session, duty, leave and any
 * conflict (an aria-label rather than hidden text: half the DOM).
 */
const StaffCell = memo(function StaffCell(p: StaffCellProps) {
  const { column: c, list } = p;
  const a = list?.[0];
  const duty = a ? p.dutyById.get(a.dutyId) : undefined;
  const here = p.dayConflicts?.length ? [...(p.cellConflicts ?? []), ...p.dayConflicts.filter((x) => !p.cellConflicts?.includes(x))] : (p.cellConflicts ?? []);
  const worst = here.some((x) => x.severity === 'error') ? 'error' : here.length ? 'warning' : null;
  const leave = p.leave;
  const style: CSSProperties | undefined =
    p.far !== null ? { position: 'absolute', top: 0, left: HEADER_WIDTH + p.far, width: p.width } : p.width === COL_WIDTH ? undefined : { width: p.width };
  const codes = (list ?? []).map((x) => p.dutyById.get(x.dutyId)?.code ?? '?').join('+');
  const shown = codes || (leave ? (leave.status === 'requested' ? 'Req' : 'Leave') : '');
  const proposed = list?.some((x) => p.proposed?.has(x.id)) ?? false;
  const dutyClass = duty ? p.dutyClass.get(duty.id) : undefined;
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
      className={`spoke-rota__cell${dutyClass ? ` ${dutyClass}` : ''}${list && list.length > 1 ? ' spoke-rota__cell--multi' : ''}${proposed ? ' spoke-rota__cell--proposed' : ''}${c.isToday ? ' spoke-rota__today' : ''}${p.selected ? ' spoke-rota__cell--selected' : ''}${worst ? ` spoke-rota__cell--${worst}` : ''}${leave ? ` spoke-rota__cell--leave${leave.status === 'requested' ? '-requested' : ''}` : ''}${c.firstOfDay ? ' spoke-rota__cell--day' : ''}`}
      style={style}
      onMouseDown={(e) => {
        if (e.button !== 0) return;
        e.preventDefault();
        p.onPointer(p.rowIndex, p.colIndex, 'down', e.shiftKey);
      }}
      onDoubleClick={() => p.onPointer(p.rowIndex, p.colIndex, 'double', false)}
      title={here.map((x) => x.message).join('\n') || undefined}
    >
      {shown ? (
        <span aria-hidden="true" className="spoke-rota__code">
          {shown}
        </span>
      ) : null}
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
