/**
 * Duties: code, name, colour (with the text colour the grid will use on it and its
 * contrast), and who may do it (a role, a role group or a competency). A duty is archived
 * rather than deleted, so past assignments keep their meaning; it can be brought back.
 */
import { useState, type FormEvent } from 'react';
import { COMPETENCIES } from '../../../../../shared/domain/competencies';
import { offeredRoles, roleLabelIn, type CatalogueRole } from '../../../../../shared/domain/catalogue';
import { competencyById } from '../../../../../shared/domain/competencies';
import type { DutyOut } from '../../../../../shared/contract/rota';
import { ROLE_GROUPS } from '../../../../../shared/rota/vocabulary';
import type { RoleGroup } from '../../../../../shared/rota/model';
import { Section } from '../../../components/Section';
import { SelectField } from '../../../components/SelectField';
import { ACTIONS_COLUMN, Table } from '../../../components/Table';
import { TextField } from '../../../components/TextField';
import { formErrorsFrom, formErrorsOf, type FormErrors } from '../../../forms';
import { api } from '../../../api/client';
import { useSpoke } from '../../../store';
import { ROLE_GROUP_LABELS } from '../grid-model';
import { dutyTextCheck, isHexColour } from './colour';
import type { SectionProps } from './data';
import { Options, SettingsFormCard } from './parts';
import { FormActions } from '../../../components/FormActions';

type DutyField = 'code' | 'name' | 'colour' | 'requirement';
const fieldFor = (path: string): DutyField | null =>
  path === 'code' || path === 'name' || path === 'colour' ? path : path.startsWith('required') ? 'requirement' : null;
const target = (f: DutyField) => `duty-${f}`;

/** One select stands for the three ways a duty can be limited: "role:<id>", "group:<g>", "competency:<id>" or "" for anyone. */
function requirementOf(d: Pick<DutyOut, 'requiredRoleIds' | 'requiredRoleGroup' | 'requiredCompetency'>): string {
  if (d.requiredCompetency) return `competency:${d.requiredCompetency}`;
  if (d.requiredRoleGroup) return `group:${d.requiredRoleGroup}`;
  // Several roles (e.g. any nurse role) stay one choice, so editing the name never narrows them.
  if (d.requiredRoleIds.length) return `role:${d.requiredRoleIds.join(',')}`;
  return '';
}

export function requirementLabel(d: Pick<DutyOut, 'requiredRoleIds' | 'requiredRoleGroup' | 'requiredCompetency'>, cat: { roles: readonly CatalogueRole[] }): string {
  if (d.requiredCompetency) return `Competency: ${competencyById(d.requiredCompetency)?.label ?? d.requiredCompetency}`;
  if (d.requiredRoleGroup) return `Role group: ${ROLE_GROUP_LABELS[d.requiredRoleGroup]}`;
  if (d.requiredRoleIds.length) return `Role: ${d.requiredRoleIds.map((r) => roleLabelIn(cat, r)).join(' or ')}`;
  return 'Anyone';
}

const isGroup = (g: string): g is RoleGroup => (ROLE_GROUPS as readonly string[]).includes(g);

export function DutySwatch({ code, colour }: { code: string; colour: string }) {
  const ok = isHexColour(colour);
  return (
    <span className="spoke-duty-swatch" style={ok ? { background: colour, color: dutyTextCheck(colour).text } : undefined}>
      {code || '?'}
    </span>
  );
}

