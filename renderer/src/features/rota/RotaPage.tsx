/**
 * The Rota screen: the week or 4-week grid with coverage rows and the conflicts list, a
 * month view (coverage heatmap and gap list), "Apply patterns" and "Copy week" with a
 * preview, print, and "My rota" for everyone.
 */
import { useEffect, useMemo, useState } from 'react';
import { coverageHeatmap, coverageSummary } from '../../../../shared/rota/coverage';
import { addDays, formatDay, formatDayWithYear, isRealDate, mondayOf } from '../../../../shared/rota/dates';
import type { LeaveRequest, RoleGroup } from '../../../../shared/rota/model';
import { ROLE_GROUPS, ROTA_SESSION_LABELS } from '../../../../shared/rota/vocabulary';
import { RULES, type RotaEdit } from '../../../../shared/rota/rules';
import { roleBook } from '../../../../shared/rota/roles';
import type { ChangePreview } from '../../../../shared/contract/rota';
import { PageHeading } from '../../components/PageHeading';
import { SelectField } from '../../components/SelectField';
import { useSpoke } from '../../store';
import { MyCalendarButton, RotaExport } from './ExportPanel';
import { RotaGrid } from './RotaGrid';
import { useIdle } from '../../when-idle';
import { AutoFillButton, AutoFillPanel, useAutofillOverlay } from '../roster/AutoFill';
import { ROLE_GROUP_LABELS, buildColumns, buildRows, coverageRowKeys, indexConflicts, indexCoverage, type CellChange } from './grid-model';
import { selectCanEditRota, todayIso, viewRange } from './slice';

