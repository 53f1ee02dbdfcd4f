/**
 * What the rota grid shows, as plain data: its columns (each date split into the sessions
 * the shown sites run), its rows (staff grouped by role group, then the coverage rows),
 * and the selection arithmetic. Pure, so the grid component stays a thin view and the
 * keyboard rules are testable without a DOM.
 */
import { CATEGORY_LABELS } from '../../../../shared/domain/roles';
import type { RoleBook } from '../../../../shared/rota/roles';
import type { CoverageCell } from '../../../../shared/rota/coverage';
import { addDays, formatDay, weekdayIndex, weekdayOf } from '../../../../shared/rota/dates';
import type { Duty, LeaveRequest, RoleGroup, RotaAssignment, RotaSession, RotaStaff, SiteSessionTimes } from '../../../../shared/rota/model';
import { ROLE_GROUPS, ROTA_SESSION_LABELS, leaveCovers } from '../../../../shared/rota/vocabulary';
import type { Conflict } from '../../../../shared/rota/rules';

export interface GridColumn {
  date: string;
  session: RotaSession;
  /** "Mon 23 Nov" */
  dayLabel: string;
  /** "AM" */
  sessionLabel: string;
  /** First session of its date: the day label is drawn over it. */
  firstOfDay: boolean;
  isToday: boolean;
  /** The bank holiday's name, if the date is one. */
  bankHoliday: string | null;
}

export type GridRow =
  | { kind: 'group'; key: string; group: RoleGroup; label: string }
  | { kind: 'staff'; key: string; staff: RotaStaff; roleLabel: string }
  | { kind: 'coverageHeading'; key: string; label: string }
  | { kind: 'coverage'; key: string; siteId: string; dutyId: string | null; roleGroup: RoleGroup | null; label: string };

/** One edit of one cell: a duty to assign, or null to clear it. */
export interface CellChange {
  staffId: string;
  date: string;
  session: RotaSession;
  dutyId: string | null;
}

export const cellKey = (staffId: string, date: string, session: RotaSession): string => `${staffId}|${date}|${session}`;

/** Which role group a person's role belongs to in the catalogue in use (admin for a role it never knew). */
export function roleGroupOf(roles: RoleBook, roleId: string): RoleGroup {
  return roles.group(roleId) ?? 'admin';
}

export const ROLE_GROUP_LABELS: Record<RoleGroup, string> = CATEGORY_LABELS;

/**
 * The columns from `from` for `days` days: each weekday gets AM and PM, plus the evening
 * where a shown site runs one that weekday; weekend days appear only where a shown site
 * runs a session then.
 */
export function buildColumns(
  from: string,
  days: number,
  siteSessions: readonly SiteSessionTimes[],
  siteIds: readonly string[] | null,
  today: string,
  /** The bank holiday's name on a date (the catalogue in use), or undefined. */
  bankHoliday: (date: string) => string | undefined,
): GridColumn[] {
  const shown = siteIds ? new Set(siteIds) : null;
  const runs = new Set(siteSessions.filter((t) => !shown || shown.has(t.siteId)).map((t) => `${t.weekday}|${t.session}`));
  const out: GridColumn[] = [];
  for (let i = 0; i < days; i++) {
    const date = addDays(from, i);
    const wd = weekdayOf(date);
    const weekend = weekdayIndex(date) >= 5;
    const sessions = (['am', 'pm', 'eve'] as const).filter((s) => runs.has(`${wd}|${s}`) || (!weekend && s !== 'eve'));
    const bh = bankHoliday(date) ?? null;
    sessions.forEach((session, k) => {
      out.push({ date, session, dayLabel: formatDay(date), sessionLabel: ROTA_SESSION_LABELS[session], firstOfDay: k === 0, isToday: date === today, bankHoliday: bh });
    });
  }
  return out;
}

export interface RowFilter {
  /** A site id, or 'all'. */
  siteId: string;
  roleGroup: RoleGroup | 'all';
}

