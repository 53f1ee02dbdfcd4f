/**
 * Pieces the Rota settings pages share: the weekday and session names their tables and
 * pickers use, a picker's options from a table of labels, the card a settings form sits in, and the head of a weekday x session table.
 */
import type { FormEvent, ReactNode } from 'react';
import type { RotaSession, RotaWeekday } from '../../../../../shared/rota/model';
import { ROTA_SESSIONS } from '../../../../../shared/rota/vocabulary';
import { ErrorSummary } from '../../../components/ErrorSummary';
import type { FormErrors } from '../../../forms';

export const WEEKDAY_LABELS: Record<RotaWeekday, string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };
export const SESSION_NAMES: Record<RotaSession, string> = { am: 'AM', pm: 'PM', eve: 'Evening' };

/** One option per value for a settings picker, labelled from a table; `prefix` makes the value ("group:"). */
export function Options<T extends string>({ values, labels, prefix = '' }: { values: readonly T[]; labels: Record<T, string>; prefix?: string }) {
  return (
    <>
      {values.map((v) => (
        <option key={v} value={`${prefix}${v}`}>
          {labels[v]}
        </option>
      ))}
    </>
  );
}

/** An add-or-edit form in a card: its heading names it, and the error summary sits under the heading. */
export function SettingsFormCard<F extends string>(props: {
  headingId: string;
  title: string;
  errors: FormErrors<F> | null;
  targetId: (field: F) => string;
  onSubmit: (e: FormEvent) => Promise<void>;
  children: ReactNode;
}) {
  return (
    <form className="spoke-form nhsuk-card spoke-settings-form" noValidate onSubmit={(e) => void props.onSubmit(e)} aria-labelledby={props.headingId}>
      <div className="nhsuk-card__content">
        <h3 className="nhsuk-heading-s" id={props.headingId}>
          {props.title}
        </h3>
        {props.errors ? <ErrorSummary errors={props.errors} targetId={props.targetId} /> : null}
        {props.children}
      </div>
    </form>
  );
}

/** The head of a table with a row per weekday and a column per session. */
export function DaySessionHead() {
  return (
    <thead className="nhsuk-table__head">
      <tr className="nhsuk-table__row">
        <th scope="col" className="nhsuk-table__header">
          Day
        </th>
        {ROTA_SESSIONS.map((s) => (
          <th scope="col" key={s} className="nhsuk-table__header">
            {SESSION_NAMES[s]}
          </th>
        ))}
      </tr>
    </thead>
  );
}