function DutyForm({ duty, onDone }: { duty: DutyOut | null; onDone: (saved: string | null) => void }) {
  const [code, setCode] = useState(duty?.code ?? '');
  const [name, setName] = useState(duty?.name ?? '');
  const [colour, setColour] = useState(duty?.colour ?? '#1D70B8');
  const [requirement, setRequirement] = useState(duty ? requirementOf(duty) : '');
  const [errors, setErrors] = useState<FormErrors<DutyField> | null>(null);
  const [saving, setSaving] = useState(false);
  // The roles in use (the hub's once synced); a retired one stays offered where this duty already names it.
  const cat = useSpoke((s) => s.catalogue);
  const roleChoices = [...offeredRoles(cat), ...cat.roles.filter((r) => r.retired && (duty?.requiredRoleIds ?? []).includes(r.id))];
  const check = isHexColour(colour) ? dutyTextCheck(colour) : null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (saving) return;
    const local = formErrorsOf<DutyField>({
      code: code.trim() === '' ? 'Enter a short code' : undefined,
      name: name.trim() === '' ? 'Enter the duty name' : undefined,
      colour: isHexColour(colour) ? undefined : 'A colour is # and six hex digits, like #1D70B8',
    });
    if (local) return setErrors(local);
    const [kind, value = ''] = requirement.split(':');
    setSaving(true);
    try {
      const saved = await api('rota.duties.save', {
        ...(duty ? { id: duty.id, expectedUpdatedAt: duty.updatedAt } : {}),
        code,
        name,
        colour: colour.toUpperCase(),
        requiredRoleIds: kind === 'role' ? value.split(',') : [],
        requiredRoleGroup: kind === 'group' && isGroup(value) ? value : null,
        requiredCompetency: kind === 'competency' ? value : null,
      });
      onDone(`${duty ? 'Saved' : 'Added'} the duty ${saved.code} (${saved.name})`);
    } catch (err) {
      setErrors(formErrorsFrom(err, fieldFor));
      setSaving(false);
    }
  }

  return (
    <SettingsFormCard headingId="duty-form-h" title={duty ? `Edit ${duty.code}` : 'Add a duty'} errors={errors} targetId={target} onSubmit={submit}>
      <TextField id="duty-code" label="Code" hint="1 to 6 letters or digits, typed into the grid, e.g. DD" width="nhsuk-input--width-5" value={code} onChange={setCode} error={errors?.fields.code} />
      <TextField id="duty-name" label="Name" width="nhsuk-u-width-two-thirds" value={name} onChange={setName} error={errors?.fields.name} />
      <TextField
        id="duty-colour"
        label="Colour"
        hint="# and six hex digits; the grid writes the code in black or white, whichever reads better"
        width="nhsuk-input--width-10"
        value={colour}
        onChange={setColour}
        error={errors?.fields.colour}
        after={
          <>
            <input type="color" aria-label="Pick the colour" className="spoke-colour-picker" value={isHexColour(colour) ? colour.toLowerCase() : '#000000'} onChange={(e) => setColour(e.target.value.toUpperCase())} />
            <DutySwatch code={code.trim().toUpperCase()} colour={colour} />
            <span className="nhsuk-body-s spoke-contrast" data-testid="duty-contrast">
              {check ? `${check.textName === 'black' ? 'Black' : 'White'} text, contrast ${check.ratio.toFixed(1)}:1${check.meetsAA ? '' : ' (below the 4.5:1 WCAG AA asks for: choose a lighter or darker colour)'}` : null}
            </span>
          </>
        }
      />
      <SelectField id="duty-requirement" label="Who may do it" hint="The rota flags anyone assigned who lacks it" value={requirement} onChange={setRequirement} error={errors?.fields.requirement}>
        <option value="">Anyone</option>
        <optgroup label="Role group">
          <Options values={ROLE_GROUPS} labels={ROLE_GROUP_LABELS} prefix="group:" />
        </optgroup>
        <optgroup label="Role">
          {duty && duty.requiredRoleIds.length > 1 ? <option value={`role:${duty.requiredRoleIds.join(',')}`}>{duty.requiredRoleIds.map((r) => roleLabelIn(cat, r)).join(' or ')}</option> : null}
          {roleChoices.map((r) => (
            <option key={r.id} value={`role:${r.id}`}>
              {r.retired ? `${r.label} (retired role)` : r.label}
            </option>
          ))}
        </optgroup>
        <optgroup label="Competency">
          {COMPETENCIES.map((c) => (
            <option key={c.id} value={`competency:${c.id}`}>
              {c.label}
            </option>
          ))}
        </optgroup>
      </SelectField>
      <FormActions submit={duty ? 'Save duty' : 'Add duty'} busy={saving} onCancel={() => onDone(null)} />
    </SettingsFormCard>
  );
}

