import type { ReactNode } from 'react';

/** One NHS.UK checkbox and its label; put it inside `nhsuk-checkboxes` (or a grid that styles it). */
export function Checkbox({
  id,
  checked,
  onChange,
  className,
  children,
}: {
  id: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  /** Extra classes on the item, for layout. */
  className?: string;
  /** The label; may be visually hidden where a grid's headers say it. */
  children: ReactNode;
}) {
  return (
    <div className={`nhsuk-checkboxes__item${className ? ` ${className}` : ''}`}>
      <input className="nhsuk-checkboxes__input" id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={id}>
        {children}
      </label>
    </div>
  );
}

/** One NHS.UK radio and its label; put it inside `nhsuk-radios`. */
export function Radio({
  id,
  name,
  value,
  checked,
  onSelect,
  children,
}: {
  id: string;
  name: string;
  value: string;
  checked: boolean;
  onSelect: () => void;
  children: ReactNode;
}) {
  return (
    <div className="nhsuk-radios__item">
      <input className="nhsuk-radios__input" id={id} name={name} type="radio" value={value} checked={checked} onChange={onSelect} />
      <label className="nhsuk-label nhsuk-radios__label" htmlFor={id}>
        {children}
      </label>
    </div>
  );
}
