/**
 * The named-lead register: each lead type with its lead and deputy, their dates, vacancies
 * flagged, and each lead's and deputy's coming absences beside them, so a day when both are
 * away is seen before it happens.
 */
import { useEffect, useMemo, useState } from 'react';
import { formatDayWithYear } from '../../../../shared/rota/dates';
import { LEAVE_TYPE_LABELS, LEAVE_TYPES } from '../../../../shared/rota/vocabulary';
import { ErrorSummary } from '../../components/ErrorSummary';
import { PageHeading } from '../../components/PageHeading';
import { SelectField } from '../../components/SelectField';
import { Tag } from '../../components/Tag';
import { TextField } from '../../components/TextField';
import { formErrorsFrom, type FormErrors } from '../../forms';
import { useSpoke } from '../../store';
import { selectCanEditRota } from '../rota/slice';
import { describeLeave } from '../leave/LeavePage';

type Field = 'leadStaffId' | 'deputyStaffId' | 'from' | 'to';
const fieldFor = (path: string): Field | null => (['leadStaffId', 'deputyStaffId', 'from', 'to'] as const).find((f) => path.startsWith(f)) ?? null;
const leaveLabel = (t: string) => LEAVE_TYPE_LABELS[LEAVE_TYPES.find((x) => x === t) ?? 'other'];

