/**
 * Session times per site and weekday: which of AM, PM and evening the site runs (none =
 * closed that day; Saturday or Sunday sessions are possible) and their start and end, and
 * whether the site opens on bank holidays. Saved for the whole site at once.
 */
import { useState, type FormEvent } from 'react';
import type { RotaSession, RotaWeekday } from '../../../../../shared/rota/model';
import { DEFAULT_SESSION_TIMES, ROTA_SESSIONS, ROTA_WEEKDAYS } from '../../../../../shared/rota/vocabulary';
import { api } from '../../../api/client';
import { Checkbox } from '../../../components/Choices';
import { ErrorMessage, ErrorSummary } from '../../../components/ErrorSummary';
import { Section } from '../../../components/Section';
import { SelectField } from '../../../components/SelectField';
import { formErrorsFrom, describedBy, type FormErrors } from '../../../forms';
import { useSpoke } from '../../../store';
import { DaySessionHead, SESSION_NAMES, WEEKDAY_LABELS } from './parts';
import type { SectionProps } from './data';

interface Slot {
  on: boolean;
  start: string;
  end: string;
}
type Grid = Record<string, Slot>;
const key = (wd: RotaWeekday, s: RotaSession) => `${wd}-${s}`;

function gridOf(config: SectionProps['config'], siteId: string): Grid {
  const g: Grid = {};
  for (const wd of ROTA_WEEKDAYS)
    for (const s of ROTA_SESSIONS) {
      const t = config.range.sessionTimes.find((x) => x.siteId === siteId && x.weekday === wd && x.session === s);
      g[key(wd, s)] = t ? { on: true, start: t.start, end: t.end } : { on: false, ...DEFAULT_SESSION_TIMES[s] };
    }
  return g;
}

