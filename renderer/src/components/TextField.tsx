import type { HTMLAttributes, ReactNode, Ref } from 'react';
import { describedBy } from '../forms';
import { FormGroup, type FieldProps } from './FormGroup';

export interface TextFieldProps extends FieldProps {
  /** An NHS.UK width class, e.g. `nhsuk-input--width-10`; without one the input is full width. */
  width?: string;
  type?: 'text' | 'email' | 'date' | 'number';
  /** Defaults to "off": most fields hold practice records, not the user's own details, so autofill would mislead. */
  autoComplete?: string;
  spellCheck?: boolean;
  inputMode?: HTMLAttributes<HTMLInputElement>['inputMode'];
  step?: number;
  min?: number;
  inputRef?: Ref<HTMLInputElement>;
  /** Shown beside the input, e.g. a live preview or a Remove button. */
  after?: ReactNode;
  /**
   * Lays the input and `after` out in one row (`spoke-inline`). On when `after` is given; a form
   * can turn it on for every field so that inputs line up whether or not something sits beside them.
   */
  inline?: boolean;
}

/** A labelled NHS.UK text input with its hint and error message. */
export function TextField({
  id,
  label,
  value,
  onChange,
  error,
  hint,
  width,
  type = 'text',
  name,
  autoComplete = 'off',
  spellCheck,
  inputMode,
  step,
  min,
  inputRef,
  groupClassName,
  after,
  inline = after !== undefined,
}: TextFieldProps) {
  const input = (
    <input
      className={['nhsuk-input', width, error ? 'nhsuk-input--error' : null].filter(Boolean).join(' ')}
      id={id}
      name={name}
      type={type}
      value={value}
      autoComplete={autoComplete}
      spellCheck={spellCheck}
      inputMode={inputMode}
      step={step}
      min={min}
      ref={inputRef}
      aria-describedby={describedBy(id, { hint: Boolean(hint), error })}
      onChange={(e) => onChange(e.target.value)}
    />
  );
  return (
    <FormGroup id={id} label={label} hint={hint} error={error} className={groupClassName}>
      {inline ? (
        <div className="spoke-inline">
          {input}
          {after}
        </div>
      ) : (
        <>
          {input}
          {after}
        </>
      )}
    </FormGroup>
  );
}