/** Staff rows grouped by role group (catalogue order), then a coverage row per site and duty or role group. */
export function buildRows(
  staff: readonly RotaStaff[],
  coverageRows: readonly { siteId: string; dutyId: string | null; roleGroup: RoleGroup | null }[],
  labelOf: { site: (id: string) => string; duty: (id: string) => string },
  filter: RowFilter,
  range: { from: string; to: string },
  roles: RoleBook,
): GridRow[] {
  const rows: GridRow[] = [];
  const inScope = staff.filter(
    (s) =>
      !s.archived &&
      s.startDate <= range.to &&
      (s.endDate === null || s.endDate >= range.from) &&
      (filter.siteId === 'all' || s.siteIds.includes(filter.siteId)) &&
      (filter.roleGroup === 'all' || roleGroupOf(roles, s.roleId) === filter.roleGroup),
  );
  for (const group of ROLE_GROUPS) {
    const people = inScope.filter((s) => roleGroupOf(roles, s.roleId) === group).sort((a, b) => a.displayName.localeCompare(b.displayName, 'en-GB'));
    if (people.length === 0) continue;
    rows.push({ kind: 'group', key: `group:${group}`, group, label: `${ROLE_GROUP_LABELS[group]} (${people.length})` });
    for (const s of people) rows.push({ kind: 'staff', key: `staff:${s.id}`, staff: s, roleLabel: roles.label(s.roleId) });
  }
  const cov = coverageRows.filter((c) => (filter.siteId === 'all' || c.siteId === filter.siteId) && (filter.roleGroup === 'all' || c.roleGroup === null || c.roleGroup === filter.roleGroup));
  if (cov.length) {
    rows.push({ kind: 'coverageHeading', key: 'coverage', label: 'Coverage: assigned / required' });
    for (const c of cov) {
      const what = c.dutyId !== null ? labelOf.duty(c.dutyId) : ROLE_GROUP_LABELS[c.roleGroup ?? 'admin'];
      rows.push({ kind: 'coverage', key: `cov:${c.siteId}|${c.dutyId ?? ''}|${c.roleGroup ?? ''}`, ...c, label: `${what}, ${labelOf.site(c.siteId)}` });
    }
  }
  return rows;
}

/** The distinct coverage rows (site x duty or role group) the practice's rules make. */
export function coverageRowKeys<T extends { siteId: string; dutyId: string | null; roleGroup: RoleGroup | null }>(rules: readonly T[]): { siteId: string; dutyId: string | null; roleGroup: RoleGroup | null }[] {
  const seen = new Map<string, { siteId: string; dutyId: string | null; roleGroup: RoleGroup | null }>();
  for (const r of rules) {
    const k = `${r.siteId}|${r.dutyId ?? ''}|${r.roleGroup ?? ''}`;
    if (!seen.has(k)) seen.set(k, { siteId: r.siteId, dutyId: r.dutyId, roleGroup: r.roleGroup });
  }
  return [...seen.values()];
}

export const coverageCellKey = (rowKey: string, date: string, session: RotaSession) => `${rowKey}|${date}|${session}`;

/** Coverage cells by grid row key, date and session. */
export function indexCoverage(cells: readonly CoverageCell[]): Map<string, CoverageCell> {
  const out = new Map<string, CoverageCell>();
  for (const c of cells) out.set(coverageCellKey(`cov:${c.siteId}|${c.dutyId ?? ''}|${c.roleGroup ?? ''}`, c.date, c.session), c);
  return out;
}

/** Assignments by person, date and session. */
export function indexAssignments(assignments: Iterable<RotaAssignment>): Map<string, RotaAssignment[]> {
  const out = new Map<string, RotaAssignment[]>();
  for (const a of assignments) {
    const k = cellKey(a.staffId, a.date, a.session);
    const list = out.get(k);
    if (list) list.push(a);
    else out.set(k, [a]);
  }
  return out;
}

/** Conflicts by the grid cells they point at (a whole-day conflict marks each session of the day). */
export function indexConflicts(conflicts: readonly Conflict[]): { byCell: Map<string, Conflict[]>; byDay: Map<string, Conflict[]> } {
  const byCell = new Map<string, Conflict[]>();
  const byDay = new Map<string, Conflict[]>();
  for (const c of conflicts) {
    for (const cell of c.cells) {
      if (cell.kind !== 'staff') continue;
      const [map, k] = cell.session === null ? [byDay, `${cell.staffId}|${cell.date}`] : [byCell, cellKey(cell.staffId, cell.date, cell.session)];
      const list = map.get(k);
      if (list) {
        if (!list.includes(c)) list.push(c);
      } else map.set(k, [c]);
    }
  }
  return { byCell, byDay };
}

