import type { ReactNode } from 'react';
import { describedBy } from '../forms';
import { ErrorMessage } from './ErrorSummary';

/** What NHS.UK puts between a control's label (or legend) and the control: the hint, then the error. */
function HintAndError({ id, hint, error }: { id: string; hint: ReactNode; error: string | undefined }) {
  return (
    <>
      {hint ? (
        <div className="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      <ErrorMessage id={id} message={error} />
    </>
  );
}

/** The props every single-control field (text input, select) takes. */
export interface FieldProps {
  /** The control's id: the label points at it, and the hint and error take `${id}-hint` and `${id}-error`. */
  id: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  /** Shown above the control and named in its accessible description. */
  error?: string | undefined;
  hint?: ReactNode;
  name?: string;
  /** Extra classes on the form group, for page layout (e.g. a filter bar's column). */
  groupClassName?: string;
}

export interface FormGroupProps extends Pick<FieldProps, 'id' | 'label' | 'hint' | 'error'> {
  /** Extra classes on the group, for page layout (e.g. a filter bar's column). */
  className?: string | undefined;
  /** The control itself; it should name `describedBy(id, { hint: Boolean(hint), error })`. */
  children: ReactNode;
}

/**
 * The NHS.UK form group for one labelled control: label, optional hint, then the error
 * message above the control, and the group's error modifier while there is an error.
 */
export function FormGroup({ id, label, hint, error, className, children }: FormGroupProps) {
  const classes = ['nhsuk-form-group', className, error ? 'nhsuk-form-group--error' : null].filter(Boolean).join(' ');
  return (
    <div className={classes}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      <HintAndError id={id} hint={hint} error={error} />
      {children}
    </div>
  );
}

export interface FieldsetGroupProps {
  /** Gives the hint and error their ids, `${id}-hint` and `${id}-error`. */
  id: string;
  /**
   * Puts `id` on the fieldset, so that the error summary's link can focus it (focusField hands
   * focus on to its first control). Off where a control inside already carries that id.
   */
  idOnFieldset?: boolean;
  legend: ReactNode;
  legendSize?: 's' | 'm';
  hint?: ReactNode;
  error?: string | undefined;
  /** The radios, checkboxes or inputs the legend names. */
  children: ReactNode;
}

/** The NHS.UK form group for a set of controls under one legend: hint, error message, then the controls. */
export function FieldsetGroup({ id, idOnFieldset = true, legend, legendSize = 's', hint, error, children }: FieldsetGroupProps) {
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <fieldset className="nhsuk-fieldset" id={idOnFieldset ? id : undefined} aria-describedby={describedBy(id, { hint: Boolean(hint), error })}>
        <legend className={`nhsuk-fieldset__legend nhsuk-fieldset__legend--${legendSize}`}>{legend}</legend>
        <HintAndError id={id} hint={hint} error={error} />
        {children}
      </fieldset>
    </div>
  );
}
