import { useMemo, useState, type FormEvent } from 'react';
import { COMPETENCIES, competencyRefusal } from '../../../../shared/domain/competencies';
import { REGISTRATION_FORMATS } from '../../../../shared/domain/identifiers';
import { catalogueRole, offeredRoles, roleGroups, roleLabelIn, type CatalogueRole } from '../../../../shared/domain/catalogue';
import type { ProfessionalBody } from '../../../../shared/domain/roles';
import { SESSION_LABELS, SESSION_PERIODS, WEEKDAY_LABELS, WEEKDAYS } from '../../../../shared/domain/workforce';
import type { Site } from '../../../../shared/contract/practice';
import type { Staff } from '../../../../shared/contract/staff';
import { Checkbox, Radio } from '../../components/Choices';
import { ErrorSummary } from '../../components/ErrorSummary';
import { FieldsetGroup } from '../../components/FormGroup';
import { SelectField } from '../../components/SelectField';
import { TextField, type TextFieldProps } from '../../components/TextField';
import { formErrorsFrom, type FormErrors } from '../../forms';
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

/**
 * The roles the form offers, grouped: the catalogue's current roles, plus the one this
 * person already holds if the hub has since retired it (so an edit never forces a change
 * of role; the core refuses that role for anyone new).
 */
function roleChoices(roles: readonly CatalogueRole[], held: string | null) {
  const cat = { roles };
  const offered = offeredRoles(cat);
  const heldRole = held === null ? undefined : catalogueRole(cat, held);
  const groups = roleGroups(heldRole && heldRole.retired ? [...offered, heldRole] : offered);
  // A role the catalogue no longer knows at all is still shown, under its id.
  const unknown = held !== null && !heldRole ? held : null;
  return { groups, unknown, label: (id: string) => roleLabelIn(cat, id) };
}

const targetId = (f: StaffField): string => STAFF_FIELD_IDS[f];

