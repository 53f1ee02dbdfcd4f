/**
 * Coverage rules: for a site, weekday and session, how many people on a duty (or from a
 * role group) are needed at least, and optionally at most. The grid's coverage rows, the
 * month heatmap and the gap list count against these.
 */
import { useState, type FormEvent } from 'react';
import type { CoverageRuleOut } from '../../../../../shared/contract/rota';
import type { RoleGroup, RotaSession, RotaWeekday } from '../../../../../shared/rota/model';
import { ROLE_GROUPS, ROTA_SESSIONS, ROTA_SESSION_LABELS, ROTA_WEEKDAYS } from '../../../../../shared/rota/vocabulary';
import { api } from '../../../api/client';
import { Section } from '../../../components/Section';
import { SelectField } from '../../../components/SelectField';
import { ACTIONS_COLUMN, Table } from '../../../components/Table';
import { TextField } from '../../../components/TextField';
import { formErrorsFrom, formErrorsOf, type FormErrors } from '../../../forms';
import { useSpoke } from '../../../store';
import { ROLE_GROUP_LABELS } from '../grid-model';
import { wholeNumber, type SectionProps } from './data';
import { FormActions } from '../../../components/FormActions';
import { Options, SESSION_NAMES, SettingsFormCard, WEEKDAY_LABELS } from './parts';


type RuleField = 'siteId' | 'weekday' | 'session' | 'counts' | 'min' | 'max';
const fieldFor = (path: string): RuleField | null =>
  path === 'siteId' || path === 'weekday' || path === 'session' || path === 'min' || path === 'max' ? path : path === 'dutyId' || path === 'roleGroup' ? 'counts' : null;
const target = (f: RuleField) => `rule-${f}`;
const isWeekday = (s: string): s is RotaWeekday => (ROTA_WEEKDAYS as readonly string[]).includes(s);
const isSession = (s: string): s is RotaSession => (ROTA_SESSIONS as readonly string[]).includes(s);
const isGroup = (g: string): g is RoleGroup => (ROLE_GROUPS as readonly string[]).includes(g);

function RuleForm({ rule, config, onDone }: { rule: CoverageRuleOut | null; config: SectionProps['config']; onDone: (message: string | null) => void }) {
  const { sites, duties } = config.range;
  const [siteId, setSiteId] = useState(rule?.siteId ?? sites[0]?.id ?? '');
  const [weekday, setWeekday] = useState<string>(rule?.weekday ?? 'mon');
  const [session, setSession] = useState<string>(rule?.session ?? 'am');
  const [counts, setCounts] = useState(rule ? (rule.dutyId ? `duty:${rule.dutyId}` : `group:${rule.roleGroup ?? ''}`) : '');
  const [min, setMin] = useState(rule ? String(rule.min) : '1');
  const [max, setMax] = useState(rule?.max === null || rule?.max === undefined ? '' : String(rule.max));
  const [errors, setErrors] = useState<FormErrors<RuleField> | null>(null);
  const [saving, setSaving] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (saving) return;
    const minN = wholeNumber(min);
    const maxN = max.trim() === '' ? null : wholeNumber(max);
    const local = formErrorsOf<RuleField>({
      counts: counts === '' ? 'Choose a duty or a role group' : undefined,
      min: minN === null ? 'Enter the minimum as a whole number' : undefined,
      max: max.trim() !== '' && maxN === null ? 'Enter the maximum as a whole number, or leave it empty for no maximum' : undefined,
    });
    if (local || minN === null || !isWeekday(weekday) || !isSession(session)) return setErrors(local);
    const [kind, value = ''] = counts.split(':');
    setSaving(true);
    try {
      // The core decides whether min is above max, so the message is the same wherever a rule is saved.
      await api('rota.coverage.save', {
        ...(rule ? { id: rule.id, expectedUpdatedAt: rule.updatedAt } : {}),
        siteId,
        weekday,
        session,
        dutyId: kind === 'duty' ? value : null,
        roleGroup: kind === 'group' && isGroup(value) ? value : null,
        min: minN,
        max: maxN,
      });
      onDone(rule ? 'Saved the coverage rule' : 'Added the coverage rule');
    } catch (err) {
      setErrors(formErrorsFrom(err, fieldFor));
      setSaving(false);
    }
  }

  return (
    <SettingsFormCard headingId="rule-form-h" title={rule ? 'Edit the coverage rule' : 'Add a coverage rule'} errors={errors} targetId={target} onSubmit={submit}>
      <div className="spoke-settings-row">
        <SelectField id="rule-siteId" label="Site" value={siteId} onChange={setSiteId} error={errors?.fields.siteId}>
          {sites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </SelectField>
        <SelectField id="rule-weekday" label="Day" value={weekday} onChange={setWeekday} error={errors?.fields.weekday}>
          <Options values={ROTA_WEEKDAYS} labels={WEEKDAY_LABELS} />
        </SelectField>
        <SelectField id="rule-session" label="Session" value={session} onChange={setSession} error={errors?.fields.session}>
          <Options values={ROTA_SESSIONS} labels={SESSION_NAMES} />
        </SelectField>
      </div>
      <SelectField id="rule-counts" label="Who counts" hint="People on this duty, or anyone from this role group" value={counts} onChange={setCounts} error={errors?.fields.counts}>
        <option value="">Choose…</option>
        <optgroup label="Duty">
          {duties
            .filter((d) => !d.archived || `duty:${d.id}` === counts)
            .map((d) => (
              <option key={d.id} value={`duty:${d.id}`}>
                {d.code}: {d.name}
              </option>
            ))}
        </optgroup>
        <optgroup label="Role group">
          <Options values={ROLE_GROUPS} labels={ROLE_GROUP_LABELS} prefix="group:" />
        </optgroup>
      </SelectField>
      <div className="spoke-settings-row">
        <TextField id="rule-min" label="At least" inputMode="numeric" width="nhsuk-input--width-3" value={min} onChange={setMin} error={errors?.fields.min} />
        <TextField id="rule-max" label="At most (optional)" hint="Empty for no maximum" inputMode="numeric" width="nhsuk-input--width-3" value={max} onChange={setMax} error={errors?.fields.max} />
      </div>
      <FormActions submit={rule ? 'Save rule' : 'Add rule'} busy={saving} onCancel={() => onDone(null)} />
    </SettingsFormCard>
  );
}

