import { useMemo, useState, type FormEvent, type InputHTMLAttributes, type ReactNode } from 'react';
import { COMPETENCIES, competencyRefusal } from '../../../../shared/domain/competencies';
import { REGISTRATION_FORMATS } from '../../../../shared/domain/identifiers';
import { CATEGORY_LABELS, ROLES, roleById, type ProfessionalBody, type RoleCategory } from '../../../../shared/domain/roles';
import { SESSION_LABELS, SESSION_PERIODS, WEEKDAY_LABELS, WEEKDAYS } from '../../../../shared/domain/workforce';
import type { Site, Staff } from '../../../../shared/schemas';
import { ErrorMessage, ErrorSummary } from '../../components/ErrorSummary';
import { describedBy, formErrorsFrom, type FormErrors } from '../../forms';
import { formatWte } from '../../format';
import { useSpoke } from '../../store';
import {
  STAFF_FIELD_IDS,
  draftFromStaff,
  emptyDraft,
  previewWte,
  sessionKey,
  staffFieldFor,
  toStaffInput,
  withRole,
  type SessionKey,
  type StaffDraft,
  type StaffField,
} from './draft';

const ROLE_GROUPS = (Object.keys(CATEGORY_LABELS) as RoleCategory[]).map((category) => ({
  category,
  label: CATEGORY_LABELS[category],
  roles: ROLES.filter((r) => r.category === category),
}));

const targetId = (f: StaffField): string => STAFF_FIELD_IDS[f];

function toggle<T>(list: readonly T[], item: T, on: boolean): T[] {
  return on ? (list.includes(item) ? [...list] : [...list, item]) : list.filter((x) => x !== item);
}

export interface StaffFormProps {
  /** The record as loaded (its updatedAt guards against overwriting someone else's save); null = adding. */
  existing: Staff | null;
  sites: readonly Site[];
  onSaved: (saved: Staff) => void;
  /** After a conflict: fetch the latest record (the form is then rebuilt from it). */
  onReload?: () => void;
  cancelHref: string;
}