/** The fields typed into an input; the rest are chosen from a list or ticked. */
type TextKey = Exclude<StaffField, 'roleId' | 'contractKind' | 'usualSessions' | 'siteIds' | 'professionalBody' | 'competencies'>;

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

  const roles = useSpoke((s) => s.catalogue.roles);
  const choices = useMemo(() => roleChoices(roles, existing?.roleId ?? null), [roles, existing?.roleId]);
  const role = catalogueRole({ roles }, draft.roleId);
  const wtePreview = previewWte(draft);
  const allowedCompetencies = useMemo(
    () => COMPETENCIES.filter((c) => (draft.roleId !== '' && competencyRefusal(c.id, draft.roleId, role) === null) || draft.competencies.includes(c.id)),
    [draft.roleId, draft.competencies, role],
  );

  const set = (patch: Partial<StaffDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const err = (f: StaffField): string | undefined => errors?.fields[f];

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

  // Every input sits in a row (`inline`) so that fields line up with the one that has a WTE preview beside it.
  const textInput = (f: TextKey, label: string, opts: Omit<TextFieldProps, 'id' | 'label' | 'value' | 'onChange' | 'error' | 'name'> = {}) => (
    <TextField
      id={targetId(f)}
      name={f}
      label={label}
      value={draft[f]}
      error={err(f)}
      onChange={(value) => set({ [f]: value })}
      spellCheck={false}
      inline
      {...opts}
    />
  );

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
      {textInput('givenName', 'First name', { width: 'nhsuk-u-width-two-thirds' })}
      {textInput('familyName', 'Last name', { width: 'nhsuk-u-width-two-thirds' })}

      <SelectField
        id={targetId('roleId')}
        name="roleId"
        label="Role"
        hint="Roles funded through the Additional Roles Reimbursement Scheme are marked ARRS."
        value={draft.roleId}
        error={err('roleId')}
        onChange={(roleId) => setDraft((d) => withRole(d, roleId, { adding: existing === null, kindChosen }, { roles }))}
      >
        <option value="">Choose a role</option>
        {choices.groups.map((g) => (
          <optgroup key={g.category} label={g.label}>
            {g.roles.map((r) => {
              const label = choices.label(r.id);
              return (
                <option key={r.id} value={r.id}>
                  {r.arrs && !label.includes('ARRS') ? `${label} (ARRS)` : label}
                </option>
              );
            })}
          </optgroup>
        ))}
        {choices.unknown !== null && <option value={choices.unknown}>{choices.label(choices.unknown)}</option>}
      </SelectField>

      <h2 className="nhsuk-heading-m">Contract</h2>
      {/* The Sessions radio carries the field's id, so the error summary's link lands on it. */}
      <FieldsetGroup id={targetId('contractKind')} idOnFieldset={false} legend="Contract type" error={err('contractKind')}>
        <div className="nhsuk-radios nhsuk-radios--inline">
          {(
            [
              ['sessions', 'Sessions per week', 'contractKind'],
              ['hours', 'Hours per week', 'contractKind-hours'],
            ] as const
          ).map(([kind, label, id]) => (
            <Radio
              key={kind}
              id={id}
              name="contractKind"
              value={kind}
              checked={draft.contractKind === kind}
              onSelect={() => {
                setKindChosen(true);
                set({ contractKind: kind });
              }}
            >
              {label}
            </Radio>
          ))}
        </div>
      </FieldsetGroup>

      {textInput('amount', sessions ? 'Sessions per week' : 'Hours per week', {
        hint: sessions
          ? 'A session is 4 hours 10 minutes; 9 sessions a week is full time. Half sessions are allowed.'
          : '37.5 hours a week is full time.',
        type: 'number',
        width: 'nhsuk-input--width-4',
        step: sessions ? 0.5 : 0.25,
        min: 0,
        inputMode: 'decimal',
        after: (
          <span className="spoke-wte-preview" aria-live="polite" data-testid="wte-preview">
            {wtePreview === null ? '' : `= ${formatWte(wtePreview)} WTE`}
          </span>
        ),
      })}

      <FieldsetGroup
        id={targetId('usualSessions')}
        legend="Usual working sessions"
        hint="Tick the sessions they usually work. The rota will start from this pattern."
        error={err('usualSessions')}
      >
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
                  return (
                    <td key={period}>
                      <Checkbox
                        id={`session-${key}`}
                        className="spoke-session-grid__item"
                        checked={draft.usualSessions.includes(key)}
                        onChange={(on) => set({ usualSessions: toggle(draft.usualSessions, key, on) })}
                      >
                        <span className="nhsuk-u-visually-hidden">
                          {WEEKDAY_LABELS[day]} {SESSION_LABELS[period].toLowerCase()}
                        </span>
                      </Checkbox>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </FieldsetGroup>

      <FieldsetGroup id={targetId('siteIds')} legend="Sites" error={err('siteIds')}>
        <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
          {sites.map((site) => (
            <Checkbox
              key={site.id}
              id={`site-${site.id}`}
              checked={draft.siteIds.includes(site.id)}
              onChange={(on) => set({ siteIds: toggle(draft.siteIds, site.id, on) })}
            >
              {site.name}
              {site.isMain ? ' (main surgery)' : ''}
            </Checkbox>
          ))}
        </div>
      </FieldsetGroup>

      <h2 className="nhsuk-heading-m">Registration</h2>
      {draft.roleId === '' ? (
        <p className="nhsuk-body spoke-secondary">Choose a role to see which professional body it registers with.</p>
      ) : bodies.length === 0 ? (
        <p className="nhsuk-body spoke-secondary">
          A {role?.label.toLowerCase() ?? 'person in this role'} is not registered with a professional body.
        </p>
      ) : (
        <>
          <SelectField
            id={targetId('professionalBody')}
            name="professionalBody"
            label="Professional body"
            value={draft.professionalBody}
            error={err('professionalBody')}
            onChange={(body) => set({ professionalBody: body as ProfessionalBody | '' })}
          >
            <option value="">Not registered</option>
            {bodies.map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </SelectField>
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

      <FieldsetGroup
        id={targetId('competencies')}
        legend="Competencies"
        legendSize="m"
        hint={
          draft.roleId === ''
            ? 'Choose a role to see the competencies it can hold.'
            : 'Only competencies this role can hold are listed. Some duties on the rota need them.'
        }
        error={err('competencies')}
      >
        <div className="nhsuk-checkboxes nhsuk-checkboxes--small spoke-columns">
          {allowedCompetencies.map((c) => (
            <Checkbox
              key={c.id}
              id={`competency-${c.id}`}
              checked={draft.competencies.includes(c.id)}
              onChange={(on) => set({ competencies: toggle(draft.competencies, c.id, on) })}
            >
              {c.label}
            </Checkbox>
          ))}
        </div>
      </FieldsetGroup>

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
