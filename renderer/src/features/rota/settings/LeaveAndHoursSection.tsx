/**
 * The practice's rota settings: when the leave year starts, annual leave for a full-time
 * person, how much may be carried over, and the working-time limits the rules engine checks
 * (consecutive working days, rest between sessions, the 48-hour average).
 */
import { useState, type FormEvent } from 'react';
import type { RotaSettingsOut } from '../../../../../shared/contract/rota';
import { api } from '../../../api/client';
import { Checkbox } from '../../../components/Choices';
import { ErrorSummary } from '../../../components/ErrorSummary';
import { Section } from '../../../components/Section';
import { SelectField } from '../../../components/SelectField';
import { SummaryList } from '../../../components/SummaryList';
import { TextField } from '../../../components/TextField';
import { formErrorsFrom, formErrorsOf, type FormErrors } from '../../../forms';
import { useSpoke } from '../../../store';
import { decimalNumber, wholeNumber, type SectionProps } from './data';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const NUMBER_FIELDS = ['leaveYearStartDay', 'fullTimeAnnualLeaveDays', 'carryOverLimitDays', 'maxConsecutiveWorkingDays', 'minRestHours', 'maxAverageWeeklyHours', 'referencePeriodWeeks'] as const;
type NumberField = (typeof NUMBER_FIELDS)[number];
type Field = NumberField | 'leaveYearStartMonth' | 'bankHolidaysProRata';
const FIELDS: readonly Field[] = [...NUMBER_FIELDS, 'leaveYearStartMonth', 'bankHolidaysProRata'];
const fieldFor = (path: string): Field | null => FIELDS.find((f) => f === path) ?? null;
const target = (f: Field) => `rs-${f}`;
/** Whole numbers only; the others may have a decimal part (27.5 days, 11.5 hours). */
const WHOLE: ReadonlySet<NumberField> = new Set(['leaveYearStartDay', 'maxConsecutiveWorkingDays', 'referencePeriodWeeks']);

const LABELS: Record<NumberField, { label: string; hint?: string; what: string }> = {
  leaveYearStartDay: { label: 'Leave year starts on day', hint: '1 to 28, so every year has it', what: 'day' },
  fullTimeAnnualLeaveDays: { label: 'Annual leave for a full-time person (days)', hint: 'Part-time staff get it pro rata to their contract', what: 'number of days' },
  carryOverLimitDays: { label: 'Most days that may be carried over', what: 'number of days' },
  maxConsecutiveWorkingDays: { label: 'Most consecutive working days', hint: 'More is flagged on the rota', what: 'number of days' },
  minRestHours: { label: 'Least rest between sessions (hours)', hint: 'Between an evening session and the next morning; the Working Time Regulations ask for 11', what: 'number of hours' },
  maxAverageWeeklyHours: { label: 'Most average weekly hours', hint: 'The Working Time Regulations limit is 48', what: 'number of hours' },
  referencePeriodWeeks: { label: 'Averaged over (weeks)', hint: 'Usually 17', what: 'number of weeks' },
};