export function DutiesSection({ config, canEdit, reload }: SectionProps) {
  const cat = useSpoke((s) => s.catalogue);
  const showBanner = useSpoke((s) => s.showBanner);
  const [editing, setEditing] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const duties = [...config.range.duties].sort((a, b) => Number(a.archived) - Number(b.archived) || a.code.localeCompare(b.code));
  const current = duties.find((d) => d.id === editing) ?? null;

  const done = async (message: string | null) => {
    setEditing(null);
    if (message) showBanner({ kind: 'success', message });
    await reload();
  };
  const archive = async (d: DutyOut) => {
    setProblem(null);
    try {
      await api('rota.duties.archive', { id: d.id, expectedUpdatedAt: d.updatedAt, archived: !d.archived });
      showBanner({ kind: 'success', message: d.archived ? `Brought back ${d.code}: it is offered in the grid again` : `Archived ${d.code}: past sessions keep it, the grid no longer offers it` });
      await reload();
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    }
  };

  const remove = async (d: DutyOut) => {
    setProblem(null);
    try {
      await api('rota.duties.remove', { id: d.id, expectedUpdatedAt: d.updatedAt });
      showBanner({ kind: 'success', message: `Removed ${d.code} (${d.name})` });
      await reload();
    } catch (err) {
      // In use: the core says by what, and to archive it instead.
      setProblem(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <Section headingId="duties-h" title="Duties">
      <p className="nhsuk-body">What a session is spent on. The code is what you type into the grid; the colour shows it there. A duty in use is archived rather than removed, so past sessions keep it.</p>
      {problem ? (
        <p className="nhsuk-error-message" role="alert" data-testid="duties-problem">
          {problem}
        </p>
      ) : null}
      <Table caption="Duties" captionHidden testId="duties-table" columns={['Code', 'Name', 'Who may do it', 'Status', ...(canEdit ? [ACTIONS_COLUMN] : [])]}>
        {duties.map((d) => (
          <tr key={d.id} className="nhsuk-table__row">
            <td className="nhsuk-table__cell">
              <DutySwatch code={d.code} colour={d.colour} />
            </td>
            <td className="nhsuk-table__cell">{d.name}</td>
            <td className="nhsuk-table__cell">{requirementLabel(d, cat)}</td>
            <td className="nhsuk-table__cell">{d.archived ? <strong className="nhsuk-tag nhsuk-tag--grey">Archived</strong> : 'In use'}</td>
            {canEdit ? (
              <td className="nhsuk-table__cell spoke-actions-cell">
                <button type="button" className="spoke-link-button" onClick={() => setEditing(d.id)}>
                  Edit<span className="nhsuk-u-visually-hidden"> {d.code}</span>
                </button>{' '}
                <button type="button" className="spoke-link-button" onClick={() => void archive(d)}>
                  {d.archived ? 'Bring back' : 'Archive'}
                  <span className="nhsuk-u-visually-hidden"> {d.code}</span>
                </button>{' '}
                <button type="button" className="spoke-link-button" onClick={() => void remove(d)}>
                  Remove<span className="nhsuk-u-visually-hidden"> {d.code}</span>
                </button>
              </td>
            ) : null}
          </tr>
        ))}
      </Table>
      {canEdit && editing === null ? (
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setEditing('new')}>
          Add a duty
        </button>
      ) : null}
      {canEdit && editing !== null ? <DutyForm key={editing} duty={editing === 'new' ? null : current} onDone={(m) => void done(m)} /> : null}
    </Section>
  );
}
