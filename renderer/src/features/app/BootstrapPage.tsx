import { useState, type FormEvent } from 'react';
import { ErrorSummary } from '../../components/ErrorSummary';
import { PageHeading } from '../../components/PageHeading';
import { TextField } from '../../components/TextField';
import { formErrorsFrom, type FormErrors } from '../../forms';
import { useSpoke } from '../../store';
import { selectPractice } from './slice';

type Field = 'givenName' | 'familyName';
const fieldFor = (path: string): Field | null => (path === 'givenName' || path === 'familyName' ? path : null);
const targetId = (f: Field) => `bootstrap-${f}`;

/** A practice made with the command line has nobody who can sign in yet: create its first practice manager. */
export function BootstrapPage() {
  const practice = useSpoke(selectPractice);
  const bootstrapManager = useSpoke((s) => s.bootstrapManager);
  const [values, setValues] = useState<Record<Field, string>>({ givenName: '', familyName: '' });
  const [errors, setErrors] = useState<FormErrors<Field> | null>(null);
  const [saving, setSaving] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (saving) return;
    setSaving(true);
    try {
      await bootstrapManager(values);
    } catch (err) {
      setErrors(formErrorsFrom(err, fieldFor));
      setSaving(false);
    }
  }

  return (
    <form className="spoke-form" noValidate onSubmit={(e) => void submit(e)}>
      <PageHeading title="Create the first practice manager" />
      {errors ? <ErrorSummary errors={errors} targetId={targetId} /> : null}
      <p className="nhsuk-body-l">
        {practice?.name ?? 'This practice'} has been set up, but nobody can sign in to it yet. Enter your name to
        become its practice manager in Spoke.
      </p>
      {(
        [
          ['givenName', 'Your first name', 'given-name'],
          ['familyName', 'Your last name', 'family-name'],
        ] as const
      ).map(([f, label, autoComplete]) => (
        <TextField
          key={f}
          id={targetId(f)}
          label={label}
          width="nhsuk-u-width-one-half"
          autoComplete={autoComplete}
          value={values[f]}
          error={errors?.fields[f]}
          onChange={(value) => setValues((v) => ({ ...v, [f]: value }))}
        />
      ))}
      <button type="submit" className="nhsuk-button">
        Continue
      </button>
    </form>
  );
}