function SettingsForm({ settings, onSaved }: { settings: RotaSettingsOut; onSaved: () => Promise<void> }) {
  const showBanner = useSpoke((s) => s.showBanner);
  const [month, setMonth] = useState(String(settings.leaveYearStartMonth));
  const [proRata, setProRata] = useState(settings.bankHolidaysProRata);
  const [values, setValues] = useState<Record<NumberField, string>>(() => Object.fromEntries(NUMBER_FIELDS.map((f) => [f, String(settings[f])])) as Record<NumberField, string>);
  const [errors, setErrors] = useState<FormErrors<Field> | null>(null);
  const [saving, setSaving] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (saving) return;
    const parsed = Object.fromEntries(NUMBER_FIELDS.map((f) => [f, (WHOLE.has(f) ? wholeNumber : decimalNumber)(values[f])])) as Record<NumberField, number | null>;
    const local = formErrorsOf<Field>(Object.fromEntries(NUMBER_FIELDS.map((f) => [f, parsed[f] === null ? `Enter the ${LABELS[f].what} as ${WHOLE.has(f) ? 'a whole number' : 'a number'}` : undefined])));
    if (local) return setErrors(local);
    const n = (f: NumberField) => parsed[f] ?? 0;
    setSaving(true);
    try {
      await api('rota.settings.update', {
        leaveYearStartMonth: Number(month),
        leaveYearStartDay: n('leaveYearStartDay'),
        fullTimeAnnualLeaveDays: n('fullTimeAnnualLeaveDays'),
        bankHolidaysProRata: proRata,
        carryOverLimitDays: n('carryOverLimitDays'),
        maxConsecutiveWorkingDays: n('maxConsecutiveWorkingDays'),
        minRestHours: n('minRestHours'),
        maxAverageWeeklyHours: n('maxAverageWeeklyHours'),
        referencePeriodWeeks: n('referencePeriodWeeks'),
        expectedUpdatedAt: settings.updatedAt,
      });
      setErrors(null);
      showBanner({ kind: 'success', message: 'Saved the leave and working-time settings' });
      await onSaved();
    } catch (err) {
      setErrors(formErrorsFrom(err, fieldFor));
    } finally {
      setSaving(false);
    }
  }

  const field = (f: NumberField) => (
    <TextField key={f} id={target(f)} label={LABELS[f].label} hint={LABELS[f].hint} inputMode="decimal" width="nhsuk-input--width-4" value={values[f]} onChange={(v) => setValues((x) => ({ ...x, [f]: v }))} error={errors?.fields[f]} />
  );
  return (
    <form className="spoke-form" noValidate onSubmit={(e) => void submit(e)} aria-label="Leave and working-time settings">
      {errors ? <ErrorSummary errors={errors} targetId={target} /> : null}
      <h3 className="nhsuk-heading-s">Leave year</h3>
      <SelectField id={target('leaveYearStartMonth')} label="Leave year starts in" value={month} onChange={setMonth} error={errors?.fields.leaveYearStartMonth}>
        {MONTHS.map((m, i) => (
          <option key={m} value={String(i + 1)}>
            {m}
          </option>
        ))}
      </SelectField>
      {field('leaveYearStartDay')}
      {field('fullTimeAnnualLeaveDays')}
      <div className="nhsuk-form-group">
        <div className="nhsuk-checkboxes">
          <Checkbox id={target('bankHolidaysProRata')} checked={proRata} onChange={setProRata}>
            Bank holidays are pro rata for part-time staff
          </Checkbox>
        </div>
      </div>
      {field('carryOverLimitDays')}
      <h3 className="nhsuk-heading-s">Working time</h3>
      {field('maxConsecutiveWorkingDays')}
      {field('minRestHours')}
      {field('maxAverageWeeklyHours')}
      {field('referencePeriodWeeks')}
      <button type="submit" className="nhsuk-button" disabled={saving}>
        Save settings
      </button>
    </form>
  );
}

export function LeaveAndHoursSection({ config, canEdit, reload }: SectionProps) {
  const s = config.range.settings;
  return (
    <Section headingId="leave-hours-h" title="Leave and working time">
      {canEdit ? (
        <SettingsForm key={s.updatedAt} settings={s} onSaved={reload} />
      ) : (
        <SummaryList
          rows={[
            ['Leave year starts', `${s.leaveYearStartDay} ${MONTHS[s.leaveYearStartMonth - 1] ?? ''}`],
            ['Annual leave for a full-time person', `${s.fullTimeAnnualLeaveDays} days`],
            ['Bank holidays', s.bankHolidaysProRata ? 'Pro rata for part-time staff' : 'Not pro rata'],
            ['Most days carried over', `${s.carryOverLimitDays} days`],
            ['Most consecutive working days', String(s.maxConsecutiveWorkingDays)],
            ['Least rest between sessions', `${s.minRestHours} hours`],
            ['Most average weekly hours', `${s.maxAverageWeeklyHours} over ${s.referencePeriodWeeks} weeks`],
          ]}
        />
      )}
    </Section>
  );
}