export function LeadsPage() {
  const register = useSpoke((s) => s.leadsRegister);
  const canEdit = useSpoke(selectCanEditRota);
  const staff = useSpoke((s) => s.staff);
  const { loadLeads, loadStaff } = useSpoke.getState();
  const [editing, setEditing] = useState<string | null>(null);

  useEffect(() => {
    void loadLeads();
    void loadStaff();
  }, [loadLeads, loadStaff]);

  const nameOf = useMemo(() => new Map(staff.map((s) => [s.id, `${s.givenName} ${s.familyName}`])), [staff]);
  if (!register) return <><PageHeading title="Named leads" /><p className="nhsuk-body">Loading the register…</p></>;
  const vacant = new Set(register.vacantTypeIds);
  const types = register.types.filter((t) => !t.archived);

  return (
    <>
      <PageHeading title="Named leads" />
      <p className="nhsuk-body">
        Who leads what on {formatDayWithYear(register.asOf)}, with deputies. {vacant.size ? <strong>{vacant.size} {vacant.size === 1 ? 'lead is' : 'leads are'} vacant.</strong> : 'Every lead is filled.'} Absences are approved leave in the next 8 weeks.
      </p>
      <table className="nhsuk-table spoke-leads" data-testid="leads-table">
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            <th scope="col" className="nhsuk-table__header">Lead</th>
            <th scope="col" className="nhsuk-table__header">Lead</th>
            <th scope="col" className="nhsuk-table__header">Deputy</th>
            <th scope="col" className="nhsuk-table__header">Dates</th>
            <th scope="col" className="nhsuk-table__header">Coming absences</th>
            {canEdit ? (
              <th scope="col" className="nhsuk-table__header">
                <span className="nhsuk-u-visually-hidden">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {types.map((t) => {
            const lead = register.leads.find((l) => l.leadTypeId === t.id);
            const absences = lead?.absences ?? [];
            return (
              <tr key={t.id} className="nhsuk-table__row">
                <th scope="row" className="nhsuk-table__cell">
                  {t.label}
                  {vacant.has(t.id) ? (
                    <>
                      {' '}
                      <Tag colour="red">Vacant</Tag>
                    </>
                  ) : null}
                </th>
                <td className="nhsuk-table__cell">{lead?.leadName ?? <span className="spoke-muted">No lead</span>}</td>
                <td className="nhsuk-table__cell">{lead?.deputyName ?? <span className="spoke-muted">No deputy</span>}</td>
                <td className="nhsuk-table__cell">{lead ? `From ${formatDayWithYear(lead.from)}${lead.to ? ` to ${formatDayWithYear(lead.to)}` : ''}` : ''}</td>
                <td className="nhsuk-table__cell">
                  {absences.length === 0 ? (
                    <span className="spoke-muted">None</span>
                  ) : (
                    <ul className="nhsuk-list nhsuk-body-s spoke-leads__absences">
                      {absences.map((a, i) => (
                        <li key={i}>
                          {nameOf.get(a.staffId) ?? (a.staffId === lead?.leadStaffId ? lead.leadName : lead?.deputyName) ?? 'Someone'}: {leaveLabel(a.type)}, {describeLeave(a)}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                {canEdit ? (
                  <td className="nhsuk-table__cell">
                    <button type="button" className="spoke-link-button" onClick={() => setEditing(editing === t.id ? null : t.id)} aria-expanded={editing === t.id}>
                      {lead ? 'Change' : 'Appoint'}
                      <span className="nhsuk-u-visually-hidden"> {t.label}</span>
                    </button>
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
      {editing && canEdit ? <LeadForm key={editing} typeId={editing} onDone={() => setEditing(null)} /> : null}
    </>
  );
}

function LeadForm({ typeId, onDone }: { typeId: string; onDone: () => void }) {
  const register = useSpoke((s) => s.leadsRegister);
  const staff = useSpoke((s) => s.staff);
  const saveLead = useSpoke((s) => s.saveLead);
  const type = register?.types.find((t) => t.id === typeId);
  const current = register?.leads.find((l) => l.leadTypeId === typeId);
  const [leadStaffId, setLead] = useState(current?.leadStaffId ?? '');
  const [deputyStaffId, setDeputy] = useState(current?.deputyStaffId ?? '');
  const [from, setFrom] = useState(current?.from ?? register?.asOf ?? '');
  const [to, setTo] = useState(current?.to ?? '');
  const [errors, setErrors] = useState<FormErrors<Field> | null>(null);
  const people = useMemo(() => staff.filter((s) => !s.archivedAt).sort((a, b) => a.familyName.localeCompare(b.familyName, 'en-GB')), [staff]);
  if (!type) return null;
  const submit = async () => {
    try {
      await saveLead({
        ...(current ? { id: current.id, expectedUpdatedAt: current.updatedAt } : {}),
        leadTypeId: typeId,
        leadStaffId: leadStaffId || null,
        deputyStaffId: deputyStaffId || null,
        from,
        to: to || null,
      });
      onDone();
    } catch (err) {
      setErrors(formErrorsFrom(err, fieldFor));
    }
  };
  const options = people.map((p) => (
    <option key={p.id} value={p.id}>
      {p.givenName} {p.familyName}
    </option>
  ));
  return (
    <section className="nhsuk-card" aria-labelledby="lead-form-h">
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-heading-s" id="lead-form-h">
          {type.label}
        </h2>
        {errors ? <ErrorSummary errors={errors} targetId={(f) => `lead-${f}`} /> : null}
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <div className="spoke-form-row">
            <SelectField id="lead-leadStaffId" label="Lead" value={leadStaffId} onChange={setLead} error={errors?.fields.leadStaffId}>
              <option value="">Vacant</option>
              {options}
            </SelectField>
            <SelectField id="lead-deputyStaffId" label="Deputy" value={deputyStaffId} onChange={setDeputy} error={errors?.fields.deputyStaffId}>
              <option value="">No deputy</option>
              {options}
            </SelectField>
            <TextField id="lead-from" label="From" type="date" width="nhsuk-input--width-10" value={from} onChange={setFrom} error={errors?.fields.from} />
            <TextField id="lead-to" label="To (optional)" type="date" width="nhsuk-input--width-10" value={to} onChange={setTo} error={errors?.fields.to} />
          </div>
          <button type="submit" className="nhsuk-button spoke-button--small">
            Save
          </button>{' '}
          <button type="button" className="nhsuk-button nhsuk-button--secondary spoke-button--small" onClick={onDone}>
            Cancel
          </button>
        </form>
      </div>
    </section>
  );
}