/** Add and edit share this form; the server's validation messages are what it shows. */
export function StaffForm({ existing, sites, onSaved, onReload, cancelHref }: StaffFormProps) {
  const createStaff = useSpoke((s) => s.createStaff);
  const updateStaff = useSpoke((s) => s.updateStaff);
  const [draft, setDraft] = useState<StaffDraft>(() => (existing ? draftFromStaff(existing) : emptyDraft(sites)));
  const [kindChosen, setKindChosen] = useState(existing !== null);
  const [errors, setErrors] = useState<FormErrors<StaffField> | null>(null);
  const [saving, setSaving] = useState(false);

  const role = roleById(draft.roleId);
  const wtePreview = previewWte(draft);
  const allowedCompetencies = useMemo(
    () => COMPETENCIES.filter((c) => (draft.roleId !== '' && competencyRefusal(c.id, draft.roleId) === null) || draft.competencies.includes(c.id)),
    [draft.roleId, draft.competencies],
  );

  const set = (patch: Partial<StaffDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const err = (f: StaffField): string | undefined => errors?.fields[f];
  const groupClass = (f: StaffField) => `nhsuk-form-group${err(f) ? ' nhsuk-form-group--error' : ''}`;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (saving) return;
    setSaving(true);
    try {
      const input = toStaffInput(draft);
      const saved = existing ? await updateStaff(existing.id, existing.updatedAt, input) : await createStaff(input);
      setSaving(false);
      onSaved(saved);
    } catch (error) {
      setErrors(formErrorsFrom(error, staffFieldFor));
      setSaving(false);
    }
  }

  const textInput = (f: Exclude<StaffField, 'contractKind' | 'usualSessions' | 'siteIds' | 'competencies'>, label: ReactNode, opts: {
    hint?: ReactNode;
    type?: 'text' | 'email' | 'date' | 'number';
    width?: string;
    autoComplete?: string;
    extra?: Partial<InputHTMLAttributes<HTMLInputElement>>;
    after?: ReactNode;
  } = {}) => {
    const id = targetId(f);
    const error = err(f);
    const value = draft[f as keyof StaffDraft];
    return (
      <div className={groupClass(f)}>
        <label className="nhsuk-label" htmlFor={id}>
          {label}
        </label>
        {opts.hint ? (
          <div className="nhsuk-hint" id={`${id}-hint`}>
            {opts.hint}
          </div>
        ) : null}
        <ErrorMessage id={id} message={error} />
        <div className="spoke-inline">
          <input
            className={`nhsuk-input ${opts.width ?? ''}${error ? ' nhsuk-input--error' : ''}`}
            id={id}
            name={f}
            type={opts.type ?? 'text'}
            value={typeof value === 'string' ? value : ''}
            autoComplete={opts.autoComplete ?? 'off'}
            spellCheck={false}
            aria-describedby={describedBy(id, { hint: Boolean(opts.hint), error })}
            onChange={(e) => set({ [f]: e.target.value })}
            {...opts.extra}
          />
          {opts.after}
        </div>
      </div>
    );
  };

  const sessions = draft.contractKind === 'sessions';
  const bodies: readonly ProfessionalBody[] = role?.bodies ?? [];
  const regHint =
    draft.professionalBody !== ''
      ? `${draft.professionalBody} number: ${REGISTRATION_FORMATS[draft.professionalBody].example}`
      : 'Choose the professional body first.';

  return (
    <form className="spoke-form spoke-staff-form" noValidate onSubmit={(e) => void submit(e)} aria-label={existing ? 'Edit staff member' : 'Add a staff member'}>
      {errors ? (
        <ErrorSummary errors={errors} targetId={targetId}>
          {errors.code === 'conflict' && onReload ? (
            <button
              type="button"
              className="nhsuk-button nhsuk-button--secondary nhsuk-button--small spoke-error-summary__action"
              onClick={() => {
                setErrors(null);
                onReload();
              }}
            >
              Reload
            </button>
          ) : null}
        </ErrorSummary>
      ) : null}

      <h2 className="nhsuk-heading-m">Name and role</h2>
      {textInput('givenName', 'First name', { width: 'nhsuk-u-width-two-thirds', autoComplete: 'off' })}
      {textInput('familyName', 'Last name', { width: 'nhsuk-u-width-two-thirds', autoComplete: 'off' })}

      <div className={groupClass('roleId')}>
        <label className="nhsuk-label" htmlFor="roleId">
          Role
        </label>
        <div className="nhsuk-hint" id="roleId-hint">
          Roles funded through the Additional Roles Reimbursement Scheme are marked ARRS.
        </div>
        <ErrorMessage id="roleId" message={err('roleId')} />
        <select
          className={`nhsuk-select${err('roleId') ? ' nhsuk-select--error' : ''}`}
          id="roleId"
          name="roleId"
          value={draft.roleId}
          aria-describedby={describedBy('roleId', { hint: true, error: err('roleId') })}
          onChange={(e) => setDraft((d) => withRole(d, e.target.value, { adding: existing === null, kindChosen }))}
        >
          <option value="">Choose a role</option>
          {ROLE_GROUPS.map((g) => (
            <optgroup key={g.category} label={g.label}>
              {g.roles.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.arrs && !r.label.includes('ARRS') ? `${r.label} (ARRS)` : r.label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>

      <h2 className="nhsuk-heading-m">Contract</h2>
      <div className={groupClass('contractKind')}>
        <fieldset className="nhsuk-fieldset" aria-describedby={describedBy('contractKind', { error: err('contractKind') })}>
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Contract type</legend>
          <ErrorMessage id="contractKind" message={err('contractKind')} />
          <div className="nhsuk-radios nhsuk-radios--inline">
            {(
              [
                ['sessions', 'Sessions per week', 'contractKind'],
                ['hours', 'Hours per week', 'contractKind-hours'],
              ] as const
            ).map(([kind, label, id]) => (
              <div className="nhsuk-radios__item" key={kind}>
                <input
                  className="nhsuk-radios__input"
                  id={id}
                  name="contractKind"
                  type="radio"
                  value={kind}
                  checked={draft.contractKind === kind}
                  onChange={() => {
                    setKindChosen(true);
                    set({ contractKind: kind });
                  }}
                />
                <label className="nhsuk-label nhsuk-radios__label" htmlFor={id}>
                  {label}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>

      {textInput('amount', sessions ? 'Sessions per week' : 'Hours per week', {
        hint: sessions
          ? 'A session is 4 hours 10 minutes; 9 sessions a week is full time. Half sessions are allowed.'
          : '37.5 hours a week is full time.',
        type: 'number',
        width: 'nhsuk-input--width-4',
        extra: { step: sessions ? 0.5 : 0.25, min: 0, inputMode: 'decimal' },
        after: (
          <span className="spoke-wte-preview" aria-live="polite" data-testid="wte-preview">
            {wtePreview === null ? '' : `= ${formatWte(wtePreview)} WTE`}
          </span>
        ),
      })}

      <div className={groupClass('usualSessions')}>
        <fieldset
          className="nhsuk-fieldset"
          id="usualSessions"
          aria-describedby={describedBy('usualSessions', { hint: true, error: err('usualSessions') })}
        >
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Usual working sessions</legend>
          <div className="nhsuk-hint" id="usualSessions-hint">
            Tick the sessions they usually work. The rota will start from this pattern.
          </div>
          <ErrorMessage id="usualSessions" message={err('usualSessions')} />
          <table className="spoke-session-grid">
            <thead>
              <tr>
                <td />
                {SESSION_PERIODS.map((p) => (
                  <th scope="col" key={p}>
                    {SESSION_LABELS[p]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {WEEKDAYS.map((day) => (
                <tr key={day}>
                  <th scope="row">{WEEKDAY_LABELS[day]}</th>
                  {SESSION_PERIODS.map((period) => {
                    const key: SessionKey = sessionKey(day, period);
                    const id = `session-${key}`;
                    return (
                      <td key={period}>
                        <div className="nhsuk-checkboxes__item spoke-session-grid__item">
                          <input
                            className="nhsuk-checkboxes__input"
                            id={id}
                            type="checkbox"
                            checked={draft.usualSessions.includes(key)}
                            onChange={(e) => set({ usualSessions: toggle(draft.usualSessions, key, e.target.checked) })}
                          />
                          <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={id}>
                            <span className="nhsuk-u-visually-hidden">
                              {WEEKDAY_LABELS[day]} {SESSION_LABELS[period].toLowerCase()}
                            </span>
                          </label>
                        </div>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </fieldset>
      </div>

      <div className={groupClass('siteIds')}>
        <fieldset className="nhsuk-fieldset" id="siteIds" aria-describedby={describedBy('siteIds', { error: err('siteIds') })}>
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Sites</legend>
          <ErrorMessage id="siteIds" message={err('siteIds')} />
          <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
            {sites.map((site) => (
              <div className="nhsuk-checkboxes__item" key={site.id}>
                <input
                  className="nhsuk-checkboxes__input"
                  id={`site-${site.id}`}
                  type="checkbox"
                  checked={draft.siteIds.includes(site.id)}
                  onChange={(e) => set({ siteIds: toggle(draft.siteIds, site.id, e.target.checked) })}
                />
                <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`site-${site.id}`}>
                  {site.name}
                  {site.isMain ? ' (main surgery)' : ''}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>

      <h2 className="nhsuk-heading-m">Registration</h2>
      {draft.roleId === '' ? (
        <p className="nhsuk-body spoke-secondary">Choose a role to see which professional body it registers with.</p>
      ) : bodies.length === 0 ? (
        <p className="nhsuk-body spoke-secondary">
          A {role?.label.toLowerCase() ?? 'person in this role'} is not registered with a professional body.
        </p>
      ) : (
        <>
          <div className={groupClass('professionalBody')}>
            <label className="nhsuk-label" htmlFor="professionalBody">
              Professional body
            </label>
            <ErrorMessage id="professionalBody" message={err('professionalBody')} />
            <select
              className={`nhsuk-select${err('professionalBody') ? ' nhsuk-select--error' : ''}`}
              id="professionalBody"
              name="professionalBody"
              value={draft.professionalBody}
              aria-describedby={describedBy('professionalBody', { error: err('professionalBody') })}
              onChange={(e) => set({ professionalBody: e.target.value as ProfessionalBody | '' })}
            >
              <option value="">Not registered</option>
              {bodies.map((b) => (
                <option key={b} value={b}>
                  {b}
                </option>
              ))}
            </select>
          </div>
          {textInput('registrationNumber', 'Registration number', {
            hint: regHint,
            width: 'nhsuk-input--width-10',
          })}
        </>
      )}

      <h2 className="nhsuk-heading-m">Dates</h2>
      {textInput('startDate', 'Start date', { type: 'date', width: 'spoke-input-date' })}
      {textInput('endDate', 'End date (optional)', {
        type: 'date',
        width: 'spoke-input-date',
        hint: 'Leave empty if they have no leaving date.',
      })}

      <div className={groupClass('competencies')}>
        <fieldset
          className="nhsuk-fieldset"
          id="competencies"
          aria-describedby={describedBy('competencies', { hint: true, error: err('competencies') })}
        >
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">Competencies</legend>
          <div className="nhsuk-hint" id="competencies-hint">
            {draft.roleId === ''
              ? 'Choose a role to see the competencies it can hold.'
              : 'Only competencies this role can hold are listed. Some duties on the rota need them.'}
          </div>
          <ErrorMessage id="competencies" message={err('competencies')} />
          <div className="nhsuk-checkboxes nhsuk-checkboxes--small spoke-columns">
            {allowedCompetencies.map((c) => (
              <div className="nhsuk-checkboxes__item" key={c.id}>
                <input
                  className="nhsuk-checkboxes__input"
                  id={`competency-${c.id}`}
                  type="checkbox"
                  checked={draft.competencies.includes(c.id)}
                  onChange={(e) => set({ competencies: toggle(draft.competencies, c.id, e.target.checked) })}
                />
                <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`competency-${c.id}`}>
                  {c.label}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>

      {textInput('email', 'Email (optional)', { type: 'email', width: 'nhsuk-u-width-two-thirds' })}

      <div className="nhsuk-button-group spoke-button-group">
        <button type="submit" className="nhsuk-button">
          Save staff member
        </button>
        <a className="nhsuk-link" href={cancelHref}>
          Cancel
        </a>
      </div>
    </form>
  );
}