function SiteSessionsForm({ config, siteId, canEdit, onSaved }: { config: SectionProps['config']; siteId: string; canEdit: boolean; onSaved: () => Promise<void> }) {
  const showBanner = useSpoke((s) => s.showBanner);
  const site = config.range.sites.find((s) => s.id === siteId);
  const [grid, setGrid] = useState<Grid>(() => gridOf(config, siteId));
  const [bankHolidays, setBankHolidays] = useState(site?.openOnBankHolidays ?? false);
  const [errors, setErrors] = useState<FormErrors<string> | null>(null);
  const [saving, setSaving] = useState(false);
  if (!site) return null;
  const set = (k: string, patch: Partial<Slot>) => setGrid((g) => ({ ...g, [k]: { ...(g[k] ?? { on: false, start: '', end: '' }), ...patch } }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (saving || !site) return;
    const sessions = ROTA_WEEKDAYS.flatMap((weekday) =>
      ROTA_SESSIONS.flatMap((session) => {
        const slot = grid[key(weekday, session)];
        return slot?.on ? [{ weekday, session, start: slot.start, end: slot.end }] : [];
      }),
    );
    // Server paths are sessions.<i>.start: map them back to the cell they came from.
    const fieldFor = (path: string): string | null => {
      const m = /^sessions\.(\d+)(?:\.(start|end))?/.exec(path);
      const s = m ? sessions[Number(m[1])] : undefined;
      return s ? `${key(s.weekday, s.session)}-${m?.[2] ?? 'start'}` : null;
    };
    setSaving(true);
    try {
      await api('rota.sessionTimes.save', { siteId: site.id, openOnBankHolidays: bankHolidays, sessions, expectedUpdatedAt: site.sessionsUpdatedAt });
      setErrors(null);
      showBanner({ kind: 'success', message: `Saved the session times for ${site.name}` });
      await onSaved();
    } catch (err) {
      // The summary names the day and session ("Monday AM: ..."); beside the field the message stands alone.
      const found = formErrorsFrom(err, fieldFor);
      const where = (f: string) => {
        const [wd, s] = f.split('-');
        const day = ROTA_WEEKDAYS.find((d) => d === wd);
        const session = ROTA_SESSIONS.find((x) => x === s);
        return day && session ? `${WEEKDAY_LABELS[day]} ${SESSION_NAMES[session]}: ` : '';
      };
      setErrors({ ...found, items: found.items.map((i) => (i.field === null ? i : { ...i, message: `${where(i.field)}${i.message}` })) });
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="spoke-form" noValidate onSubmit={(e) => void submit(e)} aria-label={`Session times for ${site.name}`}>
      {errors ? <ErrorSummary errors={errors} targetId={(f) => `st-${f}`} /> : null}
      <table className="nhsuk-table spoke-sessions-table" data-testid="session-times">
        <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Sessions {site.name} runs each day, with their times</caption>
        <DaySessionHead />
        <tbody className="nhsuk-table__body">
          {ROTA_WEEKDAYS.map((wd) => {
            const closed = ROTA_SESSIONS.every((s) => !grid[key(wd, s)]?.on);
            return (
              <tr key={wd} className="nhsuk-table__row">
                <th scope="row" className="nhsuk-table__header">
                  {WEEKDAY_LABELS[wd]}
                  {closed ? <span className="nhsuk-body-s spoke-muted"> (closed)</span> : null}
                </th>
                {ROTA_SESSIONS.map((s) => {
                  const k = key(wd, s);
                  const slot = grid[k] ?? { on: false, start: '', end: '' };
                  const what = `${WEEKDAY_LABELS[wd]} ${SESSION_NAMES[s]}`;
                  const startErr = errors?.fields[`${k}-start`];
                  const endErr = errors?.fields[`${k}-end`];
                  if (!canEdit) return <td key={s} className="nhsuk-table__cell">{slot.on ? `${slot.start} to ${slot.end}` : '–'}</td>;
                  return (
                    <td key={s} className={`nhsuk-table__cell${startErr || endErr ? ' nhsuk-form-group--error' : ''}`}>
                      <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
                        <Checkbox id={`st-${k}-on`} checked={slot.on} onChange={(on) => set(k, { on })}>
                          Runs<span className="nhsuk-u-visually-hidden"> {what}</span>
                        </Checkbox>
                      </div>
                      {slot.on ? (
                        <div className="spoke-time-pair">
                          <ErrorMessage id={`st-${k}-start`} message={startErr} />
                          <ErrorMessage id={`st-${k}-end`} message={endErr} />
                          <input id={`st-${k}-start`} type="time" className={`nhsuk-input spoke-input--time${startErr ? ' nhsuk-input--error' : ''}`} aria-label={`${what} starts`} value={slot.start} onChange={(e) => set(k, { start: e.target.value })} aria-describedby={describedBy(`st-${k}-start`, { error: startErr })} />
                          <span aria-hidden="true"> to </span>
                          <input id={`st-${k}-end`} type="time" className={`nhsuk-input spoke-input--time${endErr ? ' nhsuk-input--error' : ''}`} aria-label={`${what} ends`} value={slot.end} onChange={(e) => set(k, { end: e.target.value })} aria-describedby={describedBy(`st-${k}-end`, { error: endErr })} />
                        </div>
                      ) : null}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      {canEdit ? (
        <>
          <div className="nhsuk-checkboxes">
            <Checkbox id="st-bank-holidays" checked={bankHolidays} onChange={setBankHolidays}>
              {site.name} opens on bank holidays
            </Checkbox>
          </div>
          <button type="submit" className="nhsuk-button spoke-settings-submit" disabled={saving}>
            Save session times
          </button>
        </>
      ) : (
        <p className="nhsuk-body">{site.openOnBankHolidays ? `${site.name} opens on bank holidays.` : `${site.name} is closed on bank holidays.`}</p>
      )}
    </form>
  );
}

export function SessionTimesSection({ config, canEdit, reload }: SectionProps) {
  const [siteId, setSiteId] = useState(config.range.sites[0]?.id ?? '');
  const site = config.range.sites.find((s) => s.id === siteId);
  return (
    <Section headingId="sessions-h" title="Session times">
      <p className="nhsuk-body">The sessions each site runs and when. A day with no sessions is closed; a weekend session can be added like any other. The grid shows a column for every session a site runs.</p>
      <SelectField id="st-site" label="Site" value={siteId} onChange={setSiteId}>
        {config.range.sites.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </SelectField>
      {/* Keyed by the site and its version, so a save or a change of site starts from what is stored. */}
      {site ? <SiteSessionsForm key={`${site.id}|${site.sessionsUpdatedAt}`} config={config} siteId={site.id} canEdit={canEdit} onSaved={reload} /> : null}
    </Section>
  );
}