export function conflictsAt(index: ReturnType<typeof indexConflicts>, staffId: string, date: string, session: RotaSession): Conflict[] {
  const a = index.byCell.get(cellKey(staffId, date, session)) ?? [];
  const b = index.byDay.get(`${staffId}|${date}`) ?? [];
  return b.length ? [...a, ...b.filter((c) => !a.includes(c))] : a;
}

/** Leave by person, for the cells to show. */
export function leaveAt(leaveByStaff: ReadonlyMap<string, readonly LeaveRequest[]>, staffId: string, date: string, session: RotaSession): LeaveRequest | undefined {
  return leaveByStaff.get(staffId)?.find((l) => l.status !== 'declined' && leaveCovers(l, date, session));
}

/* ---------------- Selection ---------------- */

/** A cell position: an index into the staff rows (not all rows) and a column index. */
export interface CellPos {
  row: number;
  col: number;
}

export interface Selection {
  anchor: CellPos;
  focus: CellPos;
}

export interface Block {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export function blockOf(sel: Selection): Block {
  return {
    top: Math.min(sel.anchor.row, sel.focus.row),
    bottom: Math.max(sel.anchor.row, sel.focus.row),
    left: Math.min(sel.anchor.col, sel.focus.col),
    right: Math.max(sel.anchor.col, sel.focus.col),
  };
}

export const inBlock = (b: Block, row: number, col: number) => row >= b.top && row <= b.bottom && col >= b.left && col <= b.right;

export function clampPos(p: CellPos, rows: number, cols: number): CellPos {
  return { row: Math.max(0, Math.min(rows - 1, p.row)), col: Math.max(0, Math.min(cols - 1, p.col)) };
}

/**
 * The changes that put `cells` (duty ids, null = clear) at `at`. A single value fills the
 * whole selection, as a spreadsheet does; otherwise the block must fit in the grid.
 */
export function changesForBlock(
  cells: readonly (readonly (string | null)[])[],
  at: Block,
  staffRows: readonly { staff: RotaStaff }[],
  columns: readonly GridColumn[],
): { ok: true; changes: CellChange[] } | { ok: false; message: string } {
  const height = cells.length;
  const width = cells[0]?.length ?? 0;
  const single = height === 1 && width === 1;
  const bottom = single ? at.bottom : at.top + height - 1;
  const right = single ? at.right : at.left + width - 1;
  if (bottom >= staffRows.length || right >= columns.length) {
    return { ok: false, message: `That block is ${height} ${height === 1 ? 'row' : 'rows'} by ${width} ${width === 1 ? 'column' : 'columns'} and runs past the edge of the rota shown. Nothing was changed.` };
  }
  const changes: CellChange[] = [];
  for (let r = at.top; r <= bottom; r++) {
    const row = staffRows[r];
    if (!row) continue;
    for (let c = at.left; c <= right; c++) {
      const col = columns[c];
      if (!col) continue;
      const value = single ? (cells[0]?.[0] ?? null) : (cells[r - at.top]?.[c - at.left] ?? null);
      changes.push({ staffId: row.staff.id, date: col.date, session: col.session, dutyId: value });
    }
  }
  return { ok: true, changes };
}

/** Duties whose code starts with (or whose name contains) what was typed, codes first. */
export function completeDuty(typed: string, duties: readonly Duty[]): Duty[] {
  const t = typed.trim().toUpperCase();
  const live = duties.filter((d) => !d.archived);
  if (t === '') return live;
  const byCode = live.filter((d) => d.code.startsWith(t));
  const byName = live.filter((d) => !d.code.startsWith(t) && d.name.toUpperCase().includes(t));
  return [...byCode, ...byName];
}

/** Black or white text, whichever contrasts more with a duty colour (WCAG relative luminance). */
export function textOn(hex: string): '#000000' | '#ffffff' {
  const ch = (i: number) => {
    const v = parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * ch(1) + 0.7152 * ch(3) + 0.0722 * ch(5);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000000' : '#ffffff';
}
