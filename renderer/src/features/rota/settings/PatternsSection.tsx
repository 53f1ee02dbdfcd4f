/**
 * A person's working pattern: a 1 to 4 week cycle (weeks A to D from a Monday), each week
 * a grid of weekdays by sessions holding a duty and a site. Saving stores the pattern;
 * "Apply" then previews and fills a date range from it, never replacing a manual edit
 * unless asked (the same core preview as "Apply patterns" on the Rota screen).
 */
import { useMemo, useState, type FormEvent } from 'react';
import type { ChangePreview, WorkingPatternOut } from '../../../../../shared/contract/rota';
import { addDays, formatDayWithYear, isRealDate, mondayOf } from '../../../../../shared/rota/dates';
import type { RotaSession, RotaWeekday } from '../../../../../shared/rota/model';
import { PATTERN_WEEKS, ROTA_SESSIONS, ROTA_WEEKDAYS } from '../../../../../shared/rota/vocabulary';
import { api } from '../../../api/client';
import { Checkbox } from '../../../components/Choices';
import { ErrorMessage, ErrorSummary } from '../../../components/ErrorSummary';
import { Section } from '../../../components/Section';
import { SelectField } from '../../../components/SelectField';
import { TextField } from '../../../components/TextField';
import { describedBy, formErrorsFrom, formErrorsOf, type FormErrors } from '../../../forms';
import { useSpoke } from '../../../store';
import { todayIso } from '../slice';
import { DaySessionHead, SESSION_NAMES, WEEKDAY_LABELS } from './parts';
import type { SectionProps } from './data';

type Week = (typeof PATTERN_WEEKS)[number];
interface Cell {
  dutyId: string;
  siteId: string;
}
const cellKey = (w: Week, d: RotaWeekday, s: RotaSession) => `${w}-${d}-${s}`;