export function CoverageSection({ config, canEdit, reload }: SectionProps) {
  const showBanner = useSpoke((s) => s.showBanner);
  const [editing, setEditing] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const site = new Map(config.range.sites.map((s) => [s.id, s.name]));
  const duty = new Map(config.range.duties.map((d) => [d.id, d]));
  const order = (r: CoverageRuleOut) => `${site.get(r.siteId) ?? ''}|${ROTA_WEEKDAYS.indexOf(r.weekday)}|${ROTA_SESSIONS.indexOf(r.session)}`;
  const rules = [...config.range.coverageRules].sort((a, b) => order(a).localeCompare(order(b)));
  const current = rules.find((r) => r.id === editing) ?? null;
  const who = (r: CoverageRuleOut) => (r.dutyId ? `${duty.get(r.dutyId)?.code ?? '?'}: ${duty.get(r.dutyId)?.name ?? 'unknown duty'}` : ROLE_GROUP_LABELS[r.roleGroup ?? 'admin']);

  const done = async (message: string | null) => {
    setEditing(null);
    if (message) showBanner({ kind: 'success', message });
    await reload();
  };
  const remove = async (r: CoverageRuleOut) => {
    setProblem(null);
    try {
      await api('rota.coverage.remove', { id: r.id, expectedUpdatedAt: r.updatedAt });
      showBanner({ kind: 'success', message: `Removed the rule for ${who(r)}, ${WEEKDAY_LABELS[r.weekday]} ${SESSION_NAMES[r.session]}` });
      await reload();
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <Section headingId="coverage-h" title="Coverage rules">
      <p className="nhsuk-body">How many people each session needs. The rota shows assigned against required under the grid, red when short.</p>
      {problem ? (
        <p className="nhsuk-error-message" role="alert">
          {problem}
        </p>
      ) : null}
      {canEdit && editing === null ? (
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setEditing('new')}>
          Add a coverage rule
        </button>
      ) : null}
      {canEdit && editing !== null ? <RuleForm key={editing} rule={editing === 'new' ? null : current} config={config} onDone={(m) => void done(m)} /> : null}
      {rules.length === 0 ? (
        <p className="nhsuk-body">No coverage rules yet.</p>
      ) : (
        <Table caption="Coverage rules" captionHidden testId="coverage-table" columns={['Site', 'Day', 'Session', 'Who counts', { label: 'At least', numeric: true }, { label: 'At most', numeric: true }, ...(canEdit ? [ACTIONS_COLUMN] : [])]}>
          {rules.map((r) => (
            <tr key={r.id} className="nhsuk-table__row">
              <td className="nhsuk-table__cell">{site.get(r.siteId) ?? 'unknown site'}</td>
              <td className="nhsuk-table__cell">{WEEKDAY_LABELS[r.weekday]}</td>
              <td className="nhsuk-table__cell">{SESSION_NAMES[r.session]}</td>
              <td className="nhsuk-table__cell">{who(r)}</td>
              <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{r.min}</td>
              <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{r.max ?? '–'}</td>
              {canEdit ? (
                <td className="nhsuk-table__cell spoke-actions-cell">
                  <button type="button" className="spoke-link-button" onClick={() => setEditing(r.id)}>
                    Edit<span className="nhsuk-u-visually-hidden"> the rule for {who(r)}, {site.get(r.siteId)} {WEEKDAY_LABELS[r.weekday]} {ROTA_SESSION_LABELS[r.session]}</span>
                  </button>{' '}
                  <button type="button" className="spoke-link-button" onClick={() => void remove(r)}>
                    Remove<span className="nhsuk-u-visually-hidden"> the rule for {who(r)}, {site.get(r.siteId)} {WEEKDAY_LABELS[r.weekday]} {ROTA_SESSION_LABELS[r.session]}</span>
                  </button>
                </td>
              ) : null}
            </tr>
          ))}
        </Table>
      )}
    </Section>
  );
}
