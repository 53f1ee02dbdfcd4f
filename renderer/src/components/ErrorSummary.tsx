import { useEffect, useId, useRef, type ReactNode } from 'react';
import type { FormErrors } from '../forms';

/** Moves focus to a form field by id; a fieldset hands focus to its first control. */
export function focusField(id: string): void {
  const el = document.getElementById(id);
  if (!el) return;
  const target =
    el instanceof HTMLFieldSetElement || el.dataset.focusFirst !== undefined
      ? (el.querySelector<HTMLElement>('input, select, textarea, button') ?? el)
      : el;
  target.scrollIntoView?.({ block: 'center' });
  target.focus();
}

/**
 * The NHS.UK error summary: at the top of the form, focused when it appears, each
 * message a link to its field. Messages without a field are listed without a link.
 */
export function ErrorSummary<F extends string>({
  errors,
  targetId,
  children,
}: {
  errors: FormErrors<F>;
  /** The element id a field's link should focus. */
  targetId: (field: F) => string;
  /** Extra actions, e.g. Reload after a conflict. */
  children?: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useEffect(() => {
    ref.current?.focus();
    ref.current?.scrollIntoView?.({ block: 'start' });
  }, [errors]);
  return (
    <div className="nhsuk-error-summary" aria-labelledby={titleId} role="alert" tabIndex={-1} ref={ref}>
      <h2 className="nhsuk-error-summary__title" id={titleId}>
        There is a problem
      </h2>
      <div className="nhsuk-error-summary__body">
        <ul className="nhsuk-list nhsuk-error-summary__list">
          {errors.items.map((item, i) => (
            <li key={i}>
              {item.field === null ? (
                <span className="spoke-error-summary__text">{item.message}</span>
              ) : (
                <a
                  href={`#${targetId(item.field)}`}
                  onClick={(e) => {
                    e.preventDefault();
                    if (item.field !== null) focusField(targetId(item.field));
                  }}
                >
                  {item.message}
                </a>
              )}
            </li>
          ))}
        </ul>
        {children}
      </div>
    </div>
  );
}

/** The message under a field's label, announced with it through aria-describedby. */
export function ErrorMessage({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <span className="nhsuk-error-message" id={`${id}-error`}>
      <span className="nhsuk-u-visually-hidden">Error: </span>
      {message}
    </span>
  );
}