function PatternForm({ config, staffId, pattern, canEdit, onSaved }: { config: SectionProps['config']; staffId: string; pattern: WorkingPatternOut | null; canEdit: boolean; onSaved: () => Promise<void> }) {
  const showBanner = useSpoke((s) => s.showBanner);
  const { duties, sites, staff } = config.range;
  const person = staff.find((s) => s.id === staffId);
  const defaultSite = person?.siteIds[0] ?? sites[0]?.id ?? '';
  const [cycle, setCycle] = useState(String(pattern?.cycleWeeks ?? 1));
  const [anchor, setAnchor] = useState(pattern?.anchorMonday ?? mondayOf(todayIso()));
  const [cells, setCells] = useState<Record<string, Cell>>(() => Object.fromEntries((pattern?.entries ?? []).map((e) => [cellKey(e.week, e.weekday, e.session), { dutyId: e.dutyId, siteId: e.siteId }])));
  const [errors, setErrors] = useState<FormErrors<string> | null>(null);
  const [saving, setSaving] = useState(false);
  const weeks = PATTERN_WEEKS.slice(0, Number(cycle));
  const live = duties.filter((d) => !d.archived);
  const dutyById = new Map(duties.map((d) => [d.id, d]));
  const siteName = new Map(sites.map((s) => [s.id, s.name]));
  const setCell = (k: string, patch: Partial<Cell>) =>
    setCells((c) => {
      const next = { ...(c[k] ?? { dutyId: '', siteId: defaultSite }), ...patch };
      const out = { ...c };
      if (next.dutyId === '') delete out[k];
      else out[k] = next;
      return out;
    });

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (saving) return;
    const local = formErrorsOf<string>({ anchorMonday: isRealDate(anchor) ? undefined : 'Enter a real date, like 2026-11-30' });
    if (local) return setErrors(local);
    const entries = weeks.flatMap((week) =>
      ROTA_WEEKDAYS.flatMap((weekday) =>
        ROTA_SESSIONS.flatMap((session) => {
          const c = cells[cellKey(week, weekday, session)];
          return c && c.dutyId ? [{ week, weekday, session, dutyId: c.dutyId, siteId: c.siteId || defaultSite }] : [];
        }),
      ),
    );
    const fieldFor = (path: string): string | null => {
      if (path === 'anchorMonday' || path === 'cycleWeeks') return path;
      const m = /^entries\.(\d+)(?:\.(dutyId|siteId|week))?/.exec(path);
      const en = m ? entries[Number(m[1])] : undefined;
      return en ? `${cellKey(en.week, en.weekday, en.session)}-${m?.[2] === 'siteId' ? 'site' : 'duty'}` : null;
    };
    setSaving(true);
    try {
      await api('rota.patterns.save', { staffId, cycleWeeks: Number(cycle), anchorMonday: anchor, entries, expectedUpdatedAt: pattern?.updatedAt ?? null });
      setErrors(null);
      showBanner({ kind: 'success', message: `Saved ${person?.displayName ?? 'the'}'s working pattern (${entries.length} sessions over ${cycle} ${cycle === '1' ? 'week' : 'weeks'})` });
      await onSaved();
    } catch (err) {
      setErrors(formErrorsFrom(err, fieldFor));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="spoke-form" noValidate onSubmit={(e) => void submit(e)} aria-label={`Working pattern for ${person?.displayName ?? 'this person'}`}>
      {errors ? <ErrorSummary errors={errors} targetId={(f) => `wp-${f}`} /> : null}
      <div className="spoke-settings-row">
        <SelectField id="wp-cycleWeeks" label="Repeats every" value={cycle} onChange={setCycle} error={errors?.fields.cycleWeeks}>
          {[1, 2, 3, 4].map((n) => (
            <option key={n} value={String(n)} disabled={!canEdit && String(n) !== cycle}>
              {n === 1 ? '1 week' : `${n} weeks (A to ${PATTERN_WEEKS[n - 1] ?? ''})`}
            </option>
          ))}
        </SelectField>
        <TextField id="wp-anchorMonday" label="Week A starts on" hint="A Monday" type="date" width="spoke-input--date" value={anchor} onChange={setAnchor} error={errors?.fields.anchorMonday} />
      </div>
      {weeks.map((week) => (
        <table key={week} className="nhsuk-table spoke-pattern-table" data-testid={`pattern-week-${week}`}>
          <caption className="nhsuk-table__caption">{weeks.length === 1 ? 'Every week' : `Week ${week}`}</caption>
          <DaySessionHead />
          <tbody className="nhsuk-table__body">
            {ROTA_WEEKDAYS.map((wd) => (
              <tr key={wd} className="nhsuk-table__row">
                <th scope="row" className="nhsuk-table__header">
                  {WEEKDAY_LABELS[wd]}
                </th>
                {ROTA_SESSIONS.map((s) => {
                  const k = cellKey(week, wd, s);
                  const c = cells[k];
                  const what = `${weeks.length === 1 ? '' : `Week ${week} `}${WEEKDAY_LABELS[wd]} ${SESSION_NAMES[s]}`;
                  const dutyErr = errors?.fields[`${k}-duty`];
                  const siteErr = errors?.fields[`${k}-site`];
                  if (!canEdit) {
                    const d = c ? dutyById.get(c.dutyId) : undefined;
                    return <td key={s} className="nhsuk-table__cell">{c ? `${d?.code ?? '?'}${sites.length > 1 ? `, ${siteName.get(c.siteId) ?? ''}` : ''}` : '–'}</td>;
                  }
                  return (
                    <td key={s} className={`nhsuk-table__cell${dutyErr || siteErr ? ' nhsuk-form-group--error' : ''}`}>
                      <ErrorMessage id={`wp-${k}-duty`} message={dutyErr} />
                      <select id={`wp-${k}-duty`} className="nhsuk-select spoke-select--small" aria-label={`${what}: duty`} value={c?.dutyId ?? ''} onChange={(e) => setCell(k, { dutyId: e.target.value })} aria-describedby={describedBy(`wp-${k}-duty`, { error: dutyErr })}>
                        <option value="">Not working</option>
                        {live.map((d) => (
                          <option key={d.id} value={d.id}>
                            {d.code}: {d.name}
                          </option>
                        ))}
                      </select>
                      {c && sites.length > 1 ? (
                        <>
                          <ErrorMessage id={`wp-${k}-site`} message={siteErr} />
                          <select id={`wp-${k}-site`} className="nhsuk-select spoke-select--small" aria-label={`${what}: site`} value={c.siteId} onChange={(e) => setCell(k, { siteId: e.target.value })} aria-describedby={describedBy(`wp-${k}-site`, { error: siteErr })}>
                            {sites.map((x) => (
                              <option key={x.id} value={x.id}>
                                {x.name}
                              </option>
                            ))}
                          </select>
                        </>
                      ) : null}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      {canEdit ? (
        <button type="submit" className="nhsuk-button" disabled={saving}>
          Save pattern
        </button>
      ) : null}
    </form>
  );
}

/** Preview, then fill a date range from this person's saved pattern. */
function ApplyPattern({ staffId, name }: { staffId: string; name: string }) {
  const showBanner = useSpoke((s) => s.showBanner);
  const start = mondayOf(todayIso());
  const [from, setFrom] = useState(start);
  const [to, setTo] = useState(addDays(start, 27));
  const [overwrite, setOverwrite] = useState(false);
  const [preview, setPreview] = useState<ChangePreview | null>(null);
  const [errors, setErrors] = useState<FormErrors<'from' | 'to'> | null>(null);
  const [busy, setBusy] = useState(false);
  const fieldFor = (p: string) => (p === 'from' || p === 'to' ? p : null);
  const input = { from, to, overwriteManual: overwrite, staffIds: [staffId] };

  const run = async (kind: 'preview' | 'apply') => {
    const local = formErrorsOf<'from' | 'to'>({ from: isRealDate(from) ? undefined : 'Enter a real date, like 2026-11-30', to: isRealDate(to) ? undefined : 'Enter a real date, like 2026-12-27' });
    if (local) return setErrors(local);
    setBusy(true);
    try {
      if (kind === 'preview') {
        setPreview(await api('rota.patterns.preview', input));
      } else {
        const r = await api('rota.patterns.apply', input);
        setPreview(null);
        showBanner({ kind: 'success', message: `Applied ${name}'s pattern from ${formatDayWithYear(from)} to ${formatDayWithYear(to)}: ${r.added} added, ${r.replaced} changed, ${r.skipped} skipped` });
      }
      setErrors(null);
    } catch (err) {
      setErrors(formErrorsFrom(err, fieldFor));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="nhsuk-card spoke-settings-form" aria-labelledby="wp-apply-h" data-testid="pattern-apply">
      <div className="nhsuk-card__content">
        <h3 className="nhsuk-heading-s" id="wp-apply-h">
          Apply {name}'s pattern to the rota
        </h3>
        {errors ? <ErrorSummary errors={errors} targetId={(f) => `wp-apply-${f}`} /> : null}
        <div className="spoke-settings-row">
          <TextField id="wp-apply-from" label="From" type="date" width="spoke-input--date" value={from} onChange={(v) => (setFrom(v), setPreview(null))} error={errors?.fields.from} />
          <TextField id="wp-apply-to" label="To" type="date" width="spoke-input--date" value={to} onChange={(v) => (setTo(v), setPreview(null))} error={errors?.fields.to} />
        </div>
        <div className="nhsuk-checkboxes nhsuk-checkboxes--small nhsuk-form-group">
          <Checkbox id="wp-apply-overwrite" checked={overwrite} onChange={(v) => (setOverwrite(v), setPreview(null))}>
            Also replace sessions set by hand
          </Checkbox>
        </div>
        <button type="button" className="nhsuk-button nhsuk-button--secondary spoke-button--small" disabled={busy} onClick={() => void run('preview')}>
          Preview changes
        </button>
        {preview ? (
          <div data-testid="pattern-preview">
            <p className="nhsuk-body" role="status">
              {preview.add.length} to add, {preview.replace.length} to change, {preview.unchanged} already as planned, {preview.skip.length} skipped.
            </p>
            <button type="button" className="nhsuk-button spoke-button--small" disabled={busy || preview.add.length + preview.replace.length === 0} onClick={() => void run('apply')}>
              Apply {preview.add.length + preview.replace.length} changes
            </button>
          </div>
        ) : null}
      </div>
    </section>
  );
}

export function PatternsSection({ config, canEdit, reload }: SectionProps) {
  const people = useMemo(() => config.range.staff.filter((s) => !s.archived).sort((a, b) => a.familyName.localeCompare(b.familyName) || a.givenName.localeCompare(b.givenName)), [config]);
  const [staffId, setStaffId] = useState(people[0]?.id ?? '');
  const pattern = config.patterns.find((p) => p.staffId === staffId) ?? null;
  const person = people.find((p) => p.id === staffId);
  return (
    <Section headingId="patterns-h" title="Working patterns">
      <p className="nhsuk-body">Each person's usual sessions, repeating every 1 to 4 weeks. "Apply patterns" on the Rota screen fills the grid from them.</p>
      <SelectField id="wp-person" label="Person" value={staffId} onChange={setStaffId}>
        {people.map((p) => (
          <option key={p.id} value={p.id}>
            {p.displayName}
            {config.patterns.some((x) => x.staffId === p.id) ? '' : ' (no pattern yet)'}
          </option>
        ))}
      </SelectField>
      {person ? <PatternForm key={`${staffId}|${pattern?.updatedAt ?? 'new'}`} config={config} staffId={staffId} pattern={pattern} canEdit={canEdit} onSaved={reload} /> : null}
      {person && pattern && canEdit ? <ApplyPattern key={staffId} staffId={staffId} name={person.displayName} /> : null}
    </Section>
  );
}
