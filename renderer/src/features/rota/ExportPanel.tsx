/**
 * "Export…" on the Rota screen: the rota of a date range as CSV, an Excel workbook or a
 * calendar, for everyone or one person, downloaded in the browser. The core makes the file
 * (the same modules as the export-rota command); errors appear next to their field.
 */
import { useState, type FormEvent } from 'react';
import { isRealDate } from '../../../../shared/rota/dates';
import type { RotaExportFormat } from '../../../../shared/contract/rota';
import { Radio } from '../../components/Choices';
import { ErrorSummary } from '../../components/ErrorSummary';
import { FieldsetGroup } from '../../components/FormGroup';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { formErrorsFrom, formErrorsOf, type FormErrors } from '../../forms';
import { useSpoke } from '../../store';
import { FORMAT_LABELS, downloadRotaExport } from './download';
import { viewRange } from './slice';
import { FormActions } from '../../components/FormActions';

type ExportField = 'from' | 'to' | 'format' | 'staffId';
const fieldFor = (path: string): ExportField | null => (path === 'from' || path === 'to' || path === 'format' || path === 'staffId' ? path : null);
const target = (f: ExportField) => (f === 'format' ? 'export-format' : `export-${f}`);

/** A disclosure (native details: keyboard and screen reader friendly) holding the export form. */
export function RotaExport() {
  const [open, setOpen] = useState(false);
  return (
    <details className="nhsuk-details spoke-no-print spoke-rota-export" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">Export…</span>
      </summary>
      <div className="nhsuk-details__text">{open ? <ExportPanel onClose={() => setOpen(false)} /> : null}</div>
    </details>
  );
}

function ExportPanel({ onClose }: { onClose: () => void }) {
  const view = useSpoke((s) => s.rotaView);
  const staff = useSpoke((s) => s.rotaSnapshot?.staff ?? []);
  const range = viewRange(view);
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  const [format, setFormat] = useState<RotaExportFormat>('csv');
  const [staffId, setStaffId] = useState('');
  const [errors, setErrors] = useState<FormErrors<ExportField> | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const local = formErrorsOf<ExportField>({
      from: isRealDate(from) ? undefined : 'Enter a real start date, like 2026-12-01',
      to: isRealDate(to) ? undefined : 'Enter a real end date, like 2026-12-31',
    });
    setDone(null);
    if (local) return setErrors(local);
    setErrors(null);
    setBusy(true);
    try {
      const out = await downloadRotaExport({ from, to, format, ...(staffId ? { staffId } : {}) });
      setDone(`Downloaded ${out.fileName}: ${out.rows} ${out.rows === 1 ? 'session' : 'sessions'}.`);
    } catch (err) {
      setErrors(formErrorsFrom(err, fieldFor));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section id="rota-export" aria-label="Export the rota" data-testid="rota-export">
      <div>
        <p className="nhsuk-body-s">CSV has one row per session; the Excel workbook is laid out as the grid with the duty colours; a calendar opens in Outlook or on a phone.</p>
        <form noValidate onSubmit={(e) => void submit(e)}>
          {errors ? <ErrorSummary errors={errors} targetId={target} /> : null}
          <div className="spoke-planner__fields">
            <TextField id="export-from" label="From" type="date" width="spoke-input--date" value={from} onChange={setFrom} error={errors?.fields.from} />
            <TextField id="export-to" label="To" type="date" width="spoke-input--date" value={to} onChange={setTo} error={errors?.fields.to} hint="At most 400 days" />
            <SelectField id="export-staffId" label="Who" value={staffId} onChange={setStaffId} error={errors?.fields.staffId}>
              <option value="">Everyone</option>
              {staff
                .filter((s) => !s.archived)
                .map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.displayName}
                  </option>
                ))}
            </SelectField>
          </div>
          <FieldsetGroup id="export-format" legend="Format" error={errors?.fields.format} hint={format === 'ics' && staffId === '' ? "Everyone's sessions in one calendar, each named with the person" : undefined}>
            <div className="nhsuk-radios nhsuk-radios--inline">
              {(['csv', 'xlsx', 'ics'] as const).map((f) => (
                <Radio key={f} id={`export-format-${f}`} name="export-format" value={f} checked={format === f} onSelect={() => setFormat(f)}>
                  {FORMAT_LABELS[f]}
                </Radio>
              ))}
            </div>
          </FieldsetGroup>
          <FormActions submit={busy ? 'Preparing…' : 'Download'} busy={busy} onCancel={onClose} cancel="Close" small />
          <p className="nhsuk-body-s" role="status" data-testid="rota-export-done">
            {done}
          </p>
        </form>
      </div>
    </section>
  );
}

/** "My rota": the signed-in person's own calendar for the coming weeks. */
export function MyCalendarButton({ staffId, from, to }: { staffId: string; from: string; to: string }) {
  const [message, setMessage] = useState<{ kind: 'error' | 'done'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const go = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const out = await downloadRotaExport({ from, to, format: 'ics', staffId });
      setMessage({ kind: 'done', text: `Downloaded ${out.fileName}: ${out.rows} ${out.rows === 1 ? 'session' : 'sessions'}.` });
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="spoke-no-print">
      <button type="button" className="nhsuk-button nhsuk-button--secondary spoke-button--small" disabled={busy} onClick={() => void go()}>
        Download my calendar (.ics)
      </button>
      <p className={message?.kind === 'error' ? 'nhsuk-error-message' : 'nhsuk-body-s'} role="status">
        {message?.text}
      </p>
    </div>
  );
}