export function RotaPage() {
  const view = useSpoke((s) => s.rotaView);
  const snapshot = useSpoke((s) => s.rotaSnapshot);
  const loadError = useSpoke((s) => s.rotaLoadError);
  const loadedRange = useSpoke((s) => s.rotaLoadedRange);
  const cells = useSpoke((s) => s.rotaCells);
  const leave = useSpoke((s) => s.rotaLeave);
  const conflicts = useSpoke((s) => s.rotaConflicts);
  const assignments = useSpoke((s) => s.rotaAssignments);
  const message = useSpoke((s) => s.rotaMessage);
  const undoDepth = useSpoke((s) => s.rotaUndo.length);
  const redoDepth = useSpoke((s) => s.rotaRedo.length);
  const nextUndo = useSpoke((s) => s.rotaUndo.at(-1)?.label);
  const jump = useSpoke((s) => s.rotaJump);
  const canEdit = useSpoke(selectCanEditRota);
  const me = useSpoke((s) => s.status?.profile?.staffId ?? null);
  const { setRotaView, changeRotaCells, undoRota, redoRota, setRotaMessage, jumpToRotaCell } = useSpoke.getState();
  const today = snapshot?.today ?? todayIso();
  const range = viewRange(view);

  const routeDate = useSpoke((s) => (s.route.page === 'rota' ? s.route.date : undefined));
  useEffect(() => {
    const s = useSpoke.getState();
    const before = viewRange(s.rotaView).from;
    if (routeDate && isRealDate(routeDate)) s.setRotaView({ from: routeDate });
    // Moving the view loads its dates; otherwise load what is shown (unless the route change already started that).
    if (viewRange(useSpoke.getState().rotaView).from === before) void s.loadRota({ visit: s.navigationCount });
  }, [routeDate]);

  const siteName = useMemo(() => new Map((snapshot?.sites ?? []).map((s) => [s.id, s.name])), [snapshot]);
  const dutyById = useMemo(() => new Map((snapshot?.duties ?? []).map((d) => [d.id, d])), [snapshot]);
  const columns = useMemo(
    () => (snapshot && view.mode !== 'month' ? buildColumns(range.from, view.mode === 'week' ? 7 : 28, snapshot.siteSessions, view.siteId === 'all' ? null : [view.siteId], today, (date) => snapshot.bankHolidayNames.get(date)) : []),
    [snapshot, range.from, view.mode, view.siteId, today],
  );
  const rows = useMemo(
    () =>
      snapshot
        ? buildRows(snapshot.staff, coverageRowKeys(snapshot.coverageRules), { site: (id) => siteName.get(id) ?? 'unknown site', duty: (id) => dutyById.get(id)?.name ?? 'unknown duty' }, { siteId: view.siteId, roleGroup: view.roleGroup }, range, roleBook(snapshot.roles))
        : [],
    // eslint-disable-next-line react-hooks/exhaustive-deps -- range is rebuilt each render; its dates are the dependency
    [snapshot, siteName, dutyById, view.siteId, view.roleGroup, range.from, range.to],
  );
  const autofill = useAutofillOverlay(cells, assignments);
  const shownAssignments = autofill?.assignments ?? assignments;
  const coverageCells = useMemo(
    () => (snapshot ? coverageSummary({ coverageRules: snapshot.coverageRules, assignments: [...shownAssignments.values()], staff: snapshot.staff, leave, sites: snapshot.sites, bankHolidays: snapshot.bankHolidays, roles: snapshot.roles }, range.from, range.to) : []),
    [snapshot, shownAssignments, leave, range.from, range.to],
  );
  const coverageIndex = useMemo(() => indexCoverage(coverageCells), [coverageCells]);
  const conflictIndex = useMemo(() => indexConflicts(conflicts), [conflicts]);
  const leaveByStaff = useMemo(() => {
    const m = new Map<string, LeaveRequest[]>();
    for (const l of leave) m.set(l.staffId, [...(m.get(l.staffId) ?? []), l]);
    return m;
  }, [leave]);
  const staffName = useMemo(() => new Map((snapshot?.staff ?? []).map((s) => [s.id, s.displayName])), [snapshot]);
  const shownConflicts = useMemo(
    () => conflicts.filter((c) => c.cells.some((cell) => cell.date >= range.from && cell.date <= range.to)).sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1)),
    [conflicts, range.from, range.to],
  );

  // The list under the grid is drawn once the grid has painted (its count shows at once).
  const listReady = useIdle(snapshot);
  const [jumpDate, setJumpDate] = useState('');
  const [jumpError, setJumpError] = useState<string | null>(null);
  const [planner, setPlanner] = useState<'none' | 'patterns' | 'copy'>('none');
  // Printing draws every row and column (the screen draws only those in view), then prints.
  const [printing, setPrinting] = useState(false);
  useEffect(() => {
    if (!printing) return;
    const done = () => setPrinting(false);
    window.addEventListener('afterprint', done);
    const frame = requestAnimationFrame(() => requestAnimationFrame(() => window.print()));
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('afterprint', done);
    };
  }, [printing]);

  const step = view.mode === 'week' ? 7 : view.mode === '4w' ? 28 : 0;
  const go = (dir: -1 | 1) => {
    if (view.mode === 'month') {
      const d = new Date(`${view.from}T00:00:00Z`);
      d.setUTCMonth(d.getUTCMonth() + dir);
      setRotaView({ from: d.toISOString().slice(0, 10) });
    } else setRotaView({ from: addDays(view.from, dir * step) });
  };

  const title = view.mode === 'month' ? `Coverage for ${new Date(`${range.from}T00:00:00Z`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' })}` : `${formatDayWithYear(range.from)} to ${formatDayWithYear(range.to)}`;

  return (
    // aria-busy while the dates on screen are still loading: assistive technology waits, and so do tests.
    <div className="spoke-rota-page" aria-busy={loadedRange !== `${range.from}|${range.to}` && !loadError} data-testid="rota-page">
      <div className="spoke-title-row">
        <PageHeading title="Rota" />
        <div className="spoke-rota-actions spoke-no-print">
          <a className="spoke-rota-settings-link" href="#/rota/settings">
            Rota settings
          </a>
          <button type="button" className="nhsuk-button nhsuk-button--secondary spoke-button--small" onClick={() => setPrinting(true)}>
            Print
          </button>
        </div>
      </div>
      {!canEdit ? <p className="nhsuk-body">You can see the rota here. Only a practice manager can change it.</p> : null}
      <RotaExport />

      <div className="spoke-rota-toolbar spoke-no-print" role="group" aria-label="Rota view">
        <div className="spoke-segmented" role="radiogroup" aria-label="Show">
          {(
            [
              ['week', 'Week'],
              ['4w', '4 weeks'],
              ['month', 'Month'],
            ] as const
          ).map(([mode, label]) => (
            <button key={mode} type="button" role="radio" aria-checked={view.mode === mode} className={`spoke-segmented__item${view.mode === mode ? ' spoke-segmented__item--on' : ''}`} onClick={() => setRotaView({ mode })}>
              {label}
            </button>
          ))}
        </div>
        <div className="spoke-rota-nav">
          <button type="button" className="spoke-link-button" onClick={() => go(-1)}>
            ‹ Previous<span className="nhsuk-u-visually-hidden"> {view.mode === 'month' ? 'month' : view.mode === 'week' ? 'week' : '4 weeks'}</span>
          </button>
          <button type="button" className="spoke-link-button" onClick={() => setRotaView({ from: view.mode === 'month' ? today : mondayOf(today) })}>
            Today
          </button>
          <button type="button" className="spoke-link-button" onClick={() => go(1)}>
            Next<span className="nhsuk-u-visually-hidden"> {view.mode === 'month' ? 'month' : view.mode === 'week' ? 'week' : '4 weeks'}</span> ›
          </button>
        </div>
        <div className="spoke-break" aria-hidden="true" />
        <form
          className="spoke-rota-jump"
          onSubmit={(e) => {
            e.preventDefault();
            if (!isRealDate(jumpDate)) {
              setJumpError('Enter a real date, like 2026-12-01');
              return;
            }
            setJumpError(null);
            jumpToRotaCell(null, jumpDate, null);
          }}
        >
          <label className="nhsuk-label" htmlFor="rota-jump">
            Jump to date
          </label>
          {jumpError ? (
            <span className="nhsuk-error-message" id="rota-jump-error">
              <span className="nhsuk-u-visually-hidden">Error:</span> {jumpError}
            </span>
          ) : null}
          <input id="rota-jump" className={`nhsuk-input spoke-input--date${jumpError ? ' nhsuk-input--error' : ''}`} type="date" value={jumpDate} onChange={(e) => setJumpDate(e.target.value)} aria-describedby={jumpError ? 'rota-jump-error' : undefined} />
          <button type="submit" className="nhsuk-button nhsuk-button--secondary spoke-button--small">
            Go
          </button>
        </form>
        <SelectField id="rota-site" label="Site" value={view.siteId} onChange={(siteId) => setRotaView({ siteId })} groupClassName="spoke-rota-filter">
          <option value="all">All sites</option>
          {(snapshot?.sites ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </SelectField>
        <SelectField id="rota-group" label="Role group" value={view.roleGroup} onChange={(g) => setRotaView({ roleGroup: g as RoleGroup | 'all' })} groupClassName="spoke-rota-filter">
          <option value="all">All role groups</option>
          {ROLE_GROUPS.map((g) => (
            <option key={g} value={g}>
              {ROLE_GROUP_LABELS[g]}
            </option>
          ))}
        </SelectField>
      </div>

      <h2 className="nhsuk-heading-s spoke-rota-range" data-testid="rota-range">
        {title}
      </h2>

      {canEdit && view.mode !== 'month' ? (
        <div className="spoke-rota-edit spoke-no-print">
          <button type="button" className="nhsuk-button nhsuk-button--secondary spoke-button--small" disabled={undoDepth === 0} onClick={() => void undoRota()}>
            Undo{nextUndo ? <span className="nhsuk-u-visually-hidden"> {nextUndo}</span> : null}
          </button>
          <button type="button" className="nhsuk-button nhsuk-button--secondary spoke-button--small" disabled={redoDepth === 0} onClick={() => void redoRota()}>
            Redo
          </button>
          <button type="button" className="nhsuk-button nhsuk-button--secondary spoke-button--small" aria-expanded={planner === 'patterns'} onClick={() => setPlanner(planner === 'patterns' ? 'none' : 'patterns')}>
            Apply patterns…
          </button>
          <button type="button" className="nhsuk-button nhsuk-button--secondary spoke-button--small" aria-expanded={planner === 'copy'} onClick={() => setPlanner(planner === 'copy' ? 'none' : 'copy')}>
            Copy week…
          </button>
          <AutoFillButton />
          <p className="nhsuk-body-s spoke-rota-keys">Arrows move · type a code to assign · Delete clears · Shift+arrows select · Ctrl+C / Ctrl+V copy and paste (also with a spreadsheet) · Ctrl+Z undo</p>
        </div>
      ) : null}

      {planner !== 'none' && snapshot ? <Planner mode={planner} onDone={() => setPlanner('none')} /> : null}
      {canEdit ? <AutoFillPanel /> : null}

      <div aria-live="polite" className="spoke-rota-message">
        {message ? (
          <p className={message.kind === 'error' ? 'nhsuk-error-message' : 'nhsuk-body-s'} role={message.kind === 'error' ? 'alert' : undefined} data-testid="rota-message">
            {message.text}
          </p>
        ) : null}
      </div>

      {loadError ? (
        <div className="nhsuk-inset-text">
          <p>{loadError}</p>
        </div>
      ) : !snapshot ? (
        <p className="nhsuk-body">Loading the rota…</p>
      ) : view.mode === 'month' ? (
        <MonthView coverageCells={coverageCells} siteName={siteName} dutyName={(id) => dutyById.get(id)?.name ?? 'unknown duty'} from={range.from} to={range.to} onJump={(date, session) => jumpToRotaCell(null, date, session)} />
      ) : (
        <RotaGrid
          label={`Rota, ${title}`}
          rows={rows}
          columns={columns}
          cells={autofill?.cells ?? cells}
          proposed={autofill?.proposed}
          leaveByStaff={leaveByStaff}
          conflicts={conflictIndex}
          coverage={coverageIndex}
          duties={snapshot.duties}
          readOnly={!canEdit || autofill !== null}
          onChange={(changes: CellChange[], label: string) => void changeRotaCells(changes, label)}
          onUndo={() => void undoRota()}
          onRedo={() => void redoRota()}
          onMessage={setRotaMessage}
          jump={jump}
          colWidth={view.mode === 'week' ? 84 : 58}
          all={printing}
        />
      )}

      {snapshot && view.mode !== 'month' ? (
        // aria-busy until the list is drawn (it waits for the grid's paint), so assistive
        // technology and tests do not read an empty list as "none here".
        <section className="spoke-rota-conflicts" aria-labelledby="rota-conflicts-h" aria-busy={shownConflicts.length > 0 && !listReady} data-testid="rota-conflicts-section">
          <h2 className="nhsuk-heading-s" id="rota-conflicts-h">
            Conflicts in these dates ({shownConflicts.length})
          </h2>
          {shownConflicts.length === 0 ? (
            <p className="nhsuk-body-s">No conflicts.</p>
          ) : !listReady ? null : (
            <ul className="nhsuk-list spoke-conflict-list" data-testid="rota-conflicts">
              {shownConflicts.slice(0, 200).map((c) => {
                const cell = c.cells[0];
                return (
                  <li key={c.id} className={`spoke-conflict spoke-conflict--${c.severity}`}>
                    <strong className={`nhsuk-tag ${c.severity === 'error' ? 'nhsuk-tag--red' : 'nhsuk-tag--yellow'}`}>{c.severity === 'error' ? 'Error' : 'Warning'}</strong>{' '}
                    <button
                      type="button"
                      className="spoke-link-button"
                      onClick={() => (cell ? jumpToRotaCell(cell.kind === 'staff' ? cell.staffId : null, cell.date, cell.session) : undefined)}
                      title={RULES[c.ruleId].title}
                    >
                      {c.message}
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
          {shownConflicts.length > 200 ? <p className="nhsuk-body-s">Showing the first 200 (errors first). Choose a site, a role group or a shorter range to see the rest.</p> : null}
        </section>
      ) : null}

      {snapshot && me ? <MyRota staffId={me} name={staffName.get(me) ?? 'you'} /> : null}
    </div>
  );
}

/** Month view: coverage as a heatmap (sites x days, by shortfall) and a gap list that jumps to the cell. */
function MonthView(props: { coverageCells: ReturnType<typeof coverageSummary>; siteName: ReadonlyMap<string, string>; dutyName: (id: string) => string; from: string; to: string; onJump: (date: string, session: string) => void }) {
  const heat = coverageHeatmap(props.coverageCells);
  const sites = [...props.siteName.entries()];
  const days: string[] = [];
  for (let d = props.from; d <= props.to; d = addDays(d, 1)) days.push(d);
  const cellOf = new Map(heat.map((h) => [`${h.siteId}|${h.date}`, h]));
  // Past gaps cannot be filled any more: list those from today on, and say how many are left out.
  const today = todayIso();
  const allGaps = props.coverageCells.filter((c) => c.status === 'short');
  const gaps = allGaps.filter((c) => c.date >= today);
  const earlier = allGaps.length - gaps.length;
  const level = (shortfall: number) => (shortfall === 0 ? 0 : shortfall <= 1 ? 1 : shortfall <= 3 ? 2 : 3);
  return (
    <>
      <div className="spoke-heatmap-wrap">
        <table className="spoke-heatmap" data-testid="rota-heatmap">
          <caption className="nhsuk-u-visually-hidden">Coverage shortfall by site and day: people missing against the minimums</caption>
          <thead>
            <tr>
              <th scope="col">Site</th>
              {days.map((d) => (
                <th scope="col" key={d} className={d === todayIso() ? 'spoke-rota__today' : undefined}>
                  <abbr title={formatDayWithYear(d)}>{Number(d.slice(8, 10))}</abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sites.map(([id, name]) => (
              <tr key={id}>
                <th scope="row">{name}</th>
                {days.map((d) => {
                  const h = cellOf.get(`${id}|${d}`);
                  return (
                    <td key={d} className={`spoke-heat spoke-heat--${h ? level(h.shortfall) : 'none'}`}>
                      {h ? (h.shortfall === 0 ? <span aria-label={`${formatDay(d)}: covered`}>✓</span> : <span aria-label={`${formatDay(d)}: ${h.shortfall} short`}>{h.shortfall}</span>) : <span aria-label={`${formatDay(d)}: no rules`}>·</span>}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="nhsuk-body-s">
        <span className="spoke-heat spoke-heat--0 spoke-heat-key">✓</span> covered <span className="spoke-heat spoke-heat--1 spoke-heat-key">1</span> one short{' '}
        <span className="spoke-heat spoke-heat--2 spoke-heat-key">2</span> two or three short <span className="spoke-heat spoke-heat--3 spoke-heat-key">4</span> four or more short
      </p>
      <h2 className="nhsuk-heading-s">Gaps from today ({gaps.length})</h2>
      {earlier > 0 ? <p className="nhsuk-body-s">{earlier} earlier {earlier === 1 ? 'gap is' : 'gaps are'} in the heatmap but not listed.</p> : null}
      {gaps.length === 0 ? (
        <p className="nhsuk-body-s">Every coverage rule is met from today to the end of this month.</p>
      ) : (
        <ul className="nhsuk-list spoke-conflict-list" data-testid="rota-gaps">
          {gaps.slice(0, 300).map((g) => (
            <li key={`${g.coverageRuleId}|${g.date}`}>
              <button type="button" className="spoke-link-button" onClick={() => props.onJump(g.date, g.session)}>
                {formatDay(g.date)} {ROTA_SESSION_LABELS[g.session]}, {props.siteName.get(g.siteId) ?? 'unknown site'}: {g.dutyId !== null ? props.dutyName(g.dutyId) : ROLE_GROUP_LABELS[(g.roleGroup ?? 'admin') as RoleGroup]} {g.assigned} of {g.min}
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** "Apply patterns" and "Copy week": the core's preview of the exact changes, then applied as one undoable step. */
function Planner({ mode, onDone }: { mode: 'patterns' | 'copy'; onDone: () => void }) {
  const view = useSpoke((s) => s.rotaView);
  const snapshot = useSpoke((s) => s.rotaSnapshot);
  const { previewRotaPlan, applyRotaEdits } = useSpoke.getState();
  const range = viewRange(view);
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(addDays(range.from, 6));
  const [weeks, setWeeks] = useState(1);
  const [overwrite, setOverwrite] = useState(false);
  const [preview, setPreview] = useState<ChangePreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const names = useMemo(() => new Map((snapshot?.staff ?? []).map((s) => [s.id, s.displayName])), [snapshot]);
  const duties = useMemo(() => new Map((snapshot?.duties ?? []).map((d) => [d.id, d.code])), [snapshot]);
  if (!snapshot) return null;

  const build = async () => {
    if (!isRealDate(from) || (mode === 'patterns' && !isRealDate(to))) return setError('Enter real dates, like 2026-12-01');
    if (mode === 'patterns' && to < from) return setError('The end date must be on or after the start date');
    setError(null);
    setBusy(true);
    try {
      setPreview(await previewRotaPlan(mode === 'patterns' ? { kind: 'patterns', from, to, overwriteManual: overwrite } : { kind: 'copy', sourceMonday: mondayOf(from), weeks, overwriteManual: overwrite }));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const apply = async () => {
    if (!preview) return;
    const n = preview.add.length + preview.replace.length;
    const edits: RotaEdit[] = [...preview.add.map((a) => ({ kind: 'upsertAssignment' as const, assignment: { ...a, updatedAt: '' } })), ...preview.replace.map((r) => ({ kind: 'upsertAssignment' as const, assignment: r.after }))];
    onDone();
    await applyRotaEdits(edits, mode === 'patterns' ? `Apply patterns (${n})` : `Copy week (${n})`);
  };
  const describe = (a: { staffId: string; date: string; session: 'am' | 'pm' | 'eve' }) => `${names.get(a.staffId) ?? 'someone'}, ${formatDay(a.date)} ${ROTA_SESSION_LABELS[a.session]}`;

  return (
    <section className="spoke-planner nhsuk-card" aria-labelledby="planner-h" data-testid="rota-planner">
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-heading-s" id="planner-h">
          {mode === 'patterns' ? 'Apply working patterns' : 'Copy a week to the following weeks'}
        </h2>
        {error ? (
          <p className="nhsuk-error-message" role="alert">
            {error}
          </p>
        ) : null}
        <div className="spoke-planner__fields">
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor="plan-from">
              {mode === 'patterns' ? 'From' : 'Week starting'}
            </label>
            <input id="plan-from" className="nhsuk-input spoke-input--date" type="date" value={from} onChange={(e) => (setFrom(e.target.value), setPreview(null))} />
          </div>
          {mode === 'patterns' ? (
            <div className="nhsuk-form-group">
              <label className="nhsuk-label" htmlFor="plan-to">
                To
              </label>
              <input id="plan-to" className="nhsuk-input spoke-input--date" type="date" value={to} onChange={(e) => (setTo(e.target.value), setPreview(null))} />
            </div>
          ) : (
            <div className="nhsuk-form-group">
              <label className="nhsuk-label" htmlFor="plan-weeks">
                Copy to how many following weeks
              </label>
              <input id="plan-weeks" className="nhsuk-input nhsuk-input--width-2" type="number" min={1} max={12} value={weeks} onChange={(e) => (setWeeks(Math.max(1, Math.min(12, Number(e.target.value) || 1))), setPreview(null))} />
            </div>
          )}
          <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
            <div className="nhsuk-checkboxes__item">
              <input className="nhsuk-checkboxes__input" id="plan-overwrite" type="checkbox" checked={overwrite} onChange={(e) => (setOverwrite(e.target.checked), setPreview(null))} />
              <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="plan-overwrite">
                Also replace manual edits
              </label>
            </div>
          </div>
        </div>
        <button type="button" className="nhsuk-button nhsuk-button--secondary spoke-button--small" disabled={busy} onClick={() => void build()}>
          Preview changes
        </button>
        {preview ? (
          <div data-testid="planner-preview">
            <p className="nhsuk-body" role="status">
              {preview.add.length} to add, {preview.replace.length} to change, {preview.unchanged} already as planned, {preview.skip.length} skipped.
            </p>
            <details className="nhsuk-details">
              <summary className="nhsuk-details__summary">
                <span className="nhsuk-details__summary-text">See the changes</span>
              </summary>
              <div className="nhsuk-details__text">
                <ul className="nhsuk-list spoke-preview-list">
                  {preview.add.slice(0, 100).map((a) => (
                    <li key={a.id}>
                      Add {duties.get(a.dutyId) ?? '?'}: {describe(a)}
                    </li>
                  ))}
                  {preview.replace.slice(0, 100).map((r) => (
                    <li key={r.before.id}>
                      Change {duties.get(r.before.dutyId) ?? '?'} to {duties.get(r.after.dutyId) ?? '?'}: {describe(r.after)}
                    </li>
                  ))}
                  {preview.skip.slice(0, 100).map((k) => (
                    <li key={`${k.staffId}|${k.date}|${k.session}`}>
                      Skip {describe(k)}: {k.reasonLabel}
                    </li>
                  ))}
                </ul>
              </div>
            </details>
            <button type="button" className="nhsuk-button spoke-button--small" disabled={preview.add.length + preview.replace.length === 0} onClick={() => void apply()}>
              Apply {preview.add.length + preview.replace.length} changes
            </button>{' '}
            <button type="button" className="nhsuk-button nhsuk-button--secondary spoke-button--small" onClick={onDone}>
              Cancel
            </button>
          </div>
        ) : null}
      </div>
    </section>
  );
}

/** Everyone's own upcoming sessions in the loaded dates. */
function MyRota({ staffId, name }: { staffId: string; name: string }) {
  const assignments = useSpoke((s) => s.rotaAssignments);
  const snapshot = useSpoke((s) => s.rotaSnapshot);
  const today = todayIso();
  const mine = useMemo(
    () =>
      [...assignments.values()]
        .filter((a) => a.staffId === staffId && a.date >= today)
        .sort((a, b) => (a.date === b.date ? (a.session < b.session ? -1 : 1) : a.date < b.date ? -1 : 1))
        .slice(0, 40),
    [assignments, staffId, today],
  );
  const duty = new Map((snapshot?.duties ?? []).map((d) => [d.id, d]));
  const site = new Map((snapshot?.sites ?? []).map((s) => [s.id, s.name]));
  return (
    <section aria-labelledby="my-rota-h" className="spoke-my-rota">
      <h2 className="nhsuk-heading-m" id="my-rota-h">
        My rota
      </h2>
      <p className="nhsuk-body-s">Upcoming sessions for {name} in the dates loaded.</p>
      <MyCalendarButton staffId={staffId} from={today} to={addDays(today, 89)} />
      {mine.length === 0 ? (
        <p className="nhsuk-body-s">No sessions planned in these dates.</p>
      ) : (
        <table className="nhsuk-table" data-testid="my-rota">
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col" className="nhsuk-table__header">Date</th>
              <th scope="col" className="nhsuk-table__header">Session</th>
              <th scope="col" className="nhsuk-table__header">Duty</th>
              <th scope="col" className="nhsuk-table__header">Site</th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {mine.map((a) => (
              <tr key={a.id} className="nhsuk-table__row">
                <td className="nhsuk-table__cell">{formatDayWithYear(a.date)}</td>
                <td className="nhsuk-table__cell">{ROTA_SESSION_LABELS[a.session]}</td>
                <td className="nhsuk-table__cell">{duty.get(a.dutyId)?.name ?? 'unknown duty'}</td>
                <td className="nhsuk-table__cell">{site.get(a.siteId) ?? 'unknown site'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
