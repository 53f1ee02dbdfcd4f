import type { ReactNode } from 'react';
import { describedBy } from '../forms';
import { FormGroup, type FieldProps } from './FormGroup';

/** `onChange` gets the chosen option's value as a string; callers narrow it to their own union. */
export interface SelectFieldProps extends FieldProps {
  /** The <option> and <optgroup> elements. */
  children: ReactNode;
}

/** A labelled NHS.UK select with its hint and error message. */
export function SelectField({ id, label, value, onChange, error, hint, name, groupClassName, children }: SelectFieldProps) {
  return (
    <FormGroup id={id} label={label} hint={hint} error={error} className={groupClassName}>
      <select
        className={`nhsuk-select${error ? ' nhsuk-select--error' : ''}`}
        id={id}
        name={name}
        value={value}
        aria-describedby={describedBy(id, { hint: Boolean(hint), error })}
        onChange={(e) => onChange(e.target.value)}
      >
        {children}
      </select>
    </FormGroup>
  );
}
